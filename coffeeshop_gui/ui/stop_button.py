"""A Stop button that still answers while the program holds the window's thread.

The shop's loop runs on the window's own thread (qasync). A coroutine that never awaits
(`while True: pass`) or blocks in a call (`time.sleep(60)`) holds that thread, so the
window reads no key and no click: its Stop (Ctrl+.) cannot be pressed until the turn
returns. The watchdog can end such a turn when asked, from any thread
(`Watchdog.request_stop`); what is missing is a way to ask. A second, small process has
one: its own window, on its own thread.

`StopOffer`, in the app, watches the watchdog from a thread of its own. Once one turn has
held the loop's thread for `OFFER_AFTER` seconds, it has that process show a small window
over the shop: what holds the thread, where, for how long, and a Stop button. A click
there (or Ctrl+., Enter) comes back as a line on a pipe, and a thread here passes it on as
`request_stop`. When the turn returns, the small window hides. The process is started at
the first long turn and kept for the next; it ends when its stdin closes, so it never
outlives the app, even one that crashed.

One thing no thread can stop: a C loop that never releases the GIL (`sum(range(10**12))`).
Nothing here runs then; the turn ends when the C call does.

`python -m coffeeshop_gui.ui.stop_button` is that process. It reads one JSON object a
line on stdin, `{"show": {...}}` or `{"hide": true}`, and writes `ready` once, `shown` and
`hidden` as its window comes and goes, and `stop` when the person presses Stop.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# A turn this long is not a slow step any more: the window has visibly stopped answering.
# Longer than tour step 4's deliberate one-second `time.sleep`, which the class watches.
OFFER_AFTER = 1.5
# The process starts once a turn has held the thread this long, so that it is up (PySide6
# loaded) by the time the offer is due.
START_AFTER = 0.5
POLL = 0.05  # how often the offer's thread looks at the watchdog
RESHOW_EVERY = 0.25  # the small window's "held for" seconds are brought up to date this often
MODULE = "coffeeshop_gui.ui.stop_button"
# The small window, at zoom 1: wide enough for a line of code, and its text legible from the
# back of a room (it scales with the presenter's zoom like the rest of the app).
BOX_WIDTH = 560
TITLE_PX = 22
TEXT_PX = 17
# Where the box sits over the shop's window: centred, a quarter of the way down.
BOX_DOWN = 0.25
CODE_CHARS = 60  # a longer line of code is cut, with an ellipsis
STOP_LABEL = "Stop the program (Ctrl+.)"
BUTTON_PAD, BUTTON_ROUNDING = 8, 4  # the Stop button's padding and corners, at zoom 1
# Seconds the small process has to leave once told to (its stdin closed), before it is killed.
QUIT_TIMEOUT = 2


def held_text(seconds: float) -> str:
    return f"{seconds:.1f} s"


def describe(line: int | None, source: str, name: str) -> tuple[str, str]:
    """Where the program holds the thread, in words, and that line's code (may be empty)."""
    if line is None:
        return f"in {name}", ""
    lines = source.splitlines()
    code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    if len(code) > CODE_CHARS:
        code = code[: CODE_CHARS - 1] + "…"
    return f"on line {line} of {name}", code


# -- the app's side ----------------------------------------------------------------------------


class StopOffer:
    """Shows the small Stop window while a turn holds the loop's thread; passes Stop on.

    `holding()` is the watchdog's (None while nothing holds the thread); `program()` gives
    the shown program's name and source; `stop()` must be safe from any thread. `command`
    starts the small process (tests pass their own; the frozen app runs `-m` modules).
    """

    def __init__(
        self,
        window: QWidget,
        holding: Callable[[], tuple[float, int | None] | None],
        program: Callable[[], tuple[str, str]],
        stop: Callable[[], None],
        *,
        command: list[str] | None = None,
    ) -> None:
        self._holding, self._program, self._stop = holding, program, stop
        self._command = command or [sys.executable, "-m", MODULE]
        self._place = _WindowPlace(window)
        self._process: subprocess.Popen[str] | None = None
        self._failed = False
        # A small process that ended is started again at the next hold, not during this one
        # (one that cannot show its window would be started again every few tenths).
        self._ended_in_hold = False
        self.shown = threading.Event()  # the small window is up (the process said so)
        self.stops = 0  # Stops pressed in the small window, passed on
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="coffeeshop-stop", daemon=True)
        self._thread.start()

    def follow_window(self) -> None:
        """The window moved, or its look changed (a zoom): the small window follows. Called
        in the window's thread; the offer's thread only reads what this keeps."""
        self._place.update()

    @property
    def started(self) -> bool:
        """The small process has been started (a turn held the thread past START_AFTER)."""
        return self._process is not None or self._failed

    def close(self) -> None:
        """Ends the thread and the small process (its stdin closes, so it quits)."""
        self._closed.set()
        process, self._process = self._process, None
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
            process.wait(timeout=QUIT_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()

    def _watch(self) -> None:
        showing = False
        last_show = 0.0
        while not self._closed.wait(POLL):
            holding = self._holding()
            held = holding[0] if holding is not None else 0.0
            if held < START_AFTER:
                self._ended_in_hold = False
            elif self._process is None and not self._failed and not self._ended_in_hold:
                self._start()
            if held >= OFFER_AFTER:
                if time.monotonic() - last_show >= RESHOW_EVERY:
                    assert holding is not None
                    showing = self._send({"show": self._what(*holding)}) or showing
                    last_show = time.monotonic()
            elif showing:
                self._send({"hide": True})
                showing = False

    def _what(self, held: float, line: int | None) -> dict[str, Any]:
        name, source = self._program()
        where, code = describe(line, source, name)
        return {"held": round(held, 1), "where": where, "code": code, **self._place.now()}

    def _start(self) -> None:
        try:
            self._process = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                bufsize=1,
            )
        except OSError as exc:
            self._give_up(str(exc))
            return
        if self._closed.is_set():  # closed while it started: nobody would end it
            self._process.kill()
            self._process = None
            return
        reader = threading.Thread(
            target=self._read, args=(self._process.stdout,), name="coffeeshop-stop-read"
        )
        reader.daemon = True
        reader.start()

    def _send(self, message: dict[str, Any]) -> bool:
        process = self._process
        if process is None or process.stdin is None:
            return False
        try:
            process.stdin.write(json.dumps(message) + "\n")
            process.stdin.flush()
        except (OSError, ValueError):  # it has gone: start another at the next long turn
            self._process = None
            self._ended_in_hold = True
            return False
        return True

    def _give_up(self, why: str) -> None:
        self._failed = True
        print(
            f"coffeeshop: no Stop window ({why}); Ctrl+. works once the turn ends", file=sys.stderr
        )

    def _read(self, stream: IO[str]) -> None:
        ready = False
        with stream:
            for line in stream:
                word = line.strip()
                if word == "ready":
                    ready = True
                elif word == "shown":
                    self.shown.set()
                elif word == "hidden":
                    self.shown.clear()
                elif word == "stop":
                    self.stops += 1
                    self._stop()
        self.shown.clear()  # it has ended: no window is up
        if not ready and not self._closed.is_set():  # it never came up: no use starting more
            self._give_up("its process ended before it was ready")


class _WindowPlace(QObject):
    """Where the app's window is on the screen, kept in step from the window's own events,
    since the offer's thread may not ask Qt (and the window's thread may be held)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._rect = (0, 0, 0, 0)
        self._zoom = 1.0
        self.update()
        window.installEventFilter(self)

    def update(self) -> None:
        frame = self._window.frameGeometry()
        self._rect = (frame.x(), frame.y(), frame.width(), frame.height())
        self._zoom = float(getattr(self._window, "zoom", 1.0))

    def now(self) -> dict[str, Any]:
        return {"over": list(self._rect), "zoom": self._zoom}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show):
            self.update()
        return False


# -- the small process's side --------------------------------------------------------------------


class StopWindow(QWidget):
    """The small window: what holds the thread, and a Stop button that writes `stop`."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(
            None,
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self._out = out
        self.setWindowTitle("Coffee Shop asyncio: Stop the program")
        self.setObjectName("stop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = QLabel("The program holds the loop's only thread")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.code = QLabel()
        self.code.setObjectName("code")
        self.button = QPushButton(STOP_LABEL)
        self.button.setDefault(True)
        self.button.clicked.connect(self.press)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.detail, self.code, self.button):
            layout.addWidget(widget)
        for keys in ("Ctrl+.", "Return", "Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.press)
        self.pressed = False
        self._zoom = 0.0

    def show_holding(self, what: dict[str, Any]) -> None:
        """Show (or bring up to date) the window for a turn held `what["held"]` seconds."""
        self._restyle(float(what.get("zoom", 1.0)))
        self.detail.setText(
            f"It has run {what['where']} for {held_text(float(what['held']))} without "
            "awaiting, so the shop's window cannot answer until it returns."
        )
        self.code.setText(what.get("code", ""))
        self.code.setVisible(bool(what.get("code")))
        self.button.setEnabled(not self.pressed)
        self.adjustSize()
        x, y, w, h = what.get("over", (0, 0, 0, 0))
        if w and h:
            self.move(x + (w - self.width()) // 2, y + int(h * BOX_DOWN))
        if not self.isVisible():
            self.show()
            self.raise_()
            self.activateWindow()
            self._say("shown")

    def hide_holding(self) -> None:
        self.pressed = False
        self.button.setText(STOP_LABEL)
        if self.isVisible():
            self.hide()
            self._say("hidden")

    def press(self) -> None:
        if self.pressed or not self.isVisible():
            return
        self.pressed = True
        self.button.setText("Stopping…")
        self.button.setEnabled(False)
        self._say("stop")

    def _say(self, word: str) -> None:
        try:
            self._out.write(word + "\n")
            self._out.flush()
        except (OSError, ValueError):  # the app has gone; so will this process
            QApplication.quit()

    def _restyle(self, zoom: float) -> None:
        if zoom == self._zoom:
            return
        self._zoom = zoom
        self.setFixedWidth(int(BOX_WIDTH * zoom))
        pad, rounding = int(BUTTON_PAD * zoom), int(BUTTON_ROUNDING * zoom)
        self.setStyleSheet(
            f"""
            QWidget#stop {{ background: #2b1d14; border: 3px solid #e8a33d; }}
            QLabel {{ color: #fbf3e6; font-size: {int(TEXT_PX * zoom)}px; }}
            QLabel#code {{ color: #ffd27f; font-family: monospace; }}
            QPushButton {{ font-size: {int(TEXT_PX * zoom)}px; padding: {pad}px;
                background: #c0392b; color: white; border-radius: {rounding}px; }}
            QPushButton:disabled {{ background: #7f5a4a; }}
            """
        )
        font = QFont(self.title.font())
        font.setPixelSize(int(TITLE_PX * zoom))
        font.setBold(True)
        self.title.setFont(font)


class _Lines(QObject):
    """Carries stdin's lines from the reading thread to the small window's thread."""

    line = Signal(str)
    ended = Signal()


def _read_lines(lines: _Lines) -> None:
    for line in sys.stdin:
        lines.line.emit(line)
    lines.ended.emit()


def main() -> int:
    """The small process: show and hide the Stop window as the app says, until stdin ends."""
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    window = StopWindow(sys.stdout)
    lines = _Lines()

    def on_line(text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            return
        if "show" in message:
            window.show_holding(message["show"])
        elif "hide" in message:
            window.hide_holding()

    lines.line.connect(on_line)
    lines.ended.connect(app.quit)
    threading.Thread(target=_read_lines, args=(lines,), daemon=True).start()
    window._say("ready")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
