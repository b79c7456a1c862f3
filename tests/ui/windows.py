"""Closing a window under test cleanly: its program unwinds before its loop closes."""

from __future__ import annotations

import asyncio

from coffeeshop_gui.ui.window import ShopWindow


def dispose(window: ShopWindow) -> None:
    """Close the window, let the program's tasks unwind as cancelled, then close its loop:
    the app's order. Closed first, the window no longer holds the shop back while it draws
    the crowd leaving (a rush of thousands took seconds of frames to unwind)."""
    loop = window.loop
    window.close()
    window.session.close()
    loop.set_speed(1.0)  # no skipping ahead to the program's timers while it unwinds
    loop.play()
    live = window.session.live_tasks()
    if live:
        loop.run_until_complete(asyncio.gather(*live, return_exceptions=True))
    window.deleteLater()
    loop.close()
    asyncio.set_event_loop(None)
