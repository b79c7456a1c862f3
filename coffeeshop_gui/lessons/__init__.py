"""The guided tour: six lessons, each a plain program with `async def main()` and its captions.

The lesson files open like any program (`coffeeshop LESSON.py`) and trace headless; the tour
runs them in order with captions in the shop's own words.
"""

from __future__ import annotations

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
            "Ada's order comes with a buzzer: a Future, dark while it is pending.",
            "await buzzer calls buzzer.__await__(): an iterator that yields the buzzer itself.",
            "It travels up through Ada's Task to the loop; the Task hangs its wake-up call on it.",
            "The code marks the await line. The card below says it in asyncio's own words.",
        ),
        asyncio_terms=True,
        follow="Ada",
    ),
    Lesson(
        "Go sit down",
        LESSONS_DIR / "step3_suspension.py",
        (
            "At an await a customer sits down, and the cashier is free for the next one.",
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
            "The timings board shows the same orders timed four ways, measured on this machine.",
            "Threads take turns under the GIL; a process pool puts real extra cashiers to work.",
            "A rude customer calls time.sleep() in a coroutine: the whole shop freezes.",
            "The shop names the line that froze it, and then goes on serving.",
        ),
    ),
    Lesson(
        "The buzzer lights",
        LESSONS_DIR / "step5_resume.py",
        (
            "The machine is done: set_result() lights the buzzer. The Future is done.",
            "Its callback queues the wake-up: a ticket appears on the ready-queue rail.",
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
