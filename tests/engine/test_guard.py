"""The wall-clock guard, in-process where it is safe: what it says the run was doing.

What it does past the limit (kill every child, end the process) is tested on real runs in
tests/cli/test_wall_limit.py: in-process it would kill the test run's own children.
"""

from __future__ import annotations

import threading
import time

from coffeeshop_gui.engine.guard import WallGuard

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
