"""Python syntax colours for the code panel, from Pygments' lexer and a Pygments style."""

from __future__ import annotations

from collections.abc import Mapping

from pygments.lexers import PythonLexer
from pygments.styles import get_style_by_name
from pygments.token import _TokenType
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

STYLE = "friendly"


def _format(style: Mapping[str, object]) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if style.get("color"):
        fmt.setForeground(QColor(f"#{style['color']}"))
    if style.get("bold"):
        fmt.setFontWeight(QFont.Weight.Bold)
    if style.get("italic"):
        fmt.setFontItalic(True)
    return fmt


class PygmentsHighlighter(QSyntaxHighlighter):
    """Lexes the whole program once; each block then applies its precomputed spans."""

    def __init__(self, document: QTextDocument, source: str, style: str = STYLE) -> None:
        super().__init__(document)
        self.style_name = style
        self._style = get_style_by_name(style)
        self._formats: dict[_TokenType, QTextCharFormat] = {}
        self._spans = self._lex(source)
        self.rehighlight()

    def _fmt(self, token: _TokenType) -> QTextCharFormat:
        fmt = self._formats.get(token)
        if fmt is None:
            fmt = self._formats[token] = _format(self._style.style_for_token(token))
        return fmt

    def _lex(self, source: str) -> list[list[tuple[int, int, QTextCharFormat]]]:
        spans: list[list[tuple[int, int, QTextCharFormat]]] = [[] for _ in source.split("\n")]
        line, col = 0, 0
        for _index, token, value in PythonLexer(
            stripnl=False, ensurenl=False
        ).get_tokens_unprocessed(source):
            for i, part in enumerate(value.split("\n")):
                if i:
                    line, col = line + 1, 0
                if part and line < len(spans):
                    spans[line].append((col, len(part), self._fmt(token)))
                col += len(part)
        return spans

    def highlightBlock(self, text: str) -> None:
        number = self.currentBlock().blockNumber()
        if number < len(self._spans):
            for start, length, fmt in self._spans[number]:
                self.setFormat(start, length, fmt)
