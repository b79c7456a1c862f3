"""Smoke tests of the frozen app, collected only when COFFEESHOP_FROZEN names a built folder
(`packaging/build` makes dist/coffeeshop; .ci/run sets it), so the usual run needs no build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FROZEN = os.environ.get("COFFEESHOP_FROZEN")
if not FROZEN:
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def frozen_app() -> Path:
    """The frozen folder: its `coffeeshop` binary and `_internal/`."""
    folder = Path(FROZEN).resolve()
    assert (folder / "coffeeshop").is_file(), f"no frozen app in {folder}: run packaging/build"
    return folder
