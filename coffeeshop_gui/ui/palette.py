"""The shop's colours: customers get the Okabe-Ito palette, readable with colour blindness."""

from __future__ import annotations

from PySide6.QtGui import QColor

# Okabe & Ito (2008), a palette distinguishable with the common colour-vision deficiencies.
# Each customer also carries an initial, so colour is never the only cue.
CUSTOMER_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D31"]

BUZZER_DARK = QColor("#3b3f44")
BUZZER_LIT = QColor("#ffc20a")
BUZZER_GLOW = QColor(255, 194, 10, 110)
BUZZER_GLOW_EDGE = QColor(255, 194, 10, 0)  # a glow fades out to the lit colour, transparent
FAILED = QColor("#c62828")
DONE = QColor("#2e7d32")
CANCELLED = QColor("#6d6d6d")


def customer_colour(task_id: int) -> QColor:
    """A stable colour for a task: the same customer keeps it for the whole run."""
    return QColor(CUSTOMER_COLOURS[(task_id - 1) % len(CUSTOMER_COLOURS)])


def initial(name: str) -> str:
    """The letter drawn on a customer: first letter of its task name."""
    stripped = name.strip()
    return stripped[0].upper() if stripped else "?"
