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


@pytest.fixture(scope="module")
def at_three(tmp_path_factory) -> list[tuple[subprocess.CompletedProcess[str], Path]]:
    """The default program shot twice at the same moment, for the tests that read them."""
    folder = tmp_path_factory.mktemp("at_three")
    shots = [folder / "a.png", folder / "b.png"]
    return [(shoot(shot, "--size", "1024x768", "--at", "3"), shot) for shot in shots]


def first_shot(at_three) -> QImage:
    """The first picture of the pair, once its run is seen to have succeeded."""
    done, shot = at_three[0]
    assert done.returncode == 0, done.stderr
    return QImage(str(shot))


def test_a_screenshot_has_the_size_asked_for(at_three):
    image = first_shot(at_three)
    assert (image.width(), image.height()) == (1024, 768)


def test_a_screenshot_shows_the_shop(at_three):
    image = first_shot(at_three)
    floor = QColor(LIGHT.floor)
    colours = {image.pixel(x, y) for x in range(0, 1024, 16) for y in range(0, 768, 16)}
    assert len(colours) > 20  # not blank: boards, people, code
    assert floor.rgb() in colours  # the shop's floor is in the picture


def test_the_same_moment_gives_the_same_picture_every_time(at_three):
    (first_run, first), (second_run, second) = at_three
    assert first_run.returncode == 0 and second_run.returncode == 0, second_run.stderr
    # every timer, cup and caption where it was the first time
    assert QImage(str(first)) == QImage(str(second))


def test_a_bad_size_or_zoom_is_refused_in_one_line(capsys):
    for bad in (["--size", "big"], ["--zoom", "9"]):
        with pytest.raises(SystemExit) as refused:
            main(["--screenshot", "x.png", *bad])
        assert refused.value.code == 2
    errors = capsys.readouterr().err
    assert "WIDTHxHEIGHT" in errors and "zoom is 0.5 to 3" in errors


def shoot(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "coffeeshop_gui", "--screenshot", str(out), *args],
        capture_output=True,
        text=True,
        timeout=SHOT_SECONDS,
        env=env,
    )


def test_the_same_turn_gives_the_same_png_byte_for_byte(tmp_path):
    for name in ("a.png", "b.png"):
        done = shoot(tmp_path / name, "--size", "1024x768", "--turn", "12")
        assert done.returncode == 0, done.stderr
        assert "(turn 12)" in done.stdout
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_when_lands_on_the_turn_that_told_that_caption(tmp_path):
    done = shoot(tmp_path / "when.png", "--size", "1024x768", "--when", "Ben wake-up")
    assert done.returncode == 0, done.stderr
    # the turn that fired Ben's espresso timer: his wake-up is queued by it
    assert "(turn 5: Ben's buzzer lights up" in done.stdout
    assert shoot(tmp_path / "turn.png", "--size", "1024x768", "--turn", "5").returncode == 0
    assert (tmp_path / "when.png").read_bytes() == (tmp_path / "turn.png").read_bytes()


def test_a_when_no_caption_matches_fails_without_saving(tmp_path):
    shot = tmp_path / "never.png"
    done = shoot(shot, "--when", "a unicorn orders")
    assert done.returncode == 1
    said = [line for line in done.stderr.splitlines() if line.startswith("coffeeshop:")]
    assert said == [
        "coffeeshop: the program ended after 28 turns, before a caption with "
        "'a unicorn orders'; nothing saved"
    ]
    assert not shot.exists()


def test_a_moment_without_a_screenshot_is_refused(capsys):
    assert main(["--turn", "3"]) == 2
    assert "choose the moment of a --screenshot" in capsys.readouterr().err


def test_a_tour_steps_screenshot_lands_on_its_key_moment(tmp_path):
    done = shoot(tmp_path / "step6.png", "--tour", "6", "--size", "1024x768")
    assert done.returncode == 0, done.stderr
    assert "Ada's buzzer lights up: its done callback, Ada's wake-up" in done.stdout


def test_a_program_that_takes_seconds_to_load_says_so_before_it_loads(tmp_path):
    """Issue 19: a program of megabytes compiled for seconds with nothing shown."""
    program = tmp_path / "large.py"
    filler = "".join(f"x_{i} = {i}  # a line of a very long program\n" for i in range(30_000))
    program.write_text(f"import asyncio\n{filler}\nasync def main():\n    await asyncio.sleep(0)\n")
    assert program.stat().st_size > 1_000_000
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    shot = ["--screenshot", str(tmp_path / "large.png"), "--at", "0.1"]
    done = subprocess.run(
        [sys.executable, "-m", "coffeeshop_gui", str(program), *shot],
        capture_output=True,
        text=True,
        timeout=SHOT_SECONDS,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "loading large.py (1." in done.stderr and "takes a few seconds" in done.stderr
    assert (tmp_path / "large.png").exists()


def test_a_program_of_ordinary_size_loads_without_a_note(at_three):
    done, _shot = at_three[0]
    assert done.returncode == 0 and "loading" not in done.stderr
