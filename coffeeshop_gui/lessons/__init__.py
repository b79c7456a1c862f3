"""The guided tour: seven lessons, each a plain program with `async def main()` and its captions.

The lesson files open like any program (`coffeeshop LESSON.py`) and trace headless; the tour
runs them in order with captions in the shop's own words.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

LESSONS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Lesson:
    """One step of the story: what to run, and what to say about it."""

    title: str
    file: Path
    captions: tuple[str, ...]
    asyncio_terms: bool = False  # open the detail view (Task, Future, Handle) for this step
    follow: str | None = None  # the customer whose card is shown when it walks in
    # What this run's own measurements say (the timings board's rows), once they are in:
    # a caption that must agree with this machine cannot be written in advance.
    verdict: Callable[[Mapping[str, float]], str | None] | None = None
    # When each caption comes on, one cue per caption, in order: words of the caption strip's
    # sentence for an event (matched as `--when` matches them), "" for from the start. The
    # tour shows one caption at a time, each as its program reaches that moment. No cues
    # (the default): every caption at once.
    cues: tuple[str, ...] = ()
    # The step's key moment, as `--when` words: where `--tour STEP --screenshot` lands.
    key_moment: str | None = None


THREAD_GRINDS, PROCESS_GRINDS = "grinds, threads", "grinds, processes"
# Processes "won" only if clearly faster: within a fifth, start-up and noise explain it.
CLEAR_WIN = 0.8


def pools_verdict(measured: Mapping[str, float]) -> str | None:
    """Step 4's last word on processes against threads, from the times measured here."""
    threads, processes = measured.get(THREAD_GRINDS), measured.get(PROCESS_GRINDS)
    if threads is None or processes is None:
        return None
    cores = os.cpu_count() or 1
    here = f"Measured here ({cores} core{'s' * (cores > 1)}): {processes:.1f} s in two processes, "
    here += f"{threads:.1f} s in threads"
    if processes < CLEAR_WIN * threads:
        return f"{here}: they ground side by side."
    if cores < 2:
        return f"{here}: no faster, with no second core to use."
    return f"{here}: no faster, since start-up and pickling cost what the second core saved."


# How kitchen_orders.py labels its two timings ("10 orders, one after another").
KITCHEN_ONE_BY_ONE, KITCHEN_GATHER = "orders, one after another", "orders, together (gather)"


def kitchen_verdict(measured: Mapping[str, float]) -> str | None:
    """Step 5's last word: the two times the kitchen's orders took here, side by side."""
    one_by_one = next((s for k, s in measured.items() if k.endswith(KITCHEN_ONE_BY_ONE)), None)
    together = next((s for k, s in measured.items() if k.endswith(KITCHEN_GATHER)), None)
    if one_by_one is None or together is None:
        return None
    return (
        f"Measured here: {one_by_one:.2f} s one after another, "
        f"{together:.2f} s together with gather."
    )


TOUR = (
    Lesson(
        "The menu and the order slip",
        LESSONS_DIR / "step1_menu.py",
        (
            "The menu lists the recipes: every async def.",
            "Calling one runs nothing: it writes an order slip, a coroutine object.",
            "create_task() hands the slip in: only then does Ada join the line.",
            "A slip nobody hands in is thrown away: Python warns it was never awaited.",
        ),
        cues=("", "calls latte()", "hands in the latte() slip", "thrown away unawaited"),
        key_moment="calls latte()",  # a slip on the floor, and nothing of latte() has run
    ),
    Lesson(
        "The buzzer",
        LESSONS_DIR / "step2_handshake.py",
        (
            "Ada's order comes with a buzzer: a Future, dark while pending.",
            # tests/engine/test_asyncio_facts.py: the Task hangs its wake-up on the Future,
            # and no Future is handed to the loop while a task suspends.
            "await buzzer calls its __await__(), which yields the buzzer to Ada's Task; the "
            "Task hangs its wake-up on it.",
            "The story hands the buzzer to the manager; in Python the Task keeps it, and the "
            "loop only runs callbacks.",
        ),
        cues=("", "Ada sits down", "Ada wake-up"),
        key_moment="Ada sits down",  # the handshake: her Task hangs its wake-up on the buzzer
        asyncio_terms=True,
        follow="Ada",
    ),
    Lesson(
        "Go sit down",
        LESSONS_DIR / "step3_suspension.py",
        (
            # tests/engine/test_asyncio_facts.py: only a pending await suspends.
            "An await of something not done yet seats the customer and frees the cashier.",
            "await price_of() is never marked: it returns at once, so Ada keeps the counter.",
            "Her saved frame keeps the line and every local: the card, greyed while she waits.",
        ),
        cues=("", "Ada ran on from line 21", "Ada ran on from line 22"),
        key_moment="Ada ran on from line 21",  # price_of() returned at once: she kept the counter
        follow="Ada",
    ),
    Lesson(
        "One cashier or several",
        LESSONS_DIR / "step4_concurrency.py",
        (
            "One cashier, one thread: waits overlap, Python work does not.",
            # tests/engine/test_asyncio_facts.py: four time.sleep calls in threads overlap.
            "Threads take turns running Python (the GIL); time.sleep releases it, so sleeps "
            "overlap.",
            "Worker processes are kitchen hands, not cashiers: no loop; they start up and "
            "pickle first.",
            "A rude customer's time.sleep() freezes the whole shop; the shop names the line.",
        ),
        cues=("", "handed to a worker thread", "handed to a worker process", "held the loop"),
        key_moment="sleep() is handed to a worker thread",  # four sleeps, four threads
        verdict=pools_verdict,
    ),
    Lesson(
        "Ten orders to the kitchen",
        LESSONS_DIR / "kitchen_orders.py",
        (
            "The kitchen is a server this program starts here; each order goes over a TCP socket.",
            # tests/engine/test_waits.py: the card's words come from the await chain and
            # the loop's registrations; tests/ui/test_outside_window.py: lit from the hatch.
            "The hatch is the loop's selector: the sockets it watches, and who waits on each.",
            "A reply makes a socket ready; the loop runs its callback, which sets the Future: "
            "the buzzer lights from the hatch.",
            "One after another, each order waits for the last; with gather, all ten wait at "
            "once, on one thread.",
        ),
        cues=("", "main calls order()", "at the hatch", "serves order 1"),
        key_moment="order 10 sits down",  # with gather: all ten orders wait at the hatch
        follow="main",
        verdict=kitchen_verdict,
    ),
    Lesson(
        "The buzzer lights",
        LESSONS_DIR / "step6_resume.py",
        (
            "set_result() lights the buzzer: the Future is done.",
            # tests/engine/test_asyncio_facts.py: set_result schedules the wake-up by call_soon.
            "It hands the Future's done callbacks to call_soon; Ada's wake-up is one: a ticket "
            "on the rail.",
            "The cashier takes it; Ada resumes at her saved line with what the await returns.",
        ),
        cues=("", "Ada wake-up", "serves Ada again"),
        key_moment="Ada wake-up",  # her buzzer lit, her wake-up a ticket on the rail
        follow="Ada",
    ),
    Lesson(
        "The bottom line",
        LESSONS_DIR / "step7_bottom_line.py",
        (
            "Three hundred customers, one cashier, one thread: each waits on its own buzzer.",
            "The cashier serves whoever is ready. That is asyncio: many waits on one thread.",
        ),
        cues=("", "buzzer lights up"),
        key_moment="buzzer lights up",  # the crowd seated, the first wake-up in line
    ),
)
