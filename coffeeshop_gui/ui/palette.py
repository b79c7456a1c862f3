"""The shop's colours: customers get the Okabe-Ito palette, readable with colour blindness."""

from __future__ import annotations

from PySide6.QtGui import QColor

# Okabe & Ito (2008), a palette distinguishable with the common colour-vision deficiencies.
# Each customer also carries an initial, so colour is never the only cue.
CUSTOMER_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D31"]

WHITE = QColor("white")
BUZZER_DARK = QColor("#3b3f44")
BUZZER_LIT = QColor("#ffc20a")
BUZZER_GLOW = QColor(255, 194, 10, 110)
BUZZER_GLOW_EDGE = QColor(255, 194, 10, 0)  # a glow fades out to the lit colour, transparent
FAILED = QColor("#c62828")
DONE = QColor("#2e7d32")
CANCELLED = QColor("#6d6d6d")


# A tag over a customer's head (its saved line) is white text on the customer's colour made
# darker: 30% darker at least, as the figure's own outline is, and darker still, step by
# step, until white on it reads at WCAG's 4.5:1 (Okabe-Ito's orange and sky blue need it).
TAG_DARKER = 130
TAG_DARKER_STEP = 10
TAG_CONTRAST = 4.5


def relative_luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance, 0 (black) to 1 (white)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2's contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def tag_colour(colour: QColor) -> QColor:
    """The ground of a customer's tag: its colour, dark enough for white text to read."""
    factor = TAG_DARKER
    ground = colour.darker(factor)
    while contrast(WHITE, ground) < TAG_CONTRAST:
        factor += TAG_DARKER_STEP
        ground = colour.darker(factor)
    return ground


def customer_colour(task_id: int) -> QColor:
    """A stable colour for a task: the same customer keeps it for the whole run."""
    return QColor(CUSTOMER_COLOURS[(task_id - 1) % len(CUSTOMER_COLOURS)])


def initial(name: str) -> str:
    """The letter drawn on a customer: first letter of its task name."""
    stripped = name.strip()
    return stripped[0].upper() if stripped else "?"
