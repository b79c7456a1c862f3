"""`python -m coffeeshop_gui` is the `coffeeshop` command."""

import sys

from coffeeshop_gui.cli import main

if __name__ == "__main__":  # a spawned worker process imports this module too
    sys.exit(main())
