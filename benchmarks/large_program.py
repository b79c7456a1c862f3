"""A very large program (5 MB by default): how long before its window is there, and where
that time goes (issue 19: it was 28 s, 18 of them colouring its code, with nothing shown).

Each phase is timed once, in this process: loading (compile and check), building the window
(the code panel takes the source), and showing it until its first frame is painted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import machine, offscreen_app, summary

RECIPE = '''async def recipe_{i}(order: str) -> str:
    """Brew order number {i}."""
    await asyncio.sleep(0.{d})  # brew {i}
    return f"latte {{order}} #{i}"  # served


'''
MAIN = """async def main():
    print(await asyncio.gather(recipe_0("a"), recipe_1("b")))
"""


def write_program(folder: Path, size: int) -> Path:
    parts, length, i = ["import asyncio\n\n"], 0, 0
    while length < size:
        parts.append(RECIPE.format(i=i, d=i % 9 + 1))
        length += len(parts[-1])
        i += 1
    path = folder / "large.py"
    path.write_text("".join(parts) + MAIN)
    return path


def main() -> None:
    size = int(float(sys.argv[1]) * 1e6) if len(sys.argv) > 1 else 5_000_000
    app = offscreen_app()
    import asyncio

    from PySide6.QtCore import QEvent, QObject, QSettings

    from coffeeshop_gui.engine.program import load_program
    from coffeeshop_gui.loop.shop_loop import ShopLoop
    from coffeeshop_gui.ui.window import ShopWindow

    with tempfile.TemporaryDirectory() as folder:
        path = write_program(Path(folder), size)
        print(f"large_program on {machine()}: {path.stat().st_size / 1e6:.1f} MB")
        start = time.perf_counter()
        program = load_program(path)
        loaded = time.perf_counter()
        loop = ShopLoop(app)
        asyncio.set_event_loop(loop)
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = ShopWindow(loop, program, settings)
        built = time.perf_counter()
        painted: list[int] = []

        class Watch(QObject):
            def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    painted.append(1)
                return False

        watch = Watch()
        window.installEventFilter(watch)
        window.resize(1440, 900)
        window.show()
        while not painted:
            app.processEvents()
        shown = time.perf_counter()
        for name, seconds in [
            ("load (compile, check)", loaded - start),
            ("build the window", built - loaded),
            ("show, first frame", shown - built),
        ]:
            print(f"  {name:<24}{seconds:8.2f} s")
        print(f"  status bar: {window.statusBar().currentMessage()!r}")
        summary("large_program", f"first frame {shown - start:.1f} s after loading began")
        window.close()
        loop.close()


if __name__ == "__main__":
    main()
