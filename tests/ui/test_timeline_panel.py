"""The timeline panel: lanes drawn from the log's timeline, a playhead, and picking."""

from __future__ import annotations

import pytest
from gestures import drag_mouse, press
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.timeline import Timeline
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.timeline_panel import DENSE_FROM, TimelinePanel


def made_timeline(customers: int = 3, rounds: int = 4) -> Timeline:
    """Customers 1..n created, each served in turn `rounds` times, waiting at line 10 + id
    until the round's last has been served."""
    timeline, t = Timeline(), 0.0
    for tid in range(1, customers + 1):
        timeline.apply(ev.TaskCreated(t, tid, f"c{tid}", "customer", None, 3))
        timeline.apply(ev.Scheduled(t, tid))
    for _ in range(rounds):
        for tid in range(1, customers + 1):
            t += 0.5
            timeline.apply(ev.StepStarted(t, tid))
            timeline.apply(ev.Suspended(t, tid, 10 + tid, (), 99, ""))
        for tid in range(1, customers + 1):  # a round's buzzers light once all sit
            timeline.apply(ev.Woken(t, tid, 99, False))
    return timeline


@pytest.fixture
def panel(qtbot):
    made = TimelinePanel()
    qtbot.addWidget(made)
    made.resize(700, 260)
    made.show()
    return made


def pixel(panel: TimelinePanel, x: int, y: int) -> QColor:
    return panel.lanes.grab().toImage().pixelColor(x, y)


def column_x(panel: TimelinePanel, turn: int) -> int:
    _row, col, names, _px = panel.lanes.sizes()
    return names + (turn - panel.lanes.first_column) * col + col // 2


def row_y(panel: TimelinePanel, row: int) -> int:
    height = panel.lanes.sizes()[0]
    return row * height + height // 2


def test_the_cashier_lane_shows_whom_it_served_at_each_turn_in_their_colour(panel):
    timeline = made_timeline()
    panel.show_timeline(timeline, None)
    for turn in range(timeline.turns):
        served = timeline.served_at(turn)
        got = pixel(panel, column_x(panel, turn), row_y(panel, 1))
        assert got == palette.customer_colour(served), f"turn {turn}"


def test_a_customer_lane_is_at_the_counter_in_its_colour_only_at_its_own_turns(panel):
    timeline = made_timeline()
    panel.show_timeline(timeline, None)
    first_lane = 2  # the ruler, then the cashier
    for turn in range(timeline.turns):
        got = pixel(panel, column_x(panel, turn), row_y(panel, first_lane))
        at_counter = timeline.served_at(turn) == 1
        assert (got == palette.customer_colour(1)) == at_counter, f"turn {turn}"


def test_hovering_a_slice_says_what_the_customer_was_doing_and_where(panel):
    timeline = made_timeline()
    panel.show_timeline(timeline, None)
    said = panel.lanes.tell(QPointF(column_x(panel, 1), row_y(panel, 2)))
    assert said == "step 2 · 1.00 s: c1 seated on a buzzer (suspended) at line 11"
    said = panel.lanes.tell(QPointF(column_x(panel, 1), row_y(panel, 1)))
    assert said.endswith("the cashier serves c2")


def click_c2_at_turn_2(panel, qtbot) -> tuple[list[int], list[tuple[int, int]]]:
    """Click c2's lane at turn 2 (c2 sits at line 12): the turns and customers asked for."""
    panel.show_timeline(made_timeline(), None)
    turns, customers = [], []
    panel.lanes.turn_picked.connect(turns.append)
    panel.lanes.customer_picked.connect(lambda task, line: customers.append((task, line)))
    at = QPoint(column_x(panel, 2), row_y(panel, 3))
    qtbot.mouseClick(panel.lanes, Qt.MouseButton.LeftButton, pos=at)
    return turns, customers


def test_a_click_on_a_column_asks_for_that_turn(panel, qtbot):
    turns, _customers = click_c2_at_turn_2(panel, qtbot)
    assert turns == [2]


def test_a_click_on_a_slice_asks_for_its_customer_at_its_line(panel, qtbot):
    _turns, customers = click_c2_at_turn_2(panel, qtbot)
    assert customers == [(2, 12)]


def test_dragging_the_playhead_asks_for_each_turn_it_passes(panel):
    timeline = made_timeline()
    panel.show_timeline(timeline, None)
    turns = []
    panel.lanes.turn_picked.connect(
        lambda n: (turns.append(n), setattr(panel.lanes, "playhead", n))
    )
    y = row_y(panel, 0)
    drag_mouse(panel.lanes, QPoint(column_x(panel, 9), y), QPoint(column_x(panel, 2), y), steps=7)
    assert turns[0] == 9 and turns[-1] == 2
    assert turns == sorted(turns, reverse=True) and len(turns) >= 5


def long_run_shown_live(panel) -> Timeline:
    """A run of 100 rounds, shown as it is now (no turn of the past picked)."""
    timeline = made_timeline(3, 100)
    panel.show_timeline(timeline, None)
    return timeline


def test_a_long_run_keeps_the_newest_turn_in_view(panel):
    timeline = long_run_shown_live(panel)
    lanes = panel.lanes
    assert lanes.first_column + lanes.visible_columns() > timeline.turns - 1


def test_a_long_run_keeps_a_playhead_in_the_past_in_view(panel):
    timeline = long_run_shown_live(panel)
    panel.show_timeline(timeline, 5)
    lanes = panel.lanes
    assert lanes.first_column <= 5 < lanes.first_column + lanes.visible_columns()


def test_a_rush_is_drawn_as_a_density_view_not_as_thousands_of_lanes(panel):
    timeline = made_timeline(DENSE_FROM + 50, 1)
    panel.show_timeline(timeline, None)
    assert panel.lanes.dense()
    middle = timeline.turns // 2  # half seated, half still in line
    panel.show_timeline(timeline, middle)
    said = panel.lanes.tell(QPointF(column_x(panel, middle), row_y(panel, 4)))
    assert "in line (ready)" in said and "seated on a buzzer" in said


def live_timeline_at_3_s(open_shop):
    """The default program run to 3 s, its timeline shown with L."""
    shop = open_shop()
    shop.run_to(3.0)
    press(shop, "L")
    return shop


def test_l_shows_the_timeline_of_the_live_run(open_shop):
    window = live_timeline_at_3_s(open_shop).window
    assert window.timeline_dock.isVisible()
    assert window.timeline_panel.lanes.timeline.turns == window.history.last_turn > 3


def test_the_timeline_is_built_at_the_first_l_as_the_window_stands_then(open_shop):
    shop = open_shop()
    window = shop.window
    # The first frame has the dock hidden: a window opens sooner without lanes to fill.
    assert window.findChildren(TimelinePanel) == []
    shop.run_to(3.0)
    window.do_zoom_in()  # zoomed while no timeline exists
    window.go_to_turn(2)  # and in the past
    press(shop, "L")
    panel = window.timeline_panel
    assert window.findChildren(TimelinePanel) == [panel]
    assert window.timeline_dock.widget() is panel
    assert panel.lanes.zoom == window.zoom > 1.0
    assert panel.lanes.playhead == 2
    assert panel.lanes.timeline.turns == window.history.last_turn > 3


def test_a_click_on_the_live_timeline_goes_back_to_that_turn(open_shop):
    shop = live_timeline_at_3_s(open_shop)
    window = shop.window
    panel = window.timeline_panel
    event = QMouseEvent(
        QMouseEvent.Type.MouseButtonPress,
        QPointF(column_x(panel, 2), row_y(panel, 0)),
        QPointF(),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(panel.lanes, event)
    assert window.past == 2
    assert panel.lanes.playhead == 2
    press(shop, "End")
    assert window.past is None and panel.lanes.playhead is None
