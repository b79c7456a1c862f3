"""`coffeeshop clip`: a stretch of a run as a GIF, an animated PNG or numbered PNGs, made
offscreen from a fresh run; and every bad request refused in one line before it runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from coffeeshop_gui.cli import main

CLIP_SECONDS = 90  # under pytest-timeout's 120 s: a hung clip fails here, named


def clip(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "coffeeshop_gui", "clip", *args],
        capture_output=True,
        text=True,
        timeout=CLIP_SECONDS,
        env=env,
    )


@pytest.fixture(scope="module")
def two_seconds(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """One clip run for two tests: a GIF and its frames as PNGs, from 0.5 s to 2.5 s."""
    folder = tmp_path_factory.mktemp("clip")
    out, frames = folder / "clip.gif", folder / "frames"
    done = clip("--from", "0.5", "--to", "2.5", "--size", "640x480", "-o", str(out),
                "--frames-dir", str(frames))  # fmt: skip
    return done, out, frames


def test_a_two_second_clip_at_ten_fps_is_a_gif_of_twenty_frames(two_seconds):
    done, out, _frames = two_seconds
    assert done.returncode == 0, done.stderr
    with Image.open(out) as gif:
        assert gif.format == "GIF"
        assert gif.size == (640, 480)
        assert gif.n_frames == 20
        assert gif.info["duration"] == 100  # milliseconds a frame: 10 fps
    assert "frame 20 of 20" in done.stderr  # the progress line got to the end


def test_the_frames_move_with_the_shop(two_seconds):
    done, _out, frames = two_seconds
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in frames.iterdir())
    assert names == [f"frame-{n:04}.png" for n in range(1, 21)]  # the GIF's, one a file
    before, after = (Image.open(frames / name).tobytes() for name in (names[0], names[5]))
    assert before != after  # 0.5 s and 1.0 s: Ben's espresso lit between them


def test_a_png_clip_is_an_animated_png(tmp_path):
    out = tmp_path / "clip.png"
    done = clip("--to", "0.5", "--size", "640x480", "-o", str(out))
    assert done.returncode == 0, done.stderr
    with Image.open(out) as apng:
        assert apng.format == "PNG" and apng.is_animated
        assert apng.n_frames == 5


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--from", "3", "--to", "2", "-o", "{tmp}/c.gif"], "--from must come before --to"),
        (["--from", "2", "--to", "2", "-o", "{tmp}/c.gif"], "--from must come before --to"),
        (["-o", "{tmp}/c.avi"], "a clip is a .gif, an animated .png or an .mp4, not .avi"),
        (["-o", "{tmp}/no/such/c.gif"], "no such folder"),
        (["-o", "/proc/c.gif"], "cannot write the clip there"),
        ([], "say where the clip goes"),
        (["--fps", "0", "-o", "{tmp}/c.gif"], "--fps is more than 0"),
        (["--to", "3600", "-o", "{tmp}/c.gif"], "too long a clip"),
        (["--tour", "8", "-o", "{tmp}/c.gif"], "the tour has steps 1 to 7, not 8"),
        # the last step is a step: refused for its length, not for the step
        (["--tour", "7", "--to", "3600", "-o", "{tmp}/c.gif"], "too long a clip"),
    ],
)
def test_a_bad_clip_is_refused_in_one_line(tmp_path, capsys, args, said):
    assert main(["clip", *(a.format(tmp=tmp_path) for a in args)]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and said in errors[0]


def test_an_mp4_without_ffmpeg_says_what_to_do_instead(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert main(["clip", "-o", str(tmp_path / "c.mp4")]) == 2
    error = capsys.readouterr().err
    assert "ffmpeg, which is not installed here" in error and "--frames-dir" in error


def test_the_shop_starts_without_loading_pillow():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, coffeeshop_gui.cli, coffeeshop_gui.app, "
         "coffeeshop_gui.ui.window; print('PIL' in sys.modules)"],
        capture_output=True, text=True, timeout=CLIP_SECONDS,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )  # fmt: skip
    assert loaded.stdout.strip() == "False", loaded.stderr


def test_pillow_is_a_regular_dependency():
    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    regular = pyproject.read_text().split("[project.optional-dependencies]")[0]
    assert '"Pillow>=' in regular


SLEEPY = "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n"


def test_an_edit_not_saved_yet_is_clipped_under_its_programs_name(tmp_path):
    edit = tmp_path / "edit.py"
    edit.write_text(SLEEPY, encoding="utf-8")
    out = tmp_path / "clip.gif"
    never_saved = tmp_path / "untitled.py"  # the editor's name for a new program: no file
    done = clip(str(never_saved), "--text", str(edit), "--to", "0.4", "--fps", "5",
                "--size", "640x480", "-o", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    with Image.open(out) as gif:
        assert gif.n_frames == 2


def test_an_edit_that_does_not_compile_is_refused_under_its_programs_name(tmp_path, capsys):
    edit = tmp_path / "edit.py"
    edit.write_text("async def main(:\n", encoding="utf-8")
    args = ["clip", str(tmp_path / "mine.py"), "--text", str(edit), "-o", str(tmp_path / "c.gif")]
    assert main(args) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("coffeeshop: mine.py: syntax error on line 1")
    assert main(["clip", "--text", str(edit), "-o", str(tmp_path / "c.gif")]) == 2
    assert "name the program it is an edit of" in capsys.readouterr().err
