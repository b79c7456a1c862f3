"""Going back: the shop at any past turn, folded again from the log.

Real coroutines cannot run backwards, and nothing here pretends they do. The log already
holds every event in order, and the state is only ever a fold of a prefix of it, so the shop
as it stood before turn K is `fold(events before turn K)`: the same picture the live shop
showed then, line, await chain and locals as they were recorded.

Folding from the first event would cost a long run more the further it got, so the history
keeps a copy of the folded state (a moment) every so many events, and shows a past turn by
copying the moment before it and folding the few events between. Memory is bounded: past
`keep_events` events the oldest moments, and the log before them, are let go, and the history
says how far back it still reaches.

A turn is a customer's step at the counter: the cashier takes a task's handle from the ready
queue and runs its coroutine until it awaits or ends (`StepStarted`, `Resumed`). Callbacks
that are no task's step (a timer's, a done callback) happen between turns.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, fields, is_dataclass

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog
from coffeeshop_gui.model.state import AUTO_NAME_PREFIX, PackedState, ShopState, is_auto_name

# Events between kept moments: at least MOMENT_EVERY, and more with more customers, since a
# moment costs a few containers of an entry per customer (packed: ~0.3 MB at 10,000, see
# `PackedState`; the records themselves are shared, copy on write). A far step back folds from
# the moment before it: at 0.2 events a customer, at most ~2,000 events in a rush of 10,000
# (~4 ms; 0.7 ms more to unpack the moment), with ~75 moments kept over its 150,000 events
# (benchmarks/scrub.py: history on ~1.35x the memory of history off). Unpacked copies at 0.4
# a customer folded up to 4,400 (p95 of forty looks 4,200); at 2, up to 20,000 (~90 ms). A
# moment is due between chunks of the live fold (`FrameTick._fold`), not once a frame.
MOMENT_EVERY = 2_000
MOMENT_EVERY_PER_CUSTOMER = 0.2
# At most this many moments are kept, and at most MOMENT_CUSTOMERS customers in all of them
# (what a moment costs grows with its customers: ~0.5 MB at 10,000, its containers and the
# records changed since, which it alone still holds). Past either, every other one is let
# go, oldest kept, and the next are kept twice as far apart. benchmarks/memory.py's second
# rush of 10,000 ends at ~234 MB (target 250; 235 with half as many moments unpacked; 275
# with these many unpacked).
MAX_MOMENTS = 96
MOMENT_CUSTOMERS = 800_000
# Going back folds from the nearest state before the step: past this many events it keeps a
# copy on the way (a stop), so that step after step back does not fold the same events again.
# A copy costs what folding ~500 events does; a stop shares the customers (copy on write).
STOP_EVERY = 2_000
STOPS = 12
# Events held for going back (about 100 MB in a rush); older turns are let go.
KEEP_EVENTS = 500_000


@dataclass(frozen=True, slots=True)
class Turn:
    """One step at the counter: who was served, when, and where the log was."""

    applied: int  # events folded before it began: the state "just before turn K"
    t: float  # shop time it began
    task: int


@dataclass(slots=True)
class Moment:
    """The folded shop kept at one log position, to fold a past turn from."""

    position: int  # the log position the state was folded up to
    applied: int  # how many events that was
    state: ShopState | PackedState  # kept for long (a moment proper): packed
    customers: int = 0  # how many it has (what keeping it costs)


class History:
    """The turns taken so far and kept moments to fold from; fed as the live shop folds."""

    def __init__(
        self,
        log: EventLog,
        keep_ended: int | None = None,
        keep_events: int = KEEP_EVENTS,
        every: int = MOMENT_EVERY,
        per_customer: float = MOMENT_EVERY_PER_CUSTOMER,
        max_moments: int = MAX_MOMENTS,
        max_customers: int = MOMENT_CUSTOMERS,
    ) -> None:
        """`keep_ended` as the live state has it: the past is folded as the live shop was."""
        self.log = log
        self.keep_events = keep_events
        self.every, self.per_customer = every, per_customer
        self.max_moments, self.max_customers = max_moments, max_customers
        self._customers = 0  # in all the moments kept (see `max_customers`)
        self._apart = 1  # moments are kept this many times `every` apart (see `folded`)
        self.turns: list[Turn] = []
        self._starts: list[int] = []  # each turn's `applied`, for bisecting
        self._moments = [Moment(0, 0, ShopState(keep_ended=keep_ended).packed())]
        self._first_turn = 0  # the number of the oldest turn still held
        self._recent: Moment | None = None  # the past state folded last (see `before`)
        self._stops: deque[Moment] = deque(maxlen=STOPS)  # made on the way (see `before`)

    # -- fed by the live fold ------------------------------------------------------------------

    def turn_began(self, applied: int, event: ev.StepStarted | ev.Resumed) -> None:
        """The live fold is about to apply `event`, the start of a step, after `applied`."""
        self.turns.append(Turn(applied, event.t, event.task))
        self._starts.append(applied)

    def folded(self, position: int, state: ShopState) -> None:
        """The live state is folded up to log `position`: keep a moment if one is due, and let
        the oldest go past the bound; past `max_moments`, or `max_customers` in all the
        moments, every other one goes."""
        last = self._moments[-1]
        due = max(self.every, int(self.per_customer * len(state.customers))) * self._apart
        if state.applied - last.applied >= due:
            customers = len(state.customers)
            self._moments.append(Moment(position, state.applied, state.packed(), customers))
            self._customers += customers
            if len(self._moments) > self.max_moments or self._customers > self.max_customers:
                self._moments = self._moments[::2]  # the oldest, and the newest if odd
                self._customers = sum(m.customers for m in self._moments)
                self._apart *= 2
        while (
            len(self._moments) > 1 and state.applied - self._moments[1].applied > self.keep_events
        ):
            self._customers -= self._moments.pop(0).customers
        oldest = self._moments[0].applied
        cut = bisect_right(self._starts, oldest - 1)  # turns that began before the oldest moment
        if cut:
            del self.turns[:cut], self._starts[:cut]
            self._first_turn += cut

    def first_position(self) -> int:
        """The log position before which nothing is needed any more: the log may forget it."""
        return self._moments[0].position

    @property
    def moments(self) -> tuple[Moment, ...]:
        """The kept moments, oldest first: what the history's memory is spent on."""
        return tuple(self._moments)

    @property
    def spacing(self) -> int:
        """How many times `every` apart new moments are kept now (doubling as they thin)."""
        return self._apart

    # -- going back -----------------------------------------------------------------------------

    @property
    def first_turn(self) -> int:
        """The number of the oldest turn that can still be shown (0 until the bound is hit)."""
        return self._first_turn

    @property
    def last_turn(self) -> int:
        """The number one past the newest turn: the live shop."""
        return self._first_turn + len(self.turns)

    def turn(self, number: int) -> Turn:
        return self.turns[number - self._first_turn]

    def state_before(self, number: int) -> ShopState:
        """The shop just before turn `number` began (its customer waiting to be served)."""
        return self.before(number)[0]

    def before(self, number: int) -> tuple[ShopState, ev.StepStarted | ev.Resumed]:
        """The shop just before turn `number` began, and the event that began it.

        Folded from the nearest state before it: a kept moment, the past state shown last (a
        step forward folds one turn's events, not thousands), or a stop made on the way by
        an earlier fold (`_stops`: step after step back folds a few thousand at most).
        """
        applied = self.turn(number).applied
        index = bisect_right([m.applied for m in self._moments], applied) - 1
        start = self._moments[index]
        for other in (self._recent, *self._stops):
            if other is not None and start.applied <= other.applied <= applied:
                start = other
        state = start.state.copy()
        position = start.position
        # A read ends between records only, and a step's record is two or three events
        # (model/log.py): a chunk may end a little past its count, the turn's start never.
        while applied - state.applied >= STOP_EVERY:  # a stop every so often
            between, position = self.log.read(position, STOP_EVERY)
            state.apply_all(between)
            self._stops.append(Moment(position, state.applied, state.copy()))
        between, position = self.log.read(position, applied - state.applied)
        state.apply_all(between)
        began = self.log.read(position, 1)[0][0]  # the first of its record's events
        assert isinstance(began, ev.StepStarted | ev.Resumed), began
        self._recent = Moment(position, applied, state)
        return state, began


# The fields that hold a shop time: a second run of a program starts later on the loop's
# clock, so its times are compared from its own start.
TIME_FIELDS = frozenset(
    {"now", "t", "created", "ended_at", "got_at", "written", "when", "started"}
    | {"opened", "answered"}
)
# Two runs' times agree within this: under "skip waits" the clock jumps over every wait, but
# the real microseconds of each step still pass on it, and add up differently each run.
SAME_WITHIN = 0.05


class _Time(float):
    """A shop time from its run's start: equal to another within SAME_WITHIN."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, float) and abs(self - other) <= SAME_WITHIN

    __hash__ = float.__hash__


def same_moment(a: ShopState, a_start: float, b: ShopState, b_start: float) -> bool:
    """Whether two runs' shops are the same, each run's times counted from its own start
    (`a_start`, `b_start` on the loop's clock). Derived caches (`_` fields) are left out."""
    return _from_start(a, a_start) == _from_start(b, b_start)


def _from_start(value: object, start: float, name: str = "") -> object:
    if name in TIME_FIELDS and isinstance(value, float):
        return _Time(value - start)
    if name == "name" and isinstance(value, str) and is_auto_name(value):
        return AUTO_NAME_PREFIX  # asyncio numbers a task given no name across the process
    if is_dataclass(value) and not isinstance(value, type):
        kept = [f.name for f in fields(value) if f.compare and not f.name.startswith("_")]
        return (type(value).__name__, [(n, _from_start(getattr(value, n), start, n)) for n in kept])
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # an event: its `t` is a time
        pairs = zip(value._fields, value, strict=True)
        return (type(value).__name__, [_from_start(v, start, field) for field, v in pairs])
    if isinstance(value, dict):
        return {k: _from_start(v, start) for k, v in value.items()}
    if isinstance(value, list | tuple | deque):
        return [_from_start(v, start) for v in value]
    return value
