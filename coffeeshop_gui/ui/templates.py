"""What New (Ctrl+N) starts from: the default program, each lesson, or an empty main."""

from __future__ import annotations

from dataclasses import dataclass

from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.programs import DEFAULT_PROGRAM

EMPTY_PROGRAM = '''"""A new program: every task it creates walks into the shop as a customer."""

import asyncio


async def main():
    await asyncio.sleep(1)
'''


@dataclass(frozen=True)
class Template:
    """A starting text for a new, unsaved program."""

    title: str
    text: str


def templates() -> list[Template]:
    """The choices New offers, in the order shown: the default, an empty main, the lessons."""
    found = [
        Template("Three customers (the default program)", DEFAULT_PROGRAM.read_text("utf-8")),
        Template("Empty: async def main()", EMPTY_PROGRAM),
    ]
    for number, lesson in enumerate(TOUR, start=1):
        found.append(Template(f"Lesson {number}: {lesson.title}", lesson.file.read_text("utf-8")))
    return found
