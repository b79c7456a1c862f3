"""The wall-clock guard, in-process where it is safe: what it says the run was doing, and a
run that ends in time leaving no backstop behind.

What it does past the limit (kill every child, end the process) is tested on real runs in
tests/cli/test_wall_limit.py: in-process it would kill the test run's own children.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from coffeeshop_gui.engine.guard import WallGuard, descendants

PROGRAM = "import threading\n\ndef serve(event):\n    event.wait(30)  # held here\n"


def test_the_guard_names_the_program_line_the_main_thread_is_held_on(tmp_path):
    path = tmp_path / "held.py"
    path.write_text(PROGRAM)
    namespace: dict = {}
    exec(compile(PROGRAM, str(path), "exec"), namespace)
    guard = WallGuard(30, {str(path)})  # not started: only asked where the run is
    said: list[str] = []
    released = threading.Event()

    def ask() -> None:  # from another thread, as the guard's own thread asks
        time.sleep(0.1)
        said.append(guard.what_blocked())
        released.set()

    assert guard.what_blocked() == "the program had not ended"  # not in the program now
    threading.Thread(target=ask).start()
    namespace["serve"](released)
    assert said == ["the program was at line 4 of held.py (event.wait(30)  # held here)"]


def backstops() -> set[int]:
    """This process's guard backstops (`python -m coffeeshop_gui.engine.guard`) running now."""
    found = set()
    for pid in descendants(os.getpid()):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue  # gone already
        if b"coffeeshop_gui.engine.guard" in command:
            found.add(pid)
    return found


def test_a_run_that_ends_in_time_ends_the_guard_and_its_backstop(tmp_path):
    exits: list[int] = []
    before = backstops()
    guard = WallGuard(30, {str(tmp_path / "p.py")}, exit=exits.append).start()
    started = backstops() - before
    assert len(started) == 1  # the small process behind the guard's thread
    guard.disarm()
    assert not backstops() & started  # it exits with the run's end
    assert exits == []
