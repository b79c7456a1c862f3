"""Run every benchmark and write what they printed into benchmarks/README.md, verbatim."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = ["loop_throughput", "recording_cost", "frame_time", "startup", "memory"]
README = Path(__file__).with_name("README.md")
START, END = "<!-- results: written by python -m benchmarks.record -->", "<!-- end of results -->"


def run(name: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{name}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
        check=True,
    )
    return "\n".join(line for line in done.stdout.splitlines() if "propagateSizeHints" not in line)


def main() -> None:
    outputs = [f"$ python -m benchmarks.{name}\n{run(name)}" for name in BENCHMARKS]
    stamp = datetime.date.today().isoformat()
    block = f"{START}\nRecorded {stamp}:\n\n```\n" + "\n\n".join(outputs) + f"\n```\n{END}"
    text = README.read_text()
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    README.write_text(before + block + after)
    print(block)


if __name__ == "__main__":
    main()
