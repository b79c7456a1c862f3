"""Loading a program: every unfit file is refused with one plain sentence."""

from __future__ import annotations

import asyncio
import gc
import pickle
import sys
import time

import pytest
from support import program_path

from coffeeshop_gui.engine.program import Program, ProgramError, load_program, recipes


def refusal(tmp_path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ProgramError) as info:
        load_program(path)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_missing_file_is_named():
    with pytest.raises(ProgramError, match="no such file"):
        load_program("/nowhere/shop.py")


def test_a_file_that_is_not_python_is_refused(tmp_path):
    assert "not a Python file" in refusal(tmp_path, "notes.txt", "async def main(): pass")
    assert "not a Python file" in refusal(tmp_path, "image.py", b"\x89PNG\r\n\x1a\n\xff\xfe")


def test_a_syntax_error_gives_its_line(tmp_path):
    message = refusal(tmp_path, "broken.py", "import asyncio\n\nasync def main(:\n    pass\n")
    assert "syntax error on line 3" in message


def test_a_program_without_async_main_is_refused(tmp_path):
    assert "has no `async def main()`" in refusal(tmp_path, "nomain.py", "x = 1\n")
    assert "is not async" in refusal(tmp_path, "syncmain.py", "def main():\n    pass\n")


def test_an_exception_while_loading_is_reported_with_its_line(tmp_path):
    source = "x = 1\nraise RuntimeError('no beans')\n\nasync def main():\n    pass\n"
    message = refusal(tmp_path, "boom.py", source)
    assert "RuntimeError on line 2" in message and "no beans" in message


@pytest.mark.parametrize(
    ("top", "said"),
    [("import sys\nsys.exit(3)", "SystemExit on line 2"), ("raise KeyboardInterrupt", "Keyboard")],
    ids=["sys.exit", "KeyboardInterrupt"],
)
def test_a_program_that_exits_while_loading_is_refused_and_the_app_goes_on(tmp_path, top, said):
    message = refusal(tmp_path, "quits.py", f"{top}\n\nasync def main():\n    pass\n")
    assert said in message and "while loading" in message


@pytest.mark.parametrize("top", ["while True:\n    pass", "import time\ntime.sleep(30)"])
def test_a_top_level_that_never_ends_is_stopped_when_a_window_loads_it(tmp_path, top):
    """A window's load is watched (a turn is): the top level is interrupted and the program
    refused with its line; the command line has its wall limit instead."""
    (tmp_path / "stuck.py").write_text(f"{top}\n\nasync def main():\n    pass\n")
    start = time.perf_counter()
    with pytest.raises(ProgramError) as refused:
        load_program(tmp_path / "stuck.py", interrupt_after=0.3)
    assert time.perf_counter() - start < 5.0
    assert "held the app's only thread for 0.3 s while loading" in str(refused.value)
    assert refused.value.line in ({1, 2} if top.startswith("while") else {2})  # where it held


@pytest.mark.parametrize("takes", ["sys.path.clear()", "del sys.path[0]", "sys.path[:] = ['x']"])
def test_a_program_that_takes_the_import_path_apart_leaves_the_apps_whole(tmp_path, takes):
    """The app imports some of its parts later (a panel, a lexer): what the program took
    off the path is put back, and its own folder taken off as ever."""
    before = list(sys.path)
    (tmp_path / "apart.py").write_text(f"import sys\n{takes}\n\nasync def main():\n    pass\n")
    load_program(tmp_path / "apart.py")
    assert all(entry in sys.path for entry in before)
    assert str(tmp_path) not in sys.path
    sys.path[:] = before


def test_loading_hands_back_the_programs_main():
    assert load_program(program_path("nested")).main.__name__ == "main"


def test_the_recipes_list_every_async_def():
    program = load_program(program_path("nested"))
    assert recipes(program.source) == ["grind()", "make_coffee()", "main()"]
    assert program.menu == ["grind()", "make_coffee()", "main()"]  # the shop's, read once


def test_drinks_are_the_programs_own_async_defs_callable_without_arguments():
    from coffeeshop_gui.programs import DEFAULT_PROGRAM

    drinks = load_program(DEFAULT_PROGRAM).drinks()
    assert list(drinks) == ["espresso", "latte", "cold_brew"]  # not customer(name, ...), not main
    assert load_program(program_path("nested")).drinks().keys() == {"grind", "make_coffee"}


def test_every_refusal_names_the_file_and_says_why(tmp_path):
    assert refusal(tmp_path, "nul.py", "x = 1\0\nasync def main():\n    pass\n") == (
        "nul.py: not a Python file (source code string cannot contain null bytes)"
    )
    assert refusal(tmp_path, "late.py", "x = 1\n\n\ndef main():\n    pass\n") == (
        "late.py: main() on line 4 is not async: write `async def main()`"
    )
    assert refusal(tmp_path, "cup.py", "main = 'a cup'\nasync def main2():\n    pass\n") == (
        "cup.py: has no `async def main()` to run"
    )
    source = "async def main():\n    pass\n\nmain = print\n"  # rebound once defined
    assert refusal(tmp_path, "alias.py", source) == "alias.py: main is not an `async def` function"
    folder = tmp_path / "shop.py"
    folder.mkdir()
    with pytest.raises(ProgramError) as info:
        load_program(folder)
    assert str(info.value) == f"{folder}: is a folder, not a Python file"


def test_an_error_raised_outside_the_program_while_loading_has_no_line(tmp_path):
    main = "\nasync def main():\n    pass\n"
    message = refusal(tmp_path, "imports.py", "import json\njson.loads('{')\n" + main)
    assert message.startswith("imports.py: JSONDecodeError on line 2 while loading: ")
    message = refusal(tmp_path, "nested.py", "def f():\n    raise KeyError(1)\n\nf()\n" + main)
    assert "KeyError on line 2 while loading" in message  # the innermost line of the program
    (tmp_path / "helper.py").write_text("raise LookupError('no milk')\n")
    message = refusal(tmp_path, "user.py", "import helper\n" + main)
    assert message == "user.py: LookupError on line 1 while loading: no milk"


def load_roaster(tmp_path) -> Program:
    """roaster.py, whose `roast` reads a constant from its neighbour beans.py."""
    (tmp_path / "beans.py").write_text("ORIGIN = 'Kenya'\n")
    path = tmp_path / "roaster.py"
    path.write_text(
        "import beans\n\ndef roast():\n    return beans.ORIGIN\n\n"
        "async def main():\n    return roast()\n"
    )
    return load_program(path)


def test_a_program_can_import_its_neighbours_while_it_loads(tmp_path):
    program = load_roaster(tmp_path)
    path = tmp_path / "roaster.py"
    assert program.namespace["__file__"] == str(path.resolve())
    assert program.filename == str(path.resolve()) and program.title == "roaster.py"
    assert program.namespace["roast"]() == "Kenya"
    assert str(tmp_path) not in sys.path  # the neighbours were reachable while loading only


def test_a_programs_functions_can_be_pickled(tmp_path):
    roast = load_roaster(tmp_path).namespace["roast"]
    assert pickle.loads(pickle.dumps(roast)) is roast  # a process pool can send it


def load_menu(tmp_path) -> Program:
    """menu.py: recipes private, with and without arguments, methods, an import and a plain
    function beside main."""
    path = tmp_path / "menu.py"
    path.write_text(
        "from asyncio import sleep\n\n"
        "async def _secret():\n    pass\n\n"
        "async def order(drink='latte', *more, **options):\n    pass\n\n"
        "async def custom(name, size):\n    pass\n\n"
        "def plain():\n    pass\n\n"
        "class Barista:\n"
        "    async def serve(self, cup):\n        pass\n\n"
        "    @classmethod\n"
        "    async def hire(cls, name):\n        pass\n\n"
        "async def main():\n    pass\n"
    )
    return load_program(path)


def test_only_no_argument_recipes_of_the_programs_own_are_drinks(tmp_path):
    drinks = load_menu(tmp_path).drinks()
    assert list(drinks) == ["order"]  # not _secret, custom(name, size), plain, sleep, main


def test_only_the_programs_own_recipes_write_slips(tmp_path):
    program = load_menu(tmp_path)
    drinks = program.drinks()
    namespace = program.namespace
    assert namespace["order"] is not drinks["order"]  # the namespace holds the slip writer
    assert namespace["order"].__wrapped__ is drinks["order"]
    assert namespace["sleep"] is asyncio.sleep  # imported: not the program's, not wrapped


def test_the_menu_lists_each_recipe_with_its_arguments(tmp_path):
    assert recipes(load_menu(tmp_path).source) == [
        "_secret()",
        "order(drink)",
        "custom(name, size)",
        "serve(cup)",
        "hire(name)",
        "main()",
    ]
    assert recipes("async def main(:\n") == []


def test_a_main_that_needs_arguments_is_refused(tmp_path):
    message = refusal(tmp_path, "args.py", "async def main(x, *rest, y=1):\n    pass\n")
    assert message == "args.py: main() needs x: the shop calls it as main(), with no arguments"


def test_an_async_generator_main_is_named_as_one(tmp_path):
    message = refusal(tmp_path, "gen.py", "async def main():\n    yield 1\n")
    assert "main() is an async generator" in message


def test_loading_leaves_the_garbage_collector_as_it_found_it():
    assert gc.isenabled()
    load_program(program_path("nested"))
    assert gc.isenabled()  # parsing pauses it (a 3.11 bug): it must come back on
    gc.disable()
    try:
        load_program(program_path("nested"))
        assert not gc.isenabled()  # and not be turned on by loading if it was off
    finally:
        gc.enable()


def test_the_menu_finds_an_async_def_in_every_kind_of_block():
    source = """
class Counter:
    async def serve(self, cup):
        async def inner(x): pass
if True:
    async def in_if(): pass
else:
    async def in_else(): pass
try:
    async def in_try(): pass
except Exception:
    async def in_except(): pass
else:
    async def in_try_else(): pass
finally:
    async def in_finally(): pass
for _ in ():
    async def in_for(): pass
else:
    async def in_for_else(): pass
while False:
    async def in_while(): pass
with open(__file__):
    async def in_with(): pass
match 1:
    case 1:
        async def in_case(): pass
async def main(): pass
"""
    assert recipes(source) == [
        "serve(cup)",
        "inner(x)",
        "in_if()",
        "in_else()",
        "in_try()",
        "in_except()",
        "in_try_else()",
        "in_finally()",
        "in_for()",
        "in_for_else()",
        "in_while()",
        "in_with()",
        "in_case()",
        "main()",
    ]


def test_a_refusal_about_a_line_carries_it_for_the_editor_to_mark(tmp_path):
    path = tmp_path / "broken.py"
    path.write_text("import asyncio\n\nasync def main(:\n    pass\n")
    with pytest.raises(ProgramError) as info:
        load_program(path)
    assert "syntax error on line 3" in str(info.value) and info.value.line == 3
    with pytest.raises(ProgramError) as info:
        load_program("/nowhere/shop.py")
    assert info.value.line is None  # a missing file is about no line
