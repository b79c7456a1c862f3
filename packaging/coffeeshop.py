"""The frozen app's entry point: PyInstaller runs this file as `__main__`.

`freeze_support()` comes first: a worker of tour step 4's spawn process pool starts this same
binary with `--multiprocessing-fork`, and must become a worker here, not re-run the command line.
"""

import multiprocessing

multiprocessing.freeze_support()

import sys  # noqa: E402

from coffeeshop_gui.cli import main  # noqa: E402

sys.exit(main())
