"""Loading a program: every unfit file is refused with one plain sentence."""

from __future__ import annotations

import pytest
from support import program_path

from coffeeshop_gui.engine.program import ProgramError, load_program, recipes


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


def test_loading_does_not_run_main_and_recipes_list_every_async_def():
    program = load_program(program_path("nested"))
    assert program.main.__name__ == "main"
    assert recipes(program.source) == ["grind()", "make_coffee()", "main()"]


def test_drinks_are_the_programs_own_async_defs_callable_without_arguments():
    from coffeeshop_gui.programs import DEFAULT_PROGRAM

    drinks = load_program(DEFAULT_PROGRAM).drinks()
    assert list(drinks) == ["espresso", "latte", "cold_brew"]  # not customer(name, ...), not main
    assert load_program(program_path("nested")).drinks().keys() == {"grind", "make_coffee"}


def test_a_main_that_needs_arguments_is_refused(tmp_path):
    message = refusal(tmp_path, "args.py", "async def main(x, *rest, y=1):\n    pass\n")
    assert message == "args.py: main() needs x: the shop calls it as main(), with no arguments"


def test_an_async_generator_main_is_named_as_one(tmp_path):
    message = refusal(tmp_path, "gen.py", "async def main():\n    yield 1\n")
    assert "main() is an async generator" in message
