"""The recorder's lines to the outside world."""

from __future__ import annotations

import time

from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.model.log import EventLog


def test_a_line_opened_before_the_loop_runs_is_recorded_with_no_task():
    recorder = Recorder(EventLog(), time.monotonic)
    recorder.line_opened(3, "read", "socket")  # asyncio allows add_reader before run
    (opened,) = list(recorder.log)
    assert (opened.fd, opened.task) == (3, None)
