"""Light, dark and high-contrast looks; items read the current theme when they paint."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True)
class Theme:
    """Every colour the shop and its panels use, by role."""

    name: str
    title: str
    floor: str
    floor_tile: str
    wall: str
    trim: str
    ink: str
    muted: str
    board: str
    chalk: str
    chalk_dim: str
    panel: str
    panel_ink: str
    gutter: str
    gutter_ink: str
    captions: str
    captions_ink: str
    card: str
    card_border: str
    card_ink: str
    code_style: str  # a Pygments style name
    mark_alpha: int  # how strongly a waiting line is tinted
    outline: int  # extra outline width on customers (high contrast)
    failed_ink: str = "#b71c1c"  # a failure's words on the floor
    captions_dim: str = "#e3d3bd"  # the narration's older sentence, under the newest

    def colour(self, role: str) -> QColor:
        return QColor(getattr(self, role))


LIGHT = Theme(
    "light",
    "Light",
    "#f3ead8",
    "#eadfc8",
    "#e9d8bd",
    "#5b3f2e",
    "#2b2420",
    "#6b5b4e",
    "#2d2a26",
    "#f4f1ea",
    "#bfb8aa",
    "#fffdf8",
    "#222222",
    "#f1ebe0",
    "#a09480",
    "#5b3f2e",
    "#fff4e0",
    "#fff7e6",
    "#e0cfae",
    "#2b2420",
    "friendly",
    mark_alpha=60,
    outline=0,
)
DARK = Theme(
    "dark",
    "Dark",
    "#2a2521",
    "#332d28",
    "#3a302a",
    "#120d0a",
    "#f2e8dc",
    "#b8a894",
    "#151412",
    "#f4f1ea",
    "#a9a294",
    "#1e1f22",
    "#e6e6e6",
    "#26272b",
    "#7d7a74",
    "#120d0a",
    "#fff4e0",
    "#2c2620",
    "#5a4a3a",
    "#f2e8dc",
    "monokai",
    mark_alpha=90,
    outline=0,
    failed_ink="#ff8a80",
)
HIGH_CONTRAST = Theme(
    "high-contrast",
    "High contrast",
    "#ffffff",
    "#e6e6e6",
    "#ffffff",
    "#000000",
    "#000000",
    "#000000",
    "#000000",
    "#ffffff",
    "#ffff00",
    "#ffffff",
    "#000000",
    "#ffffff",
    "#000000",
    "#000000",
    "#ffff00",
    "#ffffff",
    "#000000",
    "#000000",
    "bw",
    mark_alpha=120,
    outline=2,
    failed_ink="#000000",
    captions_dim="#ffffff",
)
THEMES = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}

_current = [LIGHT]


def theme() -> Theme:
    """The theme everything paints with now."""
    return _current[0]


def set_theme(name: str) -> Theme:
    """Switch the look; unknown names fall back to light."""
    _current[0] = THEMES.get(name, LIGHT)
    return _current[0]


CHROME = {  # window, text, base (inputs), button, highlight: the widgets around the shop
    "dark": ("#2b2724", "#eee6dc", "#1e1f22", "#3a3430", "#0072B2"),
    "high-contrast": ("#ffffff", "#000000", "#ffffff", "#ffffff", "#0000cc"),
}


def qt_palette(look: Theme, standard: QPalette) -> QPalette:
    """The widget palette for a theme; light keeps the platform's own."""
    colours = CHROME.get(look.name)
    if colours is None:
        return standard
    window, text, base, button, highlight = (QColor(c) for c in colours)
    palette = QPalette(standard)
    role = QPalette.ColorRole
    for r, c in (
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, window),
        (role.Text, text),
        (role.Button, button),
        (role.ButtonText, text),
        (role.ToolTipBase, base),
        (role.ToolTipText, text),
        (role.Highlight, highlight),
        (role.HighlightedText, QColor("#ffffff")),
        (role.PlaceholderText, text),
    ):
        palette.setColor(r, c)
    return palette
