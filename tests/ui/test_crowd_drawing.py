"""A crowd's grids and its layer of tokens, without a window: where a crowd stands, and that
the picture kept between paints is the one drawn from nothing."""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from coffeeshop_gui.model.state import Customer, CustomerState
from coffeeshop_gui.ui import layout
from coffeeshop_gui.ui.items.buzzer import holds_buzzer
from coffeeshop_gui.ui.items.crowd import BUZZER_IN_HAND, CrowdLayer, Token
from coffeeshop_gui.ui.items.customer import HEIGHT
from coffeeshop_gui.ui.places import GridRun, Places

GRID = 10_000  # places: a rush's grid, whose tokens are a few pixels wide
STATES = (CustomerState.QUEUED, CustomerState.WAITING, CustomerState.DONE)


def test_a_grid_past_the_largest_size_grows_in_steps_not_by_one():
    largest = layout.CROWD_SIZES[-1]
    step = layout.CROWD_STEP_PAST_SIZES
    assert layout.crowd_capacity(largest, 3) == largest
    # a rush of 10,000 and its main task: one grid, whether main has ended or not
    assert layout.crowd_capacity(largest + 1, 3) == largest + step
    assert layout.crowd_capacity(largest + step, 3) == largest + step
    assert layout.crowd_capacity(largest + step + 1, 3) == largest + 2 * step


def test_a_place_is_the_same_each_time_it_is_asked_for_and_differs_by_grid():
    first, scale = layout.crowd_spot(layout.SEATS_AREA, 7, 1000)
    again, _ = layout.crowd_spot(layout.SEATS_AREA, 7, 1000)
    assert again == first and scale < 1.0
    assert layout.crowd_spot(layout.SEATS_AREA, 7, 2000)[0] != first  # a denser grid
    assert layout.crowd_spot(layout.QUEUE_AREA, 7, 1000)[0] != first  # another area
    assert layout.crowd_spot(layout.SEATS_AREA, 8, 1000)[0] != first  # the next place


def moves(rng: random.Random, held: dict[int, int], count: int) -> dict[int, tuple]:
    """`count` tokens (1, 2, ...) each to a free place of the grid, in a random state: no
    two tokens share a place, as no two customers of a crowd do."""
    free = sorted(set(range(GRID)) - set(held.values()))
    rng.shuffle(free)
    moved = {}
    for tid in range(1, count + 1):
        old = held.get(tid)
        held[tid] = free.pop()
        if old is not None:
            free.insert(0, old)
        state = rng.choice(STATES)
        buzzer = (tid, rng.random() < 0.5) if state is CustomerState.WAITING else None
        moved[tid] = (held[tid], state, buzzer)
    return moved


def as_put(tid: int, place: int, state: CustomerState, buzzer: tuple | None) -> tuple:
    """`CrowdLayer.put`'s arguments for a token on `place` of the grid."""
    area = layout.QUEUE_AREA if place % 2 else layout.SEATS_AREA
    at, scale = layout.crowd_spot(area, place, GRID)
    return tid, f"t{tid}", state, None, at, scale, buzzer


def put_at_once(crowd: CrowdLayer, now: dict[int, tuple]) -> None:
    """`now`'s tokens put in one batch (`put_customers`), as the customers they draw."""
    customers, places = [], []
    for tid, (place, state, buzzer) in now.items():
        future, lit = buzzer if buzzer is not None else (None, False)
        customers.append(
            Customer(tid, f"t{tid}", "coro", None, 0.0, state=state, future=future, buzzer_lit=lit)
        )
        places.append(as_put(tid, place, state, buzzer)[4:6])
    assert crowd.put_customers(customers, places) == []


def looks(t: Token) -> tuple:
    """What a token says of its customer, and where and how it is drawn."""
    dot = (t.dot.x(), t.dot.y()) if t.buzzer is not None else None
    return t.name, t.state, t.line, t.pos, t.scale, t.rgba, t.buzzer, dot, t.shape.spot


def put(crowd: CrowdLayer, moved: dict[int, tuple]) -> None:
    for tid, then in moved.items():
        crowd.put(*as_put(tid, *then))


def painted(crowd: CrowdLayer, zoom: float, picture: QImage | None = None) -> QImage:
    """The layer painted at `zoom` into `picture` (or a new one), as a view paints it."""
    if picture is None:
        picture = QImage(1100, 800, QImage.Format.Format_ARGB32_Premultiplied)
    picture.fill(0xFFFFFFFF)
    p = QPainter(picture)
    p.setWorldTransform(QTransform.fromScale(zoom, zoom).translate(-10, -300))
    crowd.paint(p, QStyleOptionGraphicsItem())
    p.end()
    return picture


def test_a_crowd_changed_between_paints_looks_as_one_drawn_from_nothing(qapp):
    """The boxes' picture is brought up to date (a few changed) or drawn anew (most
    changed), and a spot's box is kept while the view stays: each way, the same picture as
    a layer that never painted before."""
    rng, held = random.Random(16), {}
    kept, now = CrowdLayer(), moves(rng, held, 1500)
    put(kept, now)
    for zoom, changed in ((1.0, 1500), (1.0, 30), (1.0, 1400), (1.1, 40), (0.7, 1500)):
        painted(kept, zoom)
        moved = moves(rng, held, changed)
        put(kept, moved)
        now.update(moved)
        fresh = CrowdLayer()
        put(fresh, now)
        assert painted(kept, zoom) == painted(fresh, zoom), (zoom, changed)
        for tid in rng.sample(sorted(moved), 20):  # a click on one finds it where it is now
            token = kept.tokens[tid]
            middle = QPointF(token.pos.x(), token.pos.y() - HEIGHT / 2 * token.scale)
            assert kept.at(middle) is token


def test_a_crowd_cleared_and_put_in_one_batch_is_the_crowd_put_one_by_one(qapp):
    """A far moment is drawn anew: the layer is cleared and every token put at once
    (`put_customers`), some where they stood before, some elsewhere, some new. It paints, and a
    click finds each token, as a layer that had them put one at a time."""
    rng, held = random.Random(7), {}
    batched, first = CrowdLayer(), moves(rng, held, 1200)
    put(batched, first)
    painted(batched, 1.0)
    batched.selected = 5
    now = {**first, **moves(rng, held, 1500)}  # 300 new ones, and most moved
    del now[9]  # not in this moment
    batched.clear()
    assert batched.tokens == {} and batched.selected is None
    put_at_once(batched, now)
    one_by_one = CrowdLayer()
    put(one_by_one, now)
    assert batched.tokens.keys() == one_by_one.tokens.keys()
    for zoom in (1.0, 3.0):  # boxes; then capsules stroked, from the same batches
        assert painted(batched, zoom) == painted(one_by_one, zoom), zoom
    for tid in rng.sample(sorted(now), 30):
        token = batched.tokens[tid]
        middle = QPointF(token.pos.x(), token.pos.y() - HEIGHT / 2 * token.scale)
        assert batched.at(middle) is token
    # Each token, made only now that it is asked for (`Tokens`), is the one `put` made.
    assert {tid: looks(t) for tid, t in batched.tokens.items()} == {
        tid: looks(t) for tid, t in one_by_one.tokens.items()
    }
    moved = moves(rng, held, 40)  # then a step: a few put one at a time, as ever
    put(batched, moved)
    put(one_by_one, moved)
    assert painted(batched, 1.0) == painted(one_by_one, 1.0)


def test_a_far_moment_drawn_again_on_spots_boxed_already_paints_as_a_fresh_layer(qapp):
    """Scrubbing back and forth draws a far moment anew on spots whose boxes the view has
    worked out before: they are read as they are, and the picture is a fresh layer's."""
    rng, held = random.Random(3), {}
    now = moves(rng, held, 1500)
    crowd = CrowdLayer()
    put_at_once(crowd, now)
    painted(crowd, 1.0)  # every spot's box worked out for this view
    crowd.clear()
    put_at_once(crowd, moves(rng, held, 1500))  # another moment: everyone elsewhere
    painted(crowd, 1.0)
    crowd.clear()
    put_at_once(crowd, now)  # and back
    fresh = CrowdLayer()
    put(fresh, now)
    assert painted(crowd, 1.0) == painted(fresh, 1.0)


def test_tokens_on_the_floor_are_painted_as_boxes_at_a_small_zoom(qapp):
    """Guards the test above: at these zooms the crowd is boxes, each changed one moved."""
    crowd = CrowdLayer()
    put(crowd, moves(random.Random(16), {}, 1500))
    picture = painted(crowd, 1.0)
    assert len(crowd.drawn_boxes()) == 1500
    blank = QImage(picture.size(), picture.format())
    blank.fill(0xFFFFFFFF)
    assert picture != blank
    assert QRectF(picture.rect()).contains(QRectF(crowd.drawn_boxes()[0]))


def test_the_spots_kept_are_bounded_and_those_stood_on_stay(qapp):
    """A rush walks through many grids: past `MAX_SPOTS` only the shapes of the spots tokens
    stand on now are kept, and the crowd still paints and is found as a fresh one."""
    rng, held = random.Random(3), {}
    kept, now = CrowdLayer(), moves(rng, held, 400)
    kept.max_spots = 600
    put(kept, now)
    for _ in range(6):  # each time, most of them move to spots not stood on before
        moved = moves(rng, held, 300)
        put(kept, moved)
        now.update(moved)
        assert len(kept.spots) <= 601
        assert all(kept.spots.get(t.shape.spot) is t.shape for t in kept.tokens.values())
    kept.clear()
    put_at_once(kept, now)
    assert len(kept.spots) <= 601
    assert all(kept.spots[t.shape.spot] is t.shape for t in kept.tokens.values())
    fresh = CrowdLayer()
    put(fresh, now)
    for zoom in (1.0, 3.0):
        assert painted(kept, zoom) == painted(fresh, zoom), zoom
    for t in kept.tokens.values():  # each buzzer in its token's hand, made when asked for
        if t.buzzer is not None:
            assert t.dot == fresh.tokens[t.task_id].dot != QPointF()


def test_more_tokens_than_the_bound_each_on_its_own_spot_are_not_pruned_at_each_new_one(
    qapp, monkeypatch
):
    """A program's 20,000 tasks stand on more spots than `max_spots`: the spots kept grow
    past it in steps (a quarter of it), so pruning, which visits them all, is not done at
    every new spot (seconds a frame at 20,000: the window froze)."""
    crowd = CrowdLayer()
    crowd.max_spots = 100
    prunings = []
    prune = crowd._spots_in_use
    monkeypatch.setattr(crowd, "_spots_in_use", lambda: prunings.append(1) or prune())
    put(crowd, moves(random.Random(7), {}, 300))
    assert len(crowd.tokens) == 300
    assert all(crowd.spots[t.shape.spot] is t.shape for t in crowd.tokens.values())
    assert 1 <= len(prunings) <= (300 - 100) // 25 + 1


def on_grid(count: int, capacity: int, area: QRectF = layout.SEATS_AREA) -> tuple[list, list]:
    """`count` waiting customers (1, 2, ...), and the first places of a grid for them."""
    customers = [
        Customer(tid, f"t{tid}", "coro", None, 0.0, state=CustomerState.WAITING, future=tid)
        for tid in range(1, count + 1)
    ]
    grid = layout.crowd_places(area, capacity)
    return customers, [grid[i] for i in range(count)]


def test_tokens_put_on_grids_made_again_stand_on_their_own_places(qapp):
    """`put_customers` finds a spot's shape by its grid place. A grid let go and made again
    has new places, and the old ones are freed for anything to take their memory: each
    token still stands where its place is, its buzzer in its hand, as one put alone."""
    crowd, sizes = CrowdLayer(), layout.CROWD_SIZES[-12:]
    for area in (layout.SEATS_AREA, layout.QUEUE_AREA, layout.QUEUE_AREA):
        for capacity in sizes:  # more grids than layout keeps: each is made again
            customers, places = on_grid(300, capacity, area)
            crowd.clear()
            assert crowd.put_customers(customers, places) == []
            for t, (at, scale) in zip(crowd.tokens.values(), places, strict=True):
                assert t.pos is at and t.shape.spot == (at.x(), at.y(), scale)
                assert t.dot == at + BUZZER_IN_HAND * scale
    one = CrowdLayer()
    for c, (at, scale) in zip(customers, places, strict=True):
        one.put(c.id, c.display, c.state, c.line, at, scale, (c.id, False))
    assert painted(crowd, 1.0) == painted(one, 1.0)


def test_a_layer_given_the_spots_of_another_paints_as_a_fresh_one(qapp):
    """The first look back draws on a new floor with the shapes of the floor given up
    (`take_spots`): each shape's box, kept for the view the other layer painted, is worked
    out again for the new layer's view, and the other layer makes its own again."""
    rng, held = random.Random(11), {}
    given_up, now = CrowdLayer(), moves(rng, held, 1500)
    put(given_up, now)
    painted(given_up, 1.0)  # boxes kept for this view
    taker = CrowdLayer()
    taker.take_spots(given_up)
    assert len(taker.spots) >= 1500 and not given_up.spots
    put_at_once(taker, now)
    fresh = CrowdLayer()
    put(fresh, now)
    for zoom in (1.2, 1.0):
        assert painted(taker, zoom) == painted(fresh, zoom), zoom
    moved = moves(rng, held, 200)
    put(given_up, moved)
    now.update(moved)
    again = CrowdLayer()
    put(again, {tid: now[tid] for tid in given_up.tokens})
    assert painted(given_up, 1.2) == painted(again, 1.2)


def runs_of_a_far_moment(rng: random.Random) -> list[GridRun]:
    """A rush's far moment as `Places.runs_afresh` hands it out: those seated, in line and
    by the door, each area's on its grid's places 0, 1, 2, ... in turn."""
    runs, tid = [], 0
    for area, capacity, count, states in (
        (layout.SEATS_AREA, 12_500, 6_000, (CustomerState.WAITING,)),
        (layout.QUEUE_AREA, 10_000, 2_500, (CustomerState.QUEUED,)),
        (layout.EXIT_AREA, 2_500, 1_500, (CustomerState.DONE, CustomerState.FAILED)),
    ):
        customers = []
        for _ in range(count):
            tid += 1
            state = rng.choice(states)
            lit = rng.random() < 0.3
            future = tid if state is CustomerState.WAITING or lit else None
            customers.append(
                Customer(tid, f"t{tid}", "c", None, 0.0, state=state, future=future, buzzer_lit=lit)
            )
        runs.append(GridRun(customers, [c.id for c in customers], area, capacity))
    return runs


def painted_whole(crowd: CrowdLayer, zoom: float) -> QImage:
    """The layer painted with the whole floor in the picture, as the past floor's view."""
    picture = QImage(1000, 800, QImage.Format.Format_ARGB32_Premultiplied)
    picture.fill(0xFFFFFFFF)
    p = QPainter(picture)
    p.setWorldTransform(QTransform.fromScale(zoom, zoom).translate(3.5, 12.25))
    crowd.paint(p, QStyleOptionGraphicsItem())
    p.end()
    return picture


def test_a_far_moment_put_by_grids_paints_its_boxes_row_by_row_as_box_by_box(qapp):
    """A far moment's crowd put a grid at a time (`put_runs`) is drawn into the picture of
    boxes a row of places at a time, no box made for each: the same pixels as the same
    tokens put one by one and drawn box by box, with a few changed before the paint (drawn
    box by box over the rows) and a few after (their row-drawn boxes cleared), and when
    the picture is drawn anew later (those changed since drawn box by box)."""
    rng = random.Random(31)
    runs = runs_of_a_far_moment(rng)
    crowd, one_by_one = CrowdLayer(), put_one_at_a_time(runs)
    crowd.clear()
    assert crowd.put_runs(runs) == []
    seated = runs[0].customers
    for c in seated[:5]:  # changed before the paint: elsewhere, or gone
        at, scale = layout.crowd_spot(layout.SEATS_AREA, 7_000 + c.id, 12_500)
        for layer in (crowd, one_by_one):
            layer.put(c.id, c.display, CustomerState.QUEUED, None, at, scale, None)
    for layer in (crowd, one_by_one):
        layer.remove(seated[6].id)
    zoom = 0.9
    assert painted_whole(crowd, zoom) == painted_whole(one_by_one, zoom)
    unboxed = [t.shape for t in crowd.tokens.values() if t.shape.view == -1]
    assert len(unboxed) > 9_000  # drawn by rows: no box worked out for each
    for c in seated[10:20]:  # a step after: each old box cleared, the new one drawn
        at, scale = layout.crowd_spot(layout.SEATS_AREA, 8_000 + c.id, 12_500)
        for layer in (crowd, one_by_one):
            layer.put(c.id, c.display, CustomerState.DONE, None, at, scale, None)
    assert painted_whole(crowd, zoom) == painted_whole(one_by_one, zoom)
    crowd.forget_picture()  # drawn anew (most changed, or another view): by rows again,
    assert painted_whole(crowd, zoom) == painted_whole(one_by_one, zoom)  # but those moved
    assert len([t for t in crowd.tokens.values() if t.shape.view == -1]) > 9_000
    assert painted_whole(crowd, 0.8) == painted_whole(one_by_one, 0.8)
    assert {tid: looks(t) for tid, t in crowd.tokens.items()} == {
        tid: looks(t) for tid, t in one_by_one.tokens.items()
    }


def put_one_at_a_time(runs: list[GridRun]) -> CrowdLayer:
    """A layer with the customers of `runs` put one by one on their grids' places."""
    one_by_one = CrowdLayer()
    for run in runs:
        places = layout.crowd_places(run.area, run.capacity)
        for i, c in enumerate(run.customers):
            at, scale = places[i]
            buzzer = (c.future or 0, c.buzzer_lit) if holds_buzzer(c) else None
            one_by_one.put(c.id, c.display, c.state, None, at, scale, buzzer)
    return one_by_one


def test_a_far_moment_moved_in_part_before_its_first_paint_draws_them_where_they_went(qapp):
    """A few tokens of grids put in bulk, moved before the picture is first drawn and none
    gone (so the grids still hold as many as are drawn), are drawn where they went: not
    left to their grid's rows, which put them where they were."""
    runs = runs_of_a_far_moment(random.Random(7))
    crowd, one_by_one = CrowdLayer(), put_one_at_a_time(runs)
    crowd.put_runs(runs)
    for c in runs[0].customers[:5]:
        at, scale = layout.crowd_spot(layout.SEATS_AREA, 7_000 + c.id, 12_500)
        for layer in (crowd, one_by_one):
            layer.put(c.id, c.display, CustomerState.QUEUED, None, at, scale, None)
    assert painted_whole(crowd, 0.9) == painted_whole(one_by_one, 0.9)


def test_a_far_moment_is_placed_by_runs_as_one_at_a_time_and_no_point_is_made(qapp):
    """`Places.runs_afresh` hands each area's customers the places `target` hands them one
    at a time on a fresh floor; the crowd is put from its grids' numbers (`put_runs`): no
    grid place (a point each) is made, and its tokens stand where `target` puts them,
    painted as the same customers put there one at a time (the colour of each one's
    state, the buzzer each holds)."""
    rng = random.Random(5)
    states = (*[CustomerState.WAITING] * 5, CustomerState.QUEUED, CustomerState.DONE)
    customers = [
        Customer(tid, f"t{tid}", "c", None, 0.0, state=rng.choice(states), future=tid)
        for tid in range(1, 4_001)
    ]
    customers[17].state = CustomerState.RUNNING
    order: dict[int, int] = {}
    capacity = 5_000  # a grid no other test asks for places of
    bulk, one_at_a_time = Places(), Places()
    for floor in (bulk, one_at_a_time):
        floor.seat_capacity = floor.line_capacity = floor.exit_capacity = capacity
    before = [len(layout.crowd_places(area, capacity)) for area in AREAS]
    runs = bulk.runs_afresh(customers, order)
    crowd = CrowdLayer()
    full = crowd.put_runs(runs)
    assert [len(layout.crowd_places(area, capacity)) for area in AREAS] == before
    wanted = {c.id: one_at_a_time.target(c, order) for c in customers}
    assert full == [customers[17].id]  # at the counter: drawn in full, not a token
    for slots in ("seats", "line", "exits"):
        assert getattr(bulk, slots).of == getattr(one_at_a_time, slots).of
    one_by_one = CrowdLayer()
    for c in customers[:17] + customers[18:]:
        at, scale = wanted[c.id]
        buzzer = (c.future or 0, c.buzzer_lit) if holds_buzzer(c) else None
        one_by_one.put(c.id, c.display, c.state, None, at, scale, buzzer)
    assert painted_whole(crowd, 0.9) == painted_whole(one_by_one, 0.9)  # tokens not made yet
    for tid, t in crowd.tokens.items():
        at, scale = wanted[tid]
        assert (t.pos, t.scale) == (at, scale)


AREAS = (layout.SEATS_AREA, layout.QUEUE_AREA, layout.EXIT_AREA)


def test_a_grids_spots_are_its_places_points_to_the_last_bit():
    """`layout.grid_spots` works out in bulk the numbers `crowd_spot` makes points of: a
    far moment's tokens stand on shapes found by them, and a near step's by the points."""
    for area, capacity in ((layout.SEATS_AREA, 12_500), (layout.EXIT_AREA, 1_000)):
        grid = layout.crowd_grid(area, capacity)
        spots = layout.grid_spots(grid, 0, capacity)
        for i in range(0, capacity, 7):
            at, scale = layout.crowd_spot(area, i, capacity)
            assert spots[i] == (at.x(), at.y(), scale)
