"""The mutation score per module, from the last `mutmut run` (see tests/README.md).

Score = (killed + timed out) / reached, where reached leaves out the mutants no test ran
(`no tests`) and those not run yet. Run from the repository root after `mutmut run`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

CAUGHT = ("killed", "timeout", "segfault")
MISSED = ("survived", "suspicious")
# "coffeeshop_gui.model.state.x__woken__mutmut_1: survived" -> module, status
LINE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x[_ǁ].*__mutmut_\d+: (?P<status>.+)$")


def scores(results: str) -> dict[str, Counter[str]]:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for line in results.splitlines():
        match = LINE.match(line)
        if match:
            by_module[match["module"]][match["status"].strip()] += 1
    return dict(sorted(by_module.items()))


def score(counts: Counter[str]) -> tuple[int, int, float]:
    caught = sum(counts[s] for s in CAUGHT)
    reached = caught + sum(counts[s] for s in MISSED)
    return caught, reached, (100.0 * caught / reached if reached else 0.0)


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    done = subprocess.run(
        [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True
    )
    table = scores(done.stdout)
    layers: dict[str, Counter[str]] = defaultdict(Counter)
    header = ("killed", "timeout", "survived", "no tests")
    print(f"{'module':36} " + " ".join(f"{h:>8}" for h in header) + "    score")
    for module, counts in table.items():
        layers[module.rsplit(".", 1)[0]] += counts
        _, reached, percent = score(counts)
        shown = f"{percent:7.1f}%" if reached else "       -"
        print(f"{module:36} " + " ".join(f"{counts[h]:8}" for h in header) + " " + shown)
    for layer, counts in sorted(layers.items()):
        caught, reached, percent = score(counts)
        print(f"{layer:36} {caught} of {reached} reached mutants caught: {percent:.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
