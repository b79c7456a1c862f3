"""`python -m coffeeshop_gui` is the `coffeeshop` command."""

import sys

from coffeeshop_gui.cli import main

sys.exit(main())
