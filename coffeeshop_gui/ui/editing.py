"""Live coding: edit the program in the window, run the edit, and never lose it.

A mixin of the main window. The edit is the editor's text and the program file it edits
(`edit_origin`; None for a new program). It runs through the same checks as a file
(`load_source`: it compiles, it has `async def main()`); a refused run marks the line and
leaves the shop as it was. Every change is autosaved (drafts.py) within a second of the
last key; Save writes the program's own file, atomically, asking first if the file
changed on disk since it was read.

Questions go through `ask` and `ask_path`, which tests replace, so no dialog blocks them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from coffeeshop_gui.engine.program import Program, ProgramError, load_program, load_source
from coffeeshop_gui.ui.code_panel import CodePanel, Mark
from coffeeshop_gui.ui.drafts import (
    DraftStore,
    atomic_write,
    changed_on_disk,
    is_built_in,
    remember,
)
from coffeeshop_gui.ui.window_host import WindowHost

if TYPE_CHECKING:  # the Stop window's module is loaded once the window is up, the editor's
    # at the first E, the templates' at the first New
    from coffeeshop_gui.loop.session import Session
    from coffeeshop_gui.ui.editor import ProgramEditor, StaleShop
    from coffeeshop_gui.ui.stop_button import StopOffer

AUTOSAVE_MS = 700  # after the last key, the draft is written (the issue asks: within 1 s)
STOP_TRIES = 4  # Stop cancels again, this many times a quarter second apart, any task
STOP_AGAIN_MS = 250  # that caught its CancelledError and went on
UNTITLED = "untitled.py"
# A program's top level holding the thread this long while the window loads it (Open, Run
# edit, Restart) is stopped and the program refused, as a turn held as long is interrupted.
LOAD_INTERRUPT = 5.0
# Tasks that outlive Stop are named in the status bar, the first few: a rush has thousands.
STUBBORN_NAMED = 3
# How long the status bar keeps a message: a failure with its reason, long enough to read
# twice; what became of the edit (stopped, restored, not saved there) a little less; the
# start of a new program less again; a plain confirmation ("Saved …") just long enough to see.
SAY_FAILED_MS = 15_000
SAY_NEWS_MS = 10_000
SAY_NEW_PROGRAM_MS = 8000
SAY_DONE_MS = 6000


def ask_person(parent: QWidget, question: str, choices: list[str]) -> str:
    """A modal question with one button per choice; the last choice is Escape's."""
    box = QMessageBox(parent)
    box.setWindowTitle("Coffee Shop asyncio")
    box.setText(question)
    buttons = [box.addButton(choice, QMessageBox.ButtonRole.ActionRole) for choice in choices]
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return choices[buttons.index(clicked)] if clicked in buttons else choices[-1]


def drafts_folder() -> Path:
    """Where autosaved edits live: the per-user data folder (on Linux,
    ~/.local/share/coffeeshop-asyncio/Coffee Shop asyncio/drafts)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "drafts"


class _StopLine(QObject):
    """Carries a Stop asked from another thread to the window's thread (a queued signal)."""

    asked = Signal()


class LiveCoding(WindowHost):
    """`do_*` commands for the editor, mixed into `ShopWindow` (which has the shop)."""

    # -- building ----------------------------------------------------------------------------

    def _build_editing(self, code: CodePanel) -> QWidget:
        """The code panel, where the editor will be. The editor itself, and the grey over
        the shop floor while it holds text that has not run, are built when first used (see
        `editor`): the first frame shows the code panel, and a window opens sooner without
        a second text widget to fill."""
        self._editor: ProgramEditor | None = None
        self.stale: StaleShop | None = None  # built with the editor
        self._edit_text = ""  # the edit while no editor holds it: the text last loaded
        self.recent_menu = QMenu("Recent", self)  # in the editor's File menu
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.code_stack = QStackedWidget()
        self.code_stack.addWidget(code)
        self.drafts = DraftStore(drafts_folder())
        self.ask: Callable[[str, list[str]], str] = lambda question, choices: ask_person(
            self, question, choices
        )
        self.ask_path: Callable[[str], str] = self._ask_save_path
        self.edit_origin: Path | None = None
        self.edit_saved = ""  # the text as last read from or written to its file
        self.edit_disk: str | None = None  # what its file held then (None: no file)
        self._edit_run: int | None = None  # id() of the running program, if an edit
        self._discarding = False
        self._stops_left = 0
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave_now)
        self.stop_offer: StopOffer | None = None
        self._stop_line = _StopLine(self)
        self._stop_line.asked.connect(self.do_stop)
        return self.code_stack

    @property
    def editor(self) -> ProgramEditor:
        """The editor, built the first time it is asked for, holding the edit so far."""
        if self._editor is None:
            from coffeeshop_gui.ui.editor import ProgramEditor, StaleShop

            self.stale = StaleShop(self.view)
            self.stale.zoom = self.zoom
            editor = self._editor = ProgramEditor()
            self._fill_editor_bar(editor)
            self.code_stack.addWidget(editor)
            editor.load(self._edit_text)
            editor.restyle(self.zoom)
            editor.changed.connect(self._on_edited)
            self._show_edit_state()
        return self._editor

    def edit_text(self) -> str:
        """The edit's text, from the editor once there is one."""
        return self._edit_text if self._editor is None else self._editor.text()

    def _fill_editor_bar(self, editor: ProgramEditor) -> None:
        """The editor's own bar: the editing commands, with their keys in the tooltips."""
        actions = self.actions_by_name
        for name in ("run_edit", "stop", "save"):
            editor.bar.addAction(actions[name])
        more = QMenu(self)  # the rest, so the bar fits the code's column at 1024x768
        for name in ("new", "save_as", "find"):
            more.addAction(actions[name])
        more.addMenu(self.recent_menu)
        button = QToolButton()
        button.setText("File")
        button.setMenu(more)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        editor.bar.addWidget(button)

    def apply_look(self) -> None:
        super().apply_look()
        if not hasattr(self, "code_stack"):  # the window's first look comes before its parts
            return
        if self._editor is not None:
            self._editor.restyle(self.zoom)
        if self.stale is not None:
            self.stale.zoom = self.zoom
            self.stale.update()
        if self.stop_offer is not None:  # the Stop window at the new zoom too
            self.stop_offer.follow_window()

    # -- the edit ------------------------------------------------------------------------------

    @property
    def editing(self) -> bool:
        return self._editor is not None and self.code_stack.currentWidget() is self._editor

    def edit_unsaved(self) -> bool:
        """The editor holds text its file (or template) does not."""
        return self.edit_text() != self.edit_saved

    def edit_not_run(self) -> bool:
        """The editor's text differs from what the shop runs."""
        return self.edit_text() != self.program.source

    def _load_edit(self, origin: Path | None, text: str, saved: str | None = None) -> None:
        """Put `text` in the editor as the edit of `origin`; `saved` is its file's text."""
        self._edit_text = text
        if self._editor is not None:
            self._editor.load(text)
        self.edit_origin = origin
        self.edit_saved = text if saved is None else saved
        self.edit_disk = self.edit_saved if origin is not None else None
        self._show_edit_state()

    def _on_program_started(self, program: Program) -> None:
        """The editor follows the program the shop runs, unless it holds an unsaved edit."""
        if id(program) != self._edit_run and (self._discarding or not self.edit_unsaved()):
            self._load_edit(program.path, program.source)
            self.drafts.discard()
        if not is_built_in(program.path) and id(program) != self._edit_run:
            self.prefs.recent = remember(self.prefs.recent, program.path)
        self._show_edit_state()

    def _on_edited(self) -> None:
        self._autosave.start()
        self._show_edit_state()
        if self._editor is not None and self._editor.code.marks:
            self._show_marks()  # the pills were for the text that runs: they go

    def _show_edit_state(self) -> None:
        """The editor's title line and the grey over a shop that runs something else."""
        name = self.edit_origin.name if self.edit_origin else UNTITLED
        if self.edit_origin is None:
            note = "new, not saved yet"
        elif is_built_in(self.edit_origin):
            note = "built in, read-only: Save asks where to keep your copy"
        elif self.edit_unsaved():
            note = "changed, not saved"
        else:
            note = "saved"
        if self._editor is not None:
            self._editor.title.setText(f"Editing {name}  ({note})")
        stale = self.editing and self.edit_not_run()
        if self.stale is not None and stale != self.stale.isVisible():
            self.stale.setVisible(stale)
            self.stale.raise_()

    def _mirror_marks(
        self, marks: list[Mark], selected: int | None, counts: dict[int, int]
    ) -> None:
        """The customers' pills on the editor too, while its text is the one running."""
        if self._editor is None:
            return
        if self.editing and not self.edit_not_run():
            self._editor.code.set_marks(marks, selected, counts)
        elif self._editor.code.marks:
            self._editor.code.set_marks([], None)

    def do_edit(self) -> None:
        """E: the code panel becomes the editor (or the run's code again)."""
        self.code_stack.setCurrentWidget(self.code if self.editing else self.editor)
        self.actions_by_name["edit"].setChecked(self.editing)
        if self.editing:
            self.editor.code.restyle(self.zoom)
            self.editor.code.setFocus()
        self._show_edit_state()
        self._show_marks()

    def do_find(self) -> None:
        if not self.editing:
            self.do_edit()
        self.editor.open_find()

    # -- running it ----------------------------------------------------------------------------

    def do_run_edit(self) -> bool:
        """Ctrl+Enter: check the edit as a file is checked, and restart the shop on it.
        Refused, it marks the line and says why; the shop keeps the last good run."""
        path = self.edit_origin or self.drafts.folder / UNTITLED
        self.autosave_now()  # its top level runs now: whatever it does, the text is kept
        try:
            program = load_source(path, self.edit_text(), interrupt_after=LOAD_INTERRUPT)
        except ProgramError as exc:
            self.editor.show_problem(f"Not run (the shop keeps the last run). {exc}", exc.line)
            self.statusBar().showMessage(f"Not run: {exc}", SAY_FAILED_MS)
            return False
        if self._editor is not None:
            self._editor.show_problem(None)
        self._edit_run = id(program)
        self.start(program)
        self.statusBar().showMessage(f"Running your edit of {path.name}", SAY_DONE_MS)
        return True

    def _reload_running(self, from_disk: bool = True) -> Program:
        """What Restart runs: the edit again if the shop runs an edit, else the file, read
        again (`from_disk`), or as it was read for this run (a replay runs the same code)."""
        was_edit = id(self.program) == self._edit_run
        if from_disk and not was_edit:
            return load_program(self.program.path, interrupt_after=LOAD_INTERRUPT)
        program = load_source(
            self.program.path, self.program.source, interrupt_after=LOAD_INTERRUPT
        )
        if was_edit:
            self._edit_run = id(program)
        return program

    def do_stop(self) -> None:
        """Ctrl+.: end the program: every task is cancelled, and cancelled again a few
        times over the next second if it caught the cancellation and went on.

        A customer holding the thread (never awaiting, or in a blocking call) is ended
        first by `request_stop`, through the watchdog (see `Watchdog.request_stop`).
        """
        if self.loop.watchdog is not None:
            self.loop.watchdog.stop_done()  # the thread is free: cancelling does the rest
        live = self.session.live_tasks()
        self.session.cancel()
        self._stops_left = STOP_TRIES if live else 0
        if live:
            session = self.session
            QTimer.singleShot(STOP_AGAIN_MS, lambda: self._stop_again(session))
        self.statusBar().showMessage(
            f"Stopped: {len(live)} task(s) cancelled; Ctrl+Enter runs the edit again", SAY_NEWS_MS
        )

    def _stop_again(self, session: Session) -> None:
        """Cancel again what `session` still runs; a run started since then is not touched
        (Stop's message invites Ctrl+Enter within the second its retries last)."""
        if session is not self.session:
            return
        live = session.live_tasks()
        if not live or self._stops_left <= 0:
            if live:
                names = ", ".join(t.get_name() for t in live[:STUBBORN_NAMED])
                self.statusBar().showMessage(
                    f"Still running after Stop: {names} (they catch CancelledError)", SAY_FAILED_MS
                )
            return
        self._stops_left -= 1
        session.cancel()
        QTimer.singleShot(STOP_AGAIN_MS, lambda: self._stop_again(session))

    def offer_stop_button(self, command: list[str] | None = None) -> StopOffer:
        """A Stop button in a small process of its own, shown while a turn holds the loop's
        thread (and with it this window's): see ui/stop_button.py. Only a window a person
        works in needs it; a screenshot run has nobody to press it."""
        if self.stop_offer is None:
            from coffeeshop_gui.ui.stop_button import StopOffer

            def holding() -> tuple[float, int | None] | None:
                watchdog = self.loop.watchdog  # each session sets its own
                return watchdog.holding() if watchdog is not None else None

            self.stop_offer = StopOffer(
                self,
                holding,
                lambda: (self.program.title, self.program.source),
                self.request_stop,
                command=command,
            )
        return self.stop_offer

    def request_stop(self) -> None:
        """Stop, from any thread: a customer holding the loop's thread is interrupted by
        the watchdog's own mechanism at once, then the window cancels the rest."""
        watchdog = self.loop.watchdog
        if watchdog is not None:
            watchdog.request_stop()
        self._stop_line.asked.emit()  # queued: runs in the window's thread when it is free

    # -- never losing it -----------------------------------------------------------------------

    def autosave_now(self) -> None:
        """Write the draft (atomically) if the edit is unsaved; else there is none."""
        self._autosave.stop()
        try:
            if self.edit_unsaved():
                name = self.edit_origin.name if self.edit_origin else UNTITLED
                self.drafts.save(self.edit_text(), self.edit_origin, name)
            else:
                self.drafts.discard()
        except OSError as exc:
            self.statusBar().showMessage(f"Could not autosave the edit: {exc}", SAY_FAILED_MS)

    def offer_recovery(self) -> bool:
        """At start: offer back an edit left unsaved by an app that is no longer running."""
        for draft in self.drafts.left_behind():
            when = time.strftime("%d %b %H:%M", time.localtime(draft.saved_at))
            answer = self.ask(
                f"An edit of {draft.title} from {when} was never saved (the app closed or "
                "stopped first). Bring it back into the editor?",
                ["Bring it back", "Discard it"],
            )
            if answer != "Bring it back":
                self.drafts.discard(draft)
                continue
            origin = Path(draft.origin) if draft.origin else None
            saved = ""
            if origin is not None:
                try:
                    saved = origin.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    saved = ""
            self._load_edit(origin, draft.text, saved)
            self.drafts.discard(draft)
            self.autosave_now()  # it is this app's draft now
            if not self.editing:
                self.do_edit()
            self.statusBar().showMessage("Your unsaved edit is back in the editor", SAY_NEWS_MS)
            return True
        return False

    def do_save(self) -> bool:
        """Ctrl+S: write the edit to its own file, atomically. A new program, a lesson or a
        built-in program asks for a place (Save As); a file changed on disk since it was
        read asks before it is overwritten."""
        origin = self.edit_origin
        if origin is None or is_built_in(origin):
            return self.do_save_as()
        if self.edit_disk is not None and changed_on_disk(origin, self.edit_disk):
            answer = self.ask(
                f"{origin.name} changed on disk since it was opened. Overwrite it with your edit?",
                ["Overwrite", "Save as…", "Cancel"],
            )
            if answer == "Save as…":
                return self.do_save_as()
            if answer != "Overwrite":
                return False
        return self._write_edit(origin)

    def do_save_as(self) -> bool:
        """Ctrl+Shift+S: write the edit to a new file, which it is an edit of from now on."""
        chosen = self.ask_path(self.edit_origin.name if self.edit_origin else UNTITLED)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() not in (".py", ".pyw"):
            path = path.with_name(path.name + ".py")
        if is_built_in(path):
            self.statusBar().showMessage(
                "Not saved: the app's own programs are read-only", SAY_NEWS_MS
            )
            return False
        return self._write_edit(path)

    def _write_edit(self, path: Path) -> bool:
        text = self.edit_text()
        try:
            atomic_write(path, text)
        except OSError as exc:
            self.statusBar().showMessage(
                f"Not saved: {path.name}: {exc.strerror or exc}", SAY_FAILED_MS
            )
            return False
        self.edit_origin, self.edit_saved, self.edit_disk = path, text, text
        self.drafts.discard()
        self.prefs.recent = remember(self.prefs.recent, path)
        self._show_edit_state()
        self.statusBar().showMessage(f"Saved {path}", SAY_DONE_MS)
        return True

    def _ask_save_path(self, name: str) -> str:
        folder = self.edit_origin.parent if self.edit_origin else Path.home()
        if self.edit_origin is None or is_built_in(self.edit_origin):
            folder = Path.home()
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the program as", str(folder / name), "Python (*.py)"
        )
        return path

    # -- opening something else ----------------------------------------------------------------

    def may_replace_edit(self, what: str) -> bool | None:
        """Before `what` replaces an unsaved edit: save it, discard it, or not go on.
        True: go on, the editor may follow; None: go on; False: do not."""
        if not self.edit_unsaved():
            return None
        name = self.edit_origin.name if self.edit_origin else UNTITLED
        answer = self.ask(
            f"Your edit of {name} is not saved. Save it before you {what}?",
            ["Save", "Discard the edit", "Cancel"],
        )
        if answer == "Save":
            return self.do_save()
        return answer == "Discard the edit"

    def open_replacing_edit(self, path: str | Path) -> bool:
        """Open a program a person chose (dropped, Open…, Recent), asking first about an
        unsaved edit; the edit stays in the editor unless they chose to let it go."""
        verdict = self.may_replace_edit(f"open {Path(path).name}")
        if verdict is False:
            return False
        self._discarding = verdict is True
        try:
            return self.open_program(path)
        finally:
            self._discarding = False

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_replacing_edit(files[0])

    def do_new(self) -> None:
        """Ctrl+N: a new program from a template, in the editor, not yet run."""
        from coffeeshop_gui.ui.templates import templates

        if self.may_replace_edit("start a new program") is False:
            return
        choices = templates()
        title = self.choose_template([t.title for t in choices])
        chosen = next((t for t in choices if t.title == title), None)
        if chosen is None:
            return
        self.drafts.discard()
        self._load_edit(None, chosen.text)
        if not self.editing:
            self.do_edit()
        self.statusBar().showMessage(
            "A new program: Ctrl+Enter runs it, Ctrl+S saves it", SAY_NEW_PROGRAM_MS
        )

    def choose_template(self, titles: list[str]) -> str | None:
        title, ok = QInputDialog.getItem(self, "New program", "Start from:", titles, 0, False)
        return title if ok else None

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = [p for p in self.prefs.recent if Path(p).exists()]
        if not paths:
            self.recent_menu.addAction("(nothing opened yet)").setEnabled(False)
        for path in paths:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_replacing_edit(p))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.autosave_now()  # an unsaved edit is kept for the next start
        if self.stop_offer is not None:
            self.stop_offer.close()
            self.stop_offer = None
        super().closeEvent(event)
