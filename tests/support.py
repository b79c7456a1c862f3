"""Shared test helpers: find marked lines in sample programs, record them, tell their story."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.program import Program, load_program
from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.engine.recording_loop import RecordingEventLoop
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog
from coffeeshop_gui.model.state import ShopState, fold

PROGRAMS = Path(__file__).parent / "programs"
_AUTO_NAME = re.compile(r"^Task-\d+$")


def program_path(name: str) -> Path:
    return PROGRAMS / f"{name}.py"


# Step 4 grinds beans for seconds, on purpose: in class, threads against processes must be
# seen to take time. A test of what the step shows (both pools used, their times measured and
# read out, the blocking line named) needs the same program with a tenth of the grinding.
STEP4_GRIND, STEP4_TEST_GRIND = "grind, 10)", "grind, 1)"


def light_step4(lesson: Path, folder: Path) -> Path:
    """Step 4's lesson, line for line, with a tenth of its grinding, written into `folder`."""
    text = lesson.read_text()
    assert text.count(STEP4_GRIND) == 2, "step 4 grinds differently now: update light_step4"
    light = folder / lesson.name
    light.write_text(text.replace(STEP4_GRIND, STEP4_TEST_GRIND))
    return light


def line_of(name: str, marker: str) -> int:
    """The line of `program` that carries the comment `# <marker>`."""
    for number, text in enumerate(program_path(name).read_text().splitlines(), start=1):
        if f"# <{marker}>" in text:
            return number
    raise LookupError(f"no <{marker}> in {name}.py")


def record_on_stock_loop(name: str | Path) -> tuple[Program, list[ev.Event], object]:
    """Run a sample program (by name) or any program file on the stock asyncio loop
    (fast-forwarded), recording it."""
    program = load_program(name if isinstance(name, Path) else program_path(name))
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    loop.recorder = Recorder(log, loop.time, [program.filename])
    try:
        result = loop.run_until_complete(loop.start(program.main()))
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    return program, list(log), result


def labels(events: list[ev.Event]) -> dict[int, str]:
    """A stable label per task: its own name, or `coro#k` for asyncio's automatic names."""
    names: dict[int, str] = {}
    counts: dict[str, int] = {}
    for e in events:
        if isinstance(e, ev.TaskCreated):
            counts[e.coro] = counts.get(e.coro, 0) + 1
            names[e.task] = f"{e.coro}#{counts[e.coro]}" if _AUTO_NAME.match(e.name) else e.name
        elif isinstance(e, ev.TaskRenamed) and not _AUTO_NAME.match(e.name):
            names[e.task] = e.name
    return names


def story(events: list[ev.Event]) -> list[str]:
    """The run as readable lines: `t label what`, the way a test states what must happen."""
    who = labels(events)
    lines = []
    for e in events:
        name = who.get(getattr(e, "task", 0), "?")
        text = _describe(e)
        if text is not None:
            lines.append(f"{e.t:g} {name} {text}")
    return lines


def _describe(e: ev.Event) -> str | None:
    if isinstance(e, ev.StepStarted):
        return "step"
    if isinstance(e, ev.Suspended):
        return f"await@{e.line}" if e.future is not None else f"yield@{e.line}"
    if isinstance(e, ev.Resumed):
        return f"resume={e.value}"
    if isinstance(e, ev.Finished):
        return f"done={e.value}"
    if isinstance(e, ev.Failed):
        return f"failed={e.error}@{e.line}"
    if isinstance(e, ev.Cancelled):
        return "cancelled"
    return None


def suspensions(events: list[ev.Event], label: str) -> list[int | None]:
    """The lines a task was suspended at, in order."""
    who = labels(events)
    return [e.line for e in events if isinstance(e, ev.Suspended) and who[e.task] == label]


class RefusesAttributes(asyncio.Task):
    """A Task subclass that takes no new attributes: the recorder cannot tag it."""

    def __setattr__(self, name: str, value: object) -> None:
        if not hasattr(type(self), name):
            raise AttributeError(f"{type(self).__name__} takes no attribute {name!r}")
        super().__setattr__(name, value)


class RefusingLoop(RecordingEventLoop):
    """Makes its tasks refuse attributes (not a task factory: 3.13.0 names those "None")."""

    def create_task(self, coro, *, name=None, context=None):
        extra = {} if context is None else {"context": context}
        return RefusesAttributes(coro, loop=self, name=name, **extra)


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a reaper that may not come (PID 1 in a container)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def run_to(loop, qtbot, session, seconds: float) -> ShopState:
    """Play (fast-forwarded) until `seconds` of shop time, then hold; the folded state."""
    reached = []
    loop.horizon = session.started_at + seconds
    loop.horizon_reached.connect(lambda: reached.append(True))
    loop.play()
    qtbot.waitUntil(lambda: bool(reached), timeout=10_000)
    return fold(session.log)
