"""The `coffeeshop` command: open the shop, take a screenshot, or trace a program headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from coffeeshop_gui import __version__
from coffeeshop_gui.engine.program import ProgramError, load_program, read_program_source

EXIT_BAD_INPUT = 2
MAX_RUSH = 10_000  # the shop's cap (coffeeshop_gui.loop.session.MAX_CUSTOMERS); no Qt here


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"seconds must be zero or more, not {text}")
    return value


def _shop_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="coffeeshop",
        description="Watch asyncio run as a coffee shop. `coffeeshop trace PROGRAM.py -o "
        "trace.json` runs a program headless and writes a Chrome/Perfetto trace.",
    )
    p.add_argument("program", nargs="?", help="a .py file with `async def main()`")
    p.add_argument("--screenshot", metavar="FILE.png", help="render the window to a PNG and exit")
    p.add_argument(
        "--at",
        type=_seconds,
        default=3.0,
        metavar="SECONDS",
        help="shop time to run before the screenshot (default 3)",
    )
    p.add_argument(
        "--tour",
        type=int,
        nargs="?",
        const=1,
        metavar="STEP",
        help="start the guided tour (at STEP, 1-6)",
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
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `coffeeshop` command; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "trace":
            return _trace(_trace_parser().parse_args(args[1:]))
        return _shop(_shop_parser().parse_args(args))
    except ProgramError as exc:
        print(f"coffeeshop: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _trace(ns: argparse.Namespace) -> int:
    from coffeeshop_gui.engine.trace import write_chrome_trace
    from coffeeshop_gui.loop.headless import run_headless

    program = load_program(ns.program)
    outcome = run_headless(program, until=ns.until)
    write_chrome_trace(outcome.log, ns.output, program.title)
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
        return 1
    return 0


def _shop(ns: argparse.Namespace) -> int:
    if ns.program is not None:
        read_program_source(ns.program)  # fail fast, before any window opens
    if ns.rush is not None and not 1 <= ns.rush <= MAX_RUSH:
        raise ProgramError(f"a rush is 1 to {MAX_RUSH:,} customers, not {ns.rush:,}")
    if ns.tour is not None and not 1 <= ns.tour <= 6:
        raise ProgramError(f"the tour has steps 1 to 6, not {ns.tour}")
    if ns.screenshot is not None and Path(ns.screenshot).suffix.lower() != ".png":
        raise ProgramError(f"{ns.screenshot}: screenshots are saved as .png")
    from coffeeshop_gui.app import run_app

    return run_app(
        ns.program, screenshot=ns.screenshot, at=ns.at, theme=ns.theme, tour=ns.tour, rush=ns.rush
    )
