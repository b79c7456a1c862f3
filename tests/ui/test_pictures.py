"""Save picture (Ctrl+P): the window as it is now, as a PNG or an SVG, for a slide."""

from __future__ import annotations

import time

from gestures import press
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from coffeeshop_gui.ui.code_panel import Mark
from coffeeshop_gui.ui.pictures import save_picture
from coffeeshop_gui.ui.readouts import RATE_SECONDS


def test_ctrl_p_saves_the_window_as_a_png_of_its_size(open_shop, tmp_path, monkeypatch):
    shop = open_shop()
    shop.run_to(1.0)
    out = tmp_path / "slide.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    press(shop, "Ctrl+P")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (shop.window.width(), shop.window.height())
    assert shop.window.statusBar().currentMessage() == f"Saved the picture as {out}"


def test_a_picture_of_the_past_is_named_after_its_step_and_time(open_shop, monkeypatch):
    shop = open_shop()
    shop.run_to(1.0)
    window = shop.window
    window.go_to_turn(1)
    asked = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda _w, _t, name, *a, **k: asked.append(name) or ("", "")
    )
    press(shop, "Ctrl+P")
    at = window.shown_state().now - window.session.started_at
    assert at < 0.5  # step 2 came early: the live shop is at 1.0 s
    assert asked[0].endswith(f"-step2-{at:.2f}s.png")


def test_an_svg_keeps_the_shops_words_as_text(open_shop, tmp_path):
    shop = open_shop()
    shop.run_to(1.0)
    out = tmp_path / "slide.svg"
    assert save_picture(shop.window, out) is None
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert f'viewBox="0 0 {shop.window.width()} {shop.window.height()}"' in svg
    assert "the event loop: one thread" in svg  # the counter's sign, as text
    assert ">(name, drinks):</text>" in svg  # the code panel too, token by token


def test_the_filter_chosen_names_a_file_given_without_its_kind(open_shop, tmp_path, monkeypatch):
    shop = open_shop()
    chosen = (str(tmp_path / "slide"), "SVG drawing (*.svg)")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: chosen)
    press(shop, "Ctrl+P")
    assert (tmp_path / "slide.svg").exists()


def test_a_picture_of_another_kind_is_refused_in_one_line(open_shop, tmp_path):
    shop = open_shop()
    refused = save_picture(shop.window, tmp_path / "slide.jpg")
    assert refused == "slide.jpg: a picture is saved as .png or .svg"
    assert not (tmp_path / "slide.jpg").exists()


def test_an_svg_that_cannot_be_written_says_why(open_shop, tmp_path):
    shop = open_shop()
    refused = save_picture(shop.window, tmp_path / "no such folder" / "slide.svg")
    assert refused is not None and refused.startswith("could not write")


def test_a_still_is_the_same_picture_however_long_after_its_moment_it_is_taken(open_shop, tmp_path):
    """`--screenshot` and a clip's frames are stills: a figure counted on this machine's
    clock (callbacks a second) would make two runs of the same moment differ."""
    shop = open_shop()
    shop.run_to(1.0)
    shop.loop.pause()
    window = shop.window
    window.settle()
    assert "callbacks/s" in window.status.text()  # the live window counts them
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    assert window.save_still(first)
    time.sleep(RATE_SECONDS * 1.2)  # the count over the last second is another by now
    assert window.save_still(second)
    assert "callbacks/s" not in window.status.text()
    assert window.status.text().startswith("shop time")
    image = QImage(str(first))
    assert (image.width(), image.height()) == (window.width(), window.height())
    assert image == QImage(str(second))


def test_a_still_is_the_same_picture_whatever_the_frames_before_it_showed(open_shop, tmp_path):
    """While a run plays, the code's gutter only widens (for the most customers a line has
    shown) and the code scrolls only when it must: the frames on the way to a moment, which
    depend on how fast the machine drew them, left their mark on a screenshot of it."""
    shop = open_shop()
    shop.run_to(3.0)
    shop.loop.pause()
    window, code = shop.window, shop.window.code
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    assert window.save_still(first)
    gutter, marks = code.viewportMargins().left(), list(code.marks)
    crowded = [Mark(100 + i, marks[0].line, marks[0].colour, "X") for i in range(4)]
    code.set_marks([*marks, *crowded], None)  # a frame on the way: a line of many
    code.verticalScrollBar().setValue(code.verticalScrollBar().maximum())
    code.set_marks(marks, None)
    assert code.viewportMargins().left() > gutter  # the room it made is kept while playing
    assert window.save_still(second)
    assert QImage(str(first)) == QImage(str(second))
