"""Readable from the back row: the real window at a projector's size and three others, in
every theme, on the default program and each tour step.

Every text in the shop is 14 px or more on screen, none overlaps another or covers a figure,
none is cut off, each stands out from its ground (WCAG AA), and no toolbar action hides
behind an overflow. A failure names the text and the size.
"""

from __future__ import annotations

import pytest
from legibility import MIN_PX, PRESENTER_MIN_PX, contrast, problems, shop_texts

from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.ui.theme import THEMES, set_theme

SIZES = ((1024, 768), (1280, 720), (1920, 1080), (3840, 2160))
# Shop times that show each program busy: buzzers held, someone in line or at the counter,
# step 4's worker threads at work, step 1's slip in main's hand.
MOMENTS = {None: 3.0, 1: 1.0, 2: 1.0, 3: 1.5, 4: 2.7, 5: 1.0, 6: 1.0, 7: 1.0}


def look_at_every_size(shop, qapp, where: str) -> list[str]:
    found = []
    for width, height in SIZES:
        shop.window.resize(width, height)
        qapp.processEvents()
        for name in THEMES:
            set_theme(name)
            shop.window.apply_look()
            shop.window.settle()
            shop.window.grab()  # a real paint: what each item drew, where, in what size
            found += problems(shop.window, f"{where} at {width}x{height}, {name}")
    set_theme("light")
    return found


@pytest.mark.parametrize("step", [None, *range(1, len(TOUR) + 1)])
def test_layout_every_text_is_legible_at_every_size_and_theme(open_shop, qapp, step):
    shop = open_shop()
    if step is not None:
        shop.window.go_to_step(step - 1)
    shop.run_to(MOMENTS[step])
    where = "the default program" if step is None else f"tour step {step}"
    found = look_at_every_size(shop, qapp, where)
    assert not found, "\n".join(found[:40])


PRESENTER_ZOOM = 1.5  # what a projector needs; the CLI's --zoom help suggests it
PRESENTER_SIZES = ((1024, 768, PRESENTER_MIN_PX), (1920, 1080, MIN_PX))


@pytest.mark.parametrize("step", [None, *range(1, len(TOUR) + 1)])
def test_layout_at_presenter_zoom_the_shop_text_grows_with_the_panels(open_shop, qapp, step):
    """Zoomed for a projector, the floor's text is at least 20 px at 1024x768: the floor is
    seen closer, and the customer the room follows stays whole in view."""
    shop = open_shop()
    if step is not None:
        shop.window.go_to_step(step - 1)
    shop.window.zoom = PRESENTER_ZOOM
    shop.run_to(MOMENTS[step])
    where = "the default program" if step is None else f"tour step {step}"
    found = []
    for width, height, min_px in PRESENTER_SIZES:
        shop.window.resize(width, height)
        shop.window.apply_look()  # as Ctrl+ does, on the window as it is
        qapp.processEvents()  # the window lays itself out again, as it does in use
        shop.window.settle()
        shop.window.grab()
        where_zoomed = f"{where} at {width}x{height}, zoom {PRESENTER_ZOOM}"
        found += problems(shop.window, where_zoomed, min_px)
    assert not found, "\n".join(found[:40])


def test_layout_check_sees_a_label_too_small_to_read(open_shop, qapp):
    """The check itself: a board drawn at the old 10-point size is caught."""
    shop = open_shop()
    shop.run_to(1.0)
    shop.window.resize(1024, 768)
    qapp.processEvents()
    shop.window.settle()
    shop.window.grab()
    texts = shop_texts(shop.window)
    assert texts and all(t.px >= MIN_PX for t in texts)
    shop.window.view.scale(0.5, 0.5)  # as if the floor were drawn at half the size
    shop.window.grab()
    assert any("px tall" in p for p in problems(shop.window, "half size"))


def test_layout_contrast_is_the_wcag_ratio():
    from PySide6.QtGui import QColor

    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


def test_layout_the_past_is_legible_with_its_history_bar(open_shop, qapp):
    """Going back adds the HISTORY bar over the floor and draws the past on a fresh one."""
    shop = open_shop()
    shop.run_to(MOMENTS[None])
    for _ in range(3):
        shop.window.do_back()
    assert shop.window.history_bar.isVisible()
    found = look_at_every_size(shop, qapp, "the past")
    assert not found, "\n".join(found[:40])
