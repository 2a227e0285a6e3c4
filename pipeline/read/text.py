"""Plain-text reader: any encoding; lines become paragraphs, ``|``/TAB lines a table.

A text rendering of a table puts one row on a line with ``|`` or TAB between
cells.  A grouping cell sometimes stands alone on its line and its row
continues on the next line, which then starts with a separator: that line is
taken as the row's first cell.  Any other line between two rows is a row of
one cell (a wrapped cell's rest, or a group cell); the table parser decides.
"""
from __future__ import annotations

from pathlib import Path

from .. import patterns as P
from ..limits import Limits
from ..model import Block, Cell, Document, Format, Row, Span
from .clean import TEXT_STEPS, clean
from .document import check_lines, decode, sha256



def read(path: Path, data: bytes, limits: Limits) -> Document:
    """Decode and clean a text file; return its Document."""
    source, encoding = decode(data, str(path))
    limits.check("text length", len(source), str(path))
    text, offsets = clean(source, TEXT_STEPS)
    check_lines(text, path, limits)  # a line is a paragraph: refuse a million of them before making blocks
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
        flat = _flattened_table(lines, i, text, base)
        if flat is not None:
            block, i = flat
            blocks.append(block)
            continue
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


def _flattened_table(lines, i: int, text: str, base: int) -> tuple[Block, int] | None:
    """A table a web page or crawler flattened to one cell a line: a header of short lines
    (序号 / 主要工作任务 / 责任单位), then each row as that many lines, the first its 序号 (1, 2 …).
    Rows are taken while their numbers run on and each has one line per column."""
    if not P.FLAT_HEADER_NO.match(lines[i][0].strip()):
        return None
    k = i + 1
    while k < len(lines) and k - i <= 8 and P.FLAT_HEADER_CELL.match(lines[k][0].strip()):
        k += 1
    width = k - i
    if width < 3 or k >= len(lines) or lines[k][0].strip() != "1":
        return None
    rows = [Row(tuple(Cell(ln.strip(), Span(pos, pos + len(ln.strip()))) for ln, pos in lines[i:k]),
                Span(lines[i][1], lines[k - 1][1] + len(lines[k - 1][0])), header=True)]
    number = 1
    while k + width <= len(lines) and lines[k][0].strip() == str(number):
        cells = tuple(Cell(ln.strip(), Span(pos + len(ln) - len(ln.lstrip()), pos + len(ln.rstrip())))
                      for ln, pos in lines[k:k + width])
        if any(P.FLAT_HEADER_NO.match(c.text) for c in cells[1:]):
            break
        rows.append(Row(cells, Span(lines[k][1], lines[k + width - 1][1] + len(lines[k + width - 1][0]))))
        k += width
        number += 1
    if len(rows) < 2:
        return None
    start, end = rows[0].span.start, rows[-1].span.end
    return Block("table", text[start - base:end - base], Span(start, end), tuple(rows)), k


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
