"""Plain sentences for what just happened, in the story's words, for the caption strip."""

from __future__ import annotations

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import Customer, ShopState


def narrate(e: ev.Event, state: ShopState) -> str | None:
    """One sentence for `e`, read against the state just before `e` is applied."""
    customer = state.customers.get(getattr(e, "task", None) or 0)
    name = customer.display if customer else "?"
    if isinstance(e, ev.SlipWritten):
        holder = state.customers.get(e.holder or 0)
        who = holder.display if holder else "someone"
        return f"{who} calls {e.recipe}(): an order slip (a coroutine object); nothing has run"
    if isinstance(e, ev.SlipDropped):
        return f"a slip is thrown away unawaited. Python: RuntimeWarning: {e.warning}"
    if isinstance(e, ev.TaskCreated):
        if e.slip is not None:
            return f"create_task() hands in the {e.coro}() slip: a Task, joining the line"
        who = state.display_for(e.name, e.coro)
        return f"{who} walks in: create_task() wrapped the coroutine {e.coro}() in a Task"
    if isinstance(e, ev.Suspended):
        return _suspended(e, customer, name)
    if isinstance(e, ev.Woken):
        # tests/engine/test_asyncio_facts.py: the done callback is the wake-up, by call_soon.
        what = "is cancelled" if e.cancelled else "lights up"
        return f"{name}'s buzzer {what}: its done callback, {name}'s wake-up, joins the ready queue"
    if isinstance(e, ev.Resumed):
        line = f" at line {customer.line}" if customer and customer.line else ""
        return f"the cashier serves {name} again: it resumes{line} with {e.value}"
    if isinstance(e, ev.StepStarted) and customer is not None and customer.steps == 0:
        return f"the cashier serves {name}: {customer.coro}() starts running"
    if isinstance(e, ev.Finished):
        return f"{name} is done and leaves: returned {e.value}"
    if isinstance(e, ev.Failed):
        where = f" at line {e.line}" if e.line else ""
        return f"{name} failed{where}: {e.error}: {e.message}"
    if isinstance(e, ev.Cancelled):
        return f"{name} was cancelled and leaves"
    if isinstance(e, ev.Blocked):
        who = name if customer else "a callback"
        where = f" at line {e.line}" if e.line else ""
        told = "; the shop stopped it with LoopBlockedError" if e.interrupted else ""
        return (
            f"{who} held the loop's only thread for {e.seconds:.1f} s{where} without awaiting: "
            f"no one else was served and the window froze{told}"
        )
    if isinstance(e, ev.OutsideReady) and e.tasks:
        woke = ", ".join(c.display for t in e.tasks if (c := state.customers.get(t)) is not None)
        where = f"fd {e.fd} ({e.what})" if e.fd is not None else f"a {e.what}"
        return (
            f"at the hatch, {where} is ready: the loop ran its callback, which set the Future "
            f"{woke} awaited; the light comes from the hatch"
        )
    if isinstance(e, ev.JobStarted):
        return f"{e.function}() is handed to a worker {e.kind} (run_in_executor)"
    return None


def _suspended(e: ev.Suspended, customer: Customer | None, name: str) -> str:
    """Where a step stopped; and, for a step that resumed elsewhere, that it ran on without
    giving the loop back (an await of something already done does not suspend)."""
    where = f"line {e.line}" if e.line else f"inside {e.awaiting or 'a library'}"
    if customer is not None and customer.steps > 1 and customer.line and customer.line != e.line:
        ran_on = f"{name} ran on from line {customer.line} without giving the loop back, then"
        if e.future is None:
            return f"{ran_on} yields at {where}, straight back in line"
        return f"{ran_on} sits down at {where} on a pending Future"
    if e.future is None:
        return f"{name} yields at {where} and goes straight back in line"
    # tests/engine/test_asyncio_facts.py: the Task hangs its wake-up on the pending Future.
    return f"{name} sits down at {where} on a pending Future: the Task hangs its wake-up on it"
