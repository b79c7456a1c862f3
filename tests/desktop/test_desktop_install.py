"""The desktop entry, the metainfo and the per-user install, as a desktop and a teacher see them."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.coffeeshop_asyncio"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"


def entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path)
    return parser["Desktop Entry"]


def validator(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed here (apt-get install desktop-file-utils appstream)")
    return found


def desktop_file_validate(path: Path) -> str:
    done = subprocess.run(
        [validator("desktop-file-validate"), str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_the_desktop_entry_passes_its_validator_without_a_hint():
    assert desktop_file_validate(DESKTOP) == ""


def test_the_metainfo_passes_appstream_pedantic_validation():
    done = subprocess.run(
        [validator("appstreamcli"), "validate", "--pedantic", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "W:" not in done.stdout and "E:" not in done.stdout, done.stdout


def test_the_desktop_entry_opens_python_files_of_both_mime_names():
    types = entry(DESKTOP)["MimeType"].split(";")
    assert {"text/x-python", "text/x-python3"} <= set(types)


def test_the_metainfo_screenshot_is_the_readme_screenshot():
    readme_image = (ROOT / "README.md").read_text().split("](", 1)[1].split(")", 1)[0]
    assert (ROOT / readme_image).is_file()
    images = [e.text for e in ET.parse(METAINFO).iter("image")]
    assert images and all(url.endswith("/" + readme_image) for url in images)


def test_the_metainfo_names_a_homepage_and_a_developer():
    root = ET.parse(METAINFO).getroot()
    assert root.find("url[@type='homepage']").text.startswith("https://")
    assert root.find("developer/name").text


# -- the per-user install ------------------------------------------------------------------


@pytest.fixture
def unpacked(tmp_path: Path) -> Path:
    """An unpacked download as packaging/build lays it out, with a stand-in binary."""
    app = tmp_path / "download" / "coffeeshop"
    (app / "share").mkdir(parents=True)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(PACKAGING / "linux" / script, app / script)
    shutil.copy2(DESKTOP, app / "share")
    shutil.copy2(METAINFO, app / "share")
    shutil.copy2(ROOT / "assets" / "icon.svg", app / "share" / f"{APP_ID}.svg")
    binary = app / "coffeeshop"
    binary.write_text("#!/bin/sh\necho coffeeshop 0.1.0\n")
    binary.chmod(0o755)
    return app


def home_with_a_desktop(tmp_path: Path) -> Path:
    """A home that already has a ~/.local with another app's menu entry."""
    home = tmp_path / "home"
    (home / ".local" / "share" / "applications").mkdir(parents=True)
    (home / ".local" / "share" / "applications" / "other.desktop").write_text("[Desktop Entry]\n")
    return home


def run(script: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    return subprocess.run([str(script)], capture_output=True, text=True, env=env, timeout=60)


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_install_links_the_command_into_local_bin(unpacked, tmp_path):
    home = home_with_a_desktop(tmp_path)
    assert run(unpacked / "install.sh", home).returncode == 0
    command = home / ".local" / "bin" / "coffeeshop"
    done = subprocess.run([str(command)], capture_output=True, text=True)
    assert done.stdout.strip() == "coffeeshop 0.1.0"


def test_installed_menu_entry_runs_the_app_by_its_absolute_path(unpacked, tmp_path):
    home = home_with_a_desktop(tmp_path)
    run(unpacked / "install.sh", home)
    installed = home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    program = entry(installed)["Exec"].split('"')[1]
    assert Path(program) == home / ".local" / "lib" / "coffeeshop" / "coffeeshop"
    assert os.access(program, os.X_OK)
    if shutil.which("desktop-file-validate"):
        assert desktop_file_validate(installed) == ""


def test_install_puts_the_icon_and_metainfo_where_desktops_look(unpacked, tmp_path):
    home = home_with_a_desktop(tmp_path)
    run(unpacked / "install.sh", home)
    share = home / ".local" / "share"
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()


def test_uninstall_leaves_the_home_as_it_was_before_the_install(unpacked, tmp_path):
    home = home_with_a_desktop(tmp_path)
    before = tree(home)
    assert run(unpacked / "install.sh", home).returncode == 0
    assert len(tree(home)) > len(before)
    installed = home / ".local" / "lib" / "coffeeshop"
    done = run(installed / "uninstall.sh", home)
    assert done.returncode == 0, done.stderr
    assert tree(home) == before


def test_uninstall_keeps_a_folder_the_user_has_since_filled(unpacked, tmp_path):
    home = tmp_path / "empty-home"
    home.mkdir()
    run(unpacked / "install.sh", home)
    mine = home / ".local" / "bin" / "mine"
    mine.write_text("a script of the user's\n")
    run(home / ".local" / "lib" / "coffeeshop" / "uninstall.sh", home)
    assert tree(home) == {".local", ".local/bin", ".local/bin/mine"}


def test_install_refuses_to_replace_another_coffeeshop_command(unpacked, tmp_path):
    home = home_with_a_desktop(tmp_path)
    other = home / ".local" / "bin" / "coffeeshop"
    other.parent.mkdir(parents=True)
    other.write_text("pip's coffeeshop\n")
    before = tree(home)
    done = run(unpacked / "install.sh", home)
    assert done.returncode != 0 and "exists" in done.stderr
    assert tree(home) == before and other.read_text() == "pip's coffeeshop\n"


def test_installing_again_replaces_the_earlier_install(unpacked, tmp_path):
    home = home_with_a_desktop(tmp_path)
    before = tree(home)
    run(unpacked / "install.sh", home)
    done = run(unpacked / "install.sh", home)
    assert done.returncode == 0, done.stderr
    run(home / ".local" / "lib" / "coffeeshop" / "uninstall.sh", home)
    assert tree(home) == before
