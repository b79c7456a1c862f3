"""Where things stand on the shop floor: pure geometry, so the scene only looks things up."""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QPointF, QRectF

SCENE = QRectF(0, 0, 1000, 790)
WALL_HEIGHT = 120.0
SERVICE = QPointF(400, 392)  # in front of the cashier: the customer being served
QUEUE_STEP = 74.0
QUEUE_PER_ROW = 4
SEAT_COLUMNS = 4
SEAT_ORIGIN = QPointF(536, 440)
SEAT_STEP = QPointF(116, 122)
EXIT_ORIGIN = QPointF(130, 748)
EXIT_STEP = 52.0
EXIT_PER_ROW = 14


def queue_spot(index: int) -> QPointF:
    """Place in line `index` (0 = next to be served), snaking back from the counter."""
    row, col = divmod(index, QUEUE_PER_ROW)
    return QPointF(SERVICE.x() - QUEUE_STEP * (col + 1), SERVICE.y() + row * 124)


def seat(index: int) -> QPointF:
    """Where the customer in seat `index` sits (to the left of its table)."""
    row, col = divmod(index, SEAT_COLUMNS)
    return QPointF(SEAT_ORIGIN.x() + col * SEAT_STEP.x(), SEAT_ORIGIN.y() + row * SEAT_STEP.y())


def table_for(index: int) -> QPointF:
    """Top-left of the table beside seat `index`."""
    s = seat(index)
    return QPointF(s.x() + 18, s.y() - 48)


def buzzer_at_table(index: int) -> QPointF:
    s = seat(index)
    return QPointF(s.x() + 62, s.y() - 54)


def exit_spot(index: int) -> QPointF:
    """Where the `index`-th customer to leave waits by the door."""
    row, col = divmod(index, EXIT_PER_ROW)
    return QPointF(EXIT_ORIGIN.x() + col * EXIT_STEP, EXIT_ORIGIN.y() - row * 30)


def scene_height_for(seats: int) -> float:
    rows = max(3, (seats + SEAT_COLUMNS - 1) // SEAT_COLUMNS)
    return max(SCENE.height(), SEAT_ORIGIN.y() + rows * SEAT_STEP.y() + 160)


def helper_spot(index: int) -> tuple[float, float]:
    """Where the `index`-th executor worker stands, behind the counter beside the cashier."""
    return 318 - 40 * index, 196.0


# -- crowds: more customers than the furniture seats, packed into a grid of smaller figures --

SEATS_AREA = QRectF(505, 318, 480, 430)
QUEUE_AREA = QRectF(20, 292, 330, 320)
EXIT_AREA = QRectF(100, 652, 390, 130)
NORMAL_SEATS, NORMAL_QUEUE, NORMAL_EXIT = 12, 8, 14
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


def crowd_capacity(count: int, normal: int) -> int:
    """How many places to lay out: the normal layout, or the next crowd size that fits."""
    if count <= normal:
        return normal
    return next((size for size in CROWD_SIZES if size >= count), count)


def crowd_spot(area: QRectF, index: int, capacity: int) -> tuple[QPointF, float]:
    """The feet position and scale of place `index` of `capacity` packed into `area`."""
    left, top, cols, cell_w, cell_h, scale = _grid(area.getRect(), capacity)
    row, col = divmod(index, cols)
    return QPointF(left + (col + 0.5) * cell_w, top + (row + 1) * cell_h - 6), scale


@functools.lru_cache(maxsize=64)
def _grid(
    rect: tuple[float, float, float, float], capacity: int
) -> tuple[float, float, int, float, float, float]:
    """The grid `capacity` places make in a rectangle (left, top, width, height): its left,
    top, columns, cell size and scale. The same few, asked for thousands of customers."""
    left, top, width, height = rect
    cols = max(1, round(math.sqrt(capacity * width / height)))
    rows = math.ceil(capacity / cols)
    cell_w, cell_h = width / cols, height / rows
    return left, top, cols, cell_w, cell_h, min(1.0, cell_h / 116, cell_w / 64)
