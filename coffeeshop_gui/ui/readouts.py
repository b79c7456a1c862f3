"""The words beside the picture: a customer's saved-spot card and the status line."""

from __future__ import annotations

import time
from html import escape
from itertools import islice
from typing import Any

from coffeeshop_gui.model.state import Customer, CustomerState, ShopState
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.code_panel import MARKS_PER_LINE, Mark
from coffeeshop_gui.ui.items.ticket_rail import Ticket

NO_SELECTION = (
    "<b>Click a customer</b> (or press Tab) to see its saved spot: the line it waits on, what "
    "it awaits, and its local variables."
)


RAIL_TICKETS = 8  # the rail shows this many of the ready queue, then "+N"
RELINK_SECONDS = 1.5  # how long a card glows after its customer is served again
# The callback rate is counted again once this many seconds have passed: steady to read,
# and still up to date.
RATE_SECONDS = 1.0


def card_mood(c: Customer | None, served_at: float | None) -> str:
    """'waiting' (greyed: the frame is parked), 'relinked' (just resumed) or 'normal'."""
    if c is None:
        return "normal"
    if c.state is CustomerState.WAITING:
        return "waiting"
    if served_at is not None and time.monotonic() - served_at < RELINK_SECONDS:
        return "relinked"
    return "normal"


def saved_spot_card(c: Customer | None, terms: list[tuple[str, str]] | None = None) -> str:
    """Rich text for the selected customer: where its frame is parked and what it holds."""
    if c is None:
        return NO_SELECTION
    colour = palette.customer_colour(c.id).name()
    where = f"line {c.line}" if c.line else "not started yet"
    chain = " → ".join(f"{f}() line {n}" for f, n in c.chain) or "—"
    local = escape(", ".join(f"{k} = {v}" for k, v in c.locals)) or "—"
    extra = ""
    if c.error:
        extra = f"<br><span style='color:#c62828'><b>{escape(c.error)}</b></span>"
    elif c.cancelled_at:
        extra = f"<br>CancelledError was raised at line {c.cancelled_at}"
    elif c.value:
        extra = f"<br>last value handed back: <code>{escape(c.value)}</code>"
    if c.blocked is not None:
        at = f" at line {c.blocked.line}" if c.blocked.line else ""
        extra += (
            f"<br><span style='color:#c62828'>held the whole shop for "
            f"{c.blocked.seconds:.1f} s{at} without awaiting</span>"
        )
    if terms:
        rows = "".join(f"<br><b>{escape(k)}</b>: <code>{escape(v)}</code>" for k, v in terms)
        extra += f"<br><i>in asyncio's own words</i>{rows}"
    waits = f"waits on: <b>{escape(c.waits_on)}</b><br>" if c.waits_on else ""
    return (
        f"<b style='color:{colour}'>● {escape(c.full_name)}</b> &nbsp; task of "
        f"<code>{escape(c.coro)}()</code> &nbsp; <i>{c.state.value}</i> at {where}<br>"
        f"await chain: {escape(chain)}<br>{waits}locals: <code>{local}</code>{extra}"
    )


class CallbackRate:
    """Loop callbacks per second, from the turn counter, over the last second or so."""

    def __init__(self) -> None:
        self._since, self._turns, self._rate = time.monotonic(), 0, 0.0

    def per_second(self, turns: int) -> float:
        now = time.monotonic()
        if now - self._since >= RATE_SECONDS or turns < self._turns:
            self._rate = max(0, turns - self._turns) / (now - self._since)
            self._since, self._turns = now, turns
        return self._rate


def status_line(
    state: ShopState,
    started_at: float,
    gate: str,
    ready: int,
    rate: float | None,
    compact: bool = False,
) -> str:
    """The shop's figures in one line; `compact` in fewer words, for a narrow window. A
    `rate` of None (a still) leaves the callbacks a second out."""
    done = sum(state.ended.values())
    if compact:
        per_second = "" if rate is None else f" · {rate:,.0f}/s"
        return (
            f"{state.now - started_at:.1f} s · {gate} · alive {state.alive:,}, done {done:,}"
            f" · ready {ready:,} · timers {len(state.brews):,}{per_second}"
            f" · {_workers(state, compact=True)}"
        )
    per_second = "" if rate is None else f"  ·  {rate:,.0f} callbacks/s"
    return (
        f"shop time {state.now - started_at:6.1f} s  ·  {gate}  ·  tasks alive {state.alive:,}"
        f", done {done:,}  ·  ready queue {ready:,}  ·  timers {len(state.brews):,}"
        f"{per_second}  ·  {_workers(state)}"
    )


def _workers(state: ShopState, compact: bool = False) -> str:
    """Who is running Python right now: the loop's one thread, plus executor workers."""
    threads = sum(1 for j in state.jobs.values() if j.kind == "thread")
    processes = sum(1 for j in state.jobs.values() if j.kind == "process")
    if compact:  # "1 loop thread +4 threads +2 processes"
        text = "1 loop thread"
        text += f" +{threads} thread{'s' * (threads > 1)}" if threads else ""
        return text + (f" +{processes} process{'es' * (processes > 1)}" if processes else "")
    text = "the loop: 1 thread"
    if threads:
        text += f" + {threads} worker thread{'s' * (threads > 1)}"
    if processes:
        text += f" + {processes} worker process{'es' * (processes > 1)}"
    return text


def code_marks(state: ShopState, selected: int | None = None) -> list[Mark]:
    """Where each customer is in the code: its await, or where it failed or was cancelled.

    Every line gets marks for the first customers to reach it (and the selected one); with a
    crowd the panel adds the true count per line from `ShopState.line_counts`.
    """
    marks: list[Mark] = []
    for (line, kind), ids in state.at_line.items():
        shown = list(islice(ids, MARKS_PER_LINE))
        if selected in ids and selected not in shown:
            shown.append(selected)
        for tid in shown:
            colour = palette.customer_colour(tid).name()
            marks.append(
                Mark(tid, line, colour, palette.initial(state.customers[tid].display), kind)
            )
    return marks


def ready_tickets(
    session: Any, last_turn: Any, state: ShopState | None = None
) -> tuple[list[Ticket], Ticket | None]:
    """The loop's ready queue as tickets, and the turn taken last; a task's ticket carries
    the name `state` shows it by."""
    customers = state.customers if state is not None else {}

    def ticket(tid: int | None, name: str, kind: str) -> Ticket:
        customer = customers.get(tid) if tid else None
        name = customer.display if customer is not None else name
        return Ticket(name, kind, palette.customer_colour(tid).name() if tid else None)

    tickets = [ticket(*described) for described in session.ready_queue(limit=RAIL_TICKETS)]
    last = ticket(*session.describe(last_turn)) if last_turn is not None else None
    return tickets, last
