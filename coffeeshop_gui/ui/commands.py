"""Every command a presenter has, with its keys: the toolbar, the shortcuts and the help
overlay are all made from this one list, so the help always says what the keys do."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class Command:
    """A thing to do, the keys that do it, and where it shows."""

    name: str  # the window's slot is `do_<name>`
    text: str
    keys: tuple[str, ...]
    help: str
    toolbar: bool = False


COMMANDS = [
    Command(
        "play_pause",
        "Pause",
        ("Space",),
        "play / pause: shop time and the program's callbacks",
        True,
    ),
    Command(
        "step", "Step", ("Right", "N"), "one turn at the counter: exactly one callback runs", True
    ),
    Command(
        "back",
        "Back",
        ("Left", "B"),
        "one task step back: the shop as it stood before it (the program pauses)",
        True,
    ),
    Command("now", "Back to now", ("End",), "back to now from the past: the live shop"),
    Command(
        "replay", "Replay to here", ("R",), "in the past: run the program again up to that step"
    ),
    Command("timeline", "Timeline", ("L",), "the timeline: each customer's lane, step by step"),
    Command("slower", "Slower", ("[",), "shop time runs slower"),
    Command("faster", "Faster", ("]",), "shop time runs faster"),
    Command("restart", "Restart", ("Ctrl+R",), "run the program (or the tour's step) again", True),
    Command(
        "reset", "Reset", ("Ctrl+Shift+R",), "a fresh shop, paused before the first turn", True
    ),
    Command("open", "Open…", ("Ctrl+O",), "open a program: a .py file with async def main()", True),
    Command("edit", "Edit", ("E",), "edit the program here (again: back to the run's code)", True),
    Command("run_edit", "Run edit", ("Ctrl+Return", "Ctrl+Enter"), "run the edited program", True),
    Command("stop", "Stop", ("Ctrl+.",), "stop the program: cancel all its tasks"),
    Command("save", "Save", ("Ctrl+S",), "save the edited program (a lesson: asks where)"),
    Command("save_as", "Save as…", ("Ctrl+Shift+S",), "save the edited program elsewhere"),
    Command("new", "New…", ("Ctrl+N",), "a new program from a template, in the editor"),
    Command("find", "Find", ("Ctrl+F",), "find text in the editor (Enter: next)"),
    Command("quit", "Quit", ("Ctrl+Q",), "close the app (an unsaved edit is kept for next time)"),
    Command(
        "save_picture",
        "Save picture…",
        ("Ctrl+P",),
        "save the window as it is now, for a slide: PNG or SVG",
    ),
    Command(
        "export_clip",
        "Export clip…",
        ("Ctrl+Shift+P",),
        "export a stretch of the program as a clip for a slide: GIF, animated PNG, MP4",
    ),
    Command("tour", "Tour", ("T",), "start or leave the guided tour: seven steps", True),
    Command(
        "tour_next", "Next step", ("PgDown", "Down"), "next step of the tour (a clicker's key)"
    ),
    Command("tour_previous", "Previous step", ("PgUp", "Up"), "previous step of the tour"),
    Command(
        "asyncio_terms",
        "asyncio terms",
        ("D",),
        "the card in asyncio's own words: Task, Future, Handle",
    ),
    Command("rush", "Rush hour", ("H",), "rush hour: the number in the box walk in at once"),
    Command("next_customer", "Next customer", ("Tab",), "select the next customer"),
    Command(
        "previous_customer", "Previous customer", ("Shift+Tab",), "select the previous customer"
    ),
    Command("present", "Present", ("F11", "F5"), "presenter mode: full screen, larger text", True),
    Command("zoom_in", "Zoom in", ("Ctrl++", "Ctrl+="), "larger text everywhere"),
    Command("zoom_out", "Zoom out", ("Ctrl+-",), "smaller text everywhere"),
    Command("zoom_reset", "Actual size", ("Ctrl+0",), "text at its normal size"),
    Command("theme", "Theme", ("Ctrl+T",), "next theme: light, dark, high contrast", True),
    Command("help", "Keys", ("F1", "?"), "show these keys", True),
    Command("escape", "Back", ("Escape",), "close this help, or leave presenter mode"),
]


def key_names(command: Command) -> str:
    """The keys as a person reads them: 'Right / N'."""
    return " / ".join(
        QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in command.keys
    )


def help_rows() -> list[tuple[str, str]]:
    return [(key_names(c), c.help) for c in COMMANDS]
