"""What a customer's words say: a finished one its return value, a failed one its exception,
each under its own figure, in a way that does not hang on colour alone."""

from __future__ import annotations

from support import program_path

from coffeeshop_gui.model.state import CustomerState


def words_of(shop, task_id: int) -> list[str]:
    """The texts the customer's own figure painted last."""
    item = shop.window.scene.customers[task_id]
    shop.window.grab()
    return [run.text for run in item.drawn]


def test_a_finished_customer_shows_what_it_returned_not_its_last_await(open_shop):
    shop = open_shop(program_path("gather"))
    shop.run_to(2.2)  # both brews returned (2 and 1); main is done too, by the door
    done = [c for c in shop.window.state.customers.values() if c.state is CustomerState.DONE]
    brews = sorted((c for c in done if c.coro == "brew"), key=lambda c: c.id)
    assert [c.value for c in brews] == ["2", "1"]
    for customer in brews:
        words = words_of(shop, customer.id)
        assert customer.value in words  # its return value, not the None its sleep gave back
        assert "None" not in words


def test_a_long_return_value_is_shortened_with_an_ellipsis_inside_its_place(open_shop):
    shop = open_shop()
    shop.run_to(9.0)  # main returned the list of all three customers' drinks
    main = shop.customer("main")
    assert main.state is CustomerState.DONE and len(main.value) > 40
    item = shop.window.scene.customers[main.id]
    shop.window.grab()
    (value,) = [run for run in item.drawn if run.text.endswith("…")]
    assert main.value.startswith(value.text[:-1])
    assert value.slot.adjusted(-1, -1, 1, 1).contains(value.box)


def test_a_failed_customer_shows_its_exception_and_a_cross_not_only_red(open_shop):
    shop = open_shop(program_path("failing"))
    shop.run_to(1.5)
    clumsy = shop.customer("clumsy")
    assert clumsy.state is CustomerState.FAILED
    words = words_of(shop, clumsy.id)
    assert "ValueError" in words and "✗ failed" in words
