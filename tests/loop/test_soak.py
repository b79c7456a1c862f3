"""A long run on the pinned Qt (qasync on PySide6 6.12.0, Python < 3.12, died near 8,000 steps)."""

from __future__ import annotations

import asyncio
import gc
import types

from coffeeshop_gui.engine.program import Program
from coffeeshop_gui.engine.recorder import SWEEP_AT_LEAST
from coffeeshop_gui.loop.session import Session
from coffeeshop_gui.model import events as ev

TASKS, TURNS = 250, 100  # 25,000 task steps, each a loop callback, all recorded


async def _spin(turns: int) -> int:
    for _ in range(turns):
        await asyncio.sleep(0)
    return turns


async def _rush() -> int:
    done = await asyncio.gather(*(_spin(TURNS) for _ in range(TASKS)))
    return sum(done)


def holders(thing: object) -> list[str]:
    """What refers to `thing` (frames by their place): for a failure to name its culprit. Once,
    on Python 3.10 in the whole suite on a loaded machine, an old rush's customer was kept."""
    frame = types.FrameType
    return [
        f"{r.f_code.co_filename}:{r.f_lineno}" if isinstance(r, frame) else type(r).__name__
        for r in gc.get_referrers(thing)
    ]


def test_tens_of_thousands_of_callbacks_run_without_a_crash(shop_loop, tmp_path):
    program = Program(tmp_path / "rush.py", "", _rush)
    session = Session(shop_loop, program, snapshot=False)
    assert shop_loop.run_until_complete(session.main) == TASKS * TURNS
    assert shop_loop.turns >= 20_000
    assert len(session.recorder.tasks()) <= TASKS + 1


def test_the_id_index_holds_only_the_customers_still_alive(shop_loop, tmp_path):
    """Hours of rushes: the recorder's id index holds what is alive, not every rush so far."""
    crowd = 2 * SWEEP_AT_LEAST
    index_sizes: list[int] = []

    async def rushes() -> None:
        for _ in range(4):
            await asyncio.gather(*(_spin(2) for _ in range(crowd)))
            gc.collect()  # the customers that left are gone from memory
            index_sizes.append(session.recorder.tracked())

    session = Session(shop_loop, Program(tmp_path / "rushes.py", "", rushes), snapshot=False)
    shop_loop.run_until_complete(session.main)
    ids = [e.task for e in session.log if isinstance(e, ev.TaskCreated)]
    assert len(ids) == 4 * crowd + 1
    gc.collect()
    # the last rush may still be held by the ready rail's "last turn"; the ones before are gone
    kept = [t for i in ids[1 : 3 * crowd + 1] if (t := session.recorder.find(i)) is not None]
    assert not kept, f"{len(kept)} kept, the first by: {holders(kept[0])}"
    assert session.recorder.find(ids[0]) is session.main
    assert not session.send_away(ids[-1])
    # Two rushes are alive at once while main's step starts the next one; without sweeps the
    # index would hold all four.
    assert max(index_sizes) < 3 * crowd
