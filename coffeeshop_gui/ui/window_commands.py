"""The window's own commands: play and step, speed, the tour, restart, open, save a picture,
and moving the selection from customer to customer.

Every `do_<name>` here is the slot of a `Command` (`commands.py`), which makes its toolbar
button, its keys and its line in the help overlay. The commands of the editor, the past,
the presenter and a person's hands on the shop live with those (`editing.py`,
`time_travel.py`, `presenter.py`, `hands_on.py`).

`WindowCommands` is mixed into `ShopWindow`; its `self` is a `WindowHost` (window_host.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QStyle

from coffeeshop_gui.engine.program import ProgramError
from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.loop.shop_loop import Gate
from coffeeshop_gui.ui.pictures import ask_and_save
from coffeeshop_gui.ui.window_host import WindowHost

SAVED_OR_REFUSED_MS = (
    15_000  # a picture saved, or a restart refused, is said in the status bar this long
)


def next_in_turn(ids: list[int], current: int | None, direction: int) -> int:
    """The customer after `current` in `ids` (before it, for a negative `direction`), round
    the end to the start; from none of them, the first (going on) or the last (going back)."""
    if current in ids:
        return ids[(ids.index(current) + direction) % len(ids)]
    return ids[0] if direction > 0 else ids[-1]


class WindowCommands(WindowHost):
    """`do_*` slots for the teaching controls, the tour and the program's file."""

    def do_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open a program with async def main()",
            str(self.program.path.parent),
            "Python (*.py)",
        )
        if path:
            self.open_replacing_edit(path)

    def do_quit(self) -> None:
        """Ctrl+Q: as closing the window does (an unsaved edit is kept as a draft)."""
        self.close()

    def do_save_picture(self) -> None:
        """Ctrl+P: the picture shown, named after its moment (a past step's, in the past)."""
        shop_time = self.shown_state().now - self.session.started_at
        step = f"-step{self.past + 1}" if self.past is not None else ""
        name = f"{self.program.path.stem}{step}-{shop_time:.2f}s.png"
        suggested = self.program.path.with_name(name)
        said = ask_and_save(self, str(suggested))
        if said:
            self.statusBar().showMessage(said, SAVED_OR_REFUSED_MS)

    # -- the guided tour ---------------------------------------------------------------------

    @property
    def tour_index(self) -> int | None:
        return self.tour.index

    def do_tour(self) -> None:
        if self.tour.index is None:
            self.go_to_step(0)
        else:
            self.tour.leave()
            self.asyncio_terms = False
            self._show_card()

    def do_tour_next(self) -> None:
        self.go_to_step(0 if self.tour.index is None else self.tour.index + 1)

    def do_tour_previous(self) -> None:
        self.go_to_step(0 if self.tour.index is None else self.tour.index - 1)

    def go_to_step(self, index: int) -> None:
        """Run lesson `index` (0-based, kept in range) from its start, with its captions."""
        index = max(0, min(index, len(TOUR) - 1))
        if self.tour.go_to(index):
            self.asyncio_terms = TOUR[index].asyncio_terms
            self._follow_name = TOUR[index].follow

    def do_asyncio_terms(self) -> None:
        self.asyncio_terms = not self.asyncio_terms
        self._show_card()

    def do_restart(self) -> None:
        self._restart(paused=False)

    def do_reset(self) -> None:
        self._restart(paused=True)

    def _restart(self, paused: bool) -> None:
        try:
            self.start(self._reload_running(), paused=paused)
        except ProgramError as exc:  # the file changed on disk and broke: keep the shop
            self.statusBar().showMessage(f"Not restarted: {exc}", SAVED_OR_REFUSED_MS)

    # -- the teaching controls --------------------------------------------------------------------

    def do_play_pause(self) -> None:
        if self.in_past():  # the live program plays on from now, never from the past
            self._played_before_past = True
            self.do_now()
            return
        if self.loop.gate is Gate.PLAY:
            self.loop.pause()
        else:
            self.loop.play()
        self._show_gate()

    def do_step(self) -> None:
        if self.in_past():
            self.do_forward()
            return
        self.loop.step()
        self._show_gate()

    def do_slower(self) -> None:
        self.speed.setCurrentIndex(max(0, self.speed.currentIndex() - 1))

    def do_faster(self) -> None:
        self.speed.setCurrentIndex(min(self.speed.count() - 1, self.speed.currentIndex() + 1))

    def _show_gate(self) -> None:
        self._gate_shown = self.loop.gate
        playing = self.loop.gate is Gate.PLAY
        action = self.actions_by_name["play_pause"]
        action.setText("Pause" if playing else "Play")
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        action.setIcon(self.style().standardIcon(icon))

    def do_next_customer(self) -> None:
        self._cycle(+1)

    def do_previous_customer(self) -> None:
        self._cycle(-1)

    def _cycle(self, direction: int) -> None:
        shown = self.shown_state()
        ids = [c.id for c in shown.customers.values() if not c.state.ended]
        ids = ids or list(shown.customers)
        if not ids:
            return
        self.select(next_in_turn(ids, self.selected_task(), direction))
