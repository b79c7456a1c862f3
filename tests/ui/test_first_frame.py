"""The window's first frame loads only what it shows (issue 14: startup within 1.5x of a
bare window). What a person opens later, its module loads then: a clip's dialog and child
process, the timeline, the keys (F1), the editor and its templates, the Stop window, Pillow."""

from __future__ import annotations

import os
import subprocess
import sys

from benchmarks import startup

# Loaded at their first use, not for the first frame.
LATER = [
    "PIL",
    "coffeeshop_gui.clip",
    "coffeeshop_gui.ui.clip_export",
    "coffeeshop_gui.ui.editor",
    "coffeeshop_gui.ui.help_overlay",
    "coffeeshop_gui.ui.stop_button",
    "coffeeshop_gui.ui.templates",
    "coffeeshop_gui.ui.timeline_panel",
]
CHILD_SECONDS = 60  # under pytest-timeout's 120 s: a stuck child fails here, named
# The first frame as `benchmarks.startup` times it, then what it loaded and what it shows.
FIRST_FRAME = (
    startup.FIRST_FRAME.format(build=startup.SHOP)
    + """
print(" ".join(name for name in {later} if name in sys.modules))
print(window.timeline_dock.isHidden(), window.editing)
"""
)


def first_frame(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=CHILD_SECONDS,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-2:]  # after the time the benchmark prints


def test_the_first_frame_loads_none_of_what_it_does_not_show():
    loaded, shown = first_frame(FIRST_FRAME.format(later=LATER))
    assert shown == "True False"  # the timeline hidden, the code panel (not the editor) shown
    assert loaded.split() == []


def test_the_later_modules_are_named_as_they_are_loaded():
    """The names above are the modules' own: a renamed module would pass the test above."""
    code = FIRST_FRAME.format(later=LATER).replace(
        "window.show()",
        "window.show(); window.timeline_panel; window.editor; window.suggested_clip(); "
        "window.help; import coffeeshop_gui.ui.stop_button, coffeeshop_gui.ui.templates, PIL",
    )
    loaded, _ = first_frame(code)
    assert loaded.split() == LATER
