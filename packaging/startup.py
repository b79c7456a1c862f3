"""Start to first painted frame: the frozen app against the installed one, as whole processes.

    python packaging/startup.py [dist/coffeeshop] [RUNS]

A frozen binary runs no `-c` script, so both are timed the same way from outside: process
start to a saved `--screenshot --at 0` (the window built, shown, painted and grabbed, then
closed), offscreen, the two in turn so a slow spell of the machine hits both. The median of
the pairwise ratios is quoted; issue 18's target is <= 1.2x. `--version` is timed too: a
frozen start unpacks nothing, but the Qt runtime hook runs before the command line is read.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def compare(name: str, frozen: list[str], installed: list[str], runs: int) -> None:
    seconds(frozen), seconds(installed)  # warm the file cache for both
    pairs = [(seconds(frozen), seconds(installed)) for _ in range(runs)]
    a = statistics.median(f for f, _ in pairs)
    b = statistics.median(i for _, i in pairs)
    ratio = statistics.median(f / i for f, i in pairs)
    print(f"  {name:28} frozen {a * 1000:6.0f} ms  installed {b * 1000:6.0f} ms  {ratio:.2f}x")


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/coffeeshop")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    frozen = [str(folder / "coffeeshop")]
    installed = [sys.executable, "-m", "coffeeshop_gui"]
    shot = str(Path(tempfile.mkdtemp()) / "shot.png")
    print(f"startup, median of {runs} runs each, Python {sys.version.split()[0]}")
    compare(
        "to the first painted frame",
        [*frozen, "--screenshot", shot, "--at", "0"],
        [*installed, "--screenshot", shot, "--at", "0"],
        runs,
    )
    compare("--version", [*frozen, "--version"], [*installed, "--version"], runs)


if __name__ == "__main__":
    main()
