"""Page layout into blocks, for the readers of laid-out pages: PDF text layers, OCR'd scans, OFD.

A reader makes each page's text lines and tables (``page_items``) and hands every page's
items to three stages, in order:

1. ``drop_furniture``: page numbers (``— 3 —``, ``- 3 -``, ``第3页``, ``3/34``) and
   running headers or footers that repeat on most pages are removed.
2. ``geometry``: the body's type size, margins and line gap, from the lines carrying most
   of the text.
3. ``blocks``: lines rejoined into paragraphs the way a reader sees them in a 公文 layout
   (``continues`` says whether a line goes on the one before): a paragraph's first line
   is indented about two characters, its other lines start at the left margin, and a line
   that stops short of the right margin ends it.  Centred lines of one size (a title that
   wraps) join; a change of font size or a wide vertical gap starts a new paragraph, and so
   does a line opening with an outline number (``一、``, ``(一)``, ``第一条``).  A table
   that goes on over the next page is stitched into one table: repeated header rows at the
   page tops are dropped (the first is kept, ``header=True``), and a row the page break
   split (its number cell empty) is joined back into the row it continues; a merged group
   cell whose own text wrapped over the break is joined into the group cell it continues.

Shapes.  Coordinates are points from the page's top left.  A line is a ``Line`` or any object
with its attributes (the OCR reader's).  An item is ``("line", top, Line)`` or
``("table", top, Table)``; a page's items are top to bottom and ``pages_items`` is a list of
``(page, items)`` where ``page`` has at least ``height`` (a ``pdfium_page.Page`` has it).

Tables are found from the ruling lines as pdfplumber finds them (``page_tables``).  Merged
cells come back as ``None``: one under a cell (vertical merge) becomes an empty cell meaning
"same as above", one beside it (horizontal merge) becomes the left cell's colspan.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from statistics import median
from typing import Callable

from .. import patterns as P
from .clean import clean
from .document import RawBlock, RawCell, RawRow
from .pdfium_page import Page, chars_outside, find_tables

PROSE_CELL = 200  # characters: a cell this long that holds nearly all of a table's text is running prose


def join_text(a: str, b: str) -> str:
    """Join two wrapped pieces of one paragraph or cell: Chinese joins with nothing,
    two Latin words with a space."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a + b
    if P.ASCII_WORD_END.search(a, len(a) - 1) and P.ASCII_WORD_START.match(b):  # the last character only
        return a + " " + b
    return a + b


def _squash(s: str | None) -> str:
    return P.WHITESPACE.sub("", s or "")


# ------------------------------------------------------------------ lines and tables


class Line:
    """A text line of page ``page``: ``text``, its box (``x0``, ``x1``, ``top``, ``bottom``), its
    type ``size`` (the median of its visible characters', else its height) and ``fonts``: its
    visible characters in runs of one font, (font name without subset prefix, their text) each
    (a run, not a pair per character: a line's few objects instead of one per character, which
    the garbage collector counts and scans).

    ``raw`` is a dict with ``text``, the box and ``chars`` (pdfplumber char dicts), as
    ``pdfium_page.text_lines`` makes them."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "fonts", "page")

    def __init__(self, raw: dict, page: int):
        chars = [c for c in raw.get("chars", ()) if c["text"].strip()]
        self.text = raw["text"]
        self.x0, self.x1, self.top, self.bottom = raw["x0"], raw["x1"], raw["top"], raw["bottom"]
        self.size = median([c["size"] for c in chars]) if chars else (self.bottom - self.top)
        self.fonts = [(_family(name), "".join(map(_TEXT, run))) for name, run in groupby(chars, key=_FONTNAME)]
        self.page = page


_TEXT, _FONTNAME = itemgetter("text"), itemgetter("fontname")


@lru_cache(maxsize=256)  # a document has a handful of fonts; bounded, since a batch reads many documents
def _family(fontname: str) -> str:
    """The font name as embedded without its subset tag (asked once per run of a line)."""
    return P.FONT_SUBSET_PREFIX.sub("", fontname)


@dataclass
class GridCell:
    """A cell of a table being laid out from its page pieces (its text grows when a row split over
    a page break is joined): ``vcont`` marks an empty cell under a vertical merge, "same as above"."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    vcont: bool = False


class Table:
    """One page's piece of a table: ``page``, ``top`` and ``grid``, rows of GridCells;
    ``ncols`` counts the grid columns of its widest row."""

    def __init__(self, page: int, top: float, grid: list[list[GridCell]]):
        self.page, self.top, self.grid = page, top, grid
        self.ncols = max((sum(c.colspan for c in row) for row in grid), default=0)


def page_tables(page: Page) -> list[tuple[tuple, Table]]:
    """(bbox, Table) for each ruled table of the page with at least two rows and two columns
    that is not a frame around running text; none for a page without ruling edges."""
    if not _could_rule_a_grid(page.edges):
        return []
    out = []
    for found in find_tables(page):
        rows = found.rows
        texts = [r.texts for r in rows]
        if len(rows) < 2 or max((len(r) for r in texts), default=0) < 2 or _frames_prose(texts):
            continue  # a framed box, a rule or a page frame, not a table: its text stays in the flow
        out.append((found.bbox, Table(page.page_number, found.bbox[1], _grid(rows, texts))))
    return out


def _could_rule_a_grid(edges) -> bool:
    """Whether the edges could draw a table of two rows and two columns: that takes three
    horizontal and three vertical lines, and a line is at least one edge (a page rule under
    the red header, a box round the 抄送 line or a signature's underline cannot)."""
    horizontal = sum(1 for e in edges if e["orientation"] == "h")
    return horizontal >= 3 and len(edges) - horizontal >= 3


def page_items(page: Page, make_lines: Callable[[list[dict]], list], tables=None) -> list[tuple]:
    """The page's items, top to bottom: ``make_lines(chars)`` over the characters outside its
    tables (their midpoints), and the tables (``page_tables(page)`` unless given)."""
    if tables is None:
        tables = page_tables(page)
    boxes = [t[0] for t in tables]
    chars = chars_outside(page.chars, boxes) if boxes else page.chars
    items = [("line", ln.top, ln) for ln in make_lines(chars)] + [("table", t[1].top, t[1]) for t in tables]
    items.sort(key=lambda it: it[1])
    return items


def _frames_prose(texts: list[list[str | None]]) -> bool:
    """A ruled box around running text (a web page printed by a browser draws its article in one):
    one cell holds nearly all the text and there is nothing of a table beside it."""
    sizes = sorted((len(t.strip()) for row in texts for t in row if t and t.strip()), reverse=True)
    return bool(sizes) and sizes[0] >= PROSE_CELL and sizes[0] >= 0.9 * sum(sizes)


def _grid(rows, texts) -> list[list[GridCell]]:
    """Cells with colspan/rowspan from the cell boxes; ``None`` under a cell becomes ''."""
    xs = sorted({round(c[0], 1) for r in rows for c in r.cells if c is not None})
    tops = sorted(r.bbox[1] for r in rows)

    def span(lo, hi, marks):  # how many of the sorted marks lie in [lo - 0.5, hi - 0.5)
        return max(1, bisect_left(marks, hi - 0.5) - bisect_left(marks, lo - 0.5))

    grid = []
    for i, (row, values) in enumerate(zip(rows, texts)):
        cells = []
        for j, box in enumerate(row.cells):
            if box is not None:
                text = values[j] if j < len(values) else ""
                cells.append(GridCell(_cell_text(text), span(box[0], box[2], xs), span(box[1], box[3], tops)))
                continue
            # covered from the left (horizontal merge) or from above (vertical merge)?
            left = next((c for c in reversed(row.cells[:j]) if c is not None), None)
            col_x = _column_x(rows, j)
            if left is not None and col_x is not None and left[2] > col_x + 0.5:
                continue
            cells.append(GridCell("", vcont=True))
        grid.append(cells)
    return grid


def _column_x(rows, j):
    for r in rows:
        if j < len(r.cells) and r.cells[j] is not None:
            return r.cells[j][0]
    return None


def _cell_text(text: str | None) -> str:
    out = ""
    for piece in (text or "").split("\n"):
        out = join_text(out, piece.strip())
    return out


# --------------------------------------------------------------- furniture


def drop_furniture(pages_items) -> None:
    """Remove page numbers and running headers/footers from ``pages_items``, in place: lines
    among a page's first two or last two, in its top or bottom eighth, that are a page
    number or whose text (digits aside) is at such a place on at least half of three or
    more pages."""

    def key(text):
        return P.DIGIT_RUN.sub("#", _squash(text))

    def in_margin(ln, height):
        return ln.top > height * 0.88 or ln.bottom < height * 0.12

    edge_counts: Counter = Counter()
    for page, items in pages_items:
        lines = [it[2] for it in items if it[0] == "line"]
        for ln in {id(x): x for x in lines[:2] + lines[-2:]}.values():
            if in_margin(ln, page.height):
                edge_counts[key(ln.text)] += 1
    n = len(pages_items)
    running = {k for k, v in edge_counts.items() if n >= 3 and v >= max(3, n * 0.5) and k}
    for page, items in pages_items:
        lines = [it for it in items if it[0] == "line"]
        edge = {id(it) for it in lines[:2] + lines[-2:]}
        height = page.height
        keep = []
        for it in items:
            if it[0] == "line" and id(it) in edge:
                ln = it[2]
                if in_margin(ln, height) and (P.PAGE_NUMBER.match(ln.text.strip()) or key(ln.text) in running):
                    continue
            keep.append(it)
        items[:] = keep


# --------------------------------------------------------- paragraphs, tables


class Geometry:
    """The body text's ``left`` and ``right`` margins, type ``size`` and line ``gap`` (points);
    ``size_tolerance``: how much two lines of one paragraph may differ in size, relative."""

    size_tolerance = 0.1

    def __init__(self, left, right, size, gap):
        self.left, self.right, self.size, self.gap = left, right, size, gap
        self.mid = (left + right) / 2


def geometry(lines: list[Line], tolerance: float = 0.1) -> Geometry:
    """Body size, margins and line gap, from the lines carrying most of the text; lines
    within ``tolerance`` of the body size (relative) are the body (OCR boxes vary more)."""
    if not lines:
        return Geometry(0, 1, 10, 5)
    weight: Counter = Counter()
    for ln in lines:
        weight[round(ln.size)] += len(ln.text)
    size = weight.most_common(1)[0][0]
    body = [ln for ln in lines if abs(ln.size - size) <= max(1, tolerance * size)] or lines
    x0s = sorted(ln.x0 for ln in body)
    x1s = sorted(ln.x1 for ln in body)
    left = x0s[int((len(x0s) - 1) * 0.1)]
    right = x1s[int((len(x1s) - 1) * 0.9)]
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:])
            if a.page == b.page and 0 <= b.top - a.bottom < 3 * size]
    gap = median(gaps) if gaps else size * 0.5
    g = Geometry(left, right, size, gap)
    g.size_tolerance = tolerance
    return g


def _centered(ln: Line, g: Geometry) -> bool:
    """Indented from both margins by more than a character, and about as much on each side."""
    return (ln.x0 > g.left + g.size and ln.x1 < g.right - g.size
            and abs((ln.x0 + ln.x1) / 2 - g.mid) < max(ln.size, g.size))


def _full(ln: Line, g: Geometry) -> bool:
    return ln.x1 >= g.right - 1.5 * ln.size


def continues(a: Line, b: Line, g: Geometry) -> bool:
    """Whether line ``b`` goes on the paragraph that line ``a`` (the line before it) is part of."""
    if abs(a.size - b.size) > max(1.5, g.size_tolerance * min(a.size, b.size)):
        return False
    if a.page == b.page and b.top - a.bottom > g.gap + 0.6 * max(a.size, b.size):
        return False
    if P.OUTLINE_NUMBER_START.match(b.text):
        return False
    if _centered(b, g):
        # a centred title that wraps: each line centred (the first may fill the measure)
        return (_centered(a, g) or (_full(a, g) and a.x0 < g.left + a.size)) and a.page == b.page
    if not _full(a, g) and not _first_word_too_wide(a, b, g):
        return False
    return b.x0 < g.left + 0.8 * b.size


def _first_word_too_wide(a: Line, b: Line, g: Geometry) -> bool:
    """Ragged-right Latin text: line ``a`` stops short only because ``b``'s first word
    would not have fitted after it (a Chinese line wraps anywhere: one character)."""
    m = P.LATIN_WORD.match(b.text.lstrip())
    if not m or len(b.text) == 0:
        return False
    per_char = (b.x1 - b.x0) / len(b.text)
    return (len(m.group(0)) + 1) * per_char > g.right - a.x1


def _hints(lines: list[Line], g: Geometry, text: str) -> dict:
    hints: dict = {}
    first = lines[0]
    if all(_centered(ln, g) or (_full(ln, g) and ln.x0 < g.left + ln.size) for ln in lines) \
            and any(_centered(ln, g) for ln in lines):
        hints["align"] = "center"
    elif len(lines) == 1 and first.x0 > g.mid and not _full(first, g):
        hints["align"] = "right"
    runs = [run for ln in lines for run in ln.fonts]
    if runs:
        # the first Chinese character's font: digits and brackets often come from a Latin font
        hints["font"] = next((f for f, text in runs if any(ord(ch) > 0x2E80 for ch in text)), runs[0][0])
        counts: Counter = Counter()
        for f, text in runs:
            counts[f] += len(text)
        main = counts.most_common(1)[0][0]
        first_main = next(k for k, (f, _text) in enumerate(runs) if f == main)
        prefix = "".join(text for _f, text in runs[:first_main])
        if len(prefix) > 1:
            # a run-in heading in its own font (bold 楷体 before the 仿宋 body)
            hints["bold_prefix"] = len(clean(prefix)[0])
    return hints


def blocks(items, g: Geometry) -> list[RawBlock]:
    """The document's raw blocks from every page's items in order: paragraphs (with their
    alignment, font and run-in heading hints, and the page breaks inside them) and tables
    (their page pieces stitched)."""
    out: list[RawBlock] = []
    para: list[Line] = []
    tables: list[list[Table]] = []  # each a run of page pieces of one table

    def flush():
        if para:
            text, breaks, page = "", [], para[0].page
            for ln in para:
                if text and ln.page != page:
                    breaks.append((len(text), ln.page))  # the paragraph goes on over a page break
                    page = ln.page
                text = join_text(text, ln.text)
            out.append(RawBlock("paragraph", text, hints=_hints(para, g, text), page=para[0].page,
                                page_breaks=breaks))
            para.clear()

    last = None  # the previous item kind, to stitch tables across pages
    for kind, _top, obj in items:
        if kind == "line":
            if para and not continues(para[-1], obj, g):
                flush()
            para.append(obj)
            last = "line"
            continue
        flush()
        if (last == "table" and tables and tables[-1][-1].page == obj.page - 1
                and tables[-1][-1].ncols == obj.ncols):
            tables[-1].append(obj)
        else:
            tables.append([obj])
            out.append(RawBlock("table", page=obj.page, hints={"_table": len(tables) - 1}))
        last = "table"
    flush()
    for block in out:
        if block.kind == "table":
            pieces = tables[block.hints.pop("_table")]
            block.rows = _stitch(pieces)
    return out


def _stitch(pieces: list[Table]) -> list[RawRow]:
    """One table from its page pieces: repeated headers dropped, split rows joined."""
    first = pieces[0].grid
    header_n = _header_rows(pieces)
    number_col = _number_column([r for p in pieces for r in p.grid[header_n:]])
    group_cols = {j for p in pieces for row in p.grid for j, c in _positions(row)
                  if c.vcont or c.rowspan > 1}

    rows: list[tuple[list[GridCell], bool, int]] = [(row, i < header_n, pieces[0].page)
                                                 for i, row in enumerate(first)]
    for piece in pieces[1:]:
        grid = piece.grid[header_n:] if _repeats_header(piece.grid, first, header_n) else piece.grid
        for i, row in enumerate(grid):
            if i == 0 and number_col is not None and _is_fragment(row, number_col) and rows:
                _join_fragment(rows, row, group_cols)
                continue
            rows.append((row, False, piece.page))
    return [RawRow([RawCell(c.text, c.colspan, c.rowspan) for c in row], header=h, page=page)
            for row, h, page in rows if row]


def _positions(row: list[dict]):
    """(grid column, cell) of a row's cells."""
    col = 0
    for c in row:
        yield col, c
        col += c.colspan


def _row_key(row: list[dict]) -> list[str]:
    return [_squash(c.text) for c in row]


def _repeats_header(grid, first, n) -> bool:
    return n > 0 and len(grid) >= n and all(_row_key(grid[i]) == _row_key(first[i]) for i in range(n))


def _header_rows(pieces: list[Table]) -> int:
    """How many leading rows are headers: those repeated at the top of later pieces, else
    a first row of short labels (no number, no long text)."""
    first = pieces[0].grid
    best = 0
    for n in range(1, min(4, len(first))):
        if any(_repeats_header(p.grid, first, n) for p in pieces[1:]):
            best = n
    if best:
        return best
    if len(first) > 1:
        texts = [_squash(c.text) for c in first[0] if c.text.strip()]
        if texts and all(len(t) <= 12 and not P.NUMBER_CELL.match(t) for t in texts):
            return 1
    return 0


def _number_column(rows: list[list[dict]]):
    """The grid column that holds a row number (序号) in most rows, if any."""
    counts: Counter = Counter()
    filled: Counter = Counter()
    for row in rows:
        for j, c in _positions(row):
            if c.text.strip():
                filled[j] += 1
                if P.NUMBER_CELL.match(c.text) and len(_squash(c.text)) <= 6:
                    counts[j] += 1
    best = [j for j, n in counts.items() if n >= 3 and n >= 0.6 * filled[j]]
    return min(best) if best else None


def _is_fragment(row: list[dict], number_col: int) -> bool:
    cells = dict(_positions(row))
    if number_col not in cells or cells[number_col].text.strip():
        return False
    return any(c.text.strip() for c in row)


def _join_fragment(rows, fragment: list[dict], group_cols: set) -> None:
    """Append each cell of a row split by a page break to the cell it continues: the
    previous row's cell, or for a merged group column the group cell above."""
    for j, cell in _positions(fragment):
        if not cell.text.strip():
            continue
        target = None
        for row, _h, _p in reversed(rows):
            cells = dict(_positions(row))
            if j in cells:
                if j not in group_cols or cells[j].text.strip():
                    target = cells[j]
                    break
        if target is not None:
            target.text = join_text(target.text, cell.text)
