"""A person's hands on the running shop: drinks dropped in, customers sent away, buzzers
rung, a rush let in, a file dropped on the window.

A mixin of the main window: it turns gestures into session commands and says what happened.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QDragEnterEvent

from coffeeshop_gui.loop.session import RushRefusedError
from coffeeshop_gui.ui import layout
from coffeeshop_gui.ui.window_host import WindowHost

# A drink added without a drop point (its chip clicked) appears at this place in the line,
# as if dropped there, and walks on to its own place from it.
ARRIVAL_PLACE_IN_LINE = 3
SAID_MS = 6000  # a customer walked in, or a buzzer rung: said briefly, the floor shows it too
# A rush, a cancel or a refused rush is said for longer: it explains what the floor does next.
EXPLAINED_MS = 8000
REFUSED_MS = 15_000


class HandsOnCommands(WindowHost):
    """Gestures into `Session` commands, mixed into `ShopWindow`, which has the session."""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """A file may be dropped; the drop itself is the editor's (`LiveCoding.dropEvent`),
        which asks first about an unsaved edit."""
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    # -- hands on the shop ----------------------------------------------------------------------

    def add_drink(self, recipe: str, at: QPointF | None = None) -> None:
        """A customer for `recipe` walks in (at the drop point) and is followed."""
        if self.refuse_in_past():
            return
        task = self.session.add_customer(recipe)
        task_id = self.session.recorder.known_id(task)
        if task_id is not None:
            self.scene.arrive_at(
                task_id, at if at is not None else layout.queue_spot(ARRIVAL_PLACE_IN_LINE)
            )
            self._follow = task_id
        self.statusBar().showMessage(
            f"create_task({recipe}()): {task.get_name()} walks in", SAID_MS
        )

    def do_rush(self) -> None:
        self.rush(self.rush_size.value())

    def rush(self, count: int) -> bool:
        """Rush hour: `count` customers walk in at once; past the cap, a message instead."""
        if self.refuse_in_past():
            return False
        try:
            tasks = self.session.rush(count)
        except RushRefusedError as refusal:
            self.statusBar().showMessage(f"No rush: {refusal}", REFUSED_MS)
            return False
        self.statusBar().showMessage(f"Rush hour: {len(tasks):,} customers walk in", EXPLAINED_MS)
        self.rush_size.setValue(count)  # the next rush, as this one (from --rush N too)
        return True

    def send_away(self, task_id: int) -> None:
        if self.refuse_in_past():
            return
        c = self.state.customers.get(task_id)
        if c is not None and self.session.send_away(task_id):
            at = f" at line {c.line}" if c.line else ""
            self.statusBar().showMessage(
                f"task.cancel(): CancelledError will be raised in {c.display}{at}", EXPLAINED_MS
            )

    def ring(self, future_id: int) -> None:
        if self.refuse_in_past():
            return
        refusal = self.session.ring(future_id)
        self.statusBar().showMessage(refusal or "set_result(): the buzzer lights by hand", SAID_MS)
