"""`--screenshot` for slides and layout checks: the size and zoom asked for, the same picture
every time for the same moment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from coffeeshop_gui.cli import main
from coffeeshop_gui.ui.theme import LIGHT

SHOT_SECONDS = 90  # under pytest-timeout's 120 s: a hung screenshot fails here, named


def screenshot(out: Path, *args: str) -> QImage:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "coffeeshop_gui", "--screenshot", str(out), *args],
        capture_output=True,
        text=True,
        timeout=SHOT_SECONDS,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return QImage(str(out))


def test_a_screenshot_has_the_size_asked_for_and_shows_the_shop(tmp_path):
    image = screenshot(tmp_path / "small.png", "--size", "1024x768", "--at", "1")
    assert (image.width(), image.height()) == (1024, 768)
    floor = QColor(LIGHT.floor)
    colours = {image.pixel(x, y) for x in range(0, 1024, 16) for y in range(0, 768, 16)}
    assert len(colours) > 20  # not blank: boards, people, code
    assert floor.rgb() in colours  # the shop's floor is in the picture


def test_the_same_moment_gives_the_same_picture_every_time(tmp_path):
    first = screenshot(tmp_path / "a.png", "--size", "1024x768", "--at", "3")
    second = screenshot(tmp_path / "b.png", "--size", "1024x768", "--at", "3")
    assert first == second  # every timer, cup and caption where it was the first time


def test_a_bad_size_or_zoom_is_refused_in_one_line(capsys):
    for bad in (["--size", "big"], ["--zoom", "9"]):
        with pytest.raises(SystemExit) as refused:
            main(["--screenshot", "x.png", *bad])
        assert refused.value.code == 2
    errors = capsys.readouterr().err
    assert "WIDTHxHEIGHT" in errors and "zoom is 0.5 to 3" in errors
