"""The contract between the main window's parts: what each part may use of the others.

`ShopWindow` is one QMainWindow built from parts, each a mixin in its own module (the panels,
the frame, the commands, the editor, the past, the presenter, a person's hands on the shop,
clip export). Each part derives from `WindowHost`, which declares, typed and once, every
attribute and method that one part provides and another uses; what a part keeps to itself
it declares itself. The type checker reads `self` in a part as a `WindowHost`, and checks
each part's definition of a declared method against its declaration here (an override must
match), and `ShopWindow`, which inherits every part, against all of them.

Why one declared host, not the alternatives:
- A Protocol per part would repeat each shared name in every part that uses it (the session
  or the scene in six of them), and a Protocol cannot derive from QMainWindow, so each would
  also repeat the window's own API that the parts call (`statusBar`, `width`, `addToolBar`).
- Parts as plain objects the window composes would turn every use into `self.window.…` and
  every slot into a forwarding method: a rewrite of the window, not a statement of its types.

At run time `WindowHost` is plain `object`: its methods are declarations with no bodies, and
placed between the parts and QMainWindow in the window's method order, a declared
`apply_look` or `closeEvent` would end the `super()` chain that reaches QMainWindow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import QByteArray, QPointF, QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QComboBox,
        QDockWidget,
        QLabel,
        QMainWindow,
        QSpinBox,
        QToolBar,
        QWidget,
    )

    from coffeeshop_gui.engine.program import Program
    from coffeeshop_gui.loop.session import Session
    from coffeeshop_gui.loop.shop_loop import Gate, ShopLoop
    from coffeeshop_gui.model.history import History
    from coffeeshop_gui.model.state import ShopState
    from coffeeshop_gui.model.timeline import Timeline
    from coffeeshop_gui.ui.card import SavedSpotCard
    from coffeeshop_gui.ui.code_panel import CodePanel, Mark
    from coffeeshop_gui.ui.drinks_bar import DrinksBar
    from coffeeshop_gui.ui.help_overlay import HelpOverlay
    from coffeeshop_gui.ui.narration_strip import NarrationStrip
    from coffeeshop_gui.ui.preferences import Preferences
    from coffeeshop_gui.ui.readouts import CallbackRate
    from coffeeshop_gui.ui.scene import ShopScene
    from coffeeshop_gui.ui.time_travel import HistoryBar
    from coffeeshop_gui.ui.timeline_panel import TimelinePanel
    from coffeeshop_gui.ui.timings_panel import TimingsPanel
    from coffeeshop_gui.ui.tour import Tour
    from coffeeshop_gui.ui.tour_banner import TourBanner
    from coffeeshop_gui.ui.view import ShopView

    class WindowHost(QMainWindow):
        """What the window's parts share, grouped by the part that provides it."""

        # -- the window itself (window.py): a run, its shop, the selection -------------------
        loop: ShopLoop
        prefs: Preferences
        zoom: float
        session: Session  # the run's; set by `start`, which __init__ calls
        program: Program  # the program the session runs
        state: ShopState  # the live shop, folded up to `_cursor`
        history: History  # the shop before each turn, for going back
        timeline: Timeline
        scene: ShopScene
        _cursor: int  # the log position folded up to
        _forgotten: int  # the log position before which the log let go of its events
        _relinked: dict[int, float]  # task -> real time it was last resumed
        _follow: int | None  # a customer to select once it is drawn
        _follow_name: str | None  # a lesson's customer, selected once it walks in
        _last_frame: float  # perf_counter() as the last frame began
        _frame_ended: float  # perf_counter() as the last frame ended
        frames: int  # frames drawn since the window opened
        _rate: CallbackRate
        _frames: QTimer  # the frame timer

        def start(self, program: Program, paused: bool = False) -> None: ...
        def open_program(self, path: str | Path) -> bool: ...
        def selected_task(self) -> int | None: ...
        def select(self, task_id: int) -> None: ...
        def _draw_fresh(
            self, state: ShopState, selected: int | None, past: bool = False
        ) -> None: ...
        def _draw_moment(self, state: ShopState, selected: int | None) -> None: ...
        def _show_card(self) -> None: ...

        # -- the panels (window_panels.py) ------------------------------------------------------
        view: ShopView
        drinks: DrinksBar
        tour: Tour
        banner: TourBanner
        asyncio_terms: bool  # the card in asyncio's own words
        code: CodePanel
        file_label: QLabel
        card: SavedSpotCard
        history_bar: HistoryBar
        timings: TimingsPanel
        captions: NarrationStrip
        status: QLabel
        _help: HelpOverlay | None  # built at its first use (`help`)
        _timeline_panel: TimelinePanel | None  # built at its first use (`timeline_panel`)
        timeline_dock: QDockWidget
        actions_by_name: dict[str, QAction]
        command_bar: QToolBar
        pace_bar: QToolBar
        speed: QComboBox
        rush_size: QSpinBox

        def _build(self) -> None: ...
        def _place_on_screen(self, geometry: QByteArray | None) -> None: ...
        def fit_toolbars(self) -> None: ...
        @property
        def help(self) -> HelpOverlay: ...
        def help_shown(self) -> bool: ...
        @property
        def timeline_panel(self) -> TimelinePanel: ...
        def show_timeline(self) -> None: ...

        # -- the frame (frame_tick.py) ----------------------------------------------------------
        still: bool  # drawing stills: no figure read off the wall clock
        _first_picture_due: tuple[int, float]  # the view's pictures, and when, at a run's start

        def tick(self, seconds: float | None = ...) -> None: ...
        def settle(self) -> None: ...
        def _far_behind(self) -> bool: ...
        def _show_marks(self) -> None: ...

        # -- the window's commands (window_commands.py) -------------------------------------
        _gate_shown: Gate  # what Play/Pause says: the loop's gate when it last looked

        def _restart(self, paused: bool) -> None: ...
        def _show_gate(self) -> None: ...

        # -- the editor (editing.py) ----------------------------------------------------------
        def _build_editing(self, code: CodePanel) -> QWidget: ...
        def _on_program_started(self, program: Program) -> None: ...
        def _mirror_marks(
            self, marks: list[Mark], selected: int | None, counts: dict[int, int]
        ) -> None: ...
        def _reload_running(self, from_disk: bool = ...) -> Program: ...
        def open_replacing_edit(self, path: str | Path) -> bool: ...

        # -- the past (time_travel.py) --------------------------------------------------------
        past: int | None  # the turn shown (the shop just before it); None: the live shop
        _played_before_past: bool  # the program played when the past was first shown

        def in_past(self) -> bool: ...
        def shown_state(self) -> ShopState: ...
        def refuse_in_past(self) -> bool: ...
        def go_to_turn(self, number: int) -> None: ...
        def do_forward(self) -> None: ...
        def do_now(self) -> None: ...
        def do_replay(self) -> None: ...

        # -- the presenter (presenter.py; the editor restyles its own part too) ---------------
        def apply_look(self) -> None: ...

        # -- hands on the shop (hands_on.py) --------------------------------------------------
        def add_drink(self, recipe: str, at: QPointF | None = None) -> None: ...
        def send_away(self, task_id: int) -> None: ...
        def ring(self, future_id: int) -> None: ...

else:
    WindowHost = object
