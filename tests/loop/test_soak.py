"""A long run on the pinned Qt (qasync on PySide6 6.12.0, Python < 3.12, died near 8,000 steps)."""

from __future__ import annotations

import asyncio

from coffeeshop_gui.engine.program import Program
from coffeeshop_gui.loop.session import Session

TASKS, TURNS = 250, 100  # 25,000 task steps, each a loop callback, all recorded


async def _spin(turns: int) -> int:
    for _ in range(turns):
        await asyncio.sleep(0)
    return turns


async def _rush() -> int:
    done = await asyncio.gather(*(_spin(TURNS) for _ in range(TASKS)))
    return sum(done)


def test_tens_of_thousands_of_callbacks_run_without_a_crash(shop_loop, tmp_path):
    program = Program(tmp_path / "rush.py", "", _rush)
    session = Session(shop_loop, program, snapshot=False)
    assert shop_loop.run_until_complete(session.main) == TASKS * TURNS
    assert shop_loop.turns >= 20_000
    assert len(session.recorder.tasks()) <= TASKS + 1
