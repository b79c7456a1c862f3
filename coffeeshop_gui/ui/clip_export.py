"""Export clip… (Ctrl+Shift+P): a stretch of the program as a GIF, an animated PNG or an MP4,
for slides, made offscreen from a fresh run of the same program.

Two shop loops cannot run in one thread, so the clip is made by `coffeeshop clip` in a child
process (QProcess): the live shop keeps running meanwhile, and the window reads the child's
progress lines ("frame k of n") into a progress dialog whose Cancel kills it. The child gets
what the window runs: the program's file, a tour step, or, for an edit, the text that runs
(written to a scratch file and passed with `--text`, under the program's own name). Its
frames go to a scratch folder the window owns and removes, killed or not.

Questions go through the window's `ask_clip`, which tests replace, so no dialog blocks them.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from coffeeshop_gui.clip import MAX_FRAMES, ClipPlan

SIZES = [(1280, 720), (1024, 768), (1920, 1080)]  # after the window's own size
SMALLEST = (640, 480)  # `coffeeshop clip --size` takes no less
FORMATS = {".gif": "GIF (.gif)", ".png": "animated PNG (.png)", ".mp4": "MP4 video (.mp4)"}
FPS_CHOICES = [5.0, 10.0, 15.0, 20.0, 25.0, 30.0]
DEFAULT_SECONDS = 4.0  # the stretch offered when the live run is younger than a second
FRAME_LINE = re.compile(r"frame (\d+) of (\d+)")
TEXT_PX = 15  # the dialog's text at zoom 1
MIN_TEXT_PX = 14  # and never smaller, at any zoom: a projector's 1024x768 wants 14 px at least
PATH_BOX_PX = 360  # the output path's box is at least this wide: a path reads whole in it
# A clip's ends are given in tenths of a second; the arrows move them by half a second.
SECONDS_DECIMALS, SECONDS_STEP = 1, 0.5
MAX_CLIP_SECONDS = 3600.0  # a clip's start and end are chosen within the run's first hour
# The child's last "frame N of M" line is looked for in this many of the last characters of
# its stderr: room for several such lines, and each read stays cheap however long the
# output grows.
PROGRESS_TAIL = 200
KILL_WAIT_MS = 3000  # a closing window waits this long for the killed child to end


@dataclass(frozen=True)
class ClipChoice:
    """What the person asked for: shop seconds `start` to `end`, `fps`, `size`, `output`."""

    start: float
    end: float
    fps: float
    size: tuple[int, int]
    output: Path

    @property
    def frames(self) -> int:
        return ClipPlan(self.start, self.end, self.fps, self.size).frames


def has_ffmpeg() -> bool:
    """An MP4 is offered only where ffmpeg is installed (it makes it)."""
    return shutil.which("ffmpeg") is not None


def default_stretch(shop_seconds: float, fps: float) -> tuple[float, float]:
    """From 0 to the live run's shop time now; a short run gets a few seconds, a long one
    the longest clip there may be, up to now."""
    end = shop_seconds if shop_seconds >= 1.0 else DEFAULT_SECONDS
    return 0.0, round(min(end, MAX_FRAMES / fps), 1)


def child_command(arguments: list[str]) -> tuple[str, list[str]]:
    """The program and arguments that run `coffeeshop ARGUMENTS`: the frozen app's own
    binary (packaging/coffeeshop.py reads the same command line), or this Python's module."""
    if getattr(sys, "frozen", False):
        return sys.executable, arguments
    return sys.executable, ["-m", "coffeeshop_gui", *arguments]


def last_error(stderr: str) -> str:
    """The child's one-line reason, from what it printed on stderr (Qt's notes aside)."""
    lines = [line.strip() for line in re.split(r"[\r\n]+", stderr) if line.strip()]
    said = [line for line in lines if line.startswith("coffeeshop:")]
    said = [line for line in said if not FRAME_LINE.search(line)]
    if said:
        return said[-1].removeprefix("coffeeshop:").strip()
    return lines[-1] if lines else ""


class ClipDialog(QDialog):
    """From / to, size, frames a second and the file: every choice settable from code."""

    def __init__(self, parent: QWidget | None, choice: ClipChoice, window_size: tuple[int, int],
                 mp4: bool, about: str, zoom: float = 1.0) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Export clip")
        self.setStyleSheet(f"* {{ font-size: {max(MIN_TEXT_PX, round(TEXT_PX * zoom))}px; }}")
        form = QFormLayout(self)
        intro = QLabel(about)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.start_box = self._seconds_box()
        self.end_box = self._seconds_box()
        form.addRow("From (shop seconds)", self.start_box)
        form.addRow("To (shop seconds)", self.end_box)
        self.size_box = QComboBox()
        if big_enough(window_size):
            self.size_box.addItem("{} x {}  (this window)".format(*window_size), window_size)
        for size in SIZES:
            if size != window_size:
                self.size_box.addItem("{} x {}".format(*size), size)
        form.addRow("Size", self.size_box)
        self.fps_box = QComboBox()
        for fps in FPS_CHOICES:
            self.fps_box.addItem(f"{fps:g}", fps)
        form.addRow("Frames a second", self.fps_box)
        self.kind_box = QComboBox()
        for suffix, label in FORMATS.items():
            if suffix != ".mp4" or mp4:
                self.kind_box.addItem(label, suffix)
        form.addRow("Format", self.kind_box)
        self.path_box = QLineEdit()
        self.path_box.setMinimumWidth(PATH_BOX_PX)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_box, 1)
        row.addWidget(browse)
        form.addRow("Save as", row)
        self.count = QLabel()
        form.addRow(self.count)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for box in (self.start_box, self.end_box):
            box.valueChanged.connect(self._recount)
        self.fps_box.currentIndexChanged.connect(self._recount)
        self.kind_box.currentIndexChanged.connect(self._kind_chosen)
        self.path_box.textChanged.connect(self._recount)
        self.set_choice(choice)

    @staticmethod
    def _seconds_box() -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0.0, MAX_CLIP_SECONDS)
        box.setDecimals(SECONDS_DECIMALS)
        box.setSingleStep(SECONDS_STEP)
        box.setSuffix(" s")
        return box

    def set_choice(self, choice: ClipChoice) -> None:
        """Show `choice` in the fields (what a test, or the defaults, ask for)."""
        self.start_box.setValue(choice.start)
        self.end_box.setValue(choice.end)
        index = _index_of(self.size_box, choice.size)
        if index < 0:
            self.size_box.addItem(f"{choice.size[0]} x {choice.size[1]}", choice.size)
            index = self.size_box.count() - 1
        self.size_box.setCurrentIndex(index)
        fps = _index_of(self.fps_box, choice.fps)
        if fps < 0:
            self.fps_box.addItem(f"{choice.fps:g}", choice.fps)
            fps = self.fps_box.count() - 1
        self.fps_box.setCurrentIndex(fps)
        kind = _index_of(self.kind_box, choice.output.suffix.lower())
        self.kind_box.setCurrentIndex(max(0, kind))
        self.path_box.setText(str(choice.output))
        self._recount()

    def choice(self) -> ClipChoice:
        """The fields as a clip to make; the file gets the format's ending if it has none."""
        path = Path(self.path_box.text().strip()).expanduser()
        suffix = self.kind_box.currentData()
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix) if path.name else path
        size = self.size_box.currentData()
        return ClipChoice(self.start_box.value(), self.end_box.value(), self.fps_box.currentData(),
                          (size[0], size[1]), path)  # fmt: skip

    def problem(self) -> str | None:
        """Why Export cannot be pressed yet, in a few words; None when it can."""
        start, end, fps = self.start_box.value(), self.end_box.value(), self.fps_box.currentData()
        if not start < end:
            return "“To” must come after “From”."
        frames = ClipPlan(start, end, fps, SMALLEST).frames
        if frames > MAX_FRAMES:
            return f"{frames} frames: a clip is at most {MAX_FRAMES} ({MAX_FRAMES / fps:g} s here)."
        if not self.path_box.text().strip():
            return "Say where to save the clip."
        return None

    def _recount(self) -> None:
        problem = self.problem()
        if problem is None:
            frames = self.choice().frames
            self.count.setText(f"{frames} frames, made offscreen from a fresh run")
        else:
            self.count.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def _kind_chosen(self) -> None:
        text = self.path_box.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower() in FORMATS:
                self.path_box.setText(str(path.with_suffix(self.kind_box.currentData())))
        self._recount()

    def _browse(self) -> None:
        suffix = self.kind_box.currentData()
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the clip as", self.path_box.text(), f"{FORMATS[suffix]} (*{suffix})"
        )
        if path:
            self.path_box.setText(path)


def _index_of(box: QComboBox, value: object) -> int:
    """The item whose data is `value` (findData does not compare Python tuples), or -1."""
    found = [i for i in range(box.count()) if box.itemData(i) == value]
    return found[0] if found else -1


def big_enough(size: tuple[int, int]) -> bool:
    return size[0] >= SMALLEST[0] and size[1] >= SMALLEST[1]


class ClipJob(QObject):
    """One `coffeeshop clip` child: its progress shown, Cancel kills it, its scratch removed.

    `ended` carries the sentence for the status bar, and whether the clip was written."""

    ended = Signal(str, bool)

    def __init__(self, parent: QWidget, choice: ClipChoice, arguments: list[str],
                 scratch: Path, zoom: float = 1.0) -> None:  # fmt: skip
        super().__init__(parent)
        self.choice = choice
        self.scratch = scratch
        self.cancelled = False
        self.frame = 0  # the last frame the child said it made
        self.result: tuple[str, bool] | None = None
        output = choice.output
        self._was_there = output.exists()
        self._before = _stamp(output)
        self._stderr = ""
        self._stdout = ""
        self.progress = QProgressDialog(
            f"Making {output.name} offscreen…", "Cancel", 0, choice.frames, parent
        )
        self.progress.setWindowTitle("Export clip")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setStyleSheet(
            f"* {{ font-size: {max(MIN_TEXT_PX, round(TEXT_PX * zoom))}px; }}"
        )
        self.progress.canceled.connect(self.cancel)
        self.process = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("QT_QPA_PLATFORM", "offscreen")  # no window of its own, ever
        self.process.setProcessEnvironment(environment)
        self.process.readyReadStandardError.connect(self._read_progress)
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._failed)
        self.program, self.arguments = child_command(arguments)

    def start(self) -> None:
        self.progress.setValue(0)
        self.progress.setLabelText(f"Starting a fresh run for {self.choice.output.name}…")
        self.progress.show()  # at once: the first frame comes after a second of starting
        self.process.start(self.program, self.arguments)

    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """Kill the child; what it left of the clip is removed once it has ended."""
        if self.result is not None or not self.running():
            return
        self.cancelled = True
        self.process.kill()

    def _read_progress(self) -> None:
        self._stderr += bytes(self.process.readAllStandardError().data()).decode(errors="replace")
        said = FRAME_LINE.findall(self._stderr[-PROGRESS_TAIL:])
        if said:
            number, total = (int(n) for n in said[-1])
            self.frame = number
        if said and not self.cancelled:
            self.progress.setMaximum(total)
            self.progress.setValue(number)
            what = "writing the clip" if number == total else "running the program offscreen"
            self.progress.setLabelText(
                f"{self.choice.output.name}: frame {number} of {total} ({what})"
            )

    def _read_output(self) -> None:
        self._stdout += bytes(self.process.readAllStandardOutput().data()).decode(errors="replace")

    def _failed(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            why = self.process.errorString()
            self._end(f"Clip not made: could not start {self.program} ({why})", False)

    def abandon(self) -> None:
        """The window closes: the child is killed and waited for, its scratch removed."""
        if self.running():
            self.cancel()
            # its `finished` ends the job, as Cancel does
            self.process.waitForFinished(KILL_WAIT_MS)
        if self.result is None:
            self._remove_partial()
            self._end("Clip cancelled: the window closed", False)

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read_progress()
        output = self.choice.output
        if self.cancelled:
            self._remove_partial()
            self._end(f"Clip cancelled: {output.name} was not written", False)
        elif status == QProcess.ExitStatus.NormalExit and code == 0 and output.exists():
            self._end(f"Saved the clip ({self.choice.frames} frames) as {output}", True)
        else:
            reason = last_error(self._stderr) or f"the clip maker ended with status {code}"
            self._remove_partial()
            self._end(f"Clip not made: {reason}", False)

    def _remove_partial(self) -> None:
        """A clip not finished is no clip: the file goes, unless it is one that was there
        before and the child never touched."""
        output = self.choice.output
        if output.is_file() and (not self._was_there or _stamp(output) != self._before):
            output.unlink(missing_ok=True)

    def _end(self, said: str, written: bool) -> None:
        if self.result is not None:
            return
        self.result = (said, written)
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.progress.canceled.disconnect(self.cancel)
        self.progress.reset()
        self.progress.hide()
        self.progress.deleteLater()
        self.ended.emit(said, written)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
