"""Ctrl+C in front of a class: the first quits cleanly, the second at once.

Python's own SIGINT handler raises KeyboardInterrupt at whatever bytecode runs next: in a
Qt slot (the frame tick), where PySide prints it and goes on, or in a customer, where it
fails only that customer. Neither quits. Here the first Ctrl+C asks the shop to quit from
Qt's own loop (woken through `signal.set_wakeup_fd`, so it comes even while Qt sleeps); if a
customer holds the loop's thread at that moment, it also raises KeyboardInterrupt there, which
ends a blocking call. The program's tasks are then cancelled and unwound as usual. A second
Ctrl+C does not wait for that: it ends the process at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSocketNotifier

from coffeeshop_gui.engine.guard import end_children
from coffeeshop_gui.engine.watchdog import safe_to_interrupt

if TYPE_CHECKING:
    from coffeeshop_gui.loop.shop_loop import ShopLoop

EXIT_INTERRUPTED = 130  # what a shell reports for a process ended by SIGINT
# The wake socket is drained this many bytes a read: each signal writes one byte, so one
# read almost always empties it.
WAKE_BYTES_READ = 512


class CtrlC:
    """While installed, SIGINT calls `quit` (once, from Qt's loop), then exits at once."""

    def __init__(self, loop: ShopLoop, quit: Callable[[], None]) -> None:
        self.loop, self._quit = loop, quit
        self.presses = 0
        self._asked = False
        self._installed = threading.current_thread() is threading.main_thread()
        if not self._installed:
            return
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._wake_write.setblocking(False)
        self._previous_wakeup = signal.set_wakeup_fd(self._wake_write.fileno())
        self._notifier = QSocketNotifier(self._wake_read.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._on_wake)
        self._previous = signal.signal(signal.SIGINT, self._on_sigint)

    @property
    def interrupted(self) -> bool:
        return self.presses > 0

    def _on_sigint(self, _signum: int, frame: FrameType | None) -> None:
        self.presses += 1
        if self.presses > 1:
            end_children()
            with contextlib.suppress(OSError):
                os.write(2, b"coffeeshop: interrupted again: quitting at once\n")
            os._exit(EXIT_INTERRUPTED)
        self._asked = True
        watchdog = getattr(self.loop, "watchdog", None)
        if watchdog is not None and watchdog.turn is not None and safe_to_interrupt(frame):
            raise KeyboardInterrupt  # in the customer holding the thread: ends its call

    def _on_wake(self) -> None:
        with contextlib.suppress(OSError):
            while self._wake_read.recv(WAKE_BYTES_READ):
                pass
        if self._asked:
            self._asked = False
            self._quit()

    def close(self) -> None:
        """Give SIGINT back to Python's handler."""
        if not self._installed:
            return
        self._installed = False
        signal.signal(signal.SIGINT, self._previous)
        signal.set_wakeup_fd(self._previous_wakeup)
        self._notifier.setEnabled(False)
        self._wake_read.close()
        self._wake_write.close()


def refuse_program_quit(loop: ShopLoop, told: Callable[[str], None]) -> Callable[[], None]:
    """While installed, the program's own `QApplication.quit()` or `exit()` ends nothing.

    The shop, not the program, decides when it closes (as with `loop.stop()`, see
    `ShopLoop.stop`): a call from the program's code is refused and `told` what it was,
    e.g. "QApplication.quit()". Everyone else's calls (Ctrl+C, a screenshot saved, the last
    window closed) go through. Returns the function that puts Qt's own methods back.
    """
    from PySide6.QtCore import QCoreApplication

    real = {name: vars(QCoreApplication)[name] for name in ("quit", "exit")}

    def refusing(name: str) -> Callable[..., None]:
        original = getattr(QCoreApplication, name)

        def call(*args: Any) -> None:
            if loop.in_program_code():
                told(f"QApplication.{name}({', '.join(map(repr, args))})")
                return
            original(*args)

        return call

    for name in real:
        setattr(QCoreApplication, name, staticmethod(refusing(name)))

    def restore() -> None:
        for name, method in real.items():
            setattr(QCoreApplication, name, method)

    return restore
