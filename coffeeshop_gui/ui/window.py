"""The main window: the shop floor beside the code, driven by one frame timer.

Each frame reads the events appended since the last one, folds them into the state, and
lets the scene and the code panel redraw from it (frame_tick.py). Nothing here runs
asyncio logic: the window starts sessions and hands the loop and the session a person's
commands.
"""

from __future__ import annotations

import contextlib
import inspect
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow

from coffeeshop_gui.engine.program import Program, ProgramError, load_program
from coffeeshop_gui.loop.session import Session
from coffeeshop_gui.loop.shop_loop import Gate, ShopLoop
from coffeeshop_gui.model.history import History
from coffeeshop_gui.model.state import ShopState
from coffeeshop_gui.model.timeline import Timeline
from coffeeshop_gui.ui.clip_command import ClipExport
from coffeeshop_gui.ui.editing import LOAD_INTERRUPT, LiveCoding
from coffeeshop_gui.ui.frame_tick import BLOCKED_MESSAGE_MS, FRAME_MS, FrameTick
from coffeeshop_gui.ui.hands_on import HandsOnCommands
from coffeeshop_gui.ui.preferences import Preferences
from coffeeshop_gui.ui.presenter import PresenterControls
from coffeeshop_gui.ui.readouts import CallbackRate
from coffeeshop_gui.ui.scene import ShopScene
from coffeeshop_gui.ui.theme import set_theme
from coffeeshop_gui.ui.time_travel import TimeTravel
from coffeeshop_gui.ui.window_commands import WindowCommands
from coffeeshop_gui.ui.window_panels import WindowPanels

KEEP_ENDED = 300  # ended customers the window's state keeps (the rest are only counted)
REFUSAL_MESSAGE_MS = 15_000  # a file not opened, and why, stays in the status bar this long
# The note that a large program is shown without colours stays longer: it comes as the
# file opens, while a person is still looking at the shop, not at the status bar.
LARGE_FILE_MESSAGE_MS = 30_000


class ShopWindow(
    WindowPanels,
    FrameTick,
    WindowCommands,
    ClipExport,
    LiveCoding,
    TimeTravel,
    PresenterControls,
    HandsOnCommands,
    QMainWindow,
):
    """The app's window over one shop loop; `open_program` swaps what the shop runs.

    Its parts are mixins, each in its own module: the panels (window_panels), the frame
    (frame_tick), its commands (window_commands), the editor (editing), the past
    (time_travel), the presenter (presenter), a person's hands on the shop (hands_on) and
    clip export (clip_command; its dialog, clip_export, loads at the first clip). Each is a
    `WindowHost` (window_host.py), which declares what the parts share, this class's part
    among it. What lives here is a run's start and what the parts share: the session, the
    state, the scene and the selection.

    Between frames:
    - `state`, `history` and `timeline` hold the events of `session.log` before `_cursor`,
      each applied once and in order, and none after it; a new run starts them afresh at 0.
    - `scene` is the one floor the view shows, and the only one whose `selectionChanged`
      is connected; `loop.hold` asks `_far_behind` until the window closes.
    - With `past` None, `scene` draws `state` (a burst may still be being drawn:
      `scene.behind`). With `past` a turn, it draws the history's shop just before that
      turn, the live program is paused, and `state` goes on folding unseen.
    - The code marks and the card show `selected_task()` in `shown_state()`.
    """

    def __init__(self, loop: ShopLoop, program: Program, settings: QSettings | None = None):
        super().__init__()
        self.loop = loop
        self.prefs = Preferences(settings if settings is not None else QSettings())
        set_theme(self.prefs.theme)
        self.zoom = self.prefs.zoom
        self.state = ShopState(keep_ended=KEEP_ENDED)
        self._cursor = 0
        self._rate = CallbackRate()
        self._follow = None
        self._follow_name = None
        self._relinked = {}
        self._last_frame = self._frame_ended = time.perf_counter()
        self.frames = 0
        self._build()
        loop.hold.connect(self._far_behind)  # before the first run: it waits for a picture
        self.start(program)
        loop.cleanup_held.connect(self._cleanup_held)
        self._place_on_screen(self.prefs.geometry)
        self._frames = QTimer(self)
        self._frames.timeout.connect(self.tick)
        self._frames.start(FRAME_MS)

    # -- sessions ------------------------------------------------------------------------------

    def start(self, program: Program, paused: bool = False) -> None:
        """Run `program` from the start on a fresh shop floor."""
        if hasattr(self, "session"):  # a run before this one (the first has none)
            self.session.close()
        self.program = program
        self._first_picture_due = (self.view.painted, time.perf_counter())  # `_far_behind`
        self.loop.ask_hold()  # the clock stands still until the run's floor is drawn
        self.session = Session(self.loop, program)
        self.state = ShopState(keep_ended=KEEP_ENDED)
        self._cursor = 0
        self._forgotten = 0
        self.captions.restart(f"Opened {program.title}: main() runs as the task named main")
        self._relinked.clear()
        self.history = History(self.session.log, KEEP_ENDED)
        self.timeline = Timeline()
        self.past = None
        self.show_timeline()
        self.history_bar.hide()
        self._new_scene()
        self.view.fit(from_counter=True)
        self.code.show_source(program.source)
        self.code.restyle(self.zoom)
        self.drinks.show_drinks(
            {n: (inspect.getdoc(f) or "").split("\n")[0] for n, f in program.drinks().items()}
        )
        self.file_label.setText(f"{program.title}  —  the line each customer waits on")
        if not self.code.coloured:
            megabytes = len(program.source.encode()) / 1e6
            self.statusBar().showMessage(
                f"{program.title} is large ({megabytes:.1f} MB): its code is shown without "
                "colours, which would take long to work out",
                LARGE_FILE_MESSAGE_MS,
            )
        if paused:
            self.loop.pause()
        elif self.loop.gate is not Gate.PLAY:
            self.loop.play()
        self._show_gate()
        self._on_program_started(program)
        self.tick()

    def _new_scene(self) -> None:
        """A fresh floor for the program, wired to the window, shown in the view."""
        if hasattr(self, "scene"):
            self.scene.selectionChanged.disconnect(self._on_selection)
        self.scene = ShopScene(self.program.menu)
        self.scene.send_away_requested.connect(self.send_away)
        self.scene.ring_requested.connect(self.ring)
        self.scene.selectionChanged.connect(self._on_selection)
        self.view.setScene(self.scene)

    def _draw_fresh(self, state: ShopState, selected: int | None, past: bool = False) -> None:
        """Draw `state` whole on a fresh floor (a `past` turn, or now again), everyone in
        place. The past is drawn as a past floor draws a far moment, in one batch (see
        `past.show_moment`), with the crowd's shapes of the floor given up: a customer at a
        time, a rush of 10,000 cost ~100 ms."""
        if past:
            given_up = self.scene.crowd
            self._new_scene()
            self.scene.crowd.take_spots(given_up)  # the crowd stands on the same grids
            self.scene.show_moment(state)
        else:
            self._new_scene()
            self.scene.sync(state, set(), None, seconds=None)
            self.scene.settle(state)
        if selected is not None and self.scene.draws(selected):
            self.scene.select(selected)
        self.view.fit()
        self._show_marks()
        self._show_card()

    def _draw_moment(self, state: ShopState, selected: int | None) -> None:
        """Draw `state`, another moment of the run, on the floor shown, everyone in place."""
        floor = self.scene.sceneRect()
        self.scene.show_moment(state)
        picked = self.scene.selected_task()
        if selected is not None and selected != picked and self.scene.draws(selected):
            self.scene.select(selected)
        if self.scene.sceneRect() != floor:
            self.view.fit()
        self._show_marks()
        self._show_card()

    def open_program(self, path: str | Path) -> bool:
        """Load and run a program; a bad file leaves the running shop untouched."""
        try:
            program = load_program(path, interrupt_after=LOAD_INTERRUPT)
        except ProgramError as exc:
            self.statusBar().showMessage(f"Not opened: {exc}", REFUSAL_MESSAGE_MS)
            return False
        self.start(program)
        return True

    def _cleanup_held(self, seconds: float, interrupted: bool) -> None:
        """The program left behind held the thread unwinding its cancellation: say so, since
        the window froze meanwhile (a `finally` that sleeps, a handler that never ends)."""
        ending = "; stopped there" if interrupted else ""
        self.statusBar().showMessage(
            f"The program before this one held the loop's only thread for {seconds:.1f} s"
            f" while cancelled (its cleanup: an except or a finally){ending}",
            BLOCKED_MESSAGE_MS,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.loop.hold.disconnect(self._far_behind)  # a closed window draws nothing
        self.loop.cleanup_held.disconnect(self._cleanup_held)
        self._frames.stop()  # nor folds: the program unwinding after it is not drawn
        with contextlib.suppress(RuntimeError, TypeError):  # already gone with the window
            self.scene.selectionChanged.disconnect(self._on_selection)
        self.prefs.geometry = self.saveGeometry()
        self.prefs.sync()
        super().closeEvent(event)

    # -- selection -----------------------------------------------------------------------------

    def selected_task(self) -> int | None:
        return self.scene.selected_task()

    def select(self, task_id: int) -> None:
        self.scene.select(task_id)

    def _on_selection(self) -> None:
        if not shiboken6.isValid(self.scene):  # a scene being destroyed still signals
            return
        self._show_marks()
        self._show_card()

    def _show_card(self) -> None:
        task = self.selected_task()
        customer = self.shown_state().customers.get(task) if task else None
        live = self.past is None  # the live objects' reprs say nothing of the past
        terms = self.session.asyncio_terms(task) if task and self.asyncio_terms and live else None
        relinked = self._relinked.get(task) if task is not None and live else None
        self.card.show_customer(customer, terms, relinked)
        line = customer.line if customer else None
        if customer is not None and customer.cancelled_at and customer.state.ended:
            line = customer.cancelled_at
        if line and line != self.code.followed_line:
            self.code.scroll_to_line(line)
