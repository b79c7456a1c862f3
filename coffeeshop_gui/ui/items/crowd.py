"""The crowd layer: every customer of a crowd drawn in one paint, a few calls per colour.

A customer drawn as an item costs Qt a Python call or more for every move, restyle and
paint, and the scene a walk over it each frame: ten thousand of them made a rush trail
behind the state. In a crowd a customer is a `Token` here instead, plain data, drawn by
colour and size: tokens a few pixels wide as boxes in a picture kept between paints,
larger ones stamped from a picture of one, and a dot per buzzer. Clicks, drags and
tooltips find a token by `at` (the scene asks).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from operator import attrgetter
from types import MappingProxyType
from typing import TypeVar, cast

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.model.state import Customer, CustomerState
from coffeeshop_gui.ui import layout, palette
from coffeeshop_gui.ui.items.buzzer import CROWD_LIGHT_SHARE, holds_buzzer
from coffeeshop_gui.ui.items.buzzer import SIZE as BUZZER_SIZE
from coffeeshop_gui.ui.items.customer import (
    HEIGHT,
    TOKEN_LETTERS,
    WIDTH,
    letter,
    paint_letter,
    token_colours,
)
from coffeeshop_gui.ui.places import GridRun, PlacedRun, Run
from coffeeshop_gui.ui.theme import theme

BUZZER_RIM = QColor("#1d2023")
FAULTS = (CustomerState.FAILED, CustomerState.CANCELLED)
RIM_PIXELS = 8.0  # a token narrower than this on screen is drawn without its rim
TINY_PIXELS = 3.0  # a token narrower than this on screen is a plain box: no curve shows
BOX_PIXELS = 1.0  # such boxes at least this wide are kept in a picture between paints
Batch = tuple[int, int, float]  # fill and rim colours (rgba) and a scale: drawn with one pen
Spot = tuple[float, float, float]  # a token's feet (x, y) and its scale
Place = tuple[QPointF, float]  # a place of a crowd's grid: feet and scale (layout.crowd_spot)
# Spots whose shapes (`Shape`) are kept: ~0.3 kB each, ~0.5 kB once its box is worked out.
# Past this many, only the spots tokens stand on now are kept. A crowd's tokens stand on a
# few grids of places. The live floor needs little more than those: a rush of 10,000 walks
# through a dozen sizes of grid (~30,000 spots, 15-20 MB of benchmarks/memory.py's peak),
# and a token dragged by hand makes a spot at each point of its way. A past floor scrubbed
# back and forth stands on the grids of many moments (~40,000 spots in a rush of 10,000),
# and each spot made again cost a far step twice its time: it keeps more (`max_spots`).
MAX_SPOTS = 16_000
MAX_SPOTS_PAST = 48_000
CROWD_Z = 10.0  # above the floor and its props, with the customers
_K = TypeVar("_K")  # a batch: what its members are drawn with
_V = TypeVar("_V")  # what is drawn of each member
CELL = 64.0  # tokens are found by squares of the floor this wide: a token fits in three
MAX_STAMPS = 512  # pictures of letters and capsules kept
STAMP_MARGIN = 1.0  # pixels of clear edge around a stamped capsule, for its smoothing
SQUARE = Qt.PenCapStyle.SquareCap
BUZZER_IN_HAND = QPointF(34, -40)  # from a customer's feet, at full size
# The same as numbers: a shape's point is worked out for thousands of spots at once, and
# asking a QPointF for its x and y cost as much as making the point.
_HAND_X, _HAND_Y = BUZZER_IN_HAND.x(), BUZZER_IN_HAND.y()
# Room around the floor for what a token draws past its place (a ring, a rim, a buzzer).
BOUNDS_MARGIN = 100
RIM_EXTRA = 6.0  # a rim stroke this much wider than the token's fill: 3 units each side
# The selected token's ring: a pen that looks the same from a full figure down to a quarter
# size, and a ring a little taller than the token.
RING_PEN = 4.0
RING_PEN_SMALLEST = 0.25
RING_EXTRA = 4.0
# A click this close to a buzzer's centre, in shares of its size, is on it: its light (0.4)
# and a little more, since in a crowd the light is all there is to aim at.
BUZZER_CLICK_SHARE = 0.45
# A fault's cross or bar: across most of the token's width, in a stroke bold enough to see
# at any size, and never under 1.5 px.
FAULT_REACH = 0.6
FAULT_STROKE = 0.16
FAULT_STROKE_PX = 1.5
_rgba: dict[tuple[int, CustomerState], tuple[int, int]] = {}  # token colours, by colour and state
_NOWHERE = QPointF()  # a token's before it is put anywhere
_NO_BOX = QRect()  # a shape's before its box is worked out for a view
# Views are numbered across all layers: a shape handed to another layer (`take_spots`) is
# never taken to hold a box for that layer's view.
_VIEWS = itertools.count(1)


class Token:
    """One customer of a crowd, as the crowd layer draws it and a click finds it."""

    __slots__ = (
        "buzzer",
        "dot",
        "line",
        "name",
        "pos",
        "rgba",
        "scale",
        "shape",
        "state",
        "task_id",
    )

    def __init__(self, task_id: int, name: str) -> None:
        self.task_id, self.name = task_id, name
        self.state = CustomerState.QUEUED
        self.line: int | None = None
        self.pos, self.scale = _NOWHERE, 1.0  # points are shared, never changed in place
        self.rgba = (0, 0)  # fill and rim
        self.buzzer: tuple[int, bool] | None = None  # the Future it holds, and if it is done
        self.dot = _NOWHERE  # where its buzzer is: in its hand
        self.shape = _NO_SHAPE  # what it is drawn with, where it stands (see `Shape`)

    @property
    def capsule(self) -> QLineF:
        """Head to feet, drawn thick with round ends (its shape's)."""
        return self.shape.capsule

    @property
    def cell(self) -> tuple[int, int]:
        """The square of the floor its middle is in (its shape's; see `CrowdLayer.at`)."""
        return self.shape.cell


class Tokens(dict[int, Token]):
    """The crowd's tokens by task id. Those put in one batch (`CrowdLayer.put_customers`,
    `put_runs`) are made when first asked for: a far moment's ten thousand are drawn from
    the batches of their shapes, and a person points at a few. Making each one, and filling
    it in, cost a far step ~10 ms of its ~20 in the loop that puts them.

    Until it is made, a token's entry holds the shape it stands on, and `_due` the
    customer it draws: a record of a state shown, which nothing changes in place (see
    `ShopState.copy`). Those put a grid at a time are found by id only when one is first
    made (`_unindexed`: a grid's ids and customers, in turn): a dict of ten thousand
    made for each far step cost it ~1 ms, and most far steps are looked at, not touched.

    While any is due the dict is a `_TokensDue`, whose `[]`, `get`, `pop`, `values` and
    `items` make it as `put_customers` would have made it; `in`, `len`, `keys` and
    iterating over the task ids make none. Once none is due it is a `Tokens` again, read
    by dict's own methods: a live floor's frames ask it thousands of times, and a method
    of Python's cost each ask four times as much."""

    __slots__ = ("_due", "_unindexed")

    def __init__(self) -> None:
        super().__init__()
        self._due: dict[int, Customer] = {}
        self._unindexed: list[tuple[list[int], list[Customer]]] = []

    @property
    def entries(self) -> dict[int, Token | Shape]:
        """The same dict as it is: a token, or the shape of one not made yet (its
        `__setitem__` is dict's; while any is due, its other readers make tokens)."""
        return cast("dict[int, Token | Shape]", self)

    def some_due(self) -> None:
        """Entries may be shapes from now on, their customers in `_due` (see above)."""
        self.__class__ = _TokensDue

    def none_due(self) -> None:
        """Every entry is a token (none was put in a batch, or each is made)."""
        self.__class__ = Tokens

    def clear(self) -> None:
        dict.clear(self)
        self._due.clear()
        self._unindexed.clear()
        self.none_due()

    def due_by_id(self) -> dict[int, Customer]:
        """The customers of the tokens not made yet, by id (`_due`, with every grid's put
        since it was made last)."""
        for ids, customers in self._unindexed:
            self._due.update(zip(ids, customers, strict=True))
        self._unindexed.clear()
        return self._due

    def shapes(self) -> Iterator[Shape]:
        """What each token stands on, made or not, in the order of the task ids."""
        for t in dict.values(self.entries):
            yield t if isinstance(t, Shape) else t.shape


class _TokensDue(Tokens):
    """`Tokens` while some are still to be made: each is made when asked for."""

    __slots__ = ()

    def __getitem__(self, task_id: int) -> Token:
        t = dict.__getitem__(self.entries, task_id)
        return t if type(t) is Token else self._make(task_id)

    def get(self, task_id: int, default: Token | None = None) -> Token | None:  # type: ignore[override]
        t = dict.get(self.entries, task_id, default)
        return self._make(task_id) if isinstance(t, Shape) else t

    def pop(self, task_id: int, default: Token | None = None) -> Token | None:  # type: ignore[override]
        if isinstance(dict.get(self.entries, task_id, None), Shape):  # due: made as it would be
            self._make(task_id)
        return dict.pop(self, task_id, default)

    def values(self) -> ValuesView[Token]:  # type: ignore[override]
        for task_id in list(self.due_by_id()):
            self._make(task_id)
        return dict.values(self)

    def items(self) -> ItemsView[int, Token]:  # type: ignore[override]
        for task_id in list(self.due_by_id()):
            self._make(task_id)
        return dict.items(self)

    def _make(self, task_id: int) -> Token:
        shape = cast(Shape, dict.__getitem__(self.entries, task_id))
        due = self._due if not self._unindexed else self.due_by_id()
        c = due.pop(task_id)
        t = Token(task_id, c.display)
        t.state = state = c.state
        t.line = c.line
        x, y, scale = shape.spot
        t.pos = shape.place[0] if shape.place is not None else QPointF(x, y)
        t.scale, t.shape = scale, shape
        rgba = _rgba.get(((task_id - 1) % len(palette.CUSTOMER_COLOURS), state))
        t.rgba = rgba if rgba is not None else _token_rgba(task_id, state)
        if holds_buzzer(c):
            t.buzzer, t.dot = (c.future or 0, c.buzzer_lit), shape.dot
        dict.__setitem__(self, task_id, t)
        if not due:  # every one made: dict's own readers again
            self.none_due()
        return t


class CrowdLayer(QGraphicsItem):
    """Draws the customers of a crowd, `tokens`, and the buzzers they hold.

    Its batches are kept between paints: `put` moves one token from the batches it was in
    to those it belongs to now. A rush changes hundreds of tokens a frame, not all ten
    thousand.
    """

    def __init__(self) -> None:
        super().__init__()
        self.tokens = Tokens()
        self.selected: int | None = None  # a token picked out (items have their own selection)
        self._shapes: dict[Batch, dict[int, Shape]] = {}  # (fill, rim, scale) -> shapes
        self._faults: set[int] = set()
        self._cells: dict[tuple[int, int], dict[int, None]] = {}  # square -> tokens in it
        self._cells_due = False  # `_cells` is to be made from the tokens (see `put_customers`)
        self._dots: dict[tuple[bool, float], dict[int, QPointF]] = {}
        # A letter or a capsule at a size on screen -> its picture
        self._stamps: dict[tuple[object, ...], QPixmap] = {}
        self._box_picture: QImage | None = None  # tokens a few pixels wide (`_paint_boxes`)
        self._boxes_key: tuple[float, ...] | None = None  # the view it was drawn for
        self._drawn: dict[int, Shape] = {}  # task -> the shape whose box is in the picture
        self._retouched: set[int] = set()  # tokens changed since the picture was brought up
        self._anew = False  # the picture is to be drawn anew at the next paint (see `clear`)
        # Grids put in bulk on the layer cleared (`put_runs`): each grid, its tokens by place
        # and their fills, drawn into the picture a row of places at a time (`_fill_run`)
        # whenever it is drawn anew, but those changed since (`_off_runs`)
        self._runs: list[tuple[layout.Grid, list[int], list[int]]] = []
        self._off_runs: set[int] = set()
        self._colours: dict[int, QColor] = {}
        self._loose: set[int] = set()  # tokens moved by hand, off their places
        self._spots: dict[Spot, Shape] = {}  # made once per spot: see `Shape`
        self._of_place: dict[int, Shape] = {}  # the same shapes, by their grid place's id
        # The same shapes, by grid (its area and capacity): a list by place (`put_runs`)
        self._grids: dict[tuple[object, ...], list[Shape]] = {}
        self.max_spots = MAX_SPOTS  # a past floor keeps more: see MAX_SPOTS_PAST
        self._in_use = 0  # spots stood on when they were last pruned to those (see `_full`)
        self._view = 0  # the view the boxes were drawn for last (see `Shape.box`, `_VIEWS`)
        self.setZValue(CROWD_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the scene finds tokens itself

    def boundingRect(self) -> QRectF:
        margin = BOUNDS_MARGIN
        return layout.SCENE.adjusted(-margin, -margin, margin, margin)

    @property
    def changed(self) -> bool:
        """Some token changed since the last paint: the scene asks for one."""
        return bool(self._retouched) or self._anew

    @property
    def spots(self) -> Mapping[Spot, Shape]:
        """The shapes kept, by spot (bounded by `max_spots`; see `Shape`)."""
        return MappingProxyType(self._spots)

    def drawn_boxes(self) -> list[QRect]:
        """The boxes in the kept picture of tokens too small for a curve, one a token."""
        return [shape.box for shape in self._drawn.values()]

    def forget_picture(self) -> None:
        """The next paint draws the picture of boxes anew, every token in it."""
        self._boxes_key = None

    # -- what is drawn ------------------------------------------------------------------------

    def put(
        self,
        task_id: int,
        name: str,
        state: CustomerState,
        line: int | None,
        at: QPointF,
        scale: float,
        buzzer: tuple[int, bool] | None,
    ) -> Token:
        """Draw this customer as a token: where, how large, how it is, what it holds."""
        t = self.tokens.get(task_id)
        if t is None:
            t = self.tokens[task_id] = Token(task_id, name)
        elif (
            t.state is state
            and (t.pos is at or t.pos == at)  # a crowd's places are shared points
            and t.scale == scale
            and (
                buzzer is None
                if t.buzzer is None
                else buzzer is not None and t.buzzer[1] is buzzer[1]
            )
            and t.name == name
            and task_id not in self._loose
        ):  # drawn so already (a crowd laid out again, a past step scrubbed to): a buzzer
            t.line, t.buzzer = line, buzzer  # on another Future looks the same
            return t
        else:
            self._unbatch(t)
        t.name, t.state, t.line, t.pos, t.scale, t.buzzer = name, state, line, at, scale, buzzer
        if self._loose:
            self._loose.discard(task_id)
        self._batch(t)
        return t

    def put_customers(
        self, customers: list[Customer], places: list[Place], held: int | None = None
    ) -> list[int]:
        """Draw each of `customers` on its place (`places`, in turn: a crowd grid's shared
        place, see `layout.crowd_spot`) as `put` draws it, most of a floor drawn anew after
        `clear`; those at full size, and `held` (in a person's hand), are not tokens:
        their ids are returned, in turn. In one loop, a spot's shape found by its place
        (not worked out from its point) and tokens grouped by colour as they come, each
        token made only when asked for (`Tokens`): ten thousand cost ~8-12 ms, a quarter
        of what a loop building `put`'s arguments and one putting them cost. `customers`
        are records of a state shown, which nothing changes in place."""
        made, due, shapes, dots = self.tokens.entries, self.tokens._due, self._shapes, self._dots
        self.tokens.some_due()  # before any is: a token put twice is made, then put again
        of_place, faults = self._of_place, self._faults
        colours = len(palette.CUSTOMER_COLOURS)
        waiting, queued = CustomerState.WAITING, CustomerState.QUEUED
        groups: dict[tuple[int, CustomerState, float], dict[int, Shape]] = {}
        full: list[int] = []
        self._cells_due = True
        for c, place in zip(customers, places, strict=True):
            tid, scale = c.id, place[1]
            if scale >= 1.0 or tid == held:
                full.append(tid)
                continue
            if tid in made:  # put twice: as `put` does
                buzzer = (c.future or 0, c.buzzer_lit) if holds_buzzer(c) else None
                self.put(tid, c.display, c.state, c.line, place[0], scale, buzzer)
                continue
            shape = of_place.get(id(place))
            if shape is None:
                shape = self._shape_of(place)
            made[tid] = shape  # its token is made when asked for (see `Tokens`)
            due[tid] = c
            state = c.state
            key = ((tid - 1) % colours, state, scale)
            group = groups.get(key)
            if group is None:
                group = groups[key] = {}
            group[tid] = shape
            lit = c.buzzer_lit
            if lit or (c.future is not None and (state is waiting or state is queued)):
                dotted = dots.get((lit, scale))  # as `holds_buzzer`
                if dotted is None:
                    dotted = dots[(lit, scale)] = {}
                dot = shape._dot  # as `shape.dot`, without a call for each of thousands
                dotted[tid] = dot if dot is not None else shape.dot
        for (colour, state, scale), group in groups.items():
            rgba = _rgba.get((colour, state))
            if rgba is None:
                rgba = _token_rgba(colour + 1, state)
            shaped = shapes.get((rgba[0], rgba[1], scale))
            if shaped is None:
                shapes[(rgba[0], rgba[1], scale)] = group
            else:
                shaped.update(group)
            if state in FAULTS:
                faults.update(group)
        if not due and not self.tokens._unindexed:
            self.tokens.none_due()
        self._anew = True  # the picture of boxes too, at the next paint
        return full

    def put_runs(self, runs: list[Run], held: int | None = None) -> list[int]:
        """`put_customers` for runs of customers (`Places.runs_afresh`), on a crowd just
        cleared: those on a crowd grid's places 0, 1, 2, ... (`GridRun`) are put from the
        shapes of the grid's places, kept in a list by place and made in bulk (a far moment
        of a rush stands thousands on places new to the floor: a point, a place and a shape
        made for each cost ~5 us, 15-50 ms a far step), their batches filled a colour at a
        time. The ids of those not drawn as tokens are returned, as `put_customers` does."""
        full: list[int] = []
        if self.tokens and self._runs:  # not cleared: the picture is drawn box by box
            self._runs, self._off_runs = [], set()
        for run in runs:
            if isinstance(run, PlacedRun):
                full += self.put_customers(run.customers, run.places, held)
                continue
            grid = layout.crowd_grid(run.area, run.capacity)
            if grid[5] >= 1.0 or held in run.ids or not self.tokens.keys().isdisjoint(run.ids):
                places = layout.crowd_places(run.area, run.capacity)  # full size, or put twice
                at = [places[i] for i in range(len(run.ids))]
                full += self.put_customers(run.customers, at, held)
            elif run.ids:
                self._put_on_grid(run, grid)
        return full

    def _put_on_grid(self, run: GridRun, grid: layout.Grid) -> None:
        """The tokens of `run` on their grid's places, none put before (see `put_runs`)."""
        customers, ids = run.customers, run.ids
        shapes = self._grid_shapes((run.area.getRect(), run.capacity), grid, len(ids))[: len(ids)]
        tokens = self.tokens
        tokens.some_due()
        tokens.entries.update(zip(ids, shapes, strict=True))  # made when asked for: `Tokens`
        tokens._unindexed.append((ids, customers))  # found by id once one is made: `Tokens`
        self._cells_due = True
        scale, colours = grid[5], len(palette.CUSTOMER_COLOURS)
        first = run.state  # an area of one state (seated, in line): none asked
        if first is None:
            states = list(map(_state_of, customers))
            first = states[0]
            uniform = states.count(first) == len(states)
        else:
            uniform = True
        if uniform:  # an area of one state: by colour alone
            by_colour: list[dict[int, Shape]] = [{} for _ in range(colours)]
            for tid, shape in zip(ids, shapes, strict=True):
                by_colour[(tid - 1) % colours][tid] = shape
            groups = {(i, first): group for i, group in enumerate(by_colour) if group}
        else:
            groups = {}
            for tid, shape, state in zip(ids, shapes, states, strict=True):
                key = ((tid - 1) % colours, state)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = {}
                group[tid] = shape
        fill_of: dict[tuple[int, CustomerState], int] = {}
        for (colour, state), group in groups.items():
            rgba = _rgba.get((colour, state))
            if rgba is None:
                rgba = _token_rgba(colour + 1, state)
            fill_of[(colour, state)] = rgba[0]
            shaped = self._shapes.get((rgba[0], rgba[1], scale))
            if shaped is None:
                self._shapes[(rgba[0], rgba[1], scale)] = group
            else:
                shaped.update(group)
            if state in FAULTS:
                self._faults.update(group)
        if uniform:  # each one's fill, by place: the picture of boxes is drawn from them
            by_colour_fill = [fill_of.get((i, first), 0) for i in range(colours)]
            fills = [by_colour_fill[(tid - 1) % colours] for tid in ids]
        else:
            fills = [
                fill_of[((tid - 1) % colours, state)]
                for tid, state in zip(ids, states, strict=True)
            ]
        self._runs.append((grid, ids, fills))
        holding = first in HOLDING  # of an area of one state
        lit: dict[int, QPointF] = {}
        dark: dict[int, QPointF] = {}
        for c, tid, shape in zip(customers, ids, shapes, strict=True):  # as `holds_buzzer`
            if c.buzzer_lit:  # as `shape.dot`, without a call for each (nor QPointF's bool)
                lit[tid] = dot if (dot := shape._dot) is not None else shape.dot
            elif c.future is not None and (holding if uniform else c.state in HOLDING):
                dark[tid] = dot if (dot := shape._dot) is not None else shape.dot
        for is_lit, dots in ((True, lit), (False, dark)):
            if dots:
                self._dots.setdefault((is_lit, scale), {}).update(dots)
        self._anew = True  # the picture of boxes too, at the next paint

    def _grid_shapes(self, key: tuple[object, ...], grid: layout.Grid, count: int) -> list[Shape]:
        """The shapes of the first `count` places of a crowd grid (`key`: its area and
        capacity), by place: those not kept are made together, from the grid's numbers
        (`layout.grid_spots`), not from a point each."""
        shapes = self._grids.get(key)
        if shapes is None:
            shapes = self._grids[key] = []
        have = len(shapes)
        if have >= count:
            return shapes
        spots = self._spots
        if self._full(count - have):
            spots = self._spots_in_use()  # and the grids' lists with them
            shapes = self._grids[key] = []
            have = 0
        add = shapes.append
        for spot in layout.grid_spots(grid, have, count):
            shape = spots.get(spot)
            if shape is None:
                shape = spots[spot] = Shape(spot)
            add(shape)
        return shapes

    def _shape_of(self, place: Place) -> Shape:
        """The shape of a crowd grid's `place`, found by the place itself from now on: it
        holds the place, so no other can take the place's id while it is kept. A grid made
        again (`layout` keeps a few) has new places for the same spots: the shape is found
        by the new one, and the old one's id, free to be taken again, is let go."""
        at, scale = place
        spot = (at.x(), at.y(), scale)
        shape = self._spots.get(spot)
        if shape is None:
            if self._full():
                self._spots_in_use()
            shape = self._spots[spot] = Shape(spot)
        elif shape.place is not None:
            self._of_place.pop(id(shape.place), None)
        shape.place = place
        self._of_place[id(place)] = shape
        return shape

    def take_spots(self, other: CrowdLayer) -> None:
        """Take the shapes `other` keeps (a floor given up for this one): a floor that draws
        a rush anew makes one for each of its ten thousand spots, a third of the time. The
        other keeps none: a shape is found by the place it holds in one layer only."""
        self._spots, other._spots = other._spots, {}
        self._of_place, other._of_place = other._of_place, {}
        self._grids, other._grids = other._grids, {}
        self._in_use, other._in_use = other._in_use, 0

    def move(self, task_id: int, at: QPointF) -> None:
        """The same token elsewhere (held in a person's hand)."""
        t = self.tokens[task_id]
        self._unbatch(t)
        t.pos = QPointF(at)
        self._loose.add(task_id)  # over others: drawn on top of the boxes' picture, not in it
        self._batch(t)

    def remove(self, task_id: int) -> Token | None:
        t = self.tokens.pop(task_id, None)
        if t is not None:
            self._unbatch(t)
            self._loose.discard(task_id)
            if self.selected == task_id:
                self.selected = None
        return t

    def clear(self) -> None:
        """No token any more, none picked out (a floor about to be drawn anew): the picture
        of boxes is drawn anew at the next paint, whoever is put meanwhile."""
        for batches in (self.tokens, self._shapes, self._cells, self._dots, self._drawn):
            batches.clear()
        self._faults.clear()
        self._loose.clear()
        self._retouched = set()
        self._runs, self._off_runs = [], set()
        self.selected = None
        self._anew = True
        self.update()

    def _batch(self, t: Token) -> None:
        """Put a token in the batches of its shape, its square and its buzzer. Called for
        every change of a rush's customers: its dictionaries are handled in line, and the
        shapes of a spot are made once (a past step scrubbed to moves thousands)."""
        s, at, tid = t.scale, t.pos, t.task_id
        spot = (at.x(), at.y(), s)
        shape = self._spots.get(spot)
        if shape is None:
            if self._full():
                self._spots_in_use()
            shape = self._spots[spot] = Shape(spot)
        t.shape = shape
        if not self._cells_due:
            tokens = self._cells.get(t.cell)
            if tokens is None:
                tokens = self._cells[t.cell] = {}
            tokens[tid] = None
        rgba = _rgba.get(((tid - 1) % len(palette.CUSTOMER_COLOURS), t.state))
        if rgba is None:
            rgba = _token_rgba(tid, t.state)
        t.rgba = rgba
        batch = (rgba[0], rgba[1], s)
        shaped = self._shapes.get(batch)
        if shaped is None:
            shaped = self._shapes[batch] = {}
        shaped[tid] = shape
        if t.state in FAULTS:
            self._faults.add(tid)
        if t.buzzer is not None:
            kind = (t.buzzer[1], s)
            dots = self._dots.get(kind)
            if dots is None:
                dots = self._dots[kind] = {}
            t.dot = dots[tid] = shape.dot
        self._retouched.add(tid)

    def _full(self, adding: int = 0) -> bool:
        """Whether the spots kept, `adding` more, pass the bound: `max_spots`, or a quarter of
        it more than were stood on at the last pruning. More tokens than the bound, each on a
        spot of its own (a program's 20,000 tasks), must not prune the whole of them again at
        each new spot: that made a frame's drawing quadratic, seconds a frame."""
        bound = max(self.max_spots, self._in_use + self.max_spots // 4)
        return len(self._spots) + adding > bound

    def _spots_in_use(self) -> dict[Spot, Shape]:
        """Keep only the shapes of the spots tokens stand on now: those of a rush's earlier
        grids, and of a drag's way, go (see `max_spots`)."""
        self._spots = {shape.spot: shape for shape in self.tokens.shapes()}
        self._in_use = len(self._spots)
        self._grids.clear()
        self._of_place.clear()
        self._of_place.update(
            (id(shape.place), shape) for shape in self._spots.values() if shape.place is not None
        )
        return self._spots

    def _unbatch(self, t: Token) -> None:
        """Take a token out of the batches `_batch` put it in (in line, as there)."""
        tid, s = t.task_id, t.scale
        batch = (t.rgba[0], t.rgba[1], s)
        shaped = self._shapes[batch]
        del shaped[tid]
        if not shaped:
            del self._shapes[batch]
        if not self._cells_due:
            tokens = self._cells[t.cell]
            del tokens[tid]
            if not tokens:
                del self._cells[t.cell]
        self._faults.discard(tid)
        if t.buzzer is not None:
            _drop(self._dots, (t.buzzer[1], s), tid)
        self._retouched.add(tid)

    # -- what a person points at --------------------------------------------------------------

    def at(self, point: QPointF) -> Token | None:
        """The token under `point` (the one whose middle is nearest, if they overlap)."""
        x, y = point.x(), point.y()
        found, nearest = None, math.inf
        for t in self._near(point):
            line, half = t.capsule, WIDTH / 2 * t.scale
            if abs(x - line.x1()) <= half and line.y1() - half <= y <= line.y2() + half:
                off = abs(y - (line.y1() + line.y2()) / 2)
                if off < nearest:
                    found, nearest = t, off
        return found

    def buzzer_at(self, point: QPointF) -> Token | None:
        """The token whose buzzer's light is under `point`."""
        for t in self._near(point):
            if t.buzzer is not None:
                d = point - t.dot
                if d.x() ** 2 + d.y() ** 2 <= (BUZZER_SIZE * BUZZER_CLICK_SHARE * t.scale) ** 2:
                    return t
        return None

    def _near(self, point: QPointF) -> list[Token]:
        """The tokens in the square of `point` and the eight around it: the only ones that
        can reach it (a click, or a pointer passing over ten thousand, looks at a few)."""
        tokens = self.tokens
        if self._cells_due:  # tokens put in bulk: their squares, once a person points
            self._cells_due = False
            for tid, shape in zip(tokens, tokens.shapes(), strict=True):  # none made here
                self._cells.setdefault(shape.cell, {})[tid] = None
        cx, cy, cells = int(point.x() // CELL), int(point.y() // CELL), self._cells
        return [
            tokens[tid]
            for i in (-1, 0, 1)
            for j in (-1, 0, 1)
            if (cell := cells.get((cx + i, cy + j)))
            for tid in cell
        ]

    # -- painting ---------------------------------------------------------------------------------

    def paint(self, p: QPainter, o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        if len(self._stamps) > MAX_STAMPS:  # zoomed through many sizes: start again
            self._stamps.clear()
        view_scale = p.worldTransform().m11()
        for (_fill, rim, s), shapes in self._shapes.items():
            if view_scale * WIDTH * s < RIM_PIXELS:
                continue  # too small for a rim to show: tokens have gaps between them
            capsules = [shape.capsule for shape in shapes.values()]
            self._stroke(p, rim, (WIDTH + RIM_EXTRA) * s, view_scale * WIDTH * s, capsules)
        self._paint_boxes(p)
        for (fill, _rim, s), shapes in self._shapes.items():
            if not BOX_PIXELS <= view_scale * WIDTH * s < TINY_PIXELS:  # boxes are drawn
                capsules = [shape.capsule for shape in shapes.values()]
                self._stroke(p, fill, WIDTH * s, view_scale * WIDTH * s, capsules)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        tokens = self.tokens
        lettered = [
            tokens[tid]
            for (_fill, _rim, s), capsules in self._shapes.items()
            if view_scale * s >= TOKEN_LETTERS
            for tid in capsules
        ]
        faults = [
            tokens[tid] for tid in self._faults if view_scale * tokens[tid].scale < TOKEN_LETTERS
        ]
        self._paint_faults(p, faults, view_scale)
        picked = tokens.get(self.selected) if self.selected is not None else None
        if picked is not None:
            s, at = picked.scale, picked.pos
            p.setPen(QPen(theme().colour("ink"), RING_PEN * s / max(s, RING_PEN_SMALLEST)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            ring_ry = HEIGHT / 2 * s + RING_EXTRA
            p.drawEllipse(QPointF(at.x(), at.y() - HEIGHT / 2 * s), WIDTH * s, ring_ry)
        self._paint_letters(p, lettered)
        self._paint_buzzers(p, view_scale)

    def _paint_boxes(self, p: QPainter) -> None:
        """Tokens a few pixels wide, from a picture of them kept between paints.

        Ten thousand such boxes cost 6 to 15 ms a paint to draw anew; a frame changes a few
        hundred. The picture is brought up to date box by box: a changed token's old box is
        cleared and its new one drawn. No two boxes share a pixel (a crowd's places do not
        overlap, and their edges are rounded the same way), so clearing one leaves the rest
        whole. Made anew when the view's scale, place or size changes.
        """
        m11, m22, dx, dy, ratio = _on_screen(p)
        device = p.device()
        key = (m11, m22, dx, dy, device.width(), device.height(), ratio)
        anew = self._anew or 2 * len(self._retouched) > len(self._drawn)  # most changed
        if key != self._boxes_key:
            self._view = next(_VIEWS)  # every spot's box is worked out again
        if key != self._boxes_key or self._box_picture is None or anew:
            picture = self._box_picture
            if key != self._boxes_key or picture is None:
                picture = QImage(
                    math.ceil(device.width() * ratio),
                    math.ceil(device.height() * ratio),
                    QImage.Format.Format_ARGB32_Premultiplied,
                )
                picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)  # cheaper than clearing most boxes
            self._box_picture, self._boxes_key = picture, key
            self._draw_all_boxes(picture, key)
            self._anew = False
        elif self._retouched:
            self._draw_boxes(self._box_picture, self._retouched, key)
        if self._runs:  # those changed stand elsewhere than their grid's run says
            self._off_runs |= self._retouched
        self._retouched = set()
        p.save()
        p.resetTransform()
        p.drawImage(QPointF(0, 0), self._box_picture)
        p.restore()
        for tid in self._loose:  # held in a person's hand, over the others
            t = self.tokens[tid]
            if BOX_PIXELS <= m11 * WIDTH * t.scale < TINY_PIXELS:
                s, at = t.scale, t.pos
                body = QRectF(at.x() - WIDTH / 2 * s, at.y() - HEIGHT * s, WIDTH * s, HEIGHT * s)
                p.fillRect(body, QColor.fromRgba(t.rgba[0]))

    def _draw_all_boxes(self, picture: QImage, key: tuple[float, ...]) -> None:
        """Draw every box in the picture, cleared: a `drawRects` per batch, of its spots'
        boxes (ten thousand `fillRect`s, each box worked out anew, cost 60 ms)."""
        m11, view, drawn, loose = key[0], self._view, self._drawn, self._loose
        drawn.clear()
        by_rows, skipped = self._fill_runs(picture, key)  # drawn already: grids', by rows
        tiny = [
            (fill, shapes)
            for (fill, _rim, s), shapes in self._shapes.items()
            if BOX_PIXELS <= m11 * WIDTH * s < TINY_PIXELS
        ]
        # Every box drawn by rows, as a far step's mostly are: told by counting them (a grid's
        # tokens are boxes, and none of them changed since), not by a set of ten thousand
        all_by_rows = not skipped and sum(map(len, by_rows)) == sum(len(s) for _, s in tiny)
        filled: set[int] | None = None  # those drawn by rows, made if some were not
        drawing = QPainter(picture)
        drawing.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        drawing.setPen(Qt.PenStyle.NoPen)
        for fill, shapes in tiny:
            if loose:  # held by hand: drawn over the picture, not in it
                shapes = {tid: shape for tid, shape in shapes.items() if tid not in loose}
            drawn.update(shapes)
            if all_by_rows:
                continue
            if by_rows:  # drawn by rows already: the rest, if any (each looked up, in C)
                if filled is None:
                    filled = set().union(*by_rows) - skipped
                if shapes.keys() <= filled:
                    continue
                shapes = {tid: shapes[tid] for tid in shapes.keys() - filled}
            if set(map(_view_of, shapes.values())) == {view}:  # each box worked out already
                boxes = list(map(_box_of, shapes.values()))  # in C: a far step's ten thousand
            else:
                boxes = [
                    shape.box if shape.view == view else shape.box_in(view, key)
                    for shape in shapes.values()
                ]
            drawing.setBrush(self._colour(fill))
            drawing.drawRects(boxes)
        drawing.end()

    def _draw_boxes(self, picture: QImage, redo: Iterable[int], key: tuple[float, ...]) -> None:
        """Bring the boxes of `redo` up to date in the picture: each old box cleared, then
        the new ones drawn, a `drawRects` per colour."""
        m11, view, drawn, tokens, loose = key[0], self._view, self._drawn, self.tokens, self._loose
        drawing = QPainter(picture)
        drawing.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        for tid in redo:  # first clear every old box: a token may take another's place
            shape = drawn.pop(tid, None)
            if shape is not None:  # in this view (a new view draws all anew), if worked out
                box = shape.box if shape.view == view else shape.box_in(view, key)
                drawing.fillRect(box, Qt.GlobalColor.transparent)
        by_colour: dict[int, list[QRect]] = {}
        for tid in redo:
            t = tokens.get(tid)
            if t is None or tid in loose or not BOX_PIXELS <= m11 * WIDTH * t.scale < TINY_PIXELS:
                continue
            shape = drawn[tid] = t.shape
            box = shape.box if shape.view == view else shape.box_in(view, key)
            by_colour.setdefault(t.rgba[0], []).append(box)
        drawing.setPen(Qt.PenStyle.NoPen)
        for rgba, group in by_colour.items():
            drawing.setBrush(self._colour(rgba))
            drawing.drawRects(group)
        drawing.end()

    def _fill_runs(
        self, picture: QImage, key: tuple[float, ...]
    ) -> tuple[list[list[int]], set[int]]:
        """Draw the tokens of the grids put in bulk (`_runs`) into the picture, cleared, a
        row of places at a time: the ids of each grid drawn, and those left out of them,
        to be drawn box by box: changed since (`_off_runs`, `_retouched`) or in a person's
        hand. A grid this cannot draw (`_fill_run`) is left out whole.

        A box a token needs no object: its column's edges and its row's are worked out
        once a grid, and a row of boxes is written as the bytes of its pixels. A far moment
        of a rush stands ten thousand on places whose boxes are not worked out for this
        view: a box made for each (a QRect, ~1.5 us) cost a far step up to 35 ms."""
        by_rows: list[list[int]] = []
        if not self._runs or key[6] != 1.0:  # pixels are points of the view: no ratio
            return by_rows, set()
        skip = self._off_runs | self._retouched | self._loose
        bits, per_line = memoryview(picture.bits()), picture.bytesPerLine()
        size = (picture.width(), picture.height())
        for grid, ids, fills in self._runs:
            if skip and not skip.isdisjoint(ids):  # drawn box by box after: clear here
                fills = [0 if tid in skip else f for tid, f in zip(ids, fills, strict=True)]
            if _fill_run(bits, per_line, size, key, grid, fills):
                by_rows.append(ids)
        return by_rows, skip

    def _colour(self, rgba: int) -> QColor:
        colour = self._colours.get(rgba)
        if colour is None:
            colour = self._colours[rgba] = QColor.fromRgba(rgba)
        return colour

    def _paint_letters(self, p: QPainter, tokens: list[Token]) -> None:
        """Each token's initial, stamped from a picture of it made once per size: drawing
        the text anew costs eighteen times as much, and a crowd of a thousand has as many."""
        m11, m22, dx, dy, ratio = _on_screen(p)
        p.save()
        p.resetTransform()
        for t in tokens:
            size = m11 * t.scale
            glyph = letter(t.name, t.state)
            stamp = self._stamps.get((glyph, size))
            if stamp is None:
                stamp = self._stamps[(glyph, size)] = _stamp(glyph, size, ratio)
            at = t.pos
            p.drawPixmap(
                QPointF(m11 * at.x() + dx - WIDTH / 2 * size, m22 * at.y() + dy - HEIGHT * size),
                stamp,
            )
        p.restore()

    def _stroke(
        self, p: QPainter, rgba: int, width: float, on_screen: float, capsules: list[QLineF]
    ) -> None:
        """Capsules under a pixel or two wide on screen (a crowd seen from far off; a few
        pixels wide are boxes, see `_paint_boxes`) as one `drawLines`, square and plain;
        larger ones, round and smoothed, stamped from a picture of one: stroking each anew
        costs three times as much (6 ms for a crowd of a thousand)."""
        if on_screen < TINY_PIXELS:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            p.setPen(QPen(QColor.fromRgba(rgba), width, Qt.PenStyle.SolidLine, SQUARE))
            p.drawLines(capsules)
            return
        m11, m22, dx, dy, ratio = _on_screen(p)
        first = capsules[0]
        length = first.y2() - first.y1()  # the same for all of a batch: they share a scale
        key = (rgba, width, length, m11, ratio)
        stamp = self._stamps.get(key)
        if stamp is None:
            stamp = self._stamps[key] = _capsule_stamp(rgba, width * m11, length * m11, ratio)
        edge = width / 2 * m11 + STAMP_MARGIN  # from the stamp's corner to the capsule's top
        p.save()
        p.resetTransform()
        for line in capsules:
            p.drawPixmap(QPointF(m11 * line.x1() + dx - edge, m22 * line.y1() + dy - edge), stamp)
        p.restore()

    def _paint_faults(self, p: QPainter, faults: list[Token], view_scale: float) -> None:
        """A cross on a failed token, a bar on a cancelled one: too small for a letter, a
        fault must still not be told by its colour alone."""
        marks: dict[float, list[QLineF]] = {}  # by the token's scale, which sets the stroke
        for t in faults:
            s = t.scale
            centre, r = t.capsule.center(), WIDTH / 2 * s * FAULT_REACH
            lines = marks.setdefault(s, [])
            if t.state is CustomerState.FAILED:
                lines.append(QLineF(centre + QPointF(-r, -r), centre + QPointF(r, r)))
                lines.append(QLineF(centre + QPointF(-r, r), centre + QPointF(r, -r)))
            else:
                lines.append(QLineF(centre + QPointF(-r, 0), centre + QPointF(r, 0)))
        for s, lines in marks.items():
            width = max(FAULT_STROKE_PX / view_scale, WIDTH * FAULT_STROKE * s)
            p.setPen(QPen(QColor("white"), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            p.drawLines(lines)

    def _paint_buzzers(self, p: QPainter, view_scale: float) -> None:
        """A buzzer in a crowd is its light only: dark while pending, lit when done."""
        # On a dark floor a dark (pending) buzzer needs a light rim, however small, to be seen.
        dark_floor = theme().colour("floor").lightness() < 128
        rim = QColor(theme().colour("muted")) if dark_floor else BUZZER_RIM
        for (lit, s), dots in self._dots.items():
            points = list(dots.values())
            width = BUZZER_SIZE * CROWD_LIGHT_SHARE * s  # as a buzzer's light is drawn
            tiny = view_scale * width < TINY_PIXELS  # a square of a few pixels: no curve shows
            cap = Qt.PenCapStyle.SquareCap if tiny else Qt.PenCapStyle.RoundCap
            p.setRenderHint(QPainter.RenderHint.Antialiasing, not tiny)
            if dark_floor or view_scale * width >= RIM_PIXELS:
                edge = max(1.5 * s, 0.8 / view_scale)  # under a pixel: a hint, not a ring
                p.setPen(QPen(rim, width + 2 * edge, Qt.PenStyle.SolidLine, cap))
                p.drawPoints(points)
            colour = palette.BUZZER_LIT if lit else palette.BUZZER_DARK
            p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, cap))
            p.drawPoints(points)


def _on_screen(p: QPainter) -> tuple[float, float, float, float, float]:
    """How the painter maps the scene to the screen (scale and shift on each axis, no
    turn), and the screen's pixel ratio: what drawing in screen pixels needs."""
    world = p.worldTransform()
    return world.m11(), world.m22(), world.dx(), world.dy(), p.device().devicePixelRatioF()


def _stamp(glyph: str, size: float, ratio: float) -> QPixmap:
    """A token's letter, white on clear, as large as a token of `size` shows on screen."""
    stamp = QPixmap(math.ceil(WIDTH * size * ratio), math.ceil(HEIGHT * size * ratio))
    stamp.setDevicePixelRatio(ratio)
    stamp.fill(Qt.GlobalColor.transparent)
    p = QPainter(stamp)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.scale(size, size)
    p.translate(WIDTH / 2, HEIGHT)
    paint_letter(p, glyph)
    p.end()
    return stamp


def _capsule_stamp(rgba: int, width: float, length: float, ratio: float) -> QPixmap:
    """A capsule `width` pixels wide, its line `length` long, smoothed, on clear."""
    stamp = QPixmap(
        math.ceil((width + 2 * STAMP_MARGIN) * ratio),
        math.ceil((width + length + 2 * STAMP_MARGIN) * ratio),
    )
    stamp.setDevicePixelRatio(ratio)
    stamp.fill(Qt.GlobalColor.transparent)
    p = QPainter(stamp)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor.fromRgba(rgba), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    top = width / 2 + STAMP_MARGIN
    p.drawLine(QPointF(top, top), QPointF(top, top + length))
    p.end()
    return stamp


def _token_rgba(task_id: int, state: CustomerState) -> tuple[int, int]:
    """A token's fill and rim (rgba), kept by its colour and state in `_rgba`."""
    fill, rim = token_colours(palette.customer_colour(task_id), state)
    rgba = _rgba[((task_id - 1) % len(palette.CUSTOMER_COLOURS), state)] = (fill.rgba(), rim.rgba())
    return rgba


class Shape:
    """What a token standing on a spot is drawn with, made once per spot and shared by
    every token that stands there (none is changed in place): its capsule (head to feet),
    the square of the floor its middle is in, where the buzzer in its hand is, and its box
    in the picture of boxes for the view it was last worked out for (`view`)."""

    __slots__ = ("_capsule", "_cell", "_dot", "box", "place", "spot", "view")

    def __init__(self, spot: Spot) -> None:
        self.spot = spot
        self.place: Place | None = None  # the grid's place it stands for, if found by it
        self._capsule: QLineF | None = None
        self._cell: tuple[int, int] | None = None
        self._dot: QPointF | None = None
        self.box, self.view = _NO_BOX, -1

    @property
    def capsule(self) -> QLineF:
        """Head to feet, drawn thick with round ends: made when first asked for (a crowd
        of thousands is boxes, unless zoomed in, and a line costs ~0.2 kB)."""
        capsule = self._capsule
        if capsule is None:
            x, y, s = self.spot
            r = WIDTH / 2 * s
            capsule = self._capsule = QLineF(x, y - HEIGHT * s + r, x, y - r)
        return capsule

    @property
    def cell(self) -> tuple[int, int]:
        """The square of the floor a token's middle is in, standing here: worked out when
        first asked for (a far moment's ten thousand tokens are found only once a person
        points, and a crowd of them stands on thousands of spots new to it)."""
        cell = self._cell
        if cell is None:
            x, y, s = self.spot
            cell = self._cell = (int(x // CELL), int((y - HEIGHT / 2 * s) // CELL))
        return cell

    @property
    def dot(self) -> QPointF:
        """Where the buzzer in the hand of a token standing here is: made when first asked
        for (most tokens hold none, and a point costs ~0.2 kB)."""
        dot = self._dot
        if dot is None:
            x, y, s = self.spot
            dot = self._dot = QPointF(x + _HAND_X * s, y + _HAND_Y * s)
        return dot

    def box_in(self, view: int, key: tuple[float, ...]) -> QRect:
        """Its box, in whole pixels of the picture, seen through the view `key` (scale
        and shift on each axis): rounded at its edges, so no two boxes share a pixel."""
        m11, m22, dx, dy = key[0], key[1], key[2], key[3]
        x, y, s = self.spot
        half = WIDTH / 2 * s
        left, top = round(m11 * (x - half) + dx), round(m22 * (y - HEIGHT * s) + dy)
        right, bottom = round(m11 * (x + half) + dx), round(m22 * y + dy)
        box = self.box = QRect(left, top, max(1, right - left), max(1, bottom - top))
        self.view = view
        return box


_NO_SHAPE = Shape((0.0, 0.0, 1.0))  # a token's before it is put anywhere
_view_of, _box_of = attrgetter("view"), attrgetter("box")
_state_of = attrgetter("state")
HOLDING = (CustomerState.WAITING, CustomerState.QUEUED)  # states a dark buzzer is held in


def _drop(batches: dict[_K, dict[int, _V]], batch: _K, tid: int) -> None:
    group = batches.get(batch)
    if group is not None:
        group.pop(tid, None)
        if not group:
            del batches[batch]


_premultiplied: dict[int, bytes] = {0: bytes(4)}  # a fill (rgba) -> its pixel in the picture


def _pixel(rgba: int) -> bytes:
    """The pixel a box of this fill has in the picture, as drawn there (`_draw_all_boxes`)."""
    pixel = _premultiplied.get(rgba)
    if pixel is None:
        one = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        one.fill(Qt.GlobalColor.transparent)
        drawing = QPainter(one)
        drawing.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        drawing.setPen(Qt.PenStyle.NoPen)
        drawing.setBrush(QColor.fromRgba(rgba))
        drawing.drawRects([QRect(0, 0, 1, 1)])
        drawing.end()
        pixel = _premultiplied[rgba] = bytes(one.constBits())[:4]
    return pixel


def _fill_run(
    bits: memoryview,
    per_line: int,
    size: tuple[int, int],
    key: tuple[float, ...],
    grid: layout.Grid,
    fills: list[int],
) -> bool:
    """Write the boxes of tokens on a grid's places 0, 1, 2, ... (`fills`: each one's
    fill, 0 for none) into a picture just cleared, a row of places at a time: the same
    pixels as `Shape.box_in`'s boxes drawn (the same numbers, rounded the same way).
    False, and nothing written, if the grid's tokens are no boxes in this view, or its
    boxes reach past the picture or into each other: they are drawn box by box."""
    left, top, cols, cell_w, cell_h, s = grid
    m11, m22, dx, dy = key[0], key[1], key[2], key[3]
    if not fills or not BOX_PIXELS <= m11 * WIDTH * s < TINY_PIXELS:
        return False
    half, rows, across = WIDTH / 2 * s, -(-len(fills) // cols), min(cols, len(fills))
    xs = [left + (col + 0.5) * cell_w for col in range(across)]  # as `layout.grid_spots`
    ys = [top + (row + 1) * cell_h - layout.FEET_ABOVE_CELL for row in range(rows)]
    lefts = [round(m11 * (x - half) + dx) for x in xs]
    widths = [max(1, round(m11 * (x + half) + dx) - at) for x, at in zip(xs, lefts, strict=True)]
    tops = [round(m22 * (y - HEIGHT * s) + dy) for y in ys]
    heights = [max(1, round(m22 * y + dy) - at) for y, at in zip(ys, tops, strict=True)]
    ends = [at + w for at, w in zip(lefts, widths, strict=True)]
    if lefts[0] < 0 or ends[-1] > size[0] or tops[0] < 0 or tops[-1] + heights[-1] > size[1]:
        return False
    if any(end > at for end, at in zip(ends[:-1], lefts[1:], strict=True)) or any(
        at + h > below for at, h, below in zip(tops[:-1], heights[:-1], tops[1:], strict=True)
    ):
        return False
    clear = bytes(4)
    gaps = [clear * (at - end) for end, at in zip(ends[:-1], lefts[1:], strict=True)] + [b""]
    pieces: dict[int, list[bytes]] = {}  # fill -> its box's pixels and the gap after, by column
    for fill in set(fills):
        pixel = _pixel(fill)
        pieces[fill] = [pixel * w + gap for w, gap in zip(widths, gaps, strict=True)]
    start = lefts[0] * 4
    for row in range(rows):
        line = b"".join(
            [pieces[fill][col] for col, fill in enumerate(fills[row * cols : (row + 1) * cols])]
        )
        at = tops[row] * per_line + start
        for _ in range(heights[row]):
            bits[at : at + len(line)] = line
            at += per_line
    return True
