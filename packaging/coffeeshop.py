"""The frozen app's entry point: PyInstaller runs this file as `__main__`.

`freeze_support()` comes first: a worker of tour step 4's spawn process pool starts this same
binary with `--multiprocessing-fork`, and must become a worker here, not re-run the command line.

The app starts its helper processes as `sys.executable -m MODULE` (the wall limit's backstop,
engine/guard.py; the Stop window, ui/stop_button.py). A frozen binary has no `-m`, so it
runs those modules itself, and only those.
"""

import multiprocessing

multiprocessing.freeze_support()

import runpy  # noqa: E402
import sys  # noqa: E402

HELPERS = ("coffeeshop_gui.engine.guard", "coffeeshop_gui.ui.stop_button")

if len(sys.argv) > 2 and sys.argv[1] == "-m" and sys.argv[2] in HELPERS:
    module = sys.argv[2]
    sys.argv = [sys.argv[0], *sys.argv[3:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
    sys.exit(0)

from coffeeshop_gui.cli import main  # noqa: E402

sys.exit(main())
