"""The main window: the shop floor beside the code, driven by one frame timer.

Each frame reads the events appended since the last one, folds them into the state, and
lets the scene and the code panel redraw from it. Nothing here runs asyncio logic: the
window starts sessions and hands the loop and the session a person's commands.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from coffeeshop_gui.engine.program import Program, ProgramError, load_program
from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.loop.session import MAX_CUSTOMERS, Session
from coffeeshop_gui.loop.shop_loop import Gate, ShopLoop
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.history import History
from coffeeshop_gui.model.state import ShopState
from coffeeshop_gui.model.timeline import Timeline
from coffeeshop_gui.ui.card import SavedSpotCard
from coffeeshop_gui.ui.clip_export import ClipExport
from coffeeshop_gui.ui.code_panel import CodePanel
from coffeeshop_gui.ui.drinks_bar import DrinksBar
from coffeeshop_gui.ui.editing import LiveCoding
from coffeeshop_gui.ui.hands_on import HandsOnCommands
from coffeeshop_gui.ui.help_overlay import HelpOverlay
from coffeeshop_gui.ui.items.boards import MAX_ROWS
from coffeeshop_gui.ui.narration import narrate
from coffeeshop_gui.ui.narration_strip import NarrationStrip
from coffeeshop_gui.ui.pictures import ask_and_save
from coffeeshop_gui.ui.preferences import Preferences
from coffeeshop_gui.ui.presenter import PresenterControls
from coffeeshop_gui.ui.readouts import (
    CallbackRate,
    code_marks,
    ready_tickets,
    status_line,
)
from coffeeshop_gui.ui.scene import SYNC_SECONDS, ShopScene
from coffeeshop_gui.ui.theme import set_theme
from coffeeshop_gui.ui.time_travel import HistoryBar, TimeTravel
from coffeeshop_gui.ui.timeline_panel import TimelinePanel
from coffeeshop_gui.ui.timings_panel import TimingsPanel
from coffeeshop_gui.ui.toolbar import PACES, SPEEDS, add_choice, add_commands
from coffeeshop_gui.ui.tour import Tour
from coffeeshop_gui.ui.view import ShopView

FRAME_MS = 16
KEEP_ENDED = 300  # ended customers the window's state keeps (the rest are only counted)
FRAME_WORK = 0.005  # seconds a frame folds events and restyles the scene: a burst takes a few
FOLD_SHARE = 0.4  # of that, folding; the rest restyles (1 ms at least)
FOLD_CHUNK = 100  # events folded between looks at the clock (a frame folds one at least)
HOLD_BEHIND = 50_000  # log positions (a few frames of events) unfolded: the shop waits
HOLD_UNDRAWN = 2_000  # customers whose change is still to be drawn: the shop waits too
HOLD_FRAMES_GONE = 0.5  # seconds without a frame after which the shop waits no more
# A burst is told by its last events only: narrating ten thousand to keep two sentences
# cost a frame. Forty is enough to find the two that are worth a sentence.
NARRATED_TAIL = 40
# A frame starts at most this many await handshakes (buzzer up to the counter and back): in
# a burst, more would be a blur of buzzers, and each is an item moved every frame.
HANDSHAKES_SHOWN = 4
SHOP_SHARE = 62  # percent of the width the shop floor gets beside the code
# Pixels the toolbar area spends besides its bars' own size hints (margins, handles): a row
# measured to fit within them still overflowed on PySide6 6.12.
TOOLBAR_SLACK = 32
FIRST_SIZE = (1440, 900)  # the first window, if the screen has room for it


class ShopWindow(
    ClipExport, LiveCoding, TimeTravel, PresenterControls, HandsOnCommands, QMainWindow
):
    """The app's window over one shop loop; `open_program` swaps what the shop runs."""

    def __init__(self, loop: ShopLoop, program: Program, settings: QSettings | None = None):
        super().__init__()
        self.loop = loop
        self.prefs = Preferences(settings if settings is not None else QSettings())
        set_theme(self.prefs.theme)
        self.zoom = self.prefs.zoom
        self.session: Session | None = None
        self.state = ShopState(keep_ended=KEEP_ENDED)
        self._cursor = 0
        self._rate = CallbackRate()
        self._follow: int | None = None
        self._follow_name: str | None = None  # a lesson's customer, selected once it walks in
        self._relinked: dict[int, float] = {}  # task -> real time it was last resumed
        self._last_frame = time.perf_counter()
        self._build()
        self.start(program)
        loop.hold.connect(self._far_behind)
        self._place_on_screen(self.prefs.geometry)
        self._frames = QTimer(self)
        self._frames.timeout.connect(self.tick)
        self._frames.start(FRAME_MS)

    # -- building ----------------------------------------------------------------------------

    def _place_on_screen(self, geometry: QByteArray | None) -> None:
        """Where the window was last time, or its first size; inside the screen either way
        (a projector's 1024x768 is smaller than the desk it was last used at)."""
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(*FIRST_SIZE)
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        size = self.size().boundedTo(room.size())
        left = min(max(self.x(), room.left()), room.right() - size.width() + 1)
        top = min(max(self.y(), room.top()), room.bottom() - size.height() + 1)
        self.setGeometry(left, top, size.width(), size.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_toolbars()

    def fit_toolbars(self) -> None:
        """The toolbars in as few rows as fit the window, with icons if there is room: no
        command is ever hidden behind an overflow button."""
        if not hasattr(self, "pace_bar"):
            return
        room = self.width() - TOOLBAR_SLACK
        looks = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon, Qt.ToolButtonStyle.ToolButtonTextOnly)
        for two_rows in (False, True):
            for look in looks:
                self.command_bar.setToolButtonStyle(look)
                commands = self.command_bar.sizeHint().width()
                pace = self.pace_bar.sizeHint().width()
                if (max(commands, pace) if two_rows else commands + pace) <= room:
                    self._break_toolbars(two_rows)
                    return
        self._break_toolbars(True)

    def _break_toolbars(self, two_rows: bool) -> None:
        if two_rows != self._toolbar_break:
            self._toolbar_break = two_rows
            self.removeToolBar(self.pace_bar)
            if two_rows:
                self.addToolBarBreak()
            self.addToolBar(self.pace_bar)
            self.pace_bar.show()

    def _build(self) -> None:
        self.setWindowTitle("Coffee Shop asyncio")
        self.setAcceptDrops(True)
        self.view = ShopView()
        self.view.drink_dropped.connect(self.add_drink)
        self.view.file_dropped.connect(self.open_replacing_edit)
        self.drinks = DrinksBar(self.add_drink)
        self.tour = Tour(self.open_program)
        self.banner = self.tour.banner
        self.asyncio_terms = False
        self.code = CodePanel()
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.card = SavedSpotCard()
        self.history_bar = HistoryBar()
        self.history_bar.now_requested.connect(self.do_now)
        self.history_bar.replay_requested.connect(self.do_replay)
        left = _column(self.drinks, self.history_bar, self.view, grow=self.view)
        code_and_card = QSplitter(Qt.Orientation.Vertical)
        code_and_card.addWidget(self._build_editing(self.code))
        code_and_card.addWidget(self.card)
        code_and_card.setSizes([520, 240])
        self.timings = TimingsPanel()
        right = _column(self.file_label, code_and_card, self.timings, grow=code_and_card)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        # The shop is fitted to its width: it gets the larger share, the code the rest.
        split.setStretchFactor(0, SHOP_SHARE)
        split.setStretchFactor(1, 100 - SHOP_SHARE)
        split.setSizes([SHOP_SHARE * 10, (100 - SHOP_SHARE) * 10])
        self.split = split
        self.captions = NarrationStrip()
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.banner)
        outer.addWidget(split, 1)
        outer.addWidget(self.captions)
        self.setCentralWidget(central)
        self.status = QLabel()
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addPermanentWidget(self.status, 1)
        self.help = HelpOverlay(central)
        self.timeline_panel = TimelinePanel()
        self.timeline_panel.lanes.turn_picked.connect(self.go_to_turn)
        self.timeline_panel.lanes.customer_picked.connect(self._picked_in_timeline)
        self.timeline_panel.lanes.name_of = self._name_of
        self.timeline_dock = QDockWidget("Timeline: each customer, step by step", self)
        self.timeline_dock.setObjectName("timeline")
        self.timeline_dock.setWidget(self.timeline_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.timeline_dock.hide()  # L shows it: on a projector the floor needs the room
        self._build_toolbar()
        self._fill_editor_bar()
        self.apply_look()

    def _build_toolbar(self) -> None:
        bar = QToolBar("Shop")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        self.actions_by_name = add_commands(self, bar)
        self.command_bar = bar
        bar = QToolBar("Pace")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.pace_bar = bar
        self._toolbar_break = False
        self.speed = add_choice(bar, " speed ", SPEEDS, self.prefs, "speed", 2, self.loop.set_speed)
        self.pace = add_choice(
            bar, "  each turn ", PACES, self.prefs, "pace", 2, self.loop.set_pace
        )
        bar.addSeparator()
        self.rush_size = QSpinBox()
        self.rush_size.setRange(1, MAX_CUSTOMERS)
        self.rush_size.setValue(1000)
        self.rush_size.setSingleStep(100)
        self.rush_size.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rush_size.setToolTip("How many customers the rush brings (H)")
        bar.addWidget(self.rush_size)
        bar.addAction(self.actions_by_name["rush"])

    # -- sessions ------------------------------------------------------------------------------

    def start(self, program: Program, paused: bool = False) -> None:
        """Run `program` from the start on a fresh shop floor."""
        if self.session is not None:
            self.session.close()
        self.program = program
        self.session = Session(self.loop, program)
        self.state = ShopState(keep_ended=KEEP_ENDED)
        self._cursor = 0
        self._forgotten = 0  # the log position before which the log let go of its events
        self.captions.restart(f"Opened {program.title}: main() runs as the task named main")
        self._relinked.clear()
        self.history = History(self.session.log, KEEP_ENDED)
        self.timeline = Timeline()
        self.timeline_panel.show_timeline(self.timeline, None)
        self.past = None
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
                30_000,
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
        self.scene.on_send_away = self.send_away
        self.scene.on_ring = self.ring
        self.scene.selectionChanged.connect(self._on_selection)
        self.view.setScene(self.scene)

    def _draw_fresh(self, state: ShopState, selected: int | None) -> None:
        """Draw `state` whole on a fresh floor (a past turn, or now again), everyone in place."""
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
            program = load_program(path)
        except ProgramError as exc:
            self.statusBar().showMessage(f"Not opened: {exc}", 15_000)
            return False
        self.start(program)
        return True

    def do_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open a program with async def main()",
            str(self.program.path.parent),
            "Python (*.py)",
        )
        if path:
            self.open_replacing_edit(path)

    def do_save_picture(self) -> None:
        shop_time = self.loop.time() - self.session.started_at
        suggested = self.program.path.with_name(f"{self.program.path.stem}-{shop_time:.1f}s.png")
        said = ask_and_save(self, str(suggested))
        if said:
            self.statusBar().showMessage(said, 15_000)

    # -- the guided tour ---------------------------------------------------------------------

    @property
    def tour_index(self) -> int | None:
        return self.tour.index

    def do_tour(self) -> None:
        if self.tour.index is None:
            self.go_to_step(0)
        else:
            self.tour.leave()
            self.asyncio_terms = False
            self._show_card()

    def do_tour_next(self) -> None:
        self.go_to_step(0 if self.tour.index is None else self.tour.index + 1)

    def do_tour_previous(self) -> None:
        self.go_to_step(0 if self.tour.index is None else self.tour.index - 1)

    def go_to_step(self, index: int) -> None:
        """Run lesson `index` (0-based, kept in range) from its start, with its captions."""
        if self.tour.go_to(max(0, min(index, len(TOUR) - 1))):
            self.asyncio_terms = self.tour.lesson.asyncio_terms
            self._follow_name = self.tour.lesson.follow

    def do_asyncio_terms(self) -> None:
        self.asyncio_terms = not self.asyncio_terms
        self._show_card()

    def do_restart(self) -> None:
        self._restart(paused=False)

    def do_reset(self) -> None:
        self._restart(paused=True)

    def _restart(self, paused: bool) -> None:
        try:
            self.start(self._reload_running(), paused=paused)
        except ProgramError as exc:  # the file changed on disk and broke: keep the shop
            self.statusBar().showMessage(f"Not restarted: {exc}", 15_000)

    # -- the teaching controls --------------------------------------------------------------------

    def do_play_pause(self) -> None:
        if self.in_past():  # the live program plays on from now, never from the past
            self._played_before_past = True
            self.do_now()
            return
        if self.loop.gate is Gate.PLAY:
            self.loop.pause()
        else:
            self.loop.play()
        self._show_gate()

    def do_step(self) -> None:
        if self.in_past():
            self.do_forward()
            return
        self.loop.step()
        self._show_gate()

    def do_slower(self) -> None:
        self.speed.setCurrentIndex(max(0, self.speed.currentIndex() - 1))

    def do_faster(self) -> None:
        self.speed.setCurrentIndex(min(self.speed.count() - 1, self.speed.currentIndex() + 1))

    def _show_gate(self) -> None:
        playing = self.loop.gate is Gate.PLAY
        action = self.actions_by_name["play_pause"]
        action.setText("Pause" if playing else "Play")
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        action.setIcon(self.style().standardIcon(icon))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.loop.hold.disconnect(self._far_behind)  # a closed window draws nothing
        with contextlib.suppress(RuntimeError, TypeError):  # already gone with the window
            self.scene.selectionChanged.disconnect(self._on_selection)
        self.prefs.geometry = self.saveGeometry()
        self.prefs.sync()
        super().closeEvent(event)

    # -- each frame -----------------------------------------------------------------------------

    def tick(self, seconds: float | None = FRAME_WORK) -> None:
        """Fold new events and restyle the scene for about `seconds` (None: fold all of
        them), and move the customers a frame."""
        # Young objects are collected every frame. CPython counts the release of an old
        # object against the young generation: with thousands of customers, whose old
        # futures die as new ones are made, it grew to 200,000 objects between collections,
        # and collecting them stalled a frame for 40-90 ms. A frame's worth takes 1 ms.
        gc.collect(0)
        now = time.perf_counter()
        dt, self._last_frame = min(0.1, now - self._last_frame), now
        if seconds is not None and len(self.session.log) - self._cursor > HOLD_BEHIND:
            seconds *= 2  # far behind (a rush just came in): catch up sooner, at a slower frame
        new, served = self._fold(None if seconds is None else now + seconds * FOLD_SHARE)
        self.history.folded(self._cursor, self.state)
        if self.history.first_position() > self._forgotten:  # the oldest turns went
            self._forgotten = self.history.first_position()
            self.session.log.forget(self._forgotten)
            self.timeline.forget_before(self.history.first_turn)
        if new and self.timeline_dock.isVisible():
            self.timeline_panel.show_timeline(self.timeline, self.past)
        if self.past is not None:  # the picture shows a past turn: the live state folds unseen
            self.scene.animate(dt)
            return
        restyle = SYNC_SECONDS
        if seconds is not None:  # what is left of the frame's work, if folding took longer
            restyle = max(0.001, now + seconds - time.perf_counter())
        if new:
            self._apply(new, served, restyle)
        elif self.scene.behind:  # a rush is drawn over several frames: keep drawing it
            self.scene.sync(self.state, set(), set(), restyle)
        self.state.now = max(self.state.now, self.loop.time())
        self.tour.follow(self.session.log)  # the step's next caption, once its moment came
        self.timings.show_times(self.state.measured)
        state = self.state
        self.scene.brew_board.show(state.soonest_brews(MAX_ROWS), len(state.brews), state.now)
        self._show_rail()
        self.scene.animate(dt)
        self.view.follow(self.scene.place_of(self.selected_task()))
        figures = (
            self.state,
            self.session.started_at,
            self.loop.gate.value,
            len(self.loop.ready),
            self._rate.per_second(self.loop.turns),
        )
        line = status_line(*figures)
        if self.status.fontMetrics().horizontalAdvance(line) > self.status.contentsRect().width():
            line = status_line(*figures, compact=True)  # a narrow window: the same, shorter
        self.status.setText(line)

    def _fold(self, deadline: float | None) -> tuple[list[ev.Event], set[int]]:
        """Apply the log's new events to the state, a chunk at a time until `deadline`
        (None: all of them); those applied, and the tasks served among them."""
        new: list[ev.Event] = []
        served: set[int] = set()
        captions = []
        took = 0.0  # how long the last chunk took: is there time for another after this?
        while True:
            limit = None if deadline is None else FOLD_CHUNK
            began = time.perf_counter()
            chunk, self._cursor = self.session.log.read(self._cursor, limit)  # a position
            # A burst is summed up by the last events of the frame's last chunk: the log's
            # end, or the one the time left will not see another after.
            last = limit is None or len(chunk) < limit or began + 2 * took >= deadline
            narrated_from = len(chunk) - NARRATED_TAIL if last else len(chunk)
            for i, e in enumerate(chunk):
                if i >= narrated_from or isinstance(e, ev.Blocked | ev.SlipDropped):
                    caption = narrate(e, self.state)  # before applying: the line it resumes at
                    if caption:
                        captions.append(caption)
                    if isinstance(e, ev.Blocked | ev.SlipDropped) and caption:
                        self.statusBar().showMessage(caption, 20_000)
                self.timeline.apply(e)
                if isinstance(e, ev.StepStarted | ev.Resumed):
                    self.history.turn_began(self.state.applied, e)  # before it: "just before"
                    served.add(e.task)
                    self._relinked[e.task] = time.monotonic()
                self.state.apply(e)
            new += chunk
            took = time.perf_counter() - began
            if not chunk or deadline is None or began + took >= deadline:
                break
        if captions and self.past is None:  # the strip tells the past turn shown, meanwhile
            self.captions.tell(*captions)
        return new, served

    def _apply(self, new: list[ev.Event], served: set[int], restyle: float) -> None:
        touched = {task for e in new if (task := getattr(e, "task", None)) is not None}
        self.scene.sync(self.state, served, touched, restyle)
        lesson = self.tour.lesson
        if lesson and lesson.verdict and any(isinstance(e, ev.Measured) for e in new):
            self.tour.show_measured(self.state.measured)
        awaited = [e for e in new if isinstance(e, ev.Suspended) and e.future]
        for e in awaited[-HANDSHAKES_SHOWN:]:
            self.scene.hand_over(e.task)  # the await's handshake: the buzzer goes up and back
        self._follow_up()
        self._show_marks()
        self._show_card()

    def _follow_up(self) -> None:
        """Select the lesson's customer once it is in the picture."""
        if self._follow_name is not None:
            named = [c.id for c in self.state.customers.values() if c.name == self._follow_name]
            if named:
                self._follow, self._follow_name = named[0], None
        if self._follow is not None:
            self.scene.draw_now(self._follow)  # not left to a later frame's drawing budget
            if self.scene.draws(self._follow):
                self.select(self._follow)
                self._follow = None

    def _far_behind(self) -> bool:
        """More of the log is unfolded than a few frames fold, or more customers are still
        to be drawn than a few frames draw: the shop should wait. Not if frames have stopped
        coming (the shop must never wait on a window that does not draw: closing it, say,
        cancels every customer, and they must run to end)."""
        behind = len(self.session.log) - self._cursor > HOLD_BEHIND
        behind = behind or self.scene.still_to_draw > HOLD_UNDRAWN
        return behind and time.perf_counter() - self._last_frame < HOLD_FRAMES_GONE

    def _show_rail(self) -> None:
        tickets, last = ready_tickets(self.session, self.loop.last_turn, self.state)
        self.scene.rail.show(tickets, last, len(self.loop.ready))

    def hold_frames(self, held: bool) -> None:
        """Stop drawing frames (or start again). A still taken turn by turn is drawn once, at
        its moment, by `settle`: frames in between would group the events differently from
        run to run, and a seat or a wrap could differ in the picture."""
        if held:
            self._frames.stop()
        else:
            self._frames.start(FRAME_MS)

    def settle(self) -> None:
        """Catch up with the log and put every item where it belongs (screenshots, tests)."""
        self.tick(seconds=None)
        if self.past is not None:  # the past is drawn whole, at once
            return
        self.scene.sync(self.state, set(), set(), seconds=None)  # the customers still to draw
        self.scene.settle(self.state)
        self._follow_up()  # a lesson's customer drawn only now is selected now
        self.view.follow(self.scene.place_of(self.selected_task()))  # where it settled
        self._show_card()

    def _show_marks(self) -> None:
        selected = self.selected_task()
        shown = self.shown_state()
        marks, counts = code_marks(shown, selected), shown.line_counts()
        self.code.set_marks(marks, selected, counts)
        self._mirror_marks(marks, selected, counts)

    # -- selection -----------------------------------------------------------------------------

    def selected_task(self) -> int | None:
        return self.scene.selected_task()

    def select(self, task_id: int) -> None:
        self.scene.select(task_id)

    def do_next_customer(self) -> None:
        self._cycle(+1)

    def do_previous_customer(self) -> None:
        self._cycle(-1)

    def _cycle(self, direction: int) -> None:
        shown = self.shown_state()
        ids = [c.id for c in shown.customers.values() if not c.state.ended]
        ids = ids or list(shown.customers)
        if not ids:
            return
        current = self.selected_task()
        index = ids.index(current) + direction if current in ids else (0 if direction > 0 else -1)
        self.select(ids[index % len(ids)])

    def do_timeline(self) -> None:
        self.timeline_dock.setVisible(not self.timeline_dock.isVisible())
        if self.timeline_dock.isVisible():
            self.timeline_panel.show_timeline(self.timeline, self.past)
            # as short as its rows need: the floor above it keeps what it can
            tall = self.timeline_panel.minimumSizeHint().height()
            self.resizeDocks([self.timeline_dock], [tall], Qt.Orientation.Vertical)

    def _name_of(self, task_id: int) -> str:
        """A lane's name: the customer's display name, while the state still keeps it."""
        c = self.shown_state().customers.get(task_id) or self.state.customers.get(task_id)
        lane = self.timeline.lanes.get(task_id)
        return c.display if c is not None else (lane.name if lane else f"task {task_id}")

    def _picked_in_timeline(self, task_id: int, line: int) -> None:
        """A slice clicked: its customer is picked out, and the code shows the slice's line."""
        if self.scene.draws(task_id):
            self.select(task_id)
        else:
            self.statusBar().showMessage(f"{self._name_of(task_id)} is not in the shop now", 4000)
        if line:
            self.code.scroll_to_line(line)

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
        relinked = self._relinked.get(task) if live else None
        self.card.show_customer(customer, terms, relinked)
        line = customer.line if customer else None
        if customer is not None and customer.cancelled_at and customer.state.ended:
            line = customer.cancelled_at
        if line and line != self.code.followed_line:
            self.code.scroll_to_line(line)


def _column(*widgets: QWidget, grow: QWidget) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(6, 6, 6, 6)
    for widget in widgets:
        column.addWidget(widget, 1 if widget is grow else 0)
    return box
