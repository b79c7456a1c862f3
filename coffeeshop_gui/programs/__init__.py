"""Programs shipped with the app: plain .py files with `async def main()`."""

from __future__ import annotations

from pathlib import Path

PROGRAMS_DIR = Path(__file__).resolve().parent
DEFAULT_PROGRAM = PROGRAMS_DIR / "three_customers.py"
