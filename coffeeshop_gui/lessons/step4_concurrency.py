"""Step 4, one cashier or several: concurrency on one thread, parallelism in executors.

The same four orders are timed on the loop's own clock (loop.time()), five ways.
Waiting overlaps on one thread. In a thread pool, Python code takes turns (the GIL), while
time.sleep, I/O and much C code release the GIL and overlap. Worker processes run Python
side by side, when there are free cores, at the price of starting them and pickling.
And a blocking call inside a coroutine freezes everyone.
"""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context

from coffeeshop_gui.model.shop import grind, report

ORDERS = 4


async def wait_for_machine(n):
    await asyncio.sleep(0.5)  # waiting: the cashier serves others meanwhile
    return n


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    for n in range(ORDERS):
        await wait_for_machine(n)  # one after another
    report("waits, one by one", loop.time() - start)

    start = loop.time()
    await asyncio.gather(*(wait_for_machine(n) for n in range(ORDERS)))  # waits overlap
    report("waits, gather", loop.time() - start)

    start = loop.time()
    threads = ThreadPoolExecutor(max_workers=ORDERS)
    await asyncio.gather(*(loop.run_in_executor(threads, time.sleep, 0.5) for _ in range(ORDERS)))
    report("sleeps, threads", loop.time() - start)  # sleep releases the GIL

    start = loop.time()
    await asyncio.gather(*(loop.run_in_executor(threads, grind, 10) for _ in range(ORDERS)))
    report("grinds, threads", loop.time() - start)  # Python code: one thread at a time
    threads.shutdown(wait=False)

    start = loop.time()
    processes = ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn"))
    await asyncio.gather(*(loop.run_in_executor(processes, grind, 10) for _ in range(ORDERS)))
    report("grinds, processes", loop.time() - start)  # kitchen hands: no loop of their own
    processes.shutdown(wait=False)

    rude = asyncio.create_task(rude_customer(), name="rude")
    polite = asyncio.create_task(wait_for_machine(0), name="polite")
    await asyncio.gather(rude, polite)


async def rude_customer():
    await asyncio.sleep(0.2)
    time.sleep(1.0)  # blocking: the whole shop freezes, the polite customer included
    return "finally"
