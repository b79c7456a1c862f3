"""The shop's drawings load from a source checkout and from an installed wheel's layout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coffeeshop_gui.ui.assets import assets_dir, renderer

ROOT = Path(__file__).resolve().parents[2]
DRAWINGS = ["cashier", "counter", "door", "espresso_machine", "icon", "table"]


@pytest.mark.parametrize("name", DRAWINGS)
def test_every_drawing_is_a_valid_svg(qapp, name):
    assert renderer(name).isValid()
    assert not renderer(name).defaultSize().isEmpty()


def test_a_checkout_uses_the_assets_folder_at_its_root():
    assert assets_dir() in (ROOT / "assets", ROOT / "coffeeshop_gui" / "assets")
    assert (assets_dir() / "icon.svg").is_file()


def test_an_installed_wheel_uses_the_assets_inside_the_package(tmp_path):
    # the wheel maps assets/ to coffeeshop_gui/assets (pyproject: force-include)
    site = tmp_path / "site-packages"
    shutil.copytree(
        ROOT / "coffeeshop_gui",
        site / "coffeeshop_gui",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(ROOT / "assets", site / "coffeeshop_gui" / "assets")
    code = "from coffeeshop_gui.ui.assets import assets_dir; print(assets_dir())"
    env = dict(os.environ, PYTHONPATH=str(site), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.stdout.strip() == str(site / "coffeeshop_gui" / "assets"), done.stderr
