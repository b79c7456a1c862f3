"""The main window: the shop floor beside the code, driven by one frame timer.

Each frame reads the events appended since the last one, folds them into the state, and
lets the scene and the code panel redraw from it. Nothing here runs asyncio logic: the
window starts sessions and sends the loop its teaching commands.
"""

from __future__ import annotations

import math
import time
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGraphicsView,
    QLabel,
    QMainWindow,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from coffeeshop_gui.engine.program import Program, ProgramError, load_program, recipes
from coffeeshop_gui.loop.session import Session
from coffeeshop_gui.loop.shop_loop import Gate, ShopLoop
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import CustomerState, ShopState
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.code_panel import CodePanel, Mark
from coffeeshop_gui.ui.items.customer import CustomerItem
from coffeeshop_gui.ui.narration import narrate
from coffeeshop_gui.ui.scene import ShopScene

FRAME_MS = 16
CAPTION_LINES = 3
PACES = [("instant", 0.0), ("0.1 s", 0.1), ("0.25 s", 0.25), ("0.5 s", 0.5), ("1 s", 1.0)]
SPEEDS = [
    ("¼×", 0.25),
    ("½×", 0.5),
    ("1×", 1.0),
    ("2×", 2.0),
    ("4×", 4.0),
    ("skip waits", math.inf),
]


class ShopView(QGraphicsView):
    """Shows the whole shop floor, scaled to fit the window."""

    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # No scrollbars: one that comes and goes would change the width it is fitted to.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setBackgroundBrush(palette.FLOOR)

    def fit(self) -> None:
        """Show the whole floor, as large as the view allows."""
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        self.fit()


class ShopWindow(QMainWindow):
    """The app's window over one shop loop; `open_program` swaps what the shop runs."""

    def __init__(self, loop: ShopLoop, program: Program) -> None:
        super().__init__()
        self.loop = loop
        self.session: Session | None = None
        self.state = ShopState()
        self._cursor = 0
        self._captions: list[str] = []
        self._last_frame = time.perf_counter()
        self._build()
        self.start(program)
        self._frames = QTimer(self)
        self._frames.timeout.connect(self.tick)
        self._frames.start(FRAME_MS)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle("Coffee Shop asyncio")
        self.view = ShopView()
        self.code = CodePanel()
        self.file_label = QLabel()
        self.file_label.setFont(QFont("DejaVu Sans", 12, QFont.Weight.Bold))
        self.card = QLabel()
        self.card.setWordWrap(True)
        self.card.setTextFormat(Qt.TextFormat.RichText)
        self.card.setMinimumHeight(96)
        self.card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.card.setStyleSheet(
            "QLabel { background: #fff7e6; border: 1px solid #e0cfae; "
            "border-radius: 6px; padding: 8px; font-size: 13px; }"
        )
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.file_label)
        column.addWidget(self.code, 1)
        column.addWidget(self.card)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(right)
        split.setSizes([800, 640])
        self.captions = QLabel()
        self.captions.setTextFormat(Qt.TextFormat.RichText)
        self.captions.setStyleSheet(
            f"QLabel {{ background: {palette.WALL.name()}; color: #fff4e0;"
            " padding: 8px 14px; font-size: 17px; }"
        )
        self.captions.setMinimumHeight(3 * 26)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(split, 1)
        outer.addWidget(self.captions)
        self.setCentralWidget(central)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status, 1)
        self._build_toolbar()

    def _build_toolbar(self) -> None:
        bar = QToolBar("Shop")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        icon = self.style().standardIcon
        sp = QStyle.StandardPixmap
        self.play_action = self._action(bar, "Pause", "Space", self.toggle_play)
        self.play_action.setIcon(icon(sp.SP_MediaPause))
        self._action(bar, "Step", "Right", self.step).setIcon(icon(sp.SP_MediaSkipForward))
        self._action(bar, "Restart", "Ctrl+R", self.restart).setIcon(icon(sp.SP_BrowserReload))
        self._action(bar, "Open…", QKeySequence.StandardKey.Open, self.choose_program).setIcon(
            icon(sp.SP_DialogOpenButton)
        )
        bar.addSeparator()
        bar.addWidget(QLabel(" speed "))
        self.speed = QComboBox()
        for label, rate in SPEEDS:
            self.speed.addItem(label, rate)
        self.speed.setCurrentIndex(2)
        self.speed.setToolTip("How fast shop time runs: brews, sleeps and timeouts")
        self.speed.currentIndexChanged.connect(
            lambda i: self.loop.set_speed(self.speed.itemData(i))
        )
        bar.addWidget(self.speed)
        bar.addWidget(QLabel("  each turn at the counter "))
        self.pace = QComboBox()
        for label, seconds in PACES:
            self.pace.addItem(label, seconds)
        closest = min(range(len(PACES)), key=lambda i: abs(PACES[i][1] - self.loop.pace))
        self.pace.setCurrentIndex(closest)
        self.pace.setToolTip("Slow motion for the cashier: shop time waits while customers queue")
        self.pace.currentIndexChanged.connect(lambda i: self.loop.set_pace(self.pace.itemData(i)))
        bar.addWidget(self.pace)

    def _action(self, bar: QToolBar, text: str, keys: object, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        bar.addAction(action)
        return action

    # -- sessions ------------------------------------------------------------------------------

    def start(self, program: Program) -> None:
        """Run `program` from the start on a fresh shop floor."""
        if self.session is not None:
            self.session.close()
        self.program = program
        self.session = Session(self.loop, program)
        self.state = ShopState()
        self._cursor = 0
        self._captions = [f"Opened {program.title}: main() runs as the task named main"]
        self.scene = ShopScene(recipes(program.source))
        self.scene.selectionChanged.connect(self._on_selection)
        self.view.setScene(self.scene)
        self.view.fit()
        self.code.show_source(program.source)
        self.file_label.setText(f"{program.title}  —  the line each customer waits on")
        self.tick()

    def open_program(self, path: str | Path) -> bool:
        """Load and run a program; a bad file leaves the running shop untouched."""
        try:
            program = load_program(path)
        except ProgramError as exc:
            self.statusBar().showMessage(f"Not opened: {exc}", 10000)
            return False
        self.start(program)
        return True

    def choose_program(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open a program with async def main()",
            str(self.program.path.parent),
            "Python (*.py)",
        )
        if path:
            self.open_program(path)

    def restart(self) -> None:
        self.open_program(self.program.path)

    # -- the teaching controls --------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.loop.gate is Gate.PLAY:
            self.loop.pause()
        else:
            self.loop.play()
        self._show_gate()

    def step(self) -> None:
        self.loop.step()
        self._show_gate()

    def _show_gate(self) -> None:
        playing = self.loop.gate is Gate.PLAY
        self.play_action.setText("Pause" if playing else "Play")
        sp = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_action.setIcon(self.style().standardIcon(sp))

    # -- each frame -----------------------------------------------------------------------------

    def tick(self) -> None:
        """Fold new events, restyle the scene, move the customers one frame."""
        now = time.perf_counter()
        dt, self._last_frame = min(0.1, now - self._last_frame), now
        assert self.session is not None
        new = self.session.log.since(self._cursor)
        self._cursor += len(new)
        if new:
            self._apply(new)
        self.state.now = max(self.state.now, self.loop.time())
        self.scene.brew_board.show(list(self.state.brews.values()), self.state.now)
        self.scene.animate(dt)
        self._show_status()

    def _apply(self, new: list[ev.Event]) -> None:
        served = set()
        captions = []
        narrated_from = len(new) - 40  # a burst is summed up by its last events
        for i, e in enumerate(new):
            if i >= narrated_from or isinstance(e, ev.Blocked):
                caption = narrate(e, self.state)  # before applying: the line it resumes at
                if caption:
                    captions.append(caption)
                if isinstance(e, ev.Blocked) and caption:
                    self.statusBar().showMessage(caption, 20_000)
            self.state.apply(e)
            if isinstance(e, ev.StepStarted | ev.Resumed):
                served.add(e.task)
        if captions:
            self._captions = (self._captions + captions)[-CAPTION_LINES:]
            self.captions.setText("<br>".join(escape(c) for c in self._captions))
        self.scene.sync(self.state, served)
        self._show_marks()
        self._show_card()

    def settle(self) -> None:
        """Catch up with the log and put every item where it belongs (screenshots, tests)."""
        self.tick()
        self.scene.settle()

    def _show_marks(self) -> None:
        marks = []
        for c in self.state.customers.values():
            failed = c.state is CustomerState.FAILED
            if c.line is not None and (not c.state.ended or failed):
                colour = palette.customer_colour(c.id).name()
                marks.append(Mark(c.id, c.line, colour, palette.initial(c.name), failed))
        self.code.set_marks(marks, self.selected_task())

    def _show_status(self) -> None:
        live = len(self.state.live)
        ended = len(self.state.customers) - live
        gate = {Gate.PLAY: "playing", Gate.PAUSED: "paused", Gate.STEP: "stepping"}[self.loop.gate]
        self.status.setText(
            f"shop time {self.state.now - self.session.started_at:6.1f} s   ·   {gate}   ·   "
            f"customers (tasks): {live} in the shop, {ended} left   ·   ready queue: "
            f"{len(self.loop.ready)}   ·   timers: {len(self.state.brews)}   ·   threads running "
            f"Python: 1   ·   turns at the counter: {self.loop.turns}"
        )

    # -- selection -----------------------------------------------------------------------------

    def selected_task(self) -> int | None:
        items = [i for i in self.scene.selectedItems() if isinstance(i, CustomerItem)]
        return items[0].task_id if items else None

    def select(self, task_id: int) -> None:
        self.scene.clearSelection()
        item = self.scene.customers.get(task_id)
        if item is not None:
            item.setSelected(True)

    def _on_selection(self) -> None:
        task = self.selected_task()
        self._show_marks()
        self._show_card()
        customer = self.state.customers.get(task) if task else None
        if customer is not None and customer.line:
            self.code.scroll_to_line(customer.line)

    def _show_card(self) -> None:
        task = self.selected_task()
        c = self.state.customers.get(task) if task else None
        if c is None:
            self.card.setText(
                "<b>Click a customer</b> to see its saved spot: the line it waits "
                "on, what it awaits, and its local variables."
            )
            return
        colour = palette.customer_colour(c.id).name()
        where = f"line {c.line}" if c.line else "not started yet"
        chain = " → ".join(f"{f}() line {n}" for f, n in c.chain) or "—"
        local = escape(", ".join(f"{k} = {v}" for k, v in c.locals)) or "—"
        extra = (
            f"<br><span style='color:#c62828'><b>{escape(c.error)}</b></span>" if c.error else ""
        )
        if c.value and not c.error:
            extra = f"<br>last value: <code>{escape(c.value)}</code>"
        if c.blocked is not None:
            at = f" at line {c.blocked.line}" if c.blocked.line else ""
            extra += (
                f"<br><span style='color:#c62828'>held the whole shop for "
                f"{c.blocked.seconds:.1f} s{at} without awaiting</span>"
            )
        self.card.setText(
            f"<b style='color:{colour}'>● {c.name}</b> &nbsp; task of <code>{c.coro}()</code>"
            f" &nbsp; <i>{c.state.value}</i> at {where}<br>await chain: {chain}<br>"
            f"locals: <code>{local}</code>{extra}"
        )
