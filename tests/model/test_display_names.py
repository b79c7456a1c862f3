"""What views call a task: its own name, or its coroutine's name for asyncio's `Task-<n>`."""

from __future__ import annotations

from support import record_on_stock_loop

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import ShopState, fold


def created(task: int, name: str, coro: str) -> ev.TaskCreated:
    return ev.TaskCreated(0, task, name, coro, None, None)


def displays(state: ShopState) -> dict[int, str]:
    return {c.id: c.display for c in state.customers.values()}


def test_an_unnamed_task_is_called_after_its_coroutine():
    state = fold([created(1, "Task-7", "rude"), created(2, "Task-8", "polite")])
    assert displays(state) == {1: "rude", 2: "polite"}


def test_a_nested_coroutine_is_called_by_its_own_name_not_its_qualified_one():
    state = fold([created(1, "Task-3", "main.<locals>.brew")])
    assert state.customers[1].display == "brew"


def test_the_task_keeps_its_real_name_beside_the_display_name():
    state = fold([created(1, "Task-7", "rude")])
    assert state.customers[1].name == "Task-7"


def test_unnamed_tasks_of_one_coroutine_are_numbered_from_the_first_on():
    state = fold([created(i, f"Task-{i}", "customer") for i in (1, 2, 3)])
    assert displays(state) == {1: "customer 1", 2: "customer 2", 3: "customer 3"}


def test_a_task_with_a_name_of_its_own_keeps_it():
    state = fold([created(1, "Ada", "customer"), created(2, "Task-2", "customer")])
    assert displays(state) == {1: "Ada", 2: "customer"}


def test_a_later_real_name_wins_over_the_coroutine_name():
    state = fold([created(1, "Task-4", "work"), ev.TaskRenamed(0, 1, "barista")])
    assert (state.customers[1].display, state.customers[1].name) == ("barista", "barista")


def test_names_given_just_after_creation_leave_no_numbers_behind():
    """3.11's create_task(name=...): made as Task-N, then renamed, in any order."""
    events = [created(i, f"Task-{i}", "customer") for i in (1, 2, 3)]
    events += [ev.TaskRenamed(0, 3, "Cy"), ev.TaskRenamed(0, 1, "Ada"), ev.TaskRenamed(0, 2, "Ben")]
    events += [created(4, "Task-4", "customer")]
    assert displays(fold(events)) == {1: "Ada", 2: "Ben", 3: "Cy", 4: "customer"}


def test_the_only_unnamed_one_left_loses_its_number():
    events = [created(1, "Task-1", "brew"), created(2, "Task-2", "brew")]
    events += [ev.TaskRenamed(0, 2, "barista")]
    assert displays(fold(events)) == {1: "brew", 2: "barista"}


def test_a_number_still_held_is_not_handed_out_again():
    events = [created(i, f"Task-{i}", "brew") for i in (1, 2, 3)]
    events += [ev.TaskRenamed(0, 2, "barista"), created(4, "Task-4", "brew")]
    assert displays(fold(events)) == {1: "brew 1", 2: "barista", 3: "brew 3", 4: "brew 4"}


def test_a_rename_to_an_automatic_looking_name_keeps_the_display_name():
    state = fold([created(1, "Task-1", "brew"), ev.TaskRenamed(0, 1, "Task-99")])
    assert state.customers[1].display == "brew"


def test_display_for_foretells_the_name_a_created_task_gets():
    state = ShopState()
    for i in range(1, 5):
        foretold = state.display_for(f"Task-{i}", "latte")
        state.apply(created(i, f"Task-{i}", "latte"))
        assert state.customers[i].display == foretold
    assert state.display_for("Ada", "latte") == "Ada"


def test_a_rush_of_unnamed_tasks_gets_one_distinct_name_each():
    state = fold([created(i, f"Task-{i}", "espresso") for i in range(1, 10_001)])
    names = set(displays(state).values())
    assert len(names) == 10_000 and "espresso 10000" in names


def test_gather_of_two_recipes_shows_their_coroutine_names():
    _, events, _ = record_on_stock_loop("rude")
    assert sorted(displays(fold(events)).values()) == ["main", "polite", "rude"]


def test_gather_of_one_recipe_twice_numbers_them():
    _, events, _ = record_on_stock_loop("gather")
    assert sorted(displays(fold(events)).values()) == ["brew 1", "brew 2", "main"]


def test_numbers_of_customers_long_gone_do_not_pile_up():
    state = ShopState(keep_ended=2)
    for i in range(1, 1_001):
        state.apply(created(i, f"Task-{i}", "brew"))
        state.apply(ev.Finished(0, i, "None"))
    kept = [c.display for c in state.customers.values()]
    assert kept == ["brew 999", "brew 1000"]
    assert state.numbers_held("brew") == 2  # memory: only the kept ones hold a number
