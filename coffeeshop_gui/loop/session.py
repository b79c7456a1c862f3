"""One run of a program on the shop loop: its event log, its recorder, its main task."""

from __future__ import annotations

import asyncio
from typing import Any

from coffeeshop_gui.engine.program import Program
from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.engine.watchdog import Watchdog
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.model.log import EventLog


class Session:
    """Starts `main()` as the task named main and owns what is recorded about the run."""

    def __init__(
        self,
        loop: ShopLoop,
        program: Program,
        *,
        snapshot: bool = True,
        interrupt_after: float | None = 5.0,
    ) -> None:
        self.loop = loop
        self.program = program
        self.log = EventLog()
        files = [program.filename]
        self.recorder = Recorder(self.log, loop.time, files, snapshot=snapshot)
        self.started_at = loop.time()
        loop.recorder = self.recorder
        if loop.watchdog is not None:
            loop.watchdog.stop()
        loop.watchdog = Watchdog(self.log, loop.time, files, interrupt=interrupt_after)
        self.main: asyncio.Task[Any] = loop.start(program.main(), name="main")

    def live_tasks(self) -> list[asyncio.Task[Any]]:
        """The program's tasks that have not ended yet."""
        return [t for t in self.recorder.tasks() if not t.done()]

    def close(self) -> None:
        """Cancel the program's tasks and stop watching the loop for this run."""
        self.cancel()
        if self.loop.watchdog is not None:
            self.loop.watchdog.stop()
            self.loop.watchdog = None

    def cancel(self) -> None:
        """Cancel every task of the program (as `asyncio.run` does when main returns)."""
        for task in self.live_tasks():
            task.cancel()
