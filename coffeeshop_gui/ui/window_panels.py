"""The window's panels: the shop floor beside the code and card, the toolbars, the timeline.

Built once, when the window is made; each run (`ShopWindow.start`) only refills them. The
floor gets the larger share of the width, as a projected shop must be legible from the
back of a room; the timeline is a dock, hidden until asked for (L), for the same reason.
The toolbars wrap to as many rows as the window needs, so no command ever hides behind an
overflow button.

`WindowPanels` is mixed into `ShopWindow`; its `self` is a `WindowHost` (window_host.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from coffeeshop_gui.loop.session import MAX_CUSTOMERS
from coffeeshop_gui.ui.card import SavedSpotCard
from coffeeshop_gui.ui.code_panel import CodePanel
from coffeeshop_gui.ui.drinks_bar import DrinksBar
from coffeeshop_gui.ui.narration_strip import NarrationStrip
from coffeeshop_gui.ui.time_travel import HistoryBar
from coffeeshop_gui.ui.timings_panel import TimingsPanel
from coffeeshop_gui.ui.toolbar import PACES, SPEEDS, add_choice, add_commands
from coffeeshop_gui.ui.tour import Tour
from coffeeshop_gui.ui.view import ShopView
from coffeeshop_gui.ui.window_host import WindowHost

if TYPE_CHECKING:  # the keys' and the timeline's modules load when they are first shown
    from coffeeshop_gui.ui.help_overlay import HelpOverlay
    from coffeeshop_gui.ui.timeline_panel import TimelinePanel

SHOP_SHARE = 62  # percent of the width the shop floor gets beside the code
# Pixels the toolbar area spends besides its bars' own size hints (margins, handles): a row
# measured to fit within them still overflowed on PySide6 6.12.
TOOLBAR_SLACK = 32
FIRST_SIZE = (1440, 900)  # the first window, if the screen has room for it
CODE_AND_CARD = (520, 240)  # the code's and the card's first heights (in proportion)
COLUMN_MARGIN = 6  # pixels around each of the two columns, floor and code
# The speed and the pace chosen while none is remembered (indexes in SPEEDS and PACES): 1x,
# shop time is real time; 0.25 s between turns, slow enough to see each one.
FIRST_SPEED = 2
FIRST_PACE = 2
# The rush the spin box offers first: a crowd, enough to show one thread serving many at
# once. It steps by a hundred.
FIRST_RUSH = 1000
RUSH_STEP = 100
NOT_HERE_MESSAGE_MS = 4000  # "... is not in the shop now": a short note, for a click


class WindowPanels(WindowHost):
    """`_build` lays the window out; `fit_toolbars` and the timeline dock keep it usable."""

    _toolbar_break: bool  # the pace bar is on a row of its own, under the commands

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
        code_and_card.setSizes(list(CODE_AND_CARD))
        self.timings = TimingsPanel()
        right = _column(self.file_label, code_and_card, self.timings, grow=code_and_card)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        # The shop is fitted to its width: it gets the larger share, the code the rest.
        split.setStretchFactor(0, SHOP_SHARE)
        split.setStretchFactor(1, 100 - SHOP_SHARE)
        split.setSizes([SHOP_SHARE * 10, (100 - SHOP_SHARE) * 10])
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
        # The readouts fill the bar, and a message (a refusal, a blocked call) is drawn only
        # in what a permanent widget leaves: none. They stand aside while one is shown.
        self.statusBar().messageChanged.connect(lambda message: self.status.setVisible(not message))
        self._help: HelpOverlay | None = None
        self._timeline_panel: TimelinePanel | None = None
        self.timeline_dock = QDockWidget("Timeline: each customer, step by step", self)
        self.timeline_dock.setObjectName("timeline")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.timeline_dock.hide()  # L shows it: on a projector the floor needs the room
        self._build_toolbar()
        self.actions_by_name["edit"].setCheckable(True)  # on while the editor shows
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
        self.speed = add_choice(
            bar, " speed ", SPEEDS, self.prefs, "speed", FIRST_SPEED, self.loop.set_speed
        )
        self.pace = add_choice(
            bar, "  each turn ", PACES, self.prefs, "pace", FIRST_PACE, self.loop.set_pace
        )
        bar.addSeparator()
        self.rush_size = QSpinBox()
        self.rush_size.setRange(1, MAX_CUSTOMERS)
        self.rush_size.setValue(FIRST_RUSH)
        self.rush_size.setSingleStep(RUSH_STEP)
        self.rush_size.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rush_size.setToolTip("How many customers the rush brings (H)")
        bar.addWidget(self.rush_size)
        bar.addAction(self.actions_by_name["rush"])

    @property
    def help(self) -> HelpOverlay:
        """The keys over the window (F1), built the first time they are asked for."""
        if self._help is None:
            from coffeeshop_gui.ui.help_overlay import HelpOverlay

            covered = self.centralWidget()  # the floor, the code and the captions
            assert covered is not None  # set by `_build`
            self._help = HelpOverlay(covered)
        return self._help

    def help_shown(self) -> bool:
        return self._help is not None and self._help.isVisible()

    @property
    def timeline_panel(self) -> TimelinePanel:
        """The timeline's lanes, built the first time they are asked for: the first frame
        has the dock hidden (L shows it), and a window that never shows it never pays."""
        if self._timeline_panel is None:
            from coffeeshop_gui.ui.timeline_panel import TimelinePanel

            panel = self._timeline_panel = TimelinePanel()
            panel.lanes.turn_picked.connect(self.go_to_turn)
            panel.lanes.customer_picked.connect(self._on_timeline_customer_picked)
            panel.lanes.name_of = self._name_of
            panel.restyle(self.zoom)
            panel.show_timeline(self.timeline, self.past)
            self.timeline_dock.setWidget(panel)
        return self._timeline_panel

    def show_timeline(self) -> None:
        """The timeline up to date with the run and the moment shown, once it is built."""
        if self._timeline_panel is not None:
            self._timeline_panel.show_timeline(self.timeline, self.past)

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

    def _on_timeline_customer_picked(self, task_id: int, line: int) -> None:
        """A slice clicked: its customer is picked out, and the code shows the slice's line."""
        if self.scene.draws(task_id):
            self.select(task_id)
        else:
            self.statusBar().showMessage(
                f"{self._name_of(task_id)} is not in the shop now", NOT_HERE_MESSAGE_MS
            )
        if line:
            self.code.scroll_to_line(line)


def _column(*widgets: QWidget, grow: QWidget) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(*(COLUMN_MARGIN,) * 4)
    for widget in widgets:
        column.addWidget(widget, 1 if widget is grow else 0)
    return box
