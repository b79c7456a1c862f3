"""Where a recorded task step's time goes, and the floor of any recorder written in Python.

Issue 5 asks for the shop loop at >= 0.5x stock asyncio with recording on. The app's recorder
is measured here against recorders that do less and less of its work (stand-ins made for this
benchmark only), all on the same rush, interleaved and best of several, so that a busy machine
slows them alike. The cost of each part is the difference between two rows; the row that
writes one record a step without reading the await chain is the least a recorder that tells
each step apart can do, in Python, on this interpreter.
"""

from __future__ import annotations

import asyncio
import sys

from benchmarks.common import machine, offscreen_app, summary
from benchmarks.loop_throughput import AWAITS, shop_loop, stock_asyncio
from coffeeshop_gui.app import tune_collector
from coffeeshop_gui.engine.chain import read_chain
from coffeeshop_gui.engine.recorder import _STEP_CALLBACK, _TURNS, Recorder
from coffeeshop_gui.model import events as ev

RUNS = 5
_run = asyncio.Handle._run
_SUSPENDED = ev.KIND[ev.Suspended]


class OnlyRuns(Recorder):
    """The recorder's calls and nothing else: what observing the loop costs at all."""

    def queued(self, handle: asyncio.Handle) -> None:
        pass

    def run(self, handle: asyncio.Handle, watchdog: object = None) -> None:
        _run(handle)


class NamesTasks(Recorder):
    """Tells whose step or wake-up each handle is (its id, from the tag on the task)."""

    def queued(self, handle: asyncio.Handle) -> None:
        self._tid(handle)

    def run(self, handle: asyncio.Handle, watchdog: object = None) -> None:
        self._tid(handle)
        _run(handle)

    def _tid(self, handle: asyncio.Handle) -> int | None:
        self._fresh.clear()  # the new tasks' names need not be read again here
        callback = handle._callback
        task = getattr(callback, "__self__", None)
        if (
            type(callback) is not _STEP_CALLBACK
            and getattr(callback, "__name__", None) not in _TURNS
        ):
            return None  # a Task's other method (`call_soon(task.cancel)`) is no turn of its
        tag = getattr(task, "_coffeeshop", None)
        if tag is not None and tag[0] is self:
            return tag[1][0]
        return self.task_id(task) if isinstance(task, asyncio.Task) else None


class OneRecord(NamesTasks):
    """One record a step (when, whose), written when it ends; nothing on a queueing."""

    reads_chain = False

    def queued(self, handle: asyncio.Handle) -> None:
        pass

    def run(self, handle: asyncio.Handle, watchdog: object = None) -> None:
        tid = self._tid(handle)
        now = self._now()
        _run(handle)
        if tid is None or handle._callback.__self__.done():
            return
        chain, awaiting, line = (), "", None
        if self.reads_chain:
            chain, awaiting, _frame = read_chain(handle._callback.__self__.get_coro(), self.files)
            line = chain[-1][1] if chain else None
        self._record((_SUSPENDED, now, tid, line, chain, None, awaiting, ()))


class OneRecordAndChain(OneRecord):
    """As OneRecord, with where the step stopped: the await chain, as the app reads it."""

    reads_chain = True


APP = "the app's recorder"
ROWS = {
    "shop loop, recording off": None,
    "only the recorder's calls": OnlyRuns,
    "+ whose step it is": NamesTasks,
    "+ one record a step": OneRecord,
    "+ the await chain": OneRecordAndChain,
    APP: Recorder,
}


def main() -> None:
    tune_collector()  # as the app does; the baseline runs under it too
    app = offscreen_app()
    app.setQuitOnLastWindowClosed(False)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    steps = n * AWAITS
    print(f"recording_cost on {machine()}, {n:,} tasks x {AWAITS} awaits, best of {RUNS}")
    best = dict.fromkeys(["stock asyncio", *ROWS], float("inf"))
    for _ in range(RUNS):  # interleaved: a slow spell of the machine hits every row
        best["stock asyncio"] = min(best["stock asyncio"], stock_asyncio(n))
        for name, recorder in ROWS.items():
            seconds = shop_loop(app, n, recorder is not None, recorder)
            best[name] = min(best[name], seconds)
    base = best["stock asyncio"]
    print(f"  {'':28} {'ns a step':>10} {'over asyncio':>13} {'x asyncio':>10}")
    for name, seconds in best.items():
        ns, over = seconds / steps * 1e9, (seconds - base) / steps * 1e9
        print(f"  {name:28} {ns:10,.0f} {over:13,.0f} {base / seconds:9.2f}x")
    floor = base / best["+ one record a step"]
    room = base / steps * 1e9  # 0.5x asyncio: a recorded step may cost one asyncio step more
    print(f"  0.5x asyncio leaves a recorder {room:,.0f} ns a step, all parts together")
    # The project's target since issue 5's rush hour: every step recorded, in Python, at
    # >= 0.9x the leanest recorder that writes one record a step and reads the await chain.
    lean = best["+ the await chain"] / best[APP]
    print(f"  the app's recorder runs {lean:.2f}x the stand-in with the chain (target >= 0.9x)")
    summary(
        "recording_cost",
        f"the app's recorder runs {base / best[APP]:.2f}x asyncio, {lean:.2f}x the stand-in "
        f"that writes one record a step and reads the await chain; "
        f"one record a step without the await chain, {floor:.2f}x asyncio; "
        f"with the chain, {base / best['+ the await chain']:.2f}x",
    )


if __name__ == "__main__":
    main()
