"""Export clip… (Ctrl+Shift+P) as a command of the window: what it asks, what the child is
told, and what is said when the clip is made.

The dialog and the child process are in clip_export.py, loaded at the first clip: the
window's first frame needs neither (issue 14 asks the first frame to load only what it
shows).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog

from coffeeshop_gui.ui.drafts import is_built_in
from coffeeshop_gui.ui.window_host import WindowHost

if TYPE_CHECKING:  # the dialog and the child process are loaded at the first clip
    from coffeeshop_gui.ui.clip_export import ClipChoice, ClipJob

CHILD_WALL_LIMIT = 1800  # real seconds the child may take: Cancel is there for the rest
FIRST_FPS = 10.0  # frames a second offered first: enough to follow a walk, few frames to make
BUSY_MESSAGE_MS = 6000  # "a clip is being made already", a short note for a click
# A clip made is said for longer than one that failed: its path is in the message, to copy.
MADE_MESSAGE_MS = 30_000
FAILED_MESSAGE_MS = 20_000


class ClipExport(WindowHost):
    """`do_export_clip` for the main window (`ShopWindow`), which it is mixed into.

    It works on the window's program, loop, session, tour and zoom (window_host.py)."""

    clip_job: ClipJob | None = None

    def ask_clip(self, suggested: ClipChoice) -> ClipChoice | None:
        """Show the dialog; the choice, or None if the person changed their mind."""
        from coffeeshop_gui.ui.clip_export import ClipDialog, has_ffmpeg

        about = (
            f"A fresh run of {self.program.title}, made offscreen and timed in shop seconds: "
            "customers added by hand in this run are not in it."
        )
        size = (self.width(), self.height())
        dialog = ClipDialog(self, suggested, size, has_ffmpeg(), about, self.zoom)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.choice() if accepted else None

    def suggested_clip(self) -> ClipChoice:
        """From 0 to the live run's shop time now, at 10 fps, this window's size, a GIF
        beside the program (or in the home folder for a built-in one)."""
        from coffeeshop_gui.ui.clip_export import SIZES, ClipChoice, big_enough, default_stretch

        fps = FIRST_FPS
        now = max(0.0, self.loop.time() - self.session.started_at)
        start, end = default_stretch(now, fps)
        path = self.program.path
        folder = Path.home() if is_built_in(path) or not path.parent.is_dir() else path.parent
        size = (self.width(), self.height())
        size = size if big_enough(size) else SIZES[0]
        output = folder / f"{path.stem}-{start:g}-{end:g}s.gif"
        return ClipChoice(start, end, fps, size, output)

    def do_export_clip(self) -> None:
        if self.clip_job is not None and self.clip_job.running():
            self.statusBar().showMessage(
                "A clip is being made already: wait, or Cancel it", BUSY_MESSAGE_MS
            )
            return
        choice = self.ask_clip(self.suggested_clip())
        if choice is not None:
            self.export_clip(choice)

    def export_clip(self, choice: ClipChoice) -> ClipJob:
        """Start making `choice` in a child process; its end is told in the status bar."""
        scratch = Path(tempfile.mkdtemp(prefix="coffeeshop-clip-"))
        arguments = self.clip_arguments(choice, scratch)
        from coffeeshop_gui.ui.clip_export import ClipJob

        job = ClipJob(self, choice, arguments, scratch, self.zoom)
        job.ended.connect(self._clip_ended)
        self.clip_job = job
        job.start()
        return job

    def clip_arguments(self, choice: ClipChoice, scratch: Path) -> list[str]:
        """`coffeeshop clip …` for what the window runs: a tour step, the program's file,
        or the text that runs (an edit) under the program's name."""
        program = self.program
        args = ["clip"]
        if self.tour.index is not None and _on_disk(program.path, program.source):
            args += ["--tour", str(self.tour.index + 1)]
        elif _on_disk(program.path, program.source):
            args += [str(program.path)]
        else:  # an edit, or a file changed since it was run: the text that runs
            text = scratch / "running.py"
            text.write_text(program.source, encoding="utf-8")
            args += [str(program.path), "--text", str(text)]
        w, h = choice.size
        args += [
            "--from", f"{choice.start:g}", "--to", f"{choice.end:g}", "--fps", f"{choice.fps:g}",
            "--size", f"{w}x{h}", "-o", str(choice.output), "--frames-dir", str(scratch / "frames"),
            "--wall-limit", str(CHILD_WALL_LIMIT),
        ]  # fmt: skip
        return args

    def _clip_ended(self, said: str, written: bool) -> None:
        self.statusBar().showMessage(said, MADE_MESSAGE_MS if written else FAILED_MESSAGE_MS)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.clip_job is not None and self.clip_job.result is None:
            self.clip_job.abandon()  # no child left making a clip of a closed window
        super().closeEvent(event)


def _on_disk(path: Path, source: str) -> bool:
    """The program's file holds the text that runs."""
    try:
        return path.read_text(encoding="utf-8") == source
    except (OSError, UnicodeDecodeError):
        return False
