"""Who stands where: seats, places in line and by the door, in a normal room or a crowd.

Places are handed out lowest-free-first and kept while the customer stays, so a crowd does
not reshuffle every time one customer moves; only a short line keeps its exact order.
"""

from __future__ import annotations

import heapq
from operator import attrgetter
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF

from coffeeshop_gui.model.state import Customer, CustomerState, ShopState
from coffeeshop_gui.ui import layout

SHRINK_AT = 0.8  # a crowd area takes a smaller layout once it is this full of one
_id_of = attrgetter("id")


class PlacedRun(NamedTuple):
    """Customers and their places, in turn (see `Places.runs_afresh`)."""

    customers: list[Customer]
    places: list[tuple[QPointF, float]]


class GridRun(NamedTuple):
    """Customers (and their ids) standing on places 0, 1, 2, ... of the crowd grid of
    `capacity` places in `area`, in turn (see `Places.runs_afresh`)."""

    customers: list[Customer]
    ids: list[int]
    area: QRectF
    capacity: int
    state: CustomerState | None = None  # the one state of them all, where known


Run = PlacedRun | GridRun


class Slots:
    """Numbered places, handed out lowest free first.

    A floor that shows the past (`remember`) hands a customer back the place it last had,
    if that is free and still in the layout: stepping back then forward puts everyone where
    they stood.
    """

    def __init__(self) -> None:
        self.of: dict[int, int] = {}
        self.remember = False
        self._last: dict[int, int] = {}  # task -> the place it gave back last (remembering)
        self._free: list[int] = []  # a heap; a place taken again by memory stays in it, stale
        self._free_set: set[int] = set()  # the places really free

    def take(self, task_id: int, capacity: int) -> int:
        """Its place, if it has one; else its last, if free and one of `capacity`; else the
        lowest free."""
        place = self.of.get(task_id)
        if place is None:
            place = self._last.get(task_id) if self.remember else None
            if place is not None and place < capacity and place in self._free_set:
                self._free_set.discard(place)
            else:
                place = self._lowest_free()
            self.of[task_id] = place
        return place

    def _lowest_free(self) -> int:
        free = self._free_set
        while self._free:
            place = heapq.heappop(self._free)  # a heap: the lowest free place comes out first
            if place in free:
                free.discard(place)
                return place
        return len(self.of)  # every place handed out so far is taken

    def give_back_over(self, capacity: int) -> bool:
        """Those holding a place past `capacity` give it back (an area laid out smaller, on a
        floor showing moments): True if any did."""
        if len(self.of) + len(self._free_set) <= capacity:  # places taken or free: 0, 1, ...
            return False
        over = [task for task, place in self.of.items() if place >= capacity]
        for task in over:
            self.give_back(task)
        return bool(over)

    def give_back(self, task_id: int) -> None:
        place = self.of.pop(task_id, None)
        if place is not None:
            heapq.heappush(self._free, place)
            self._free_set.add(place)
            if self.remember:
                self._last[task_id] = place


class Places:
    """The floor plan for the current crowd: one call per frame sizes it, then targets."""

    def __init__(self) -> None:
        self.seats, self.line, self.exits = Slots(), Slots(), Slots()
        self.seat_capacity = layout.NORMAL_SEATS
        self.normal_seats = layout.NORMAL_SEATS  # seats at tables before it is a crowd
        self.seats_area = layout.SEATS_AREA  # where a crowd of them sits
        self.line_capacity = layout.NORMAL_QUEUE
        self.exit_capacity = layout.NORMAL_EXIT
        self.moments = False  # see `show_moments`

    @property
    def crowded(self) -> bool:
        return self.seat_capacity > self.normal_seats

    def make_room_for_hatch(self) -> bool:
        """The hatch is up where the second row of tables was: seat everyone above it.
        True if that changed the seats (those seated sit elsewhere now)."""
        if self.seats_area is layout.SEATS_ABOVE_HATCH:
            return False
        self.normal_seats, self.seats_area = layout.SEATS_BESIDE_HATCH, layout.SEATS_ABOVE_HATCH
        if self.seat_capacity == layout.NORMAL_SEATS:
            self.seat_capacity = layout.SEATS_BESIDE_HATCH
        return True

    def size_for(self, state: ShopState) -> set[CustomerState]:
        """Choose the layouts for everyone before placing anyone: the states whose area
        was laid out anew (its customers stand elsewhere now), empty if none was."""
        counts = state.counts
        waiting, queued = counts.get(CustomerState.WAITING, 0), counts.get(CustomerState.QUEUED, 0)
        ended = sum(n for s, n in counts.items() if s.ended)
        # Seats only grow (people stay put meanwhile), and when they must, they grow for all
        # who are alive, who may all sit down: a rush is laid out once, not once per size
        # it passes on its way, each time moving every one seated so far.
        fresh = self.moments  # laid out from nothing, as a fresh floor draws this moment
        seats = self.normal_seats if fresh else self.seat_capacity
        seated = 0 if fresh else len(self.seats.of)
        if layout.crowd_capacity(max(waiting, seated), self.normal_seats) > seats:
            seats = layout.crowd_capacity(max(waiting, state.alive), self.normal_seats)
        # The line, likewise, grows at once for all who are alive, who may all queue: a
        # rush's wave of wake-ups would lay it out anew at every size it passes, each time
        # moving every one in line (three times as many moves as customers). It takes the
        # short line again once it is short.
        line = layout.NORMAL_QUEUE if fresh else self.line_capacity
        if queued > line:
            line = layout.crowd_capacity(max(queued, state.alive), layout.NORMAL_QUEUE)
        elif queued <= layout.NORMAL_QUEUE:
            line = layout.NORMAL_QUEUE
        exits = _settled(
            layout.NORMAL_EXIT if fresh else self.exit_capacity,
            max(ended, 0 if fresh else len(self.exits.of)),
            layout.NORMAL_EXIT,
        )
        moved: set[CustomerState] = set()
        if seats != self.seat_capacity:
            moved.add(CustomerState.WAITING)
        if line != self.line_capacity:
            moved.add(CustomerState.QUEUED)
        if exits != self.exit_capacity:
            moved.update(s for s in CustomerState if s.ended)
        self.seat_capacity, self.line_capacity, self.exit_capacity = seats, line, exits
        if fresh:  # a smaller layout than before: who had a place past it takes another
            if self.seats.give_back_over(seats):
                moved.add(CustomerState.WAITING)
            if self.line.give_back_over(line):
                moved.add(CustomerState.QUEUED)
            if self.exits.give_back_over(exits):
                moved.update(s for s in CustomerState if s.ended)
        return moved

    def target(self, c: Customer, order_in_line: dict[int, int]) -> tuple[QPointF, float]:
        """Where the state puts this customer, and how large (crowds are drawn smaller)."""
        if c.state is CustomerState.WAITING:
            self.line.give_back(c.id)
            seat = self.seats.take(c.id, self.seat_capacity)
            if not self.crowded:
                return layout.seat(seat), 1.0
            return layout.crowd_spot(self.seats_area, seat, self.seat_capacity)
        self.seats.give_back(c.id)
        if c.state is CustomerState.RUNNING:
            self.line.give_back(c.id)
            return QPointF(layout.SERVICE), 1.0
        if c.state is CustomerState.QUEUED:
            if self.line_capacity == layout.NORMAL_QUEUE:  # a short line keeps its order
                self.line.give_back(c.id)
                return layout.queue_spot(order_in_line.get(c.id, 0)), 1.0
            spot = self.line.take(c.id, self.line_capacity)
            return layout.crowd_spot(layout.QUEUE_AREA, spot, self.line_capacity)
        self.line.give_back(c.id)
        spot = self.exits.take(c.id, self.exit_capacity)
        if self.exit_capacity == layout.NORMAL_EXIT:
            return layout.exit_spot(spot), 1.0
        return layout.crowd_spot(layout.EXIT_AREA, spot, self.exit_capacity)

    def runs_afresh(self, customers: list[Customer], order_in_line: dict[int, int]) -> list[Run]:
        """`target` for each of `customers` in turn, on a floor where none has a place yet
        (a fresh floor, or one cleared to draw a far moment anew): each takes the lowest
        place free in its area, the number of those placed there before it. So the
        customers of an area stand on its places 0, 1, 2, ... in turn: a crowd's are handed
        back as a `GridRun` (the grid and who stands on it), its places worked out in bulk
        by whoever draws them, not a point made for each (`CrowdLayer.put_runs`); the rest
        as `PlacedRun`s, a place each. The runs come in the order of the areas: at the
        counter, seated, in line, by the door; the last run holds those ended."""
        slots = (self.seats, self.line, self.exits)
        if any(s.of or s._free or s._last for s in slots):  # places given back: take in turn
            return [PlacedRun(customers, [self.target(c, order_in_line) for c in customers])]
        seated, in_line, served, ended = _by_area(customers)
        runs: list[Run] = [PlacedRun(served, [(QPointF(layout.SERVICE), 1.0) for _ in served])]
        ids = list(map(_id_of, seated))
        self.seats.of.update(zip(ids, range(len(ids)), strict=True))
        if self.crowded:
            waiting = CustomerState.WAITING
            runs.append(GridRun(seated, ids, self.seats_area, self.seat_capacity, waiting))
        else:
            runs.append(PlacedRun(seated, [(layout.seat(i), 1.0) for i in range(len(ids))]))
        if self.line_capacity == layout.NORMAL_QUEUE:  # a short line keeps its order
            at = [(layout.queue_spot(order_in_line.get(c.id, 0)), 1.0) for c in in_line]
            runs.append(PlacedRun(in_line, at))
        else:
            ids = list(map(_id_of, in_line))
            self.line.of.update(zip(ids, range(len(ids)), strict=True))
            queued = CustomerState.QUEUED
            runs.append(GridRun(in_line, ids, layout.QUEUE_AREA, self.line_capacity, queued))
        ids = list(map(_id_of, ended))
        self.exits.of.update(zip(ids, range(len(ids)), strict=True))
        if self.exit_capacity == layout.NORMAL_EXIT:
            runs.append(PlacedRun(ended, [(layout.exit_spot(i), 1.0) for i in range(len(ids))]))
        else:
            runs.append(GridRun(ended, ids, layout.EXIT_AREA, self.exit_capacity))
        return runs

    def seat_of(self, task_id: int) -> int | None:
        return self.seats.of.get(task_id)

    def forget(self, task_id: int) -> None:
        for slots in (self.seats, self.line, self.exits):
            slots.give_back(task_id)

    def show_moments(self) -> None:
        """This floor shows moments of a run in any order (the past, scrubbed): each is laid
        out as a fresh floor would lay it out, not as the floor grew to, and a customer back
        in an area is handed the place it had there last (see Slots)."""
        self.moments = True
        for slots in (self.seats, self.line, self.exits):
            slots.remember = True


def _by_area(customers: list[Customer]) -> tuple[list[Customer], ...]:
    """Those seated, in line, served and ended, each in the order given: in one pass, a
    list appended to by state (four passes, each asking every customer, cost a far step of
    a rush three times as much)."""
    seated: list[Customer] = []
    in_line: list[Customer] = []
    served: list[Customer] = []
    ended: list[Customer] = []
    put = {s: ended.append for s in CustomerState if s.ended}
    put[CustomerState.WAITING] = seated.append
    put[CustomerState.QUEUED] = in_line.append
    put[CustomerState.RUNNING] = served.append
    for c in customers:
        put[c.state](c)
    return seated, in_line, served, ended


def _settled(current: int, count: int, normal: int) -> int:
    """The layout for `count` people: a larger one at once, a smaller one only once they
    are well under it. A line that hovers about a size would otherwise be laid out anew,
    all its thousands moved, frame after frame."""
    fits = layout.crowd_capacity(count, normal)
    if fits >= current or count <= SHRINK_AT * fits:
        return fits
    return current
