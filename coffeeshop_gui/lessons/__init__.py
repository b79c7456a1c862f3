"""The guided tour: six lessons, each a plain program with `async def main()` and its captions.

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


THREAD_GRINDS, PROCESS_GRINDS = "4 grinds, thread pool", "4 grinds, process pool (2)"
# Processes "won" only if clearly faster: within a fifth, start-up and noise explain it.
CLEAR_WIN = 0.8


def pools_verdict(measured: Mapping[str, float]) -> str | None:
    """Step 4's last word on processes against threads, from the times measured here."""
    threads, processes = measured.get(THREAD_GRINDS), measured.get(PROCESS_GRINDS)
    if threads is None or processes is None:
        return None
    cores = os.cpu_count() or 1
    here = f"Measured here ({cores} core{'s' * (cores > 1)}): grinds took {processes:.1f} s in "
    here += f"two processes, {threads:.1f} s in threads"
    if processes < CLEAR_WIN * threads:
        return f"{here}: the processes ground side by side on two cores."
    if cores < 2:
        return f"{here}: no faster, since this machine has no second core to use."
    return (
        f"{here}: no faster here, since starting the workers and pickling cost what the "
        "second core saved (and other programs may be using the cores)."
    )


TOUR = (
    Lesson(
        "The menu and the order slip",
        LESSONS_DIR / "step1_menu.py",
        (
            "The menu board lists the recipes: every async def in the program.",
            "Calling a recipe cooks nothing. It writes an order slip: a coroutine object.",
            "main holds Ada's slip for two seconds, and no line of latte() is marked.",
            "create_task() hands the slip in: only now does Ada join the line.",
            "A slip nobody hands in is thrown away, and Python says it was never awaited.",
        ),
    ),
    Lesson(
        "The buzzer",
        LESSONS_DIR / "step2_handshake.py",
        (
            "Ada's order comes with a buzzer: a Future, made before the await, dark while pending.",
            "await buzzer calls buzzer.__await__(): an iterator that yields the buzzer itself.",
            # tests/engine/test_asyncio_facts.py: the Task hangs its wake-up on the Future,
            # and no Future is handed to the loop while a task suspends.
            "Ada's Task receives it and hangs its wake-up on it (add_done_callback).",
            "The story hands the buzzer to the manager; in Python the Task keeps it, and the "
            "loop only ever runs callbacks.",
            "The code marks the await line. The card below says it in asyncio's own words.",
        ),
        asyncio_terms=True,
        follow="Ada",
    ),
    Lesson(
        "Go sit down",
        LESSONS_DIR / "step3_suspension.py",
        (
            # tests/engine/test_asyncio_facts.py: only a pending await suspends.
            "An await of something not done yet seats the customer: the cashier is free.",
            "await price_of() is never marked: it returns at once, so Ada keeps the counter.",
            "Nothing is lost: the coroutine's frame keeps its line and every local variable.",
            "Ada's card (below the code) is that saved frame, greyed while she waits.",
            "When she is served again the card comes back to life at the same line.",
        ),
        follow="Ada",
    ),
    Lesson(
        "One cashier or several",
        LESSONS_DIR / "step4_concurrency.py",
        (
            "One cashier serves everyone: one thread, one loop. Waits overlap; work does not.",
            "The timings board shows the same orders timed five ways, measured on this machine.",
            # tests/engine/test_asyncio_facts.py: four time.sleep calls in threads overlap.
            "Threads take turns only while running Python code (the GIL): the grinds queue, but "
            "time.sleep releases it, so four sleeps overlap. (3.13 can be built free-threaded.)",
            "Worker processes are kitchen hands, not cashiers: they run no loop, and help only "
            "with free cores, after starting up and pickling.",
            "A rude customer calls time.sleep() in a coroutine: the whole shop freezes.",
            "The shop names the line that froze it, and then goes on serving.",
        ),
        verdict=pools_verdict,
    ),
    Lesson(
        "The buzzer lights",
        LESSONS_DIR / "step5_resume.py",
        (
            "The machine is done: set_result() lights the buzzer. The Future is done.",
            # tests/engine/test_asyncio_facts.py: set_result schedules the wake-up by call_soon.
            "set_result() hands the Future's done callbacks to call_soon; Ada's wake-up is one:",
            "a ticket appears on the ready-queue rail.",
            "The cashier takes the ticket and the customer resumes exactly at the saved line,",
            "with the value the await returns (the coffee) carried back to the table.",
        ),
        follow="Ada",
    ),
    Lesson(
        "The bottom line",
        LESSONS_DIR / "step6_bottom_line.py",
        (
            "Three hundred customers, one cashier, one thread.",
            "Each waits on its own buzzer; the cashier only serves whoever is ready.",
            "That is asyncio: many waits at once on one thread, taken in turn.",
        ),
    ),
)
