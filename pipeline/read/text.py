"""Plain-text reader: any encoding; lines become paragraphs, ``|``/TAB lines a table.

A text rendering of a table puts one row on a line with ``|`` or TAB between
cells.  A grouping cell sometimes stands alone on its line and its row
continues on the next line, which then starts with a separator: that line is
taken as the row's first cell.  Any other line between two rows is a row of
one cell (a wrapped cell's rest, or a group cell); the table parser decides.
"""
from __future__ import annotations

from pathlib import Path

from .. import limits
from .. import patterns as P
from ..model import Block, Cell, Document, Format, Row, Span
from .clean import clean
from .document import decode, sha256



def read(path: Path, data: bytes) -> Document:
    """Decode and clean a text file; return its Document."""
    source, encoding = decode(data, str(path))
    limits.current().check("text length", len(source), str(path))
    text, offsets = clean(source)
    return Document(str(path), Format.TXT, sha256(data), encoding, None, text,
                    tuple(text_blocks(text)), tuple(offsets))


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield line, pos
        pos += len(line) + 1


def text_blocks(text: str, base: int = 0) -> list[Block]:
    """Blocks of a cleaned text: one paragraph per non-empty line, table lines grouped."""
    lines = [(ln, pos + base) for ln, pos in _lines(text) if ln.strip()]
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if not _is_row(lines[i][0]):
            line, pos = lines[i]
            blocks.append(Block("paragraph", line, Span(pos, pos + len(line))))
            i += 1
            continue
        rows: list[Row] = []
        while i < len(lines):
            line, pos = lines[i]
            if _is_row(line):
                rows.append(_row(line, pos))
                i += 1
            elif i + 1 < len(lines) and P.CELL_SEP.match(lines[i + 1][0]) and rows:
                # a cell alone on its line; its row continues on the next line
                nxt, npos = lines[i + 1]
                head = Cell(line.strip(), Span(pos, pos + len(line)))
                rest = _row(nxt, npos)
                cells = (head,) + tuple(c for j, c in enumerate(rest.cells) if j or c.text)
                rows.append(Row(cells, Span(pos, rest.span.end)))
                i += 2
            elif i + 1 < len(lines) and _is_row(lines[i + 1][0]) and rows:
                # a line between rows: a wrapped cell's rest, or a group cell of its own
                rows.append(Row((Cell(line.strip(), Span(pos, pos + len(line))),), Span(pos, pos + len(line))))
                i += 1
            else:
                break
        start, end = rows[0].span.start, rows[-1].span.end
        blocks.append(Block("table", text[start - base:end - base], Span(start, end), tuple(rows)))
    return blocks


def _is_row(line: str) -> bool:
    return bool(P.CELL_SEP.search(line) and P.CELL_CONTENT.search(line))


def _row(line: str, pos: int) -> Row:
    pieces = P.CELL_SEP.split(line)
    while pieces and not pieces[-1].strip():
        pieces.pop()  # padding separators at the end of the line
    cells = []
    start = pos
    for piece in pieces:
        content = piece.strip()
        a = start + len(piece) - len(piece.lstrip())
        cells.append(Cell(content, Span(a, a + len(content))))
        start += len(piece) + 1
    return Row(tuple(cells), Span(pos, pos + len(line)))
