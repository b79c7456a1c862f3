"""Where things stand on the shop floor: pure geometry, so the scene only looks things up."""

from __future__ import annotations

import functools
import itertools
import math

from PySide6.QtCore import QPointF, QRectF

# The floor is fitted to its view by width: everything sits in 1000 units across, sized so
# that text (items/text.py) and figures stay legible at the narrowest view it gets.
SCENE = QRectF(0, 0, 1000, 770)
WALL_HEIGHT = 262.0  # the wall with the boards, the rail and the counter; the floor below
SERVICE = QPointF(500, 510)  # in front of the cashier: the customer being served
HANDSHAKE_COUNTER = QPointF(440, 228)  # where the counter takes the Future (by the cashier)
# A figure's row is about 180 units tall: its "line N" tag, the figure, its name below.
ROW = 180.0
QUEUE_STEP = 120.0  # a name or a "line N" tag is about 100 units wide
QUEUE_PER_ROW = 3
SEAT_COLUMNS = 3
SEAT_ORIGIN = QPointF(630, 510)
SEAT_STEP = QPointF(130, ROW)
EXIT_ORIGIN = QPointF(150, 690)  # by the door, under the line
EXIT_STEP = 125.0
EXIT_PER_ROW = 4
CAPTION_TOP = 268.0  # the floor's captions, under the wall, above the first row
HATCH = QRectF(560, 596, 430, 170)  # the kitchen hatch, where the second row of seats is
# A seat's table stands to its right and a little up, its buzzer on the table's far edge.
TABLE_FROM_SEAT = QPointF(26, -46)
BUZZER_FROM_SEAT = QPointF(64, -52)
EXIT_ROW_STEP = 40.0  # rows by the door overlap: only heads need to show over the row ahead
SEATS_BOTTOM_ROOM = 60.0  # under the last row of seats: the names below the figures
# Executor workers stand along the line's row, out from the counter: the first clear of the
# customer being served, then a tag's width ("process") apart, four to a row.
HELPER_FIRST = 90.0
HELPER_STEP = 112.0
HELPERS_PER_ROW = 4


def queue_spot(index: int) -> QPointF:
    """Place in line `index` (0 = next to be served), snaking back from the counter."""
    row, col = divmod(index, QUEUE_PER_ROW)
    return QPointF(SERVICE.x() - QUEUE_STEP * (col + 1), SERVICE.y() + row * ROW)


def seat(index: int) -> QPointF:
    """Where the customer in seat `index` sits (to the left of its table)."""
    row, col = divmod(index, SEAT_COLUMNS)
    return QPointF(SEAT_ORIGIN.x() + col * SEAT_STEP.x(), SEAT_ORIGIN.y() + row * SEAT_STEP.y())


def table_for(index: int) -> QPointF:
    """Top-left of the table beside seat `index`."""
    s = seat(index)
    return s + TABLE_FROM_SEAT


def buzzer_at_table(index: int) -> QPointF:
    s = seat(index)
    return s + BUZZER_FROM_SEAT


def exit_spot(index: int) -> QPointF:
    """Where the `index`-th customer to leave waits by the door."""
    row, col = divmod(index, EXIT_PER_ROW)
    return QPointF(EXIT_ORIGIN.x() + col * EXIT_STEP, EXIT_ORIGIN.y() - row * EXIT_ROW_STEP)


def scene_height_for(seats: int) -> float:
    rows = max(2, (seats + SEAT_COLUMNS - 1) // SEAT_COLUMNS)
    return max(SCENE.height(), SEAT_ORIGIN.y() + (rows - 1) * SEAT_STEP.y() + SEATS_BOTTOM_ROOM)


def helper_spot(index: int) -> tuple[float, float]:
    """Where the `index`-th executor worker stands: along the line's row, out from the
    counter, a tag's width apart (their tags say "thread" or "process")."""
    row, col = divmod(index, HELPERS_PER_ROW)
    return SERVICE.x() - HELPER_FIRST - HELPER_STEP * col, SERVICE.y() + ROW * row


# -- crowds: more customers than the furniture seats, packed into a grid of smaller figures --

# The crowd areas start under the floor's captions (CAPTION_TOP and their two lines).
CROWD_TOP = 345.0
SEATS_AREA = QRectF(560, CROWD_TOP, 430, 410)
HATCH_GAP = 6.0  # between a crowd packed above the hatch and the hatch's roof
# Once the hatch is up (a program with sockets or pipes), the seats keep above it: one row
# of tables, and a crowd packed into the floor between the captions and the hatch.
SEATS_ABOVE_HATCH = QRectF(560, CROWD_TOP, 430, HATCH.top() - CROWD_TOP - HATCH_GAP)
SEATS_BESIDE_HATCH = 3
QUEUE_AREA = QRectF(20, CROWD_TOP, 420, 200)
EXIT_AREA = QRectF(100, 560, 400, 200)
NORMAL_SEATS, NORMAL_QUEUE, NORMAL_EXIT = 6, 3, 4
# A grid is sized for all who may take a place at once (a whole rush), and rounded up to one
# of these: steps of a quarter or so past a thousand keep a rush's grid four-fifths full.
CROWD_SIZES = (
    30,
    60,
    120,
    250,
    400,
    600,
    1000,
    1250,
    1500,
    2000,
    2500,
    3000,
    4000,
    5000,
    6000,
    8000,
    10000,
)


# Past the largest size, a grid grows by this many places at a time. Sized exactly to the
# count, a rush of 10,000 and its main task (10,001) had a grid of its own that moved every
# customer whenever the main task ended, or began, at a moment scrubbed to.
CROWD_STEP_PAST_SIZES = 2_500


def crowd_capacity(count: int, normal: int) -> int:
    """How many places to lay out: the normal layout, or the next crowd size that fits."""
    if count <= normal:
        return normal
    size = next((size for size in CROWD_SIZES if size >= count), None)
    if size is None:  # a whole number of steps past the largest
        steps = -(-(count - CROWD_SIZES[-1]) // CROWD_STEP_PAST_SIZES)
        size = CROWD_SIZES[-1] + steps * CROWD_STEP_PAST_SIZES
    return size


# The cell a full-size figure needs in a crowd: its height with its name, and its width.
CELL_H, CELL_W = 116.0, 64.0
FEET_ABOVE_CELL = 6.0  # a figure's feet this far above its cell's bottom: its shadow fits
GRID_SIZES_KEPT = 64  # grids worked out and kept: three areas at the sizes a run goes through


def crowd_spot(area: QRectF, index: int, capacity: int) -> tuple[QPointF, float]:
    """The feet position and scale of place `index` of `capacity` packed into `area`.

    Each place is worked out once per grid and handed out again: a past step scrubbed to
    places thousands of customers, and making their points anew cost a third of that. The
    point is shared, so no one may change it in place (none does: a move makes a new one).
    """
    return _places_of(area.getRect(), capacity)[index]


def crowd_places(area: QRectF, capacity: int) -> dict[int, tuple[QPointF, float]]:
    """`crowd_spot` of each place in `area` (by index), for placing thousands at once."""
    return _places_of(area.getRect(), capacity)


class _Places(dict[int, tuple[QPointF, float]]):
    """The places of one grid, each worked out when first asked for."""

    def __init__(self, rect: tuple[float, float, float, float], capacity: int) -> None:
        super().__init__()
        self.grid = _grid(rect, capacity)

    def __missing__(self, index: int) -> tuple[QPointF, float]:
        left, top, cols, cell_w, cell_h, scale = self.grid
        row, col = divmod(index, cols)  # the numbers of `grid_spots`, worked out alike
        place = self[index] = (
            QPointF(left + (col + 0.5) * cell_w, top + (row + 1) * cell_h - FEET_ABOVE_CELL),
            scale,
        )
        return place


Grid = tuple[float, float, int, float, float, float]  # left, top, columns, cell size, scale


def crowd_grid(area: QRectF, capacity: int) -> Grid:
    """The grid `capacity` places make in `area` (see `_grid`): what `grid_spots` reads."""
    return _grid(area.getRect(), capacity)


def grid_spots(grid: Grid, start: int, stop: int) -> list[tuple[float, float, float]]:
    """The feet (x, y) and scale of the grid's places `start` to `stop` (not included),
    as plain numbers worked out together: a far moment of a rush stands thousands on a
    grid, and a point made for each cost as much as the rest of drawing them. The same
    numbers as `crowd_spot`'s points (`_Places.__missing__` works them out alike: a test
    holds them equal)."""
    left, top, cols, cell_w, cell_h, scale = grid
    return [
        (left + (col + 0.5) * cell_w, top + (row + 1) * cell_h - FEET_ABOVE_CELL, scale)
        for row, col in map(divmod, range(start, stop), itertools.repeat(cols))
    ]


# Grids whose places are kept: three areas, each at a size or two at a time (a rush's
# largest grid keeps ~1.5 MB of places).
GRIDS_KEPT = 8


@functools.lru_cache(maxsize=GRIDS_KEPT)
def _places_of(rect: tuple[float, float, float, float], capacity: int) -> _Places:
    return _Places(rect, capacity)


@functools.lru_cache(maxsize=GRID_SIZES_KEPT)
def _grid(rect: tuple[float, float, float, float], capacity: int) -> Grid:
    """The grid `capacity` places make in a rectangle (left, top, width, height): its left,
    top, columns, cell size and scale. The same few, asked for thousands of customers."""
    left, top, width, height = rect
    cols = max(1, round(math.sqrt(capacity * width / height)))
    rows = math.ceil(capacity / cols)
    cell_w, cell_h = width / cols, height / rows
    return left, top, cols, cell_w, cell_h, min(1.0, cell_h / CELL_H, cell_w / CELL_W)
