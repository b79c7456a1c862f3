"""The guided tour's state in the window: which lesson is on, and moving between them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from coffeeshop_gui.lessons import TOUR, Lesson
from coffeeshop_gui.model.log import EventLog
from coffeeshop_gui.ui.moments import CaptionCues
from coffeeshop_gui.ui.tour_banner import TourBanner


class Tour:
    """Opens lesson after lesson through the window's own `open_program`, with its banner."""

    def __init__(self, open_program: Callable[[Path], bool]) -> None:
        self.banner = TourBanner()
        self.index: int | None = None
        self._open = open_program
        self._cues: CaptionCues | None = None

    @property
    def lesson(self) -> Lesson | None:
        return None if self.index is None else TOUR[self.index]

    def go_to(self, index: int) -> bool:
        """Run lesson `index` from its start, with its captions."""
        lesson = TOUR[index]
        if not self._open(lesson.file):
            return False
        self.index = index
        self._cues = None
        self.banner.show_step(lesson, index + 1, len(TOUR))
        return True

    def follow(self, log: EventLog) -> None:
        """Bring on the step's next caption once its program has reached that moment (a
        fresh log, a run again: from the first caption)."""
        lesson = self.lesson
        if lesson is None or not lesson.cues:
            return
        if self._cues is None or self._cues.log is not log:
            self._cues = CaptionCues(log, lesson.cues)
        self.banner.show_caption(self._cues.look())

    def show_measured(self, measured: Mapping[str, float]) -> None:
        """Let the lesson say what the program measured on this machine, once it can."""
        lesson = self.lesson
        verdict = lesson.verdict(measured) if lesson and lesson.verdict else None
        if verdict:
            self.banner.show_verdict(verdict)

    def next(self) -> bool:
        return self.go_to(0 if self.index is None else min(self.index + 1, len(TOUR) - 1))

    def previous(self) -> bool:
        return self.go_to(0 if self.index is None else max(self.index - 1, 0))

    def leave(self) -> None:
        self.index = None
        self._cues = None
        self.banner.hide()
