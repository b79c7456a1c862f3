"""The presenter's controls: full screen, zoom, theme and the keys overlay.

A mixin of the main window, which provides the panels (`captions`, `card`, `code`, ...) that
a change of look or size restyles.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from coffeeshop_gui.ui.commands import help_rows
from coffeeshop_gui.ui.theme import THEMES, qt_palette, set_theme, theme
from coffeeshop_gui.ui.window_host import WindowHost

CAPTION_PX = 17  # the narration strip's text at zoom 1, in pixels
FILE_LABEL_PX = 15  # the program's name over the code, at zoom 1 (bold)
PANEL_TEXT_PX = 14  # the drinks bar, the status line and the toolbars, at zoom 1
# Zoom steps are compared within this, so that a zoom a hair off a step (a float read back
# from the settings) counts as that step, and Zoom in does not stop at it again.
ZOOM_TOLERANCE = 1e-6
THEME_MESSAGE_MS = 3000  # the new theme's name, said briefly: the whole window shows it

ZOOMS = (0.75, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)


class PresenterControls(WindowHost):
    """`do_*` commands for presenting, mixed into `ShopWindow`, whose panels they restyle."""

    def apply_look(self) -> None:
        """Theme and zoom, applied to every panel (the scene repaints from the theme)."""
        look, z = theme(), self.zoom
        QApplication.setPalette(qt_palette(look, QApplication.style().standardPalette()))
        self.captions.restyle(round(CAPTION_PX * z))
        self.card.restyle(z)
        self.history_bar.restyle(z)
        if self._timeline_panel is not None:  # else it is styled as it is built
            self._timeline_panel.restyle(z)
        self.file_label.setStyleSheet(
            f"QLabel {{ font-size: {FILE_LABEL_PX * z:.0f}px; font-weight: bold; }}"
        )
        self.drinks.setStyleSheet(
            f"QLabel {{ font-size: {PANEL_TEXT_PX * z:.0f}px; }}"
            f" QLabel#drink {{ background: {look.card};"
            f" color: {look.card_ink}; border: 2px solid {look.card_border}; border-radius: 12px;"
            " padding: 3px 10px; }"
        )
        self.drinks.fit_height()  # its chips' text changed size
        # the readouts, and a message shown in their place (a refusal), at one size
        self.statusBar().setStyleSheet(
            f"QStatusBar, QLabel {{ font-size: {PANEL_TEXT_PX * z:.0f}px; }}"
        )
        bars = f"QToolBar, QToolBar * {{ font-size: {PANEL_TEXT_PX * z:.0f}px; }}"
        self.command_bar.setStyleSheet(bars)
        self.pace_bar.setStyleSheet(bars)
        self.code.restyle(z)
        self.timings.restyle(z)
        self.banner.restyle(z)
        self.view.restyle()
        self.view.magnify_to(z)
        if hasattr(self, "scene"):
            self.scene.restyle()
        self.fit_toolbars()

    def do_present(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def do_zoom_in(self) -> None:
        self._zoom_to(next((z for z in ZOOMS if z > self.zoom + ZOOM_TOLERANCE), ZOOMS[-1]))

    def do_zoom_out(self) -> None:
        self._zoom_to(
            next((z for z in reversed(ZOOMS) if z < self.zoom - ZOOM_TOLERANCE), ZOOMS[0])
        )

    def do_zoom_reset(self) -> None:
        self._zoom_to(1.0)

    def _zoom_to(self, zoom: float) -> None:
        self.zoom = self.prefs.zoom = zoom
        self.apply_look()

    def do_theme(self) -> None:
        names = list(THEMES)
        nxt = names[(names.index(theme().name) + 1) % len(names)]
        self.prefs.theme = set_theme(nxt).name
        self.apply_look()
        self.statusBar().showMessage(f"Theme: {theme().title}", THEME_MESSAGE_MS)

    def do_help(self) -> None:
        if self.help_shown():
            self.help.hide()
        else:
            self.help.show_keys(help_rows())

    def do_escape(self) -> None:
        if self.help_shown():
            self.help.hide()
        elif self.isFullScreen():
            self.showNormal()
