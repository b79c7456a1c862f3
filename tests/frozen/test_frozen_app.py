"""The frozen app does what the installed one does: run from its own folder, offscreen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import coffeeshop_gui
from coffeeshop_gui.lessons import TOUR

PROGRAMS = Path(__file__).parent / "programs"
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60  # each subprocess
# pytest-timeout's limit for each test here, above the most subprocesses one test runs (3):
# a stuck child is killed by its own timeout, never orphaned by pytest's
pytestmark = pytest.mark.timeout(4 * TIMEOUT)


def run(command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env)
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=environment)


@pytest.fixture(scope="module")
def coffeeshop(frozen_app):
    def frozen(*args: str) -> subprocess.CompletedProcess[str]:
        return run([str(frozen_app / "coffeeshop"), *args])

    return frozen


def installed(*args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "coffeeshop_gui", *args])


def colours(png: Path) -> set[int]:
    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not a picture"
    return {
        image.pixel(x, y) for y in range(0, image.height(), 9) for x in range(0, image.width(), 9)
    }


def brightness(png: Path) -> float:
    image = QImage(str(png))
    pixels = [
        image.pixelColor(x, y)
        for y in range(0, image.height(), 9)
        for x in range(0, image.width(), 9)
    ]
    return sum(c.lightness() for c in pixels) / len(pixels)


def slices(trace: Path) -> list[dict]:
    events = json.loads(trace.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    return [e for e in events if e.get("ph") == "X"]


def test_version_is_the_package_version(coffeeshop):
    done = coffeeshop("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"coffeeshop {coffeeshop_gui.__version__}"


def test_help_lists_the_options(coffeeshop):
    done = coffeeshop("--help")
    assert done.returncode == 0, done.stderr
    for option in ("--screenshot", "--at", "--tour", "--rush", "--theme"):
        assert option in done.stdout


def test_lessons_programs_and_drawings_are_bundled(frozen_app):
    package = frozen_app / "_internal" / "coffeeshop_gui"
    for lesson in TOUR:
        assert (package / "lessons" / lesson.file.name).is_file()
    assert (package / "programs" / "three_customers.py").is_file()
    for drawing in (ROOT / "assets").glob("*.svg"):
        assert (package / "assets" / drawing.name).is_file(), drawing.name


def test_a_bad_program_is_refused_in_one_line(coffeeshop, tmp_path):
    missing = tmp_path / "missing.py"
    done = coffeeshop(str(missing))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "missing.py" in done.stderr


def test_light_screenshot_matches_the_installed_apps(coffeeshop, tmp_path):
    frozen, source = tmp_path / "frozen.png", tmp_path / "installed.png"
    done = coffeeshop("--screenshot", str(frozen), "--at", "2")
    assert done.returncode == 0, done.stderr
    assert installed("--screenshot", str(source), "--at", "2").returncode == 0
    a, b = QImage(str(frozen)), QImage(str(source))
    assert a.size() == b.size()
    step = 4
    points = [(x, y) for y in range(0, a.height(), step) for x in range(0, a.width(), step)]
    differ = sum(a.pixel(x, y) != b.pixel(x, y) for x, y in points)
    # The moving parts (the status line's callbacks per second, a walker mid-step) are a
    # few percent of the window at most; a missing drawing, font or style is far more.
    assert differ / len(points) < 0.03, f"{differ / len(points):.1%} of the pixels differ"


def test_dark_screenshot_is_darker_than_the_light_one(coffeeshop, tmp_path):
    light, dark = tmp_path / "light.png", tmp_path / "dark.png"
    assert coffeeshop("--screenshot", str(light), "--at", "0").returncode == 0
    done = coffeeshop("--screenshot", str(dark), "--at", "0", "--theme", "dark")
    assert done.returncode == 0, done.stderr
    assert len(colours(dark)) > 20
    assert brightness(dark) < brightness(light) - 40


def test_high_contrast_screenshot_is_saved(coffeeshop, tmp_path):
    shot = tmp_path / "contrast.png"
    done = coffeeshop("--screenshot", str(shot), "--at", "0.5", "--theme", "high-contrast")
    assert done.returncode == 0, done.stderr
    assert len(colours(shot)) > 10


def test_rush_of_a_thousand_is_drawn(coffeeshop, tmp_path):
    calm, rush = tmp_path / "calm.png", tmp_path / "rush.png"
    assert coffeeshop("--screenshot", str(calm), "--at", "1").returncode == 0
    done = coffeeshop("--rush", "1000", "--screenshot", str(rush), "--at", "1")
    assert done.returncode == 0, done.stderr
    a, b = QImage(str(calm)), QImage(str(rush))
    points = [(x, y) for y in range(0, a.height(), 6) for x in range(0, a.width() // 2, 6)]
    changed = sum(a.pixel(x, y) != b.pixel(x, y) for x, y in points)
    assert changed / len(points) > 0.05, "the crowd of a thousand is not on the floor"


# Step 4 has its own test below: its process pool takes seconds.
@pytest.mark.parametrize(
    "lesson",
    [lesson for lesson in TOUR if "step4" not in lesson.file.name],
    ids=lambda lesson: lesson.file.stem,
)
def test_every_bundled_lesson_traces(coffeeshop, frozen_app, lesson, tmp_path):
    out = tmp_path / "trace.json"
    bundled = frozen_app / "_internal" / "coffeeshop_gui" / "lessons" / lesson.file.name
    done = coffeeshop("trace", str(bundled), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert slices(out), f"{lesson.file.name}: the trace has no await slice"


def test_tour_step_four_runs_its_process_pool_to_the_end(coffeeshop, frozen_app, tmp_path):
    lesson = frozen_app / "_internal" / "coffeeshop_gui" / "lessons" / "step4_concurrency.py"
    source = lesson.read_text().splitlines()
    pool_line = next(n for n, text in enumerate(source, 1) if "run_in_executor(processes" in text)
    out = tmp_path / "step4.json"
    done = coffeeshop("trace", str(lesson), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "multiprocessing-fork" not in done.stderr
    events = slices(out)
    pool = [e for e in events if e["args"]["task"] == "main" and e["args"]["line"] == pool_line]
    assert pool, "main never waited on the process pool"
    after = {e["args"]["task"] for e in events if e["ts"] > pool[0]["ts"]}
    assert {"rude", "polite"} <= after, "the lesson did not go on past the process pool"


def test_tour_step_four_in_the_window_reports_the_process_pool(coffeeshop, tmp_path):
    shot = tmp_path / "tour4.png"
    done = coffeeshop("--tour", "4", "--screenshot", str(shot), "--at", "12")
    assert done.returncode == 0, done.stderr
    assert "multiprocessing-fork" not in done.stderr and "Traceback" not in done.stderr
    assert len(colours(shot)) > 20


def test_a_program_importing_the_stdlib_runs(coffeeshop, tmp_path):
    out = tmp_path / "stdlib.json"
    done = coffeeshop("trace", str(PROGRAMS / "stdlib_user.py"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.split("stdlib_user:", 1)[1].splitlines()[0])
    assert summary["orders"] == 3 and summary["menu"] == ["latte", "espresso"]


def test_a_program_importing_the_stdlib_opens_in_the_window(coffeeshop, tmp_path):
    shot = tmp_path / "stdlib.png"
    done = coffeeshop(str(PROGRAMS / "stdlib_user.py"), "--screenshot", str(shot), "--at", "1")
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr


def test_the_stop_window_process_runs_from_the_frozen_binary(frozen_app):
    """The window starts its Stop button as `sys.executable -m coffeeshop_gui.ui.stop_button`;
    frozen, sys.executable is the app itself, which must run that module, not the shop."""
    done = subprocess.run(
        [str(frozen_app / "coffeeshop"), "-m", "coffeeshop_gui.ui.stop_button"],
        input=json.dumps({"show": {"held": 2.0, "where": "on line 3 of x.py", "code": "pass"}})
        + "\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ready", "shown"]


def test_the_wall_limits_backstop_runs_from_the_frozen_binary(frozen_app, tmp_path):
    stuck = tmp_path / "stuck.py"
    stuck.write_text("import asyncio\n\nasync def main():\n    sum(range(10**12))\n")
    done = run([str(frozen_app / "coffeeshop"), "trace", str(stuck), "--wall-limit", "2"])
    assert done.returncode in (124, -9), done.stderr
    assert "at line 4 of stuck.py" in done.stderr


# -- the download --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive(frozen_app) -> Path:
    name = f"coffeeshop-{coffeeshop_gui.__version__}-linux-{os.uname().machine}.tar.gz"
    path = frozen_app.parent / name
    assert path.is_file(), f"packaging/build made no {name}"
    return path


def test_the_archive_keeps_qts_links(archive):
    with tarfile.open(archive) as tar:
        links = [m for m in tar.getmembers() if m.issym()]
    assert any(m.name.endswith("libQt6Core.so.6") for m in links)


def test_the_unpacked_archive_runs_from_local_bin_once_installed(archive, tmp_path):
    with tarfile.open(archive) as tar:
        safe = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}  # 3.10.12+
        tar.extractall(tmp_path / "download", **safe)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    script = tmp_path / "download" / "coffeeshop" / "install.sh"
    done = subprocess.run([str(script)], capture_output=True, text=True, env=env, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    command = home / ".local" / "bin" / "coffeeshop"
    version = run([str(command), "--version"])
    assert version.stdout.strip() == f"coffeeshop {coffeeshop_gui.__version__}"
    shot = tmp_path / "installed.png"
    done = run([str(command), "--screenshot", str(shot), "--at", "0"])
    assert done.returncode == 0, done.stderr
    assert len(colours(shot)) > 20


# -- a real X11 window --------------------------------------------------------------------


def startup_wm_class() -> str:
    entry = (ROOT / "packaging" / "io.github.coffeeshop_asyncio.desktop").read_text()
    return next(
        line.split("=", 1)[1] for line in entry.splitlines() if line.startswith("StartupWMClass=")
    )


X11_PROBE = r"""
"$APP" & app=$!
for _ in $(seq 150); do
    id="$(xdotool search --name 'Coffee Shop' 2>/dev/null | head -n1)"
    [ -n "$id" ] && break
    sleep 0.2
done
[ -n "$id" ] && xprop -id "$id" WM_CLASS
kill "$app"; wait "$app" 2>/dev/null
true
"""


def test_the_x11_window_class_matches_the_desktop_entry(frozen_app):
    tools = ("xvfb-run", "xdotool", "xprop")
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"no real X11 here: {', '.join(missing)} not installed")
    started = time.monotonic()
    done = subprocess.run(
        ["xvfb-run", "-a", "sh", "-c", X11_PROBE],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=dict(os.environ, QT_QPA_PLATFORM="xcb", APP=str(frozen_app / "coffeeshop")),
    )
    assert "WM_CLASS" in done.stdout, (
        f"no window in {time.monotonic() - started:.0f} s: {done.stderr}"
    )
    names = [part.strip().strip('"') for part in done.stdout.split("=", 1)[1].split(",")]
    assert startup_wm_class() in names, names


HELD = """import asyncio
import time
from pathlib import Path


async def main():
    await asyncio.sleep(0.3)
    start = time.monotonic()
    try:
        time.sleep(60)  # holds the loop's thread, and with it the window's
    finally:
        Path(OUT).write_text(f"{time.monotonic() - start:.1f}")
"""
# Wait for the Stop window, click its button as a person would (real X11 input), and wait for
# the program to say how long its turn held the thread.
X11_STOP = r"""
$APP "$PROGRAM" & app=$!  # $APP unquoted: the installed app is "python -m coffeeshop_gui"
for _ in $(seq 300); do
    id="$(xdotool search --onlyvisible --name 'Stop the program' 2>/dev/null | head -n1)"
    [ -n "$id" ] && break
    sleep 0.1
done
if [ -n "$id" ]; then
    eval "$(xdotool getwindowgeometry --shell "$id")"
    xdotool mousemove "$((X + WIDTH / 2))" "$((Y + HEIGHT - 28))" click 1
    for _ in $(seq 100); do [ -s "$OUT" ] && break; sleep 0.1; done
    sleep 0.5
    xdotool search --onlyvisible --name 'Stop the program' >/dev/null 2>&1 || echo hidden
fi
kill "$app"; wait "$app" 2>/dev/null
true
"""
WATCHDOG_INTERRUPT = 5.0  # the watchdog's own interrupt of a held turn (engine/watchdog.py)


@pytest.mark.parametrize("build", ["frozen", "installed"])
def test_a_click_on_the_stop_window_ends_a_held_turn_on_a_real_x11_screen(
    frozen_app, build, tmp_path
):
    tools = ("xvfb-run", "xdotool")
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"no real X11 here: {', '.join(missing)} not installed")
    out = tmp_path / "held.txt"
    program = tmp_path / "held.py"
    program.write_text(HELD.replace("Path(OUT)", f"Path({str(out)!r})"))
    app = (
        str(frozen_app / "coffeeshop")
        if build == "frozen"
        else f"{sys.executable} -m coffeeshop_gui"
    )
    done = subprocess.run(
        ["xvfb-run", "-a", "sh", "-c", X11_STOP],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=dict(
            os.environ,
            QT_QPA_PLATFORM="xcb",
            APP=app,
            PROGRAM=str(program),
            OUT=str(out),
            HOME=str(tmp_path),  # a fresh user: no draft from another run is offered back
        ),
    )
    assert out.exists(), f"the held turn never ended: {done.stdout} {done.stderr}"
    # ended by the click, well before the watchdog would have ended it on its own
    assert float(out.read_text()) < WATCHDOG_INTERRUPT
    assert "hidden" in done.stdout  # the Stop window goes once the thread is free


# -- a real Wayland window ----------------------------------------------------------------


def test_the_wayland_window_names_the_desktop_entry(frozen_app, tmp_path):
    if shutil.which("weston") is None:
        pytest.skip("no Wayland compositor here: weston is not installed")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime))
    compositor = subprocess.Popen(
        ["weston", "--backend=headless-backend.so", "--socket=coffeeshop", "--idle-time=0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if (runtime / "coffeeshop").exists():
                break
            time.sleep(0.1)
        app = subprocess.Popen(
            [str(frozen_app / "coffeeshop")],
            env=dict(
                env, WAYLAND_DISPLAY="coffeeshop", QT_QPA_PLATFORM="wayland", WAYLAND_DEBUG="client"
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = threading.Timer(TIMEOUT, app.kill)
        deadline.start()
        app_id, drawn = None, False
        for line in app.stderr:  # the client's side of the protocol, one request a line
            if ".set_app_id(" in line:
                app_id = line.split('set_app_id("', 1)[1].split('"', 1)[0]
            drawn = drawn or (app_id is not None and "wl_surface" in line and ".commit" in line)
            if drawn:
                break
        app.kill()
        app.wait()
        deadline.cancel()
    finally:
        compositor.kill()
        compositor.wait()
    assert app_id == "io.github.coffeeshop_asyncio", (
        "the desktop cannot match the window to its entry"
    )
    assert drawn, "the window was never drawn"
