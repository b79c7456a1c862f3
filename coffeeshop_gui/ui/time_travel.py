"""Going back through the run: the shop as it stood before any past step, and back to now.

A step is one run of a task's coroutine up to its next await or its end (asyncio's
`Task.__step`): the unit the history and the timeline count. A turn of the loop (what Step and
`--turn` count) runs one callback, which may be a step, or a timer's or a Future's callback.

Real coroutines cannot run backwards, and the shop never pretends they do. Looking at the
past pauses the live program (its loop takes no turn meanwhile: a replay under way stops)
and draws, on a floor of its own (made fresh at the first step back, then redrawn where
customers differ), the state folded from the log up to that turn (`model/history.py`): the
customers where they stood, the code marks on the lines they waited on, the card with the
await chain and locals recorded then, the timers then pending and the tasks then in line. A
bar over the floor says it is the past. "Back to now" (End) draws the live shop again and
lets the program go on as it was (playing, if it was).

`TimeTravel` is mixed into `ShopWindow`, whose floor, panels and loop it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from coffeeshop_gui.engine.program import ProgramError
from coffeeshop_gui.loop.shop_loop import Gate
from coffeeshop_gui.model.history import same_moment
from coffeeshop_gui.model.state import ShopState
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.boards import MAX_ROWS
from coffeeshop_gui.ui.items.ticket_rail import Ticket
from coffeeshop_gui.ui.narration import narrate
from coffeeshop_gui.ui.readouts import RAIL_TICKETS
from coffeeshop_gui.ui.theme import theme
from coffeeshop_gui.ui.window_host import WindowHost

if TYPE_CHECKING:
    from coffeeshop_gui.loop.session import Session

HISTORY_TEXT_PX = 17  # the bar's text at zoom 1
REPLAY_WAIT_MS = 2  # a replay looks again this soon while a step is still to run
PAST_MESSAGE_MS = 6_000
# A replay's verdict stays long enough to read twice; "no further back" only a moment.
REPLAYED_MESSAGE_MS = 15_000
NO_FURTHER_MS = 4000
BAR_MARGINS = (10, 4, 10, 4)  # pixels around the bar's text and buttons: left, top, right, bottom


class HistoryBar(QWidget):
    """Over the shop floor while it shows the past: which turn, and the way back to now."""

    now_requested = Signal()
    replay_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("history")
        row = QHBoxLayout(self)
        row.setContentsMargins(*BAR_MARGINS)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.back_to_now = QPushButton("Back to now (End)")
        self.back_to_now.clicked.connect(self.now_requested)
        self.replay = QPushButton("Replay to here (R)")
        self.replay.clicked.connect(self.replay_requested)
        row.addWidget(self.text, 1)
        row.addWidget(self.replay)
        row.addWidget(self.back_to_now)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # its style sheet's background
        self.hide()

    def show_turn(self, number: int, of: int, first: int, at: float, who: str) -> None:
        reach = f" (kept from step {first + 1})" if first else ""
        self.text.setText(
            f"<b>HISTORY</b> · before step {number + 1} of {of}{reach} · {at:.2f} s · "
            f"{who} is served next · the program is paused"
        )

    def restyle(self, zoom: float) -> None:
        look = theme()
        px = round(HISTORY_TEXT_PX * zoom)
        self.setStyleSheet(
            f"QWidget#history {{ background: {look.captions}; }}"
            f" QLabel {{ color: {look.captions_ink}; font-size: {px}px; }}"
            f" QPushButton {{ font-size: {px}px; }}"
        )


def past_tickets(state: ShopState, served_last: int | None) -> tuple[list[Ticket], Ticket | None]:
    """The tasks in line as tickets, and the turn taken before: from the log, which records
    tasks' turns only (a callback that is no task's step is not in it)."""

    def ticket(tid: int, kind: str) -> Ticket:
        c = state.customers.get(tid)
        name = c.display if c is not None else f"task {tid}"
        return Ticket(name, kind, palette.customer_colour(tid).name())

    tickets: list[Ticket] = []
    for tid in state.queue:
        if len(tickets) == RAIL_TICKETS:  # not a walk through a rush's ten thousand
            break
        if tid == state.running:
            continue
        c = state.customers.get(tid)
        kind = "start" if c is None or c.steps == 0 else "wake-up" if c.buzzer_lit else "step"
        tickets.append(ticket(tid, kind))
    last = ticket(served_last, "step") if served_last is not None else None
    return tickets, last


class TimeTravel(WindowHost):
    """`do_back`, `do_forward`, `do_now`, `do_replay`: the window's commands for the past."""

    past: int | None = None  # the turn shown (the shop just before it), None: the live shop
    _played_before_past = False
    # A replay under way: the turn it runs to, the shop it should land on (and when that
    # run began), and the session it steps, which stops it when another run starts.
    _replaying: tuple[int, ShopState, float, int, Session] | None = None

    def do_replay(self) -> None:
        """Run the program again from its start, a callback at a time, to just before the
        turn shown: the live shop then stands where the past showed it, and can go on from
        there. Shown beside it is whether it landed on the same shop: a program that only
        waits on timers does (the shop's clock is virtual); one that waits on the outside
        world, threads or real time may not."""
        if self.past is None or self._replaying is not None:
            return
        target, (expected, _began) = self.past, self.history.before(self.past)
        started, by_hand = self.session.started_at, self.session.sent_by_hand
        try:  # the code that ran, not the file as it is now: it may have changed on disk
            program = self._reload_running(from_disk=False)
        except ProgramError as exc:  # it compiled before: only a vanished import path fails
            self.statusBar().showMessage(f"Not replayed: {exc}", REPLAYED_MESSAGE_MS)
            return
        self.start(program, paused=True)  # the live shop again, from the start
        self._replaying = (target, expected, started, by_hand, self.session)
        self.statusBar().showMessage(f"Replaying to step {target + 1}…")
        QTimer.singleShot(0, self._replay_a_callback)

    def _replay_a_callback(self) -> None:
        if self._replaying is None:
            return
        target, expected, started, by_hand, session = self._replaying
        if session is not self.session or self.past is not None:  # another run, or Back
            self._replaying = None
            self.statusBar().showMessage(
                f"Replay to step {target + 1} stopped before it got there", REPLAYED_MESSAGE_MS
            )
            return
        if self.loop.step_pending:
            QTimer.singleShot(REPLAY_WAIT_MS, self._replay_a_callback)
            return
        self.tick(seconds=None)
        taken = self.history.last_turn
        head = self.loop.ready[0] if self.loop.ready else None
        a_turn_next = head is not None and self.session.describe(head)[0] is not None
        if taken > target or (taken == target and a_turn_next) or self.loop.idle:
            self._replaying = None
            self.settle()
            same = same_moment(self.state, self.session.started_at, expected, started)
            if same:
                verdict = "the same shop as before"
            elif by_hand:  # a rush or a drink dragged in: the person's, not the program's
                verdict = (
                    f"not the same shop: the {by_hand:,} customer{'s' * (by_hand != 1)} sent"
                    " in by hand (a rush, a drink dragged in) are not replayed"
                )
            else:
                verdict = "not the same shop: this run waited on the outside world or real time"
            self.statusBar().showMessage(
                f"Replayed to just before step {target + 1}: {verdict}", REPLAYED_MESSAGE_MS
            )
            self.captions.tell(f"Replayed to just before step {target + 1}: {verdict}")
            return
        self.loop.step()
        QTimer.singleShot(0, self._replay_a_callback)

    def in_past(self) -> bool:
        return self.past is not None

    @property
    def replaying(self) -> bool:
        """A replay to a past step (R) is running the program again."""
        return self._replaying is not None

    def do_back(self) -> None:
        """One turn back: the shop as it stood before the last turn shown."""
        history = self.history
        if self.past is None:
            if not history.turns:
                self.statusBar().showMessage(
                    "No task has taken a step yet: nothing to go back to", NO_FURTHER_MS
                )
                return
            self.go_to_turn(history.last_turn - 1)
        elif self.past > history.first_turn:
            self.show_turn(self.past - 1)
        else:
            self.statusBar().showMessage(
                "The history reaches back no further (see README: how far back)", NO_FURTHER_MS
            )

    def do_forward(self) -> None:
        """One turn forward in the past; past the last turn taken, back to now."""
        if self.past is None:
            return
        if self.past + 1 >= self.history.last_turn:
            self.do_now()
        else:
            self.show_turn(self.past + 1)

    def do_now(self) -> None:
        """Back to the live shop; the program goes on as it was."""
        if self.past is None:
            return
        self.past = None
        self.history_bar.hide()
        self.drinks.setVisible(bool(self.drinks.chips))
        selected = self.scene.selected_task()
        self._draw_fresh(self.state, selected)
        self.captions.tell("Back to now: the live shop")
        self.show_timeline()
        if self._played_before_past:
            self.loop.play()
        self._show_gate()

    def go_to_turn(self, number: int) -> None:
        """Show the past turn `number` (from the timeline, or Back): the program pauses."""
        if not self.history.turns:
            return
        if self.past is None:
            self._played_before_past = self.loop.gate is Gate.PLAY
            self.loop.pause()
            self._show_gate()
        self.show_turn(number)

    def show_turn(self, number: int) -> None:
        """Draw the shop as it stood just before turn `number`, from the log."""
        history = self.history
        number = max(history.first_turn, min(number, history.last_turn - 1))
        selected = self.scene.selected_task()
        state, began = history.before(number)
        fresh, self.past = self.past is None, number  # the card and marks read `past`
        if fresh:
            self._draw_fresh(state, selected, past=True)
        else:  # the past floor shown is kept: only who differs is drawn again
            self._draw_moment(state, selected)
        who = state.customers.get(began.task)
        name = who.display if who is not None else f"task {began.task}"
        at = began.t - self.session.started_at  # shop time since the run began, as the readouts
        self.history_bar.show_turn(number, history.last_turn, history.first_turn, at, name)
        self.history_bar.show()
        self.drinks.hide()  # no drink can be ordered in the past
        served_last = history.turn(number - 1).task if number > history.first_turn else None
        self.scene.rail.show_tickets(*past_tickets(state, served_last), len(state.queue))
        self.scene.brew_board.show_brews(state.soonest_brews(MAX_ROWS), len(state.brews), state.now)
        self.show_timeline()
        told = narrate(began, state)
        self.captions.restart(f"Next, step {number + 1}: {told}" if told else f"Step {number + 1}")

    def refuse_in_past(self) -> bool:
        """A gesture that would change the live program, made while the past is shown."""
        if self.past is None:
            return False
        self.statusBar().showMessage(
            "This is the past: press End (back to now) to change the shop", PAST_MESSAGE_MS
        )
        return True

    def shown_state(self) -> ShopState:
        """The state the picture shows: the live one, or a past turn's."""
        return self.scene.state_shown()
