"""Clips for slides: a stretch of a run, one frame every 1/fps of shop time, as a GIF, an
animated PNG, a numbered PNG series or (through ffmpeg, where it is installed) an MP4.

The program runs offscreen on the shop loop, fresh, skipping waits from its first turn, as
a screenshot does. For each frame the loop's horizon stops the shop at the frame's shop
time; the window folds the log, settles every item where it belongs and is grabbed. The
frames are the real window's, drawn from the log, not the live window on the screen.

Pillow writes the GIF and the APNG. It is imported only here, when a clip is asked for:
starting the shop must not load it (benchmarks/startup.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coffeeshop_gui.engine.program import Program, ProgramError

KINDS = {".gif": "GIF", ".png": "animated PNG", ".mp4": "MP4 (through ffmpeg)"}
MAX_FPS = 30
MAX_FRAMES = 600  # a minute at 10 fps: every frame is held in memory while the GIF is written
FRAME_NAME = "frame-{:04d}.png"


@dataclass(frozen=True)
class ClipPlan:
    """What to record: shop seconds `start` to `end`, `fps` frames a second, at `size`."""

    start: float
    end: float
    fps: float
    size: tuple[int, int]

    @property
    def frames(self) -> int:
        """How many frames: one per 1/fps of shop time, from `start` up to `end`."""
        return max(1, round((self.end - self.start) * self.fps))

    def times(self) -> Iterator[float]:
        """The shop time of each frame, since the program started."""
        return (self.start + k / self.fps for k in range(self.frames))


def check_plan(plan: ClipPlan, output: str | None, frames_dir: str | None) -> None:
    """Refuse a clip that cannot be made, before it is run (one line, as ProgramError)."""
    if not plan.start < plan.end:
        raise ProgramError(
            f"--from must come before --to: {plan.start:g} s to {plan.end:g} s is no clip"
        )
    if not 0 < plan.fps <= MAX_FPS:
        raise ProgramError(f"--fps is more than 0 and at most {MAX_FPS}, not {plan.fps:g}")
    if plan.frames > MAX_FRAMES:
        raise ProgramError(
            f"{plan.frames:,} frames is too long a clip: at most {MAX_FRAMES} "
            f"({MAX_FRAMES / plan.fps:g} s at {plan.fps:g} fps)"
        )
    if output is None and frames_dir is None:
        raise ProgramError("say where the clip goes: -o CLIP.gif (.png, .mp4) or --frames-dir DIR")
    if output is not None:
        kind = Path(output).suffix.lower()
        if kind not in KINDS:
            raise ProgramError(
                f"{output}: a clip is a .gif, an animated .png or an .mp4, not {kind or 'that'}"
            )
        if kind == ".mp4" and shutil.which("ffmpeg") is None:
            raise ProgramError(
                "an .mp4 is made by ffmpeg, which is not installed here: write a .gif or an "
                "animated .png, or --frames-dir DIR for the frames"
            )
    if frames_dir is not None:
        folder = Path(frames_dir).expanduser()
        if folder.exists() and not folder.is_dir():
            raise ProgramError(f"{folder}: is a file; --frames-dir names a folder")
        if not folder.exists() and not folder.parent.is_dir():
            raise ProgramError(f"{folder}: no such folder {str(folder.parent)!r} to make it in")


def record(
    program: Program,
    plan: ClipPlan,
    folder: Path,
    tour: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Run `program` offscreen (or tour step `tour`) and write one PNG per frame into
    `folder`; returns how many were written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from coffeeshop_gui.app import application, fresh_settings, tune_collector
    from coffeeshop_gui.loop.shop_loop import ShopLoop
    from coffeeshop_gui.ui.window import ShopWindow

    tune_collector()
    app = application()
    app.setStyle("Fusion")
    loop = ShopLoop(app)
    asyncio.set_event_loop(loop)
    with fresh_settings() as settings:
        window = ShopWindow(loop, program, settings)
        window.resize(*plan.size)
        if tour is not None:
            window.go_to_step(tour - 1)
        window.hold_frames(True)  # drawn once a frame, when settled: the same clip every run
        window.show()
        try:
            frames: int = loop.run_until_complete(_frames(window, plan, folder, progress))
            return frames
        finally:
            _close(window)


async def _frames(
    window: Any, plan: ClipPlan, folder: Path, progress: Callable[[int, int], None] | None
) -> int:
    loop = window.loop
    for number, seconds in enumerate(plan.times(), start=1):
        reached = loop.create_future()
        loop.horizon_reached.connect(
            lambda reached=reached: reached.done() or reached.set_result(None)
        )
        loop.horizon = window.session.started_at + seconds
        loop.play()
        await reached
        path = folder / FRAME_NAME.format(number)
        if not window.save_still(path):
            raise OSError(f"could not write {path}")
        if progress is not None:
            progress(number, plan.frames)
    return plan.frames


def _close(window: Any) -> None:
    """Cancel what the program left running, let it unwind, close the loop and the window."""
    loop = window.loop
    loop.set_speed(1.0)
    loop.play()
    window.session.close()
    live = window.session.live_tasks()
    if live:
        loop.run_until_complete(asyncio.wait(live, timeout=5.0))
    window.close()
    loop.close()


def write_clip(folder: Path, count: int, output: Path, fps: float) -> None:
    """Put the frames in `folder` together as `output` (.gif, .png or .mp4)."""
    kind = output.suffix.lower()
    paths = [folder / FRAME_NAME.format(n) for n in range(1, count + 1)]
    if kind == ".mp4":
        _write_mp4(folder, output, fps)
        return
    from PIL import Image  # only here: the shop starts without Pillow

    duration = round(1000 / fps)  # milliseconds each frame shows
    frames = [_opened(Image, path, kind) for path in paths]
    first, rest = frames[0], frames[1:]
    if kind == ".gif":
        first.save(output, "GIF", save_all=True, append_images=rest, duration=duration, loop=0)
    else:
        first.save(output, "PNG", save_all=True, append_images=rest, duration=duration, loop=0)


def _opened(image_module: Any, path: Path, kind: str) -> Any:
    """A frame read back in, as the format wants it: a GIF has a palette of 256 colours."""
    with image_module.open(path) as image:
        frame = image.convert("RGB")
    if kind == ".gif":
        return frame.quantize(colors=256, method=image_module.Quantize.FASTOCTREE)
    return frame


def _write_mp4(folder: Path, output: Path, fps: float) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise ProgramError("an .mp4 is made by ffmpeg, which is not installed here")
    done = subprocess.run(
        [
            ffmpeg, "-y", "-loglevel", "error", "-framerate", f"{fps:g}",
            "-i", str(folder / "frame-%04d.png"),
            # H.264 wants even sides, and yuv420p is what every player takes
            "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-pix_fmt", "yuv420p", str(output),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise OSError(f"ffmpeg could not write {output}: {last}")


def make_clip(
    program: Program,
    plan: ClipPlan,
    output: Path | None,
    frames_dir: Path | None,
    tour: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Record the frames (into `frames_dir`, or a folder of its own) and write `output`."""
    scratch = None
    if frames_dir is None:
        scratch = tempfile.TemporaryDirectory(prefix="coffeeshop-clip-")
        folder = Path(scratch.name)
    else:
        folder = frames_dir.expanduser()
        folder.mkdir(exist_ok=True)
    try:
        count = record(program, plan, folder, tour, progress)
        if output is not None:
            write_clip(folder, count, output, plan.fps)
    finally:
        if scratch is not None:
            with contextlib.suppress(OSError):
                scratch.cleanup()


def say_progress(number: int, total: int) -> None:
    """A progress line on stderr, redrawn in place."""
    end = "\n" if number == total else ""
    with contextlib.suppress(OSError):
        print(f"\rcoffeeshop: frame {number} of {total}", end=end, file=sys.stderr, flush=True)
