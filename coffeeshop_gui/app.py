"""Wiring: the Qt application, the shop loop, the window, and the screenshot mode."""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coffeeshop_gui.engine.guard import watch_hard_exit
from coffeeshop_gui.engine.program import Program, load_program
from coffeeshop_gui.engine.watchdog import program_line
from coffeeshop_gui.programs import DEFAULT_PROGRAM

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from coffeeshop_gui.loop.shop_loop import ShopLoop
    from coffeeshop_gui.ui.window import ShopWindow

WINDOW_SIZE = (1440, 900)
DEFAULT_AT = 3.0  # shop seconds before a screenshot, when no moment is asked for
COLLECT_AFTER = 10_000  # allocations between young collections (CPython's default is 700)
SCREENSHOT_TIMEOUT = 60.0  # real seconds before a slow screenshot saves what it has
# A program this large (bytes) takes seconds to compile before any window: it says so first.
LARGE_PROGRAM = 1_000_000
# "The program called loop.stop()..." stays in the status bar long enough to read twice.
PROGRAM_STOPPED_MS = 15_000
UNWIND_SECONDS = 5.0  # at exit, what the program left running has this long to unwind


def application() -> QApplication:
    """The process's QApplication, made if there is none yet (a test makes its own first).
    Imported here, not at the top: a screenshot sets QT_QPA_PLATFORM before Qt loads."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):  # `trace` and `clip` make one (loop/headless.py)
        raise RuntimeError(
            "a window cannot open in a process that already runs headless (trace or clip)"
        )
    return app


def tune_collector() -> None:
    """Collect young objects less often: a rush keeps thousands of handles queued at once.

    With CPython's default, every young collection finds the ready queue's handles alive and
    promotes them, and the old generation, which holds every task, is swept again and again:
    a third of a rush's time. Fewer, larger young collections promote far less.
    """
    import gc

    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(COLLECT_AFTER, young), middle, old)


@contextlib.contextmanager
def fresh_settings() -> Iterator[Any]:
    """Settings of the defaults, not this user's, in a folder gone when the run ends (a
    screenshot, a clip): skip waits and no slow motion from the first turn. Had the shop
    started at 1x, the milliseconds before the switch would shift every timer, and each
    run's picture."""
    from PySide6.QtCore import QSettings

    from coffeeshop_gui.ui.preferences import Preferences
    from coffeeshop_gui.ui.toolbar import PACES, SPEEDS

    with tempfile.TemporaryDirectory(prefix="coffeeshop-") as scratch:
        settings = QSettings(os.path.join(scratch, "settings.ini"), QSettings.Format.IniFormat)
        prefs = Preferences(settings)
        prefs.set_choice("speed", len(SPEEDS) - 1)
        prefs.set_choice("pace", [value for _, value in PACES].index(0.0))
        yield settings


def _load_saying_so(path: Path, on_screen: bool) -> Program:
    """Load the program; one that takes seconds to compile (past LARGE_PROGRAM bytes) says so
    first, on stderr and, in a window, in a small note that goes when it is loaded."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # load_program says what is wrong with it
    if size <= LARGE_PROGRAM:
        return load_program(path)
    said = f"loading {path.name} ({size / 1e6:.1f} MB): a program this large takes a few seconds…"
    print(f"coffeeshop: {said}", file=sys.stderr, flush=True)
    note = None
    if on_screen:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QLabel

        note = QLabel(f"Coffee Shop asyncio: {said}")
        note.setWindowFlag(Qt.WindowType.SplashScreen)
        note.setMargin(24)
        note.show()
        QApplication.processEvents()  # painted before the seconds of compiling begin
    try:
        return load_program(path)
    finally:
        if note is not None:
            note.close()
            note.deleteLater()


def run_app(
    program_path: str | Path | None,
    screenshot: str | None = None,
    at: float | None = None,
    theme: str | None = None,
    tour: int | None = None,
    rush: int | None = None,
    size: tuple[int, int] | None = None,
    zoom: float | None = None,
    wall_deadline: float | None = None,
    turn: int | None = None,
    when: str | None = None,
) -> int:
    """Open the shop on `program_path` (or the built-in program); returns the exit status.

    With `screenshot`, runs offscreen to a moment, saves a PNG, and exits. The moment is
    `at` seconds of shop time (default 3), or right after the cashier's `turn`-th turn, or
    right after the turn that logged the first event whose caption contains `when`. The
    last two show the line and the rail as that turn left them, as slow motion does. A
    tour step with no moment asked for shows its key moment (`Lesson.key_moment`). If
    the shop is too slow to get there, the moment it reached is saved instead, with a
    warning, before half the wall-clock limit (the guard's, see engine/guard.py) is spent;
    a `when` that never matched saves nothing.
    """
    if screenshot is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon

    app = application()
    app.setStyle("Fusion")  # one look on every desktop, and themes apply to all of it
    app.setOrganizationName("coffeeshop-asyncio")
    app.setApplicationName("Coffee Shop asyncio")
    app.setDesktopFileName("io.github.coffeeshop_asyncio")
    program = _load_saying_so(Path(program_path or DEFAULT_PROGRAM), screenshot is None)
    tune_collector()

    from coffeeshop_gui.loop.shop_loop import ShopLoop
    from coffeeshop_gui.ui.assets import assets_dir
    from coffeeshop_gui.ui.window import ShopWindow

    app.setWindowIcon(QIcon(str(assets_dir() / "icon.svg")))
    loop = ShopLoop(app)
    asyncio.set_event_loop(loop)
    settings = None
    scratch = contextlib.ExitStack()
    if screenshot is not None:  # a screenshot shows the defaults, not this user's setup
        settings = scratch.enter_context(fresh_settings())
    if theme is not None or zoom is not None:
        from PySide6.QtCore import QSettings

        from coffeeshop_gui.ui.preferences import Preferences

        prefs = Preferences(settings if settings is not None else QSettings())
        if theme is not None:
            prefs.theme = theme
        if zoom is not None:
            prefs.zoom = zoom
    window = ShopWindow(loop, program, settings)
    if size is not None or screenshot is not None:
        window.resize(*(size or WINDOW_SIZE))
    if tour is not None:
        window.go_to_step(tour - 1)
    if rush is not None and not window.rush(rush):
        print(f"coffeeshop: {window.statusBar().currentMessage()}", file=sys.stderr)
    status = [0]
    if screenshot is not None:
        if tour is not None and at is None and turn is None and when is None:
            when = window.tour.lesson.key_moment if window.tour.lesson else None  # its key moment
        if turn is not None or when is not None:
            give_up = _arrange_moment(loop, window, Path(screenshot), status, turn, when)
        else:
            give_up = _arrange_screenshot(loop, window, Path(screenshot), at, status)
        # before the guard's deadline (time.monotonic), with half the time left to spare
        left = None if wall_deadline is None else wall_deadline - time.monotonic()
        fallback = SCREENSHOT_TIMEOUT if left is None else min(SCREENSHOT_TIMEOUT, left / 2)
        QTimer.singleShot(int(fallback * 1000), give_up)
    window.show()
    if screenshot is None:  # an edit an earlier run left unsaved is offered back
        QTimer.singleShot(0, window.offer_recovery)
        window.offer_stop_button()  # a Stop that answers while a turn holds the window
    from coffeeshop_gui.loop.interrupts import EXIT_INTERRUPTED, CtrlC, refuse_program_quit

    ctrl_c = CtrlC(loop, app.quit)
    loop.program_stop_refused.connect(lambda: _say_program_stopped(window, "loop.stop()"))
    restore_quit = refuse_program_quit(loop, lambda call: _say_program_stopped(window, call))
    restore_exit = watch_hard_exit(_shown_files(window), unfinished=screenshot is not None)
    try:
        loop.run_forever()
        unsaved = not window.property("saved") and not window.property("gave_up")
        if screenshot is not None and not ctrl_c.interrupted and unsaved:
            print(
                "coffeeshop: the program quit the application before the screenshot; nothing saved",
                file=sys.stderr,
            )
            status[0] = 1
        _shut_down(loop, window)  # a second Ctrl+C meanwhile ends the process at once
    finally:
        restore_exit()
        restore_quit()
        loop.program_stop_refused.disconnect()
        ctrl_c.close()
        if not loop.is_closed():
            loop.close()
        scratch.close()
    return EXIT_INTERRUPTED if ctrl_c.interrupted else status[0]


def _arrange_screenshot(
    loop: ShopLoop, window: ShopWindow, path: Path, at: float | None, status: list[int]
) -> Callable[[], None]:
    """Run to `at` s of shop time and save; the fallback that saves what was reached."""
    from PySide6.QtCore import QTimer

    at = DEFAULT_AT if at is None else at
    loop.set_pace(0.0)  # no slow motion: the picture is the state at exactly `at`
    loop.set_speed(math.inf)
    loop.horizon = window.session.started_at + at
    loop.horizon_reached.connect(lambda: QTimer.singleShot(0, lambda: _save(window, path, status)))

    def reached_too_little() -> None:
        reached = window.loop.time() - window.session.started_at
        _save(
            window,
            path,
            status,
            f"the shop reached only {reached:.1f} s of the {at:g} s asked for in the time "
            "allowed; the picture shows that moment",
        )

    return reached_too_little


def _arrange_moment(
    loop: ShopLoop,
    window: ShopWindow,
    path: Path,
    status: list[int],
    turn: int | None,
    when: str | None,
) -> Callable[[], None]:
    """Save right after the turn asked for (see RunToMoment); the fallback for the
    wall-clock limit. A program that runs to its end first saves nothing."""
    from PySide6.QtCore import QTimer

    from coffeeshop_gui.ui.moments import RunToMoment

    def reached() -> None:
        found = run.watch.found if run.watch is not None else None
        said = f" (turn {run.taken}: {found})" if found else f" (turn {run.taken})"
        QTimer.singleShot(0, lambda: _save(window, path, status, said=said))

    def ended() -> None:
        why = f"the program ended after {run.taken} turns, before {run.describe()}"
        _give_up(window, status, f"{why}; nothing saved")

    run = RunToMoment(loop, window.session.log, reached, ended, turn=turn, when=when)
    window.hold_frames(True)  # drawn once, at the moment: the same picture every run
    run.start()

    def out_of_time() -> None:
        if run.watch is not None:
            why = f"no caption contained {when!r} in the time allowed ({run.taken} turns)"
            _give_up(window, status, f"{why}; nothing saved")
        else:
            why = f"the shop reached only turn {run.taken} of the {turn} asked for in the time"
            _save(window, path, status, f"{why} allowed; the picture shows that moment")

    return out_of_time


def _give_up(window: ShopWindow, status: list[int], why: str) -> None:
    """End the run with one line saying why, saving nothing."""
    from PySide6.QtWidgets import QApplication

    if window.property("saved") or window.property("gave_up"):
        return
    window.setProperty("gave_up", True)
    status[0] = 1
    with contextlib.suppress(OSError):
        print(f"coffeeshop: {why}", file=sys.stderr)
    QApplication.quit()


def _save(
    window: ShopWindow, path: Path, status: list[int], warning: str | None = None, said: str = ""
) -> None:
    """Save the window; `warning` says why this is not quite the moment asked for, `said`
    which moment it is, after the file's name."""
    from PySide6.QtWidgets import QApplication

    if window.property("saved") or window.property("gave_up"):
        return
    window.setProperty("saved", True)
    if warning is not None:
        print(f"coffeeshop: warning: {warning}", file=sys.stderr)
        status[0] = 1
    try:
        if not window.save_still(path):
            print(f"coffeeshop: could not write {path}", file=sys.stderr)
            status[0] = 1
        else:
            print(f"coffeeshop: saved {path}{said}", flush=True)
    except OSError:  # the "saved" line has nowhere to go (a closed pipe, a full disk)
        status[0] = max(status[0], 1)
        with contextlib.suppress(OSError):
            print(f"coffeeshop: saved {path}, but stdout could not say so", file=sys.stderr)
    finally:
        QApplication.quit()  # whatever happened above, the run ends


class _ShownFiles:
    """The files of whatever program the window shows now (it changes with the tour)."""

    def __init__(self, window: ShopWindow) -> None:
        self.window = window

    def __contains__(self, filename: object) -> bool:
        return bool(filename == self.window.program.filename)


def _shown_files(window: ShopWindow) -> _ShownFiles:
    return _ShownFiles(window)


def _say_program_stopped(window: ShopWindow, call: str) -> None:
    """The program called loop.stop() or quit Qt: the shop, not it, decides when it closes."""
    line = program_line(sys._getframe(1), _shown_files(window))
    where = f" on line {line}" if line is not None else ""
    text = f"the program called {call}{where}; the shop goes on"
    window.statusBar().showMessage(text[0].upper() + text[1:], PROGRAM_STOPPED_MS)
    with contextlib.suppress(OSError):
        print(f"coffeeshop: {text}", file=sys.stderr)


def _shut_down(loop: ShopLoop, window: ShopWindow) -> None:
    """Cancel what the program left running, let it unwind, then close the loop."""
    window.loop.set_speed(1.0)  # no skipping ahead to timers while the program unwinds
    window.loop.play()
    if window.session is not None:
        window.session.close()
        live = window.session.live_tasks()
        if live:
            loop.run_until_complete(asyncio.wait(live, timeout=UNWIND_SECONDS))
    loop.close()
