"""A program the shop cannot run is refused before the running shop is closed for it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo


@pytest.mark.parametrize(
    "source", ["async def main(x):\n    pass\n", "async def main():\n    yield\n"]
)
def test_a_main_the_shop_cannot_call_leaves_the_running_shop_untouched(open_shop, tmp_path, source):
    shop = open_shop()
    shop.run_to(0.5)
    session = shop.window.session
    bad = tmp_path / "needs_args.py"
    bad.write_text(source)
    assert not shop.window.open_program(bad)
    assert shop.window.session is session and not session.main.done()
    assert "Not opened: needs_args.py: main()" in shop.window.statusBar().currentMessage()


def test_restart_after_the_file_broke_keeps_the_shop(open_shop, tmp_path):
    program = tmp_path / "changing.py"
    program.write_text("import asyncio\n\nasync def main():\n    await asyncio.sleep(10)\n")
    shop = open_shop(program)
    shop.run_to(0.5)
    session = shop.window.session
    program.write_text("async def main(x):\n    pass\n")
    shop.window.do_restart()
    shop.window.do_restart()
    assert shop.window.session is session and not session.main.done()
    assert "Not restarted: changing.py: main() needs x" in shop.window.statusBar().currentMessage()


def test_a_refusal_is_seen_in_the_status_bar_then_the_readouts_come_back(open_shop, tmp_path):
    """The readouts fill the status bar; a message shows only where they are not, so while
    one is shown they stand aside (it was told, and never seen: no room was left for it)."""
    shop = open_shop()
    shop.run_to(0.5)
    window, bar = shop.window, shop.window.statusBar()
    readouts = bar.grab().toImage()
    assert window.status.isVisible()
    assert not window.open_program(tmp_path / "missing.py")
    assert "Not opened" in bar.currentMessage()
    assert not window.status.isVisible()
    assert QFontInfo(bar.font()).pixelSize() == QFontInfo(window.status.font()).pixelSize() >= 14
    told = bar.grab().toImage()
    assert told != readouts
    bar.clearMessage()
    assert window.status.isVisible()
