"""One run of a program on the shop loop: its event log, its recorder, its main task."""

from __future__ import annotations

import asyncio
from typing import Any

from coffeeshop_gui.engine.program import Program
from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.model.log import EventLog


class Session:
    """Starts `main()` as the task named main and owns what is recorded about the run."""

    def __init__(self, loop: ShopLoop, program: Program, *, snapshot: bool = True) -> None:
        self.loop = loop
        self.program = program
        self.log = EventLog()
        self.recorder = Recorder(self.log, loop.time, [program.filename], snapshot=snapshot)
        self.started_at = loop.time()
        loop.recorder = self.recorder
        self.main: asyncio.Task[Any] = loop.start(program.main(), name="main")

    def live_tasks(self) -> list[asyncio.Task[Any]]:
        """The program's tasks that have not ended yet."""
        return [t for t in self.recorder.tasks() if not t.done()]

    def cancel(self) -> None:
        """Cancel every task of the program (as `asyncio.run` does when main returns)."""
        for task in self.live_tasks():
            task.cancel()
