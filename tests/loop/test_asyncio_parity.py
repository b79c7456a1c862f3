"""Where qasync differs from asyncio, the shop loop does as asyncio does."""

from __future__ import annotations

import asyncio
import sys
import threading


def test_run_in_executor_before_the_loop_runs_needs_no_current_loop(shop_loop):
    asyncio.set_event_loop(None)
    future = shop_loop.run_in_executor(None, sum, [1, 2])
    assert future.get_loop() is shop_loop
    assert shop_loop.run_until_complete(future) == 3


def test_close_does_not_wait_for_a_job_blocked_on_its_thread(shop_loop):
    release = threading.Event()
    job = shop_loop.run_in_executor(None, release.wait)
    freed = threading.Timer(10, release.set)  # in case close waits after all
    freed.start()
    try:
        shop_loop.close()
        assert not release.is_set(), "close() waited for the executor's thread"
        assert not job.done()
    finally:
        release.set()
        freed.cancel()


def test_debug_mode_tracks_where_coroutines_were_created(shop_loop):
    async def depth() -> int:
        return sys.get_coroutine_origin_tracking_depth()

    shop_loop.set_debug(True)
    assert shop_loop.run_until_complete(depth()) > 0
    assert sys.get_coroutine_origin_tracking_depth() == 0


def test_a_socket_operation_cancelled_leaves_its_successors_reader_in_place(shop_loop):
    # asyncio's `_sock_read_done(fd, fut, handle)` removes the reader only if the handle
    # it registered is still current: a handle per registration tells them apart.
    import socket

    left, right = socket.socketpair()
    left.setblocking(False)

    async def racing() -> bytes:
        first = asyncio.ensure_future(shop_loop.sock_recv(left, 10))
        await asyncio.sleep(0)  # it watches the socket
        first.cancel()  # its tidy-up (remove the reader it added) waits in line...
        shop_loop.call_soon(right.send, b"latte")
        give_up = shop_loop.call_later(5, asyncio.current_task().cancel)
        data = await shop_loop.sock_recv(left, 10)  # ...behind this one's new reader
        give_up.cancel()
        return data

    try:
        assert shop_loop.run_until_complete(racing()) == b"latte"
    finally:
        left.close()
        right.close()


def _post_kept_and_dropped_from_a_thread(shop_loop) -> tuple[list[str], list[object]]:
    """From another thread, post one callback and post-then-cancel another; what ran, and
    what the kept one's posting returned."""
    ran: list[str] = []
    handles: list[object] = []

    def from_a_thread() -> None:
        handles.append(shop_loop.call_soon_threadsafe(ran.append, "kept"))
        dropped = shop_loop.call_soon_threadsafe(ran.append, "dropped")
        dropped.cancel()

    async def wait_for_it() -> None:
        thread = threading.Thread(target=from_a_thread)
        thread.start()
        # The loop's thread waits here, so nothing posted runs before the thread's cancel:
        # otherwise the loop could take "dropped" between its posting and its cancel.
        thread.join()
        while not ran:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)

    shop_loop.run_until_complete(asyncio.wait_for(wait_for_it(), 5))
    return ran, handles


def test_call_soon_threadsafe_returns_a_handle(shop_loop):
    _ran, handles = _post_kept_and_dropped_from_a_thread(shop_loop)
    assert isinstance(handles[0], asyncio.Handle)


def test_a_cancelled_call_soon_threadsafe_never_runs(shop_loop):
    ran, _handles = _post_kept_and_dropped_from_a_thread(shop_loop)
    assert ran == ["kept"]
