"""The presenter's controls: full screen, zoom, theme and the keys overlay.

A mixin of the main window, which provides the panels (`captions`, `card`, `code`, ...) that
a change of look or size restyles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from coffeeshop_gui.ui.commands import help_rows
from coffeeshop_gui.ui.theme import THEMES, qt_palette, set_theme, theme

if TYPE_CHECKING:
    from coffeeshop_gui.ui.window import ShopWindow

CAPTION_PX = 17  # the narration strip's text at zoom 1, in pixels

ZOOMS = (0.75, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)


class PresenterControls:
    """`do_*` commands for presenting, mixed into `ShopWindow`, whose panels they restyle."""

    def apply_look(self: ShopWindow) -> None:
        """Theme and zoom, applied to every panel (the scene repaints from the theme)."""
        look, z = theme(), self.zoom
        app = QApplication.instance()
        app.setPalette(qt_palette(look, app.style().standardPalette()))
        self.captions.restyle(round(CAPTION_PX * z))
        self.card.restyle(z)
        self.history_bar.restyle(z)
        self.timeline_panel.restyle(z)
        self.file_label.setStyleSheet(f"QLabel {{ font-size: {15 * z:.0f}px; font-weight: bold; }}")
        self.drinks.setStyleSheet(
            f"QLabel {{ font-size: {14 * z:.0f}px; }} QLabel#drink {{ background: {look.card};"
            f" color: {look.card_ink}; border: 2px solid {look.card_border}; border-radius: 12px;"
            " padding: 3px 10px; }"
        )
        self.drinks.fit_height()  # its chips' text changed size
        self.status.setStyleSheet(f"QLabel {{ font-size: {14 * z:.0f}px; }}")
        bars = f"QToolBar, QToolBar * {{ font-size: {14 * z:.0f}px; }}"
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

    def do_present(self: ShopWindow) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def do_zoom_in(self: ShopWindow) -> None:
        self._zoom_to(next((z for z in ZOOMS if z > self.zoom + 1e-6), ZOOMS[-1]))

    def do_zoom_out(self: ShopWindow) -> None:
        self._zoom_to(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-6), ZOOMS[0]))

    def do_zoom_reset(self: ShopWindow) -> None:
        self._zoom_to(1.0)

    def _zoom_to(self: ShopWindow, zoom: float) -> None:
        self.zoom = self.prefs.zoom = zoom
        self.apply_look()

    def do_theme(self: ShopWindow) -> None:
        names = list(THEMES)
        nxt = names[(names.index(theme().name) + 1) % len(names)]
        self.prefs.theme = set_theme(nxt).name
        self.apply_look()
        self.statusBar().showMessage(f"Theme: {theme().title}", 3000)

    def do_help(self: ShopWindow) -> None:
        if self.help.isVisible():
            self.help.hide()
        else:
            self.help.show_keys(help_rows())

    def do_escape(self: ShopWindow) -> None:
        if self.help.isVisible():
            self.help.hide()
        elif self.isFullScreen():
            self.showNormal()
