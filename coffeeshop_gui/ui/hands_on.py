"""A person's hands on the running shop: drinks dropped in, customers sent away, buzzers
rung, a rush let in, a file dropped on the window.

A mixin of the main window: it turns gestures into session commands and says what happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from coffeeshop_gui.loop.session import RushRefusedError
from coffeeshop_gui.ui import layout

if TYPE_CHECKING:
    from coffeeshop_gui.ui.window import ShopWindow


class HandsOnCommands:
    """Gestures into `Session` commands, mixed into `ShopWindow`, which has the session."""

    def dragEnterEvent(self: ShopWindow, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self: ShopWindow, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.open_program(files[0])
            event.acceptProposedAction()

    # -- hands on the shop ----------------------------------------------------------------------

    def add_drink(self: ShopWindow, recipe: str, at: QPointF | None = None) -> None:
        """A customer for `recipe` walks in (at the drop point) and is followed."""
        if self.refuse_in_past():
            return
        task = self.session.add_customer(recipe)
        task_id = self.session.recorder.known_id(task)
        if task_id is not None:
            self.scene.arrive_at(task_id, at if at is not None else layout.queue_spot(3))
            self._follow = task_id
        self.statusBar().showMessage(f"create_task({recipe}()): {task.get_name()} walks in", 6000)

    def do_rush(self: ShopWindow) -> None:
        self.rush(self.rush_size.value())

    def rush(self: ShopWindow, count: int) -> bool:
        """Rush hour: `count` customers walk in at once; past the cap, a message instead."""
        if self.refuse_in_past():
            return False
        try:
            tasks = self.session.rush(count)
        except RushRefusedError as refusal:
            self.statusBar().showMessage(f"No rush: {refusal}", 15_000)
            return False
        self.statusBar().showMessage(f"Rush hour: {len(tasks):,} customers walk in", 8000)
        self.rush_size.setValue(count)  # the next rush, as this one (from --rush N too)
        return True

    def send_away(self: ShopWindow, task_id: int) -> None:
        if self.refuse_in_past():
            return
        c = self.state.customers.get(task_id)
        if c is not None and self.session.send_away(task_id):
            at = f" at line {c.line}" if c.line else ""
            self.statusBar().showMessage(
                f"task.cancel(): CancelledError will be raised in {c.display}{at}", 8000
            )

    def ring(self: ShopWindow, future_id: int) -> None:
        if self.refuse_in_past():
            return
        refusal = self.session.ring(future_id)
        self.statusBar().showMessage(refusal or "set_result(): the buzzer lights by hand", 6000)
