"""The `coffeeshop` command: open the shop, take a screenshot, or trace a program headless."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coffeeshop_gui import __version__
from coffeeshop_gui.engine.program import (
    ProgramError,
    load_program,
    load_source,
    read_program_source,
)
from coffeeshop_gui.lessons import TOUR

if TYPE_CHECKING:
    from coffeeshop_gui.engine.guard import WallGuard

EXIT_BAD_INPUT = 2
WALL_LIMIT = 120.0  # real seconds a trace or a screenshot may take, whatever the program does
MAX_RUSH = 10_000  # the shop's cap (coffeeshop_gui.loop.session.MAX_CUSTOMERS); no Qt here
MIN_SIZE, MAX_SIDE = (640, 480), 8192  # a screenshot's window size, in pixels
MIN_ZOOM, MAX_ZOOM = 0.5, 3.0  # the text zoom a screenshot may ask for


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(
            f"seconds must be a finite number, zero or more, not {text}"
        )
    return value


def _turn(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a turn is a whole number, like 12: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a turn is 0 or more, not {value}")
    return value


def _caption_text(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("--when needs words to find in a caption")
    return text


def _wall_seconds(text: str) -> float:
    value = _seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError("the wall-clock limit must be more than 0 s")
    return value


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a size is WIDTHxHEIGHT, like 1024x768: {text!r}"
        ) from None
    if not (MIN_SIZE[0] <= width <= MAX_SIDE and MIN_SIZE[1] <= height <= MAX_SIDE):
        raise argparse.ArgumentTypeError(
            f"a window is {MIN_SIZE[0]}x{MIN_SIZE[1]} to {MAX_SIDE}x{MAX_SIDE}, not {text}"
        )
    return width, height


def _zoom(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a zoom factor: {text!r}") from None
    if not MIN_ZOOM <= value <= MAX_ZOOM:
        raise argparse.ArgumentTypeError(f"zoom is {MIN_ZOOM:g} to {MAX_ZOOM:g}, not {text}")
    return value


def _add_wall_limit(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--wall-limit",
        type=_wall_seconds,
        default=WALL_LIMIT,
        metavar="SECONDS",
        help=f"give up after this much real time, whatever the program does "
        f"(default {WALL_LIMIT:g}; exit status 124)",
    )


def _shop_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="coffeeshop",
        description="Watch asyncio run as a coffee shop. `coffeeshop trace PROGRAM.py -o "
        "trace.json` runs a program headless and writes a Chrome/Perfetto trace; `coffeeshop "
        "clip PROGRAM.py --from 0 --to 4 -o clip.gif` saves a stretch of it as a clip.",
    )
    p.add_argument("program", nargs="?", help="a .py file with `async def main()`")
    p.add_argument("--screenshot", metavar="FILE.png", help="render the window to a PNG and exit")
    moment = p.add_mutually_exclusive_group()
    moment.add_argument(
        "--at",
        type=_seconds,
        metavar="SECONDS",
        help="shop time to run before the screenshot (default 3)",
    )
    moment.add_argument(
        "--turn",
        type=_turn,
        metavar="N",
        help="screenshot right after the cashier's N-th turn, the line and rail as it left them",
    )
    moment.add_argument(
        "--when",
        type=_caption_text,
        metavar="TEXT",
        help='screenshot right after the first event whose caption contains TEXT, e.g. "Ben '
        "wake-up\" (any case; a name matches its 's)",
    )
    p.add_argument(
        "--tour",
        type=int,
        nargs="?",
        const=1,
        metavar="STEP",
        help=f"start the guided tour (at STEP, 1-{len(TOUR)})",
    )
    p.add_argument(
        "--rush",
        type=int,
        nargs="?",
        const=1000,
        metavar="N",
        help=f"rush hour: N customers walk in at once (default 1,000; at most {MAX_RUSH:,})",
    )
    p.add_argument(
        "--theme",
        choices=["light", "dark", "high-contrast"],
        help="the look to open with (remembered, except for screenshots)",
    )
    p.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help="the window's size for a screenshot, e.g. 1024x768 (default 1440x900)",
    )
    p.add_argument(
        "--zoom",
        type=_zoom,
        metavar="Z",
        help="text zoom, as Ctrl+ sets it (e.g. 1.5 for a projector; remembered, except for "
        "screenshots)",
    )
    _add_wall_limit(p)
    p.add_argument("--version", action="version", version=f"coffeeshop {__version__}")
    return p


def _trace_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="coffeeshop trace",
        description="Run PROGRAM headless on the shop loop, its clock fast-forwarded, and "
        "write Chrome Trace Event JSON (open it in Perfetto).",
    )
    p.add_argument("program", help="a .py file with `async def main()`")
    p.add_argument("-o", "--output", default="trace.json", metavar="FILE.json")
    p.add_argument(
        "--until",
        type=_seconds,
        default=3600.0,
        metavar="SECONDS",
        help="stop after this much shop time (default 3600)",
    )
    _add_wall_limit(p)
    return p


def _fps(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of frames a second: {text!r}") from None
    return value


def _clip_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="coffeeshop clip",
        description="Run PROGRAM offscreen on the shop loop and save a stretch of it as a clip "
        "for slides: a frame every 1/fps of shop time, as .gif, animated .png or .mp4 "
        "(ffmpeg), and/or numbered PNGs.",
    )
    p.add_argument("program", nargs="?", help="a .py file with `async def main()`")
    p.add_argument("-o", "--output", metavar="CLIP.gif", help="the clip: .gif, .png or .mp4")
    p.add_argument(
        "--from", dest="start", type=_seconds, default=0.0, metavar="SECONDS",
        help="shop time of the first frame (default 0)",
    )  # fmt: skip
    p.add_argument(
        "--to", dest="end", type=_seconds, default=4.0, metavar="SECONDS",
        help="shop time the clip ends at (default 4)",
    )  # fmt: skip
    p.add_argument("--fps", type=_fps, default=10.0, help="frames a second of shop time (10)")
    p.add_argument("--size", type=_size, metavar="WxH", help="the window's size (1440x900)")
    p.add_argument("--frames-dir", metavar="DIR", help="also keep each frame here, numbered")
    p.add_argument("--tour", type=int, metavar="STEP", help="a step of the tour, not PROGRAM")
    p.add_argument(
        "--text",
        metavar="FILE.py",
        help="run this code as PROGRAM (an edit not saved yet: PROGRAM may not exist)",
    )
    _add_wall_limit(p)
    return p


def _check_tour_step(step: int | None) -> None:
    """One rule for every command that takes --tour: a step the tour has."""
    if step is not None and not 1 <= step <= len(TOUR):
        raise ProgramError(f"the tour has steps 1 to {len(TOUR)}, not {step}")


def _clip(ns: argparse.Namespace) -> int:
    from coffeeshop_gui.app import WINDOW_SIZE
    from coffeeshop_gui.clip import ClipPlan, check_plan

    _check_tour_step(ns.tour)
    if ns.tour is not None and ns.program is not None:
        raise ProgramError(f"--tour runs the tour's own programs: clip {ns.program} without it")
    if ns.text is not None and ns.program is None:
        raise ProgramError("--text is the code of PROGRAM: name the program it is an edit of")
    if ns.text is not None:
        _, ns.text = read_program_source(ns.text)  # the code; PROGRAM's path is its name
    elif ns.program is not None:
        read_program_source(ns.program)
    plan = ClipPlan(ns.start, ns.end, ns.fps, ns.size or WINDOW_SIZE)
    check_plan(plan, ns.output, ns.frames_dir)
    if ns.output is not None:
        check_output(ns.output, "clip")
    guard = _screenshot_guard(ns)
    try:
        return _run_clip(ns, plan)
    finally:
        guard.disarm()


def _run_clip(ns: argparse.Namespace, plan: Any) -> int:
    from coffeeshop_gui.clip import make_clip, say_progress
    from coffeeshop_gui.programs import DEFAULT_PROGRAM

    if ns.text is not None:  # an edit runs as the editor runs it: its file's name, its text
        program = load_source(Path(ns.program).expanduser().resolve(), ns.text)
    else:
        program = load_program(ns.program or DEFAULT_PROGRAM)
    output = None if ns.output is None else Path(ns.output)
    frames_dir = None if ns.frames_dir is None else Path(ns.frames_dir)
    try:
        make_clip(program, plan, output, frames_dir, ns.tour, say_progress)
    except OSError as exc:
        print(f"coffeeshop: {exc.strerror or exc}", file=sys.stderr)
        return 1
    where = [str(p) for p in (output, frames_dir) if p is not None]
    print(f"coffeeshop: saved {plan.frames} frames at {plan.fps:g} fps -> {' and '.join(where)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `coffeeshop` command; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "trace":
            status = _trace(_trace_parser().parse_args(args[1:]))
        elif args and args[0] == "clip":
            status = _clip(_clip_parser().parse_args(args[1:]))
        else:
            status = _shop(_shop_parser().parse_args(args))
        sys.stdout.flush()  # a full disk or a closed pipe is reported here, not at exit
        return status
    except ProgramError as exc:
        print(f"coffeeshop: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # stdout is a pipe closed early (`| head`) or a full device
        _silence_stdout()
        if not isinstance(exc, BrokenPipeError):
            with contextlib.suppress(OSError):
                print(f"coffeeshop: could not write the output: {exc.strerror}", file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """Send what is left for stdout nowhere, so exiting does not fail on it again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def check_output(path: str | Path, what: str) -> None:
    """Refuse an output the run could not write, before the run (one line, ProgramError)."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ProgramError(f"{target}: is a folder; give a file name for the {what}")
    if not target.parent.is_dir():
        raise ProgramError(f"{target}: no such folder {str(target.parent)!r} for the {what}")
    existed = target.exists()
    try:
        with open(target, "ab"):
            pass
    except OSError as exc:
        raise ProgramError(f"{target}: cannot write the {what} there ({exc.strerror})") from None
    if not existed:
        with contextlib.suppress(OSError):
            target.unlink()


def _trace(ns: argparse.Namespace) -> int:
    from coffeeshop_gui.engine.guard import WallGuard

    path, _source = read_program_source(ns.program)
    check_output(ns.output, "trace")
    guard = WallGuard(ns.wall_limit, {str(path)}).start()  # loading runs its top level too
    try:
        return _run_trace(ns)
    finally:
        guard.disarm()


def _run_trace(ns: argparse.Namespace) -> int:
    from coffeeshop_gui.engine.guard import watch_hard_exit
    from coffeeshop_gui.engine.trace import write_chrome_trace
    from coffeeshop_gui.loop.headless import run_headless

    program = load_program(ns.program)
    restore_exit = watch_hard_exit({program.filename}, unfinished=True)
    try:
        outcome = run_headless(program, until=ns.until)
    finally:
        restore_exit()
    try:
        write_chrome_trace(outcome.log, ns.output, program.title)
    except OSError as exc:
        print(f"coffeeshop: could not write {ns.output} ({exc.strerror})", file=sys.stderr)
        return 1
    print(
        f"coffeeshop: traced {program.title}: {outcome.shop_seconds:.3f} s of shop time "
        f"-> {ns.output}"
    )
    if outcome.timed_out:
        stuck = f": {outcome.error}" if outcome.error else ""
        print(f"coffeeshop: stopped at the --until limit ({ns.until:g} s){stuck}", file=sys.stderr)
        return 1
    if outcome.error:
        print(f"coffeeshop: {outcome.error}", file=sys.stderr)
    if outcome.exit_code is not None:  # sys.exit(code): the status `python program.py` gives
        return outcome.exit_code
    return 1 if outcome.error else 0


def _shop(ns: argparse.Namespace) -> int:
    if ns.program is not None:
        read_program_source(ns.program)  # fail fast, before any window opens
    if ns.rush is not None and not 1 <= ns.rush <= MAX_RUSH:
        raise ProgramError(f"a rush is 1 to {MAX_RUSH:,} customers, not {ns.rush:,}")
    _check_tour_step(ns.tour)
    if ns.tour is not None and ns.program is not None:
        raise ProgramError(f"--tour runs the tour's own programs: open {ns.program} without --tour")
    if ns.screenshot is not None and Path(ns.screenshot).suffix.lower() != ".png":
        raise ProgramError(f"{ns.screenshot}: screenshots are saved as .png")
    if ns.screenshot is None and (ns.at is not None or ns.turn is not None or ns.when):
        raise ProgramError("--at, --turn and --when choose the moment of a --screenshot FILE.png")
    if ns.screenshot is not None:
        check_output(ns.screenshot, "screenshot")
    from coffeeshop_gui.app import run_app

    guard = _screenshot_guard(ns) if ns.screenshot is not None else None
    try:
        return run_app(
            ns.program,
            screenshot=ns.screenshot,
            at=ns.at,
            theme=ns.theme,
            tour=ns.tour,
            rush=ns.rush,
            size=ns.size,
            zoom=ns.zoom,
            wall_deadline=None if guard is None else guard.deadline,
            turn=ns.turn,
            when=ns.when,
        )
    finally:
        if guard is not None:
            guard.disarm()


def _screenshot_guard(ns: argparse.Namespace) -> WallGuard:
    from coffeeshop_gui.engine.guard import WallGuard
    from coffeeshop_gui.programs import DEFAULT_PROGRAM

    shown = {str(DEFAULT_PROGRAM), *(str(lesson.file) for lesson in TOUR)}
    if getattr(ns, "text", None) is not None:  # an edit: its program may have no file yet
        shown.add(str(Path(ns.program).expanduser().resolve()))
    elif ns.program is not None:
        shown.add(str(read_program_source(ns.program)[0]))
    return WallGuard(ns.wall_limit, shown).start()
