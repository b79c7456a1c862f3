"""Loading a user's program: a Python file with `async def main()`, checked before it runs.

Every way a file can be unfit gets one plain sentence (ProgramError), never a traceback.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import inspect
import linecache
import sys
import time
import types
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coffeeshop_gui.engine.slips import write_slips
from coffeeshop_gui.engine.watchdog import LoopBlockedError, Watchdog
from coffeeshop_gui.model.log import EventLog

PYTHON_SUFFIXES = (".py", ".pyw")


class ProgramError(Exception):
    """The file cannot be run as a shop program; the message says why in one line.

    `line` is the line it is about, where there is one (an editor marks it).
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Program:
    """A loaded program: its source as shown, and the `main` to run."""

    path: Path
    source: str
    main: Callable[[], Coroutine[Any, Any, Any]]
    namespace: dict[str, Any] = field(default_factory=dict, repr=False)
    # its `async def` signatures (see `recipes`), read from the tree it was checked with:
    # parsing a large program again costs seconds
    menu: list[str] = field(default_factory=list, repr=False)

    @property
    def filename(self) -> str:
        """The name its code objects carry: how frames of this program are recognised."""
        return str(self.path)

    @property
    def title(self) -> str:
        return self.path.name

    def drinks(self) -> dict[str, Callable[[], Coroutine[Any, Any, Any]]]:
        """The program's own `async def` functions callable with no arguments, but main.

        These are what a person can drag into the running shop as new customers.
        """
        found = {}
        for name, value in self.namespace.items():
            value = inspect.unwrap(value)  # recipes are wrapped to report their slips
            if name == "main" or name.startswith("_") or not inspect.iscoroutinefunction(value):
                continue
            if getattr(value, "__module__", None) != self.namespace.get("__name__"):
                continue  # imported, not the program's own recipe
            params = inspect.signature(value).parameters.values()
            if all(
                p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                for p in params
            ):
                found[name] = value
        return found


def read_program_source(path: str | Path) -> tuple[Path, str]:
    """The checked path and text of a would-be program (not yet compiled)."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ProgramError(f"{p}: no such file")
    if p.is_dir():
        raise ProgramError(f"{p}: is a folder, not a Python file")
    if p.suffix.lower() not in PYTHON_SUFFIXES:
        raise ProgramError(f"{p}: not a Python file (expected a .py file with async def main())")
    try:
        source = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProgramError(f"{p}: not a Python file (it is not UTF-8 text)") from None
    except OSError as exc:
        raise ProgramError(f"{p}: cannot be read ({exc.strerror})") from None
    return p.resolve(), source


def parse(source: str, filename: str = "<program>") -> ast.Module:
    """`ast.parse`, robust to a CPython 3.11 bug.

    On 3.11 a garbage collection inside ast.parse can log a dead task's traceback, and
    formatting it parses again, which corrupts the parser's shared recursion counter
    ("AST constructor recursion depth mismatch"). No collection may run while it parses
    (cheaper than collecting first: a full collection of a busy app costs milliseconds), and
    it is retried once all the same.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return ast.parse(source, filename=filename)
    except SystemError:
        return ast.parse(source, filename=filename)
    finally:
        if enabled:
            gc.enable()


def check_source(path: Path, source: str) -> tuple[types.CodeType, ast.Module]:
    """Compile and check for a top-level `async def main()`; the code and its tree."""
    try:
        tree = parse(source, str(path))
        code = compile(tree, str(path), "exec")
    except SyntaxError as exc:
        if exc.lineno is None:  # 3.11+: null bytes, which 3.10 raises as a ValueError
            raise ProgramError(f"{path.name}: not a Python file ({exc.msg})") from None
        raise ProgramError(
            f"{path.name}: syntax error on line {exc.lineno}: {exc.msg}", exc.lineno
        ) from None
    except ValueError as exc:  # null bytes on 3.10
        raise ProgramError(f"{path.name}: not a Python file ({exc})") from None
    mains = [n for n in tree.body if getattr(n, "name", None) == "main"]
    if not mains:
        raise ProgramError(f"{path.name}: has no `async def main()` to run")
    if not isinstance(mains[-1], ast.AsyncFunctionDef):
        line = mains[-1].lineno
        raise ProgramError(
            f"{path.name}: main() on line {line} is not async: write `async def main()`", line
        )
    return code, tree


def load_program(path: str | Path, *, interrupt_after: float | None = None) -> Program:
    """Read, check and import a program without running `main()`."""
    return load_source(*read_program_source(path), interrupt_after=interrupt_after)


def load_source(path: Path, source: str, *, interrupt_after: float | None = None) -> Program:
    """Check and import `source` as the program at `path` without running `main()`.

    An edit runs this way before it is saved: its code objects carry `path`, as the file's
    would, and `linecache` is given the edited text, so a message that quotes a line of
    the program quotes the line that ran, not the one on disk.

    `interrupt_after`: a window's load, which nothing else watches: its top level holding the
    thread this long (`while True: pass`, a `time.sleep`) is interrupted, as a turn is, and
    the program refused; else the window froze for good. The command line has its wall limit.
    """
    p = Path(path)
    code, tree = check_source(p, source)
    linecache.cache[str(p)] = (len(source), None, source.splitlines(True), str(p))
    module = types.ModuleType(f"coffeeshop_program_{p.stem}")
    module.__file__ = str(p)
    # Registered so that functions it defines can be pickled to a process pool.
    sys.modules[module.__name__] = module
    import_path = list(sys.path)
    sys.path.insert(0, str(p.parent))
    dog = turn = None
    if interrupt_after is not None:
        dog = Watchdog(EventLog(), time.monotonic, {str(p)}, interrupt=interrupt_after)
        turn = dog.begin(None)
    try:
        exec(code, module.__dict__)
    # A SystemExit or KeyboardInterrupt raised at the program's top level is the program's,
    # as in a coroutine: it refuses the program, it does not end the app.
    except (Exception, SystemExit, KeyboardInterrupt) as exc:
        line = _line_in(exc, str(p))
        where = f" on line {line}" if line else ""
        if isinstance(exc, LoopBlockedError) and dog is not None and dog.interrupted:
            raise ProgramError(
                f"{p.name}: its top level{where} held the app's only thread for "
                f"{interrupt_after:g} s while loading (a loop that never ends, a blocking "
                "call?): stopped",
                line,
            ) from None
        raise ProgramError(
            f"{p.name}: {type(exc).__name__}{where} while loading: {exc}", line
        ) from None
    finally:
        if dog is not None and turn is not None:
            dog.end(turn)
            dog.stop()
        _restore_path(import_path, str(p.parent))
    main: Any = module.__dict__.get("main")  # check_main refuses anything but async def main()
    check_main(main, p.name)
    _wrap_recipes(module.__dict__)
    return Program(p, source, main, module.__dict__, _menu(tree))


def _restore_path(path: list[str], folder: str) -> None:
    """Take the program's folder off the import path again, and put back what the program
    took off it (`sys.path.clear()`): the app imports some of its own parts later."""
    with contextlib.suppress(ValueError):
        sys.path.remove(folder)
    sys.path.extend(entry for entry in path if entry not in sys.path)


def check_main(main: object, title: str) -> None:
    """Refuse a main the shop cannot call as `main()` to get a coroutine, before any shop
    is closed for it."""
    if inspect.isasyncgenfunction(main):
        raise ProgramError(
            f"{title}: main() is an async generator (it has a `yield`); the shop runs "
            "`async def main()` as a task, so it must not yield"
        )
    if not inspect.iscoroutinefunction(main):
        raise ProgramError(f"{title}: main is not an `async def` function")
    try:
        required = [
            name
            for name, param in inspect.signature(main).parameters.items()
            if param.default is param.empty
            and param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD)
        ]
    except (TypeError, ValueError):  # no signature to read: calling it will tell
        return
    if required:
        raise ProgramError(
            f"{title}: main() needs {', '.join(required)}: the shop calls it as main(), "
            "with no arguments"
        )


def _wrap_recipes(namespace: dict[str, Any]) -> None:
    """Report every coroutine the program's own top-level recipes make (order slips)."""
    for name, value in list(namespace.items()):
        own = getattr(value, "__module__", None) == namespace["__name__"]
        if own and inspect.iscoroutinefunction(value):
            namespace[name] = write_slips(value)


def _line_in(exc: BaseException, filename: str) -> int | None:
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def recipes(source: str) -> list[str]:
    """The `async def` signatures in a program, in source order: the shop's menu."""
    try:
        tree = parse(source)
    except SyntaxError:
        return []
    return _menu(tree)


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")  # where statements nest


def _menu(tree: ast.Module) -> list[str]:
    """An `async def` is a statement: only statements are walked, not the expressions in
    them (a tenth of the nodes of a typical program, which `ast.walk` would visit all of)."""
    found = []
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.AsyncFunctionDef):
            params = ", ".join(a.arg for a in node.args.args if a.arg not in ("self", "cls"))
            found.append((node.lineno, f"{node.name}({params})"))
        for name in _BODIES:
            todo.extend(getattr(node, name, ()))
    return [sig for _line, sig in sorted(found)]
