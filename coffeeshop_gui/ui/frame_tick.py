"""The window's frame: each tick folds the log's new events into the state and redraws.

The loop appends events far faster than a screen shows them (a rush: hundreds of
thousands a second), so a frame works to a budget: it folds events a chunk at a time
until its share of the frame is spent, then restyles the scene with what is left, and the
rest waits for the next frame. While the picture is far behind, the window's `hold`
answer makes the shop loop wait, so the picture trails the program by a bounded amount.

`FrameTick` is mixed into `ShopWindow`; its `self` is a `WindowHost` (window_host.py). It
reads and advances the window's `state`, `_cursor` (the log position folded up to),
`history`, `timeline` and `_relinked`, which `ShopWindow.start` resets for each run.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.ui.items.boards import MAX_ROWS
from coffeeshop_gui.ui.narration import narrate
from coffeeshop_gui.ui.readouts import code_marks, ready_tickets, status_line
from coffeeshop_gui.ui.scene import SYNC_SECONDS
from coffeeshop_gui.ui.window_host import WindowHost

FRAME_MS = 16  # a frame every 16 ms: about 60 a second, as a screen refreshes
FRAME_WORK = 0.005  # seconds a frame folds events and restyles the scene: a burst takes a few
FOLD_SHARE = 0.4  # of that, folding; the rest restyles (MIN_RESTYLE at least)
# Seconds a frame restyles the scene for however long folding took: drawing never stops.
MIN_RESTYLE = 0.001
FOLD_CHUNK = 100  # events folded between looks at the clock (a frame folds one at least)
HOLD_BEHIND = 50_000  # log positions (a few frames of events) unfolded: the shop waits
HOLD_UNDRAWN = 2_000  # customers whose change is still to be drawn: the shop waits too
HOLD_FRAMES_GONE = 0.5  # seconds without a frame after which the shop waits no more
# A run waits this long at most for the window's first picture of it (one never shown).
HOLD_FIRST_PICTURE = 1.0
# While that far behind (a rush just came in), a frame works this many times its budget:
# it catches up sooner, at a slower frame rate.
CATCH_UP_WORK = 2
# The chunk being folded is the frame's last if it and one more, each as long as the one
# before, would not both be done by the deadline.
CHUNKS_LOOKED_AHEAD = 2
# The most shop-floor motion one frame makes, in seconds: after a stall (a blocked program,
# a modal dialog) the customers walk on from where they were instead of jumping.
MAX_FRAME_MOTION = 0.1
# A blocked loop or a dropped slip is said in the status bar for this long (ms): a person
# looking back after the freeze still reads it.
BLOCKED_MESSAGE_MS = 20_000
# A burst is told by its last events only: narrating ten thousand to keep two sentences
# cost a frame. Forty is enough to find the two that are worth a sentence.
NARRATED_TAIL = 40
# A frame starts at most this many await handshakes (buzzer up to the counter and back): in
# a burst, more would be a blur of buzzers, and each is an item moved every frame.
HANDSHAKES_SHOWN = 4


def is_last_chunk(size: int, limit: int, began: float, took: float, deadline: float) -> bool:
    """Whether a chunk of `size` events (at most `limit`), begun at `began`, is the frame's
    last: it reached the log's end, or it and one more, each as long as the one before
    (`took`), would not both be done by `deadline`."""
    return size < limit or began + CHUNKS_LOOKED_AHEAD * took >= deadline


def narrated_start(size: int, last: bool) -> int:
    """Where narration starts in a chunk of `size` events. A burst is summed up by the last
    events of the frame's last chunk, so only that chunk's tail is narrated."""
    return size - NARRATED_TAIL if last else size


class FrameTick(WindowHost):
    """`tick` (each frame) and `settle` (all at once): the log, folded and drawn."""

    still = False  # drawing stills (`save_still`): no figure read off the wall clock

    # -- each frame -----------------------------------------------------------------------------

    def tick(self, seconds: float | None = FRAME_WORK) -> None:
        """Fold new events and restyle the scene for about `seconds` (None: fold all of
        them), and move the customers a frame."""
        try:
            self._frame(seconds)
        finally:  # a slow frame is still a frame: the shop may wait for the next one
            self._frame_ended = time.perf_counter()
            self.frames += 1

    def _frame(self, seconds: float | None) -> None:
        # Young objects are collected every frame. CPython counts the release of an old
        # object against the young generation: with thousands of customers, whose old
        # futures die as new ones are made, it grew to 200,000 objects between collections,
        # and collecting them stalled a frame for 40-90 ms. A frame's worth takes 1 ms.
        gc.collect(0)
        now = time.perf_counter()
        dt, self._last_frame = min(MAX_FRAME_MOTION, now - self._last_frame), now
        if seconds is not None and len(self.session.log) - self._cursor > HOLD_BEHIND:
            seconds *= CATCH_UP_WORK
        new, served = self._fold(None if seconds is None else now + seconds * FOLD_SHARE)
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
            restyle = max(MIN_RESTYLE, now + seconds - time.perf_counter())
        if new:
            self._apply(new, served, restyle)
        elif self.scene.behind:  # a rush is drawn over several frames: keep drawing it
            self.scene.sync(self.state, set(), set(), restyle)
        self.state.now = max(self.state.now, self.loop.time())
        if self.loop.gate is not self._gate_shown:  # the loop paused itself (a horizon, say)
            self._show_gate()
        self.tour.follow(self.session.log)  # the step's next caption, once its moment came
        self.timings.show_times(self.state.measured)
        state = self.state
        self.scene.brew_board.show_brews(state.soonest_brews(MAX_ROWS), len(state.brews), state.now)
        self._show_rail()
        self.scene.animate(dt)
        self.view.follow(self.scene.place_of(self.selected_task()))
        figures = (
            self.state,
            self.session.started_at,
            self.loop.gate.value,
            len(self.loop.ready),
            None if self.still else self._rate.per_second(self.loop.turns),
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
            last = deadline is None or is_last_chunk(len(chunk), FOLD_CHUNK, began, took, deadline)
            narrated_from = narrated_start(len(chunk), last)
            for i, e in enumerate(chunk):
                if i >= narrated_from or isinstance(e, ev.Blocked | ev.SlipDropped):
                    caption = narrate(e, self.state)  # before applying: the line it resumes at
                    if caption:
                        captions.append(caption)
                    if isinstance(e, ev.Blocked | ev.SlipDropped) and caption:
                        self.statusBar().showMessage(caption, BLOCKED_MESSAGE_MS)
                self.timeline.apply(e)
                if isinstance(e, ev.StepStarted | ev.Resumed):
                    self.history.turn_began(self.state.applied, e)  # before it: "just before"
                    served.add(e.task)
                    self._relinked[e.task] = time.monotonic()
                self.state.apply(e)
            new += chunk
            # A moment may be due: kept between chunks, not only once a frame, which folds
            # thousands at fast-forward (a far step back folds from the moment before it).
            self.history.folded(self._cursor, self.state)
            took = time.perf_counter() - began
            if last:  # as narrated: a chunk longer than foreseen still has its tail told
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
        cancels every customer, and they must run to end).

        A run just started waits, too, for the window's first picture of it: the shop's
        clock stands still while the shop waits (`ShopLoop`), and drawing a new floor
        took 50-200 ms, which at 1x main's first step spent in line, and every time after
        it with it. A replay, started on a floor drawn, was then not the same shop."""
        painted, since = self._first_picture_due
        if self.view.painted == painted and time.perf_counter() - since < HOLD_FIRST_PICTURE:
            return True
        behind = len(self.session.log) - self._cursor > HOLD_BEHIND
        behind = behind or self.scene.still_to_draw > HOLD_UNDRAWN
        return behind and time.perf_counter() - self._frame_ended < HOLD_FRAMES_GONE

    def _show_rail(self) -> None:
        tickets, last = ready_tickets(self.session, self.loop.last_turn, self.state)
        self.scene.rail.show_tickets(tickets, last, len(self.loop.ready))

    @property
    def unfolded(self) -> int:
        """Events in the log that the picture has not folded yet."""
        return len(self.session.log) - self._cursor

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

    def save_still(self, path: str | Path) -> bool:
        """Settle, then write the window to `path` as a PNG (a screenshot, a clip's frame):
        the same picture every run of the same moment. So from then on the status bar leaves
        out the callbacks a second: counted on this machine's clock, they tell how fast the
        run went, not the moment. False if the file could not be written."""
        self.still = True
        self.settle()
        self.code.show_as_still()
        return self.grab().save(str(path), "PNG")

    def _show_marks(self) -> None:
        selected = self.selected_task()
        shown = self.shown_state()
        marks, counts = code_marks(shown, selected), shown.line_counts()
        self.code.set_marks(marks, selected, counts)
        self._mirror_marks(marks, selected, counts)
