"""Never losing an edit: atomic writes, autosaved drafts, recovery, the recent list.

No Qt here, so it is tested without a window; the editor's window side decides when to
call it and where the folder is (Qt's per-user data folder).

A draft is one JSON file per running app (`draft-<pid>.json`): the text, and the program
it is an edit of. It is written atomically, like a saved program, so a kill at any moment
leaves the previous draft or the new one, never half of one. A draft whose writer is no
longer running (a crash, a kill, or a close with the edit unsaved) is what the next start
offers back.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from coffeeshop_gui.lessons import LESSONS_DIR
from coffeeshop_gui.programs import PROGRAMS_DIR

RECENT_LIMIT = 10  # programs the Recent list remembers
DRAFT_PREFIX = "draft-"


def atomic_write(path: str | Path, text: str) -> None:
    """Write `text` to `path` so that it holds either its old text or the new, whole.

    The text goes to a temporary file in the same folder, is flushed to the disk, then
    renamed over `path` (a rename within one file system is atomic). A failure at any
    step removes the temporary file and leaves `path` as it was. An existing file keeps
    its permissions.
    """
    target = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _mode_for(target: Path) -> int:
    """The permissions a saved file should have: its own, or a new file's usual ones."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def changed_on_disk(path: str | Path, known: str) -> bool:
    """Whether the file no longer holds `known`, the text it had when it was opened.

    Compared by content, not by time stamp: a touch is no change, and a change within the
    file system's time resolution is still one. A file that is gone is no conflict (saving
    writes it again); one that cannot be read is treated as changed, so the user is asked.
    """
    try:
        return Path(path).read_text(encoding="utf-8") != known
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError):
        return True


def is_built_in(path: str | Path | None) -> bool:
    """A lesson or a program shipped with the app: read-only, saved elsewhere."""
    if path is None:
        return False
    resolved = Path(path).resolve()
    return any(resolved.is_relative_to(folder) for folder in (LESSONS_DIR, PROGRAMS_DIR))


def remember(recent: list[str], path: str | Path, limit: int = RECENT_LIMIT) -> list[str]:
    """The recent list with `path` first, once, and at most `limit` long."""
    first = str(path)
    return [first, *[p for p in recent if p != first]][:limit]


@dataclass(frozen=True)
class Draft:
    """An autosaved edit: its text, the program file it edits (None: a new one), and when."""

    text: str
    origin: str | None
    title: str
    saved_at: float
    pid: int
    file: Path


class DraftStore:
    """The autosaved drafts in one folder; this process's own, and those left behind."""

    def __init__(self, folder: str | Path, pid: int | None = None) -> None:
        self.folder = Path(folder)
        self.pid = os.getpid() if pid is None else pid

    @property
    def own(self) -> Path:
        return self.folder / f"{DRAFT_PREFIX}{self.pid}.json"

    def save(self, text: str, origin: str | Path | None, title: str) -> Path:
        """Write this process's draft (atomically); it replaces the one before."""
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {
            "text": text,
            "origin": None if origin is None else str(origin),
            "title": title,
            "saved_at": time.time(),
            "pid": self.pid,
        }
        import json  # here, not at the top: the window's first frame does not need it

        atomic_write(self.own, json.dumps(record, ensure_ascii=False))
        return self.own

    def discard(self, draft: Draft | None = None) -> None:
        """Remove a draft (this process's own if none is named): it was saved or declined."""
        with contextlib.suppress(OSError):
            (self.own if draft is None else draft.file).unlink()

    def left_behind(self) -> list[Draft]:
        """Drafts whose app is no longer running, newest first (unreadable ones skipped).

        Asked at start, before this process has written a draft: one with this process's
        own pid was left by an earlier process that had the same number.
        """
        found = []
        for file in sorted(self.folder.glob(f"{DRAFT_PREFIX}*.json")):
            draft = _read_draft(file)
            if draft is not None and (draft.pid == self.pid or not _running(draft.pid)):
                found.append(draft)
        return sorted(found, key=lambda d: d.saved_at, reverse=True)


def _read_draft(file: Path) -> Draft | None:
    import json  # as in `save`

    try:
        record = json.loads(file.read_text(encoding="utf-8"))
        return Draft(
            text=str(record["text"]),
            origin=record.get("origin"),
            title=str(record.get("title") or "untitled.py"),
            saved_at=float(record.get("saved_at", 0.0)),
            pid=int(record.get("pid", 0)),
            file=file,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _running(pid: int) -> bool:
    """Whether a process with this id runs now. Only POSIX can ask without harm (on
    Windows `os.kill` would end it), so elsewhere every other app's draft counts as left."""
    if os.name != "posix" or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
