"""Autosave's parts without a window: the atomic write, drafts left behind, the recent list."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.drafts import (
    DraftStore,
    atomic_write,
    changed_on_disk,
    is_built_in,
    remember,
)


def test_an_atomic_write_replaces_the_file_whole(tmp_path):
    target = tmp_path / "shop.py"
    target.write_text("old\n")
    atomic_write(target, "new\n")
    assert target.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["shop.py"]


def test_a_failure_between_write_and_rename_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "shop.py"
    target.write_text("old\n")

    def crash(_src, _dst):
        raise OSError("the disk went away")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        atomic_write(target, "new, and much longer than the old one\n")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["shop.py"]  # no half-written temporary left behind


def test_an_atomic_write_keeps_the_files_permissions(tmp_path):
    target = tmp_path / "shop.py"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write(target, "new\n")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_file_changed_on_disk_is_told_by_its_content(tmp_path):
    target = tmp_path / "shop.py"
    target.write_text("as opened\n")
    assert not changed_on_disk(target, "as opened\n")
    target.write_text("changed by another editor\n")
    assert changed_on_disk(target, "as opened\n")


def test_a_draft_of_a_running_app_is_not_left_behind(tmp_path):
    DraftStore(tmp_path, pid=os.getppid()).save("x = 1\n", None, "untitled.py")
    assert DraftStore(tmp_path).left_behind() == []


def test_a_draft_of_an_app_that_ended_is_left_behind(tmp_path):
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    pid = int(ended.stdout)
    DraftStore(tmp_path, pid=pid).save("x = 1\n", "/home/ada/shop.py", "shop.py")
    (found,) = DraftStore(tmp_path).left_behind()
    assert (found.text, found.origin, found.title) == ("x = 1\n", "/home/ada/shop.py", "shop.py")


def test_a_discarded_draft_is_gone(tmp_path):
    store = DraftStore(tmp_path)
    store.save("x = 1\n", None, "untitled.py")
    store.discard()
    assert list(tmp_path.iterdir()) == []


def test_lessons_and_built_in_programs_are_read_only(tmp_path):
    assert is_built_in(DEFAULT_PROGRAM)
    assert is_built_in(TOUR[2].file)
    assert not is_built_in(tmp_path / "mine.py")
    assert not is_built_in(None)


def test_the_recent_list_keeps_ten_newest_first_each_once():
    recent: list[str] = []
    for n in range(12):
        recent = remember(recent, f"/p/{n}.py")
    recent = remember(recent, "/p/5.py")
    assert recent[0] == "/p/5.py"
    assert len(recent) == 10 and len(set(recent)) == 10
    assert "/p/0.py" not in recent
