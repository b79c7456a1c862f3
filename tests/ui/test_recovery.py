"""After a kill, the next start offers the unsaved edit back (two real processes)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

CHILD_TIMEOUT = 60  # seconds, shorter than pytest-timeout's (tests/README.md)

OPEN_WINDOW = """
import asyncio, json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
app.setOrganizationName("coffeeshop-asyncio")
app.setApplicationName("Coffee Shop asyncio")
from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.window import ShopWindow
loop = ShopLoop(app)
asyncio.set_event_loop(loop)
loop.pause()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
window = ShopWindow(loop, load_program(DEFAULT_PROGRAM), settings)
window.show()
"""

EDIT_THEN_WAIT = """
window.do_edit()
window.editor.code.insertPlainText("# what if Ben orders three drinks?\\n")
while not window.drafts.own.exists():
    app.processEvents()
print("autosaved", flush=True)
sys.stdin.readline()  # killed here, the edit unsaved
"""

START_AGAIN = """
questions = []
window.ask = lambda question, choices: questions.append(question) or "Bring it back"
window.offer_recovery()
print(json.dumps({"questions": questions, "text": window.editor.text(),
                  "editing": window.editing}), flush=True)
"""


def run_child(code: str, env: dict, settings: str, **kwargs) -> subprocess.Popen:
    script = textwrap.dedent(OPEN_WINDOW) + textwrap.dedent(code)
    return subprocess.Popen(
        [sys.executable, "-c", script, settings],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        **kwargs,
    )


def test_an_edit_left_by_a_killed_app_is_offered_back_at_the_next_start(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    settings = str(tmp_path / "settings.ini")
    first = run_child(EDIT_THEN_WAIT, env, settings, stdin=subprocess.PIPE)
    try:
        assert first.stdout.readline().strip() == "autosaved"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(CHILD_TIMEOUT)
    second = run_child(START_AGAIN, env, settings)
    out, _ = second.communicate(timeout=CHILD_TIMEOUT)
    seen = json.loads(out.strip().splitlines()[-1])
    assert len(seen["questions"]) == 1 and "three_customers.py" in seen["questions"][0]
    assert seen["text"].startswith("# what if Ben orders three drinks?\n")
    assert seen["editing"]
