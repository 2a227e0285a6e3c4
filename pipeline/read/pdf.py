"""PDF reader: the text layer with pdfplumber; image-only (scanned) files go to OCR.

Per page the text lines outside ruled tables are read top to bottom and the
page furniture is dropped: page numbers (``— 3 —``, ``- 3 -``, ``第3页``,
``3/34``) and running headers or footers that repeat on most pages.  Lines
are then rejoined into paragraphs from their geometry, the way a reader sees
them in a 公文 layout: a paragraph's first line is indented about two
characters, its other lines start at the left margin, and a line that stops
short of the right margin ends it.  Centred lines of one size (a title that
wraps) join; a change of font size or a wide vertical gap starts a new
paragraph, and so does a line opening with an outline number (``一、``,
``(一)``, ``第一条``).

Tables come from ``page.find_tables()`` (ruled tables).  Merged cells come
back as ``None``: one under a cell (vertical merge) becomes an empty cell
meaning "same as above", one beside it (horizontal merge) becomes the left
cell's colspan.  A table that goes on over the next page is stitched into one
table: repeated header rows at the page tops are dropped (the first is kept,
``header=True``), and a row the page break split (its number cell empty) is
joined back into the row it continues; a merged group cell whose own text
wrapped over the break is joined into the group cell it continues.
"""
from __future__ import annotations

import re
from collections import Counter
from io import BytesIO
from pathlib import Path
from statistics import median

from ..errors import MissingDependencyError, ReadError
from ..model import Format, Warning
from .clean import clean
from .document import RawBlock, RawRow, assemble

# fewer visible characters than this on a page that shows an image: the page is a scan
# (scanner apps stamp a small watermark such as "扫描全能王 创建" in the text layer)
SCAN_CHARS_PER_PAGE = 30

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―~·\s]*\d{1,4}[-—–－―~·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
# a line that opens with an outline number starts a paragraph even after a full line
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十百]+[)）]"
    r"|第[一二三四五六七八九十百零〇]+[章节条]|\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]|附件\s*\d*[:：])"
)
_NUMBER_CELL = re.compile(r"^\s*(?:\d{1,4}|[一二三四五六七八九十百]+|[(（]?[一二三四五六七八九十\d]+[)）.、]?)\s*$")
_ASCII_WORD_END = re.compile(r"[A-Za-z]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z]")
_SUBSET = re.compile(r"^[A-Z]{6}\+")


def join_text(a: str, b: str) -> str:
    """Join two wrapped pieces of one paragraph or cell: Chinese joins with nothing,
    two Latin words with a space."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a + b
    if _ASCII_WORD_END.search(a) and _ASCII_WORD_START.match(b):
        return a + " " + b
    return a + b


def _squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def read(path: Path, data: bytes):
    """Read a PDF: its text layer, or OCR for an image-only scan."""
    try:
        import pdfplumber
    except ImportError as exc:
        raise MissingDependencyError(f"reading PDF needs pdfplumber ({exc})", str(path)) from None
    try:
        pdf = pdfplumber.open(BytesIO(data))
        n_pages = len(pdf.pages)
    except Exception as exc:  # noqa: BLE001 - damaged or encrypted files fail inside pdfminer
        raise ReadError(_open_error(exc), str(path)) from None
    if n_pages == 0:
        raise ReadError("the PDF has no pages", str(path))
    try:
        with pdf:
            scanned = [_is_scanned_page(p) for p in pdf.pages]
            if sum(scanned) > n_pages / 2:
                from .ocr import read_scanned

                return read_scanned(path, data, n_pages)
            raw, warnings = _read_text_layer(pdf, scanned)
    except (ReadError, MissingDependencyError):
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"cannot read the PDF's text layer ({type(exc).__name__}: {exc})", str(path)) from None
    if not any(b.text.strip() or b.rows for b in raw):
        raise ReadError("the PDF has no readable text", str(path))
    return assemble(path, Format.PDF, data, raw, encoding=None, pages=n_pages, warnings=tuple(warnings))


def _open_error(exc: Exception) -> str:
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return "the PDF is encrypted (a password is needed)"
    return f"not a readable PDF ({name}: {exc})"


def _is_scanned_page(page) -> bool:
    visible = sum(1 for c in page.chars if c.get("text", "").strip())
    return visible < SCAN_CHARS_PER_PAGE and bool(page.images)


# ------------------------------------------------------------------ pass 1: items


class _Line:
    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "fonts", "page")

    def __init__(self, raw: dict, page: int):
        chars = [c for c in raw.get("chars", ()) if c.get("text", "").strip()]
        self.text = raw["text"]
        self.x0, self.x1, self.top, self.bottom = raw["x0"], raw["x1"], raw["top"], raw["bottom"]
        self.size = median(c["size"] for c in chars) if chars else (self.bottom - self.top)
        self.fonts = [(c["text"], _SUBSET.sub("", c.get("fontname", ""))) for c in chars]
        self.page = page


class _Table:
    def __init__(self, page: int, top: float, grid: list[list[dict]]):
        self.page, self.top, self.grid = page, top, grid
        self.ncols = max((sum(c["colspan"] for c in row) for row in grid), default=0)


def _read_text_layer(pdf, scanned: list[bool]):
    warnings: list[Warning] = []
    pages_items = []
    for number, page in enumerate(pdf.pages, 1):
        if scanned[number - 1]:
            warnings.append(Warning("W-PDF-IMAGE-PAGE",
                                    f"page {number} is an image without a text layer; its text is missing"))
        tables = _page_tables(page, number) if (page.rects or page.lines or page.curves) else []
        boxes = [t[0] for t in tables]

        def outside(obj, boxes=boxes):
            if obj.get("object_type") != "char":
                return True
            cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
            return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

        text_page = page.filter(outside) if boxes else page
        lines = [_Line(raw, number) for raw in text_page.extract_text_lines(return_chars=True, strip=True)
                 if raw["text"].strip()]
        items = [("line", ln.top, ln) for ln in lines] + [("table", t[1].top, t[1]) for t in tables]
        items.sort(key=lambda it: it[1])
        pages_items.append((page, items))
    _drop_furniture(pages_items)
    items = [it for _, page_items in pages_items for it in page_items]
    geometry = _geometry([it[2] for it in items if it[0] == "line"])
    return _blocks(items, geometry), warnings


def _page_tables(page, number: int):
    """(bbox, _Table) for each ruled table of the page with at least two rows and two columns."""
    out = []
    for table in page.find_tables():
        texts = table.extract()
        rows = table.rows
        if len(rows) < 2 or max((len(r) for r in texts), default=0) < 2:
            continue  # a framed box or a rule, not a table: its text stays in the flow
        out.append((table.bbox, _Table(number, table.bbox[1], _grid(rows, texts))))
    return out


def _grid(rows, texts) -> list[list[dict]]:
    """Cells with colspan/rowspan from the cell boxes; ``None`` under a cell becomes ''."""
    xs = sorted({round(c[0], 1) for r in rows for c in r.cells if c is not None})
    tops = [r.bbox[1] for r in rows]

    def span(lo, hi, marks):
        return max(1, sum(1 for m in marks if lo - 0.5 <= m < hi - 0.5))

    grid = []
    for i, (row, values) in enumerate(zip(rows, texts)):
        cells = []
        for j, box in enumerate(row.cells):
            if box is not None:
                text = values[j] if j < len(values) else ""
                cells.append({"text": _cell_text(text), "colspan": span(box[0], box[2], xs),
                              "rowspan": span(box[1], box[3], tops), "vcont": False})
                continue
            # covered from the left (horizontal merge) or from above (vertical merge)?
            left = next((c for c in reversed(row.cells[:j]) if c is not None), None)
            col_x = _column_x(rows, j)
            if left is not None and col_x is not None and left[2] > col_x + 0.5:
                continue
            cells.append({"text": "", "colspan": 1, "rowspan": 1, "vcont": True})
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


# --------------------------------------------------------------- pass 2: furniture


def _drop_furniture(pages_items) -> None:
    """Remove page numbers and running headers/footers, in place."""

    def key(text):
        return re.sub(r"\d+", "#", _squash(text))

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
                if in_margin(ln, height) and (_PAGE_NUMBER.match(ln.text.strip()) or key(ln.text) in running):
                    continue
            keep.append(it)
        items[:] = keep


# --------------------------------------------------------- pass 3: paragraphs, tables


class _Geometry:
    # how much two lines of one paragraph may differ in size, relative (OCR boxes vary)
    size_tolerance = 0.1

    def __init__(self, left, right, size, gap):
        self.left, self.right, self.size, self.gap = left, right, size, gap
        self.mid = (left + right) / 2


def _geometry(lines: list[_Line], tolerance: float = 0.1) -> _Geometry:
    """Body size, margins and line gap, from the lines carrying most of the text."""
    if not lines:
        return _Geometry(0, 1, 10, 5)
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
    g = _Geometry(left, right, size, gap)
    g.size_tolerance = tolerance
    return g


def _centered(ln: _Line, g: _Geometry) -> bool:
    """Indented from both margins by more than a character, and about as much on each side."""
    return (ln.x0 > g.left + g.size and ln.x1 < g.right - g.size
            and abs((ln.x0 + ln.x1) / 2 - g.mid) < max(ln.size, g.size))


def _full(ln: _Line, g: _Geometry) -> bool:
    return ln.x1 >= g.right - 1.5 * ln.size


def _continues(a: _Line, b: _Line, g: _Geometry) -> bool:
    """Whether line ``b`` goes on the paragraph that line ``a`` is part of."""
    if abs(a.size - b.size) > max(1.5, g.size_tolerance * min(a.size, b.size)):
        return False
    if a.page == b.page and b.top - a.bottom > g.gap + 0.6 * max(a.size, b.size):
        return False
    if _HEADING.match(b.text):
        return False
    if _centered(b, g):
        # a centred title that wraps: each line centred (the first may fill the measure)
        return (_centered(a, g) or (_full(a, g) and a.x0 < g.left + a.size)) and a.page == b.page
    if not _full(a, g) and not _first_word_too_wide(a, b, g):
        return False
    return b.x0 < g.left + 0.8 * b.size


def _first_word_too_wide(a: _Line, b: _Line, g: _Geometry) -> bool:
    """Ragged-right Latin text: line ``a`` stops short only because ``b``'s first word
    would not have fitted after it (a Chinese line wraps anywhere: one character)."""
    m = re.match(r"[A-Za-z0-9'’\-]+", b.text.lstrip())
    if not m or len(b.text) == 0:
        return False
    per_char = (b.x1 - b.x0) / len(b.text)
    return (len(m.group(0)) + 1) * per_char > g.right - a.x1


def _hints(lines: list[_Line], g: _Geometry, text: str) -> dict:
    hints: dict = {}
    first = lines[0]
    if all(_centered(ln, g) or (_full(ln, g) and ln.x0 < g.left + ln.size) for ln in lines) \
            and any(_centered(ln, g) for ln in lines):
        hints["align"] = "center"
    elif len(lines) == 1 and first.x0 > g.mid and not _full(first, g):
        hints["align"] = "right"
    fonts = [f for ln in lines for f in ln.fonts]
    if fonts:
        # the first Chinese character's font: digits and brackets often come from a Latin font
        hints["font"] = next((f for ch, f in fonts if ord(ch[0]) > 0x2E80), fonts[0][1])
        main = Counter(f for _, f in fonts).most_common(1)[0][0]
        lead = 0
        while lead < len(fonts) and fonts[lead][1] != main:
            lead += 1
        if 1 < lead < len(fonts) and fonts[0][1] != main:
            # a run-in heading in its own font (bold 楷体 before the 仿宋 body)
            prefix = "".join(ch for ch, _ in fonts[:lead])
            hints["bold_prefix"] = len(clean(prefix)[0])
    return hints


def _blocks(items, g: _Geometry) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    para: list[_Line] = []
    tables: list[list[_Table]] = []  # each a run of page pieces of one table

    def flush():
        if para:
            text = ""
            for ln in para:
                text = join_text(text, ln.text)
            blocks.append(RawBlock("paragraph", text, hints=_hints(para, g, text), page=para[0].page))
            para.clear()

    last = None  # the previous item kind, to stitch tables across pages
    for kind, _top, obj in items:
        if kind == "line":
            if para and not _continues(para[-1], obj, g):
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
            blocks.append(RawBlock("table", page=obj.page, hints={"_table": len(tables) - 1}))
        last = "table"
    flush()
    for block in blocks:
        if block.kind == "table":
            pieces = tables[block.hints.pop("_table")]
            block.rows = _stitch(pieces)
    return blocks


def _stitch(pieces: list[_Table]) -> list[RawRow]:
    """One table from its page pieces: repeated headers dropped, split rows joined."""
    first = pieces[0].grid
    header_n = _header_rows(pieces)
    number_col = _number_column([r for p in pieces for r in p.grid[header_n:]])
    group_cols = {j for p in pieces for row in p.grid for j, c in _positions(row)
                  if c["vcont"] or c["rowspan"] > 1}

    rows: list[tuple[list[dict], bool, int]] = [(row, i < header_n, pieces[0].page)
                                                 for i, row in enumerate(first)]
    for piece in pieces[1:]:
        grid = piece.grid[header_n:] if _repeats_header(piece.grid, first, header_n) else piece.grid
        for i, row in enumerate(grid):
            if i == 0 and number_col is not None and _is_fragment(row, number_col) and rows:
                _join_fragment(rows, row, group_cols)
                continue
            rows.append((row, False, piece.page))
    return [RawRow([(c["text"], c["colspan"], c["rowspan"]) for c in row], header=h, page=page)
            for row, h, page in rows if row]


def _positions(row: list[dict]):
    """(grid column, cell) of a row's cells."""
    col = 0
    for c in row:
        yield col, c
        col += c["colspan"]


def _row_key(row: list[dict]) -> list[str]:
    return [_squash(c["text"]) for c in row]


def _repeats_header(grid, first, n) -> bool:
    return n > 0 and len(grid) >= n and all(_row_key(grid[i]) == _row_key(first[i]) for i in range(n))


def _header_rows(pieces: list[_Table]) -> int:
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
        texts = [_squash(c["text"]) for c in first[0] if c["text"].strip()]
        if texts and all(len(t) <= 12 and not _NUMBER_CELL.match(t) for t in texts):
            return 1
    return 0


def _number_column(rows: list[list[dict]]):
    """The grid column that holds a row number (序号) in most rows, if any."""
    counts: Counter = Counter()
    filled: Counter = Counter()
    for row in rows:
        for j, c in _positions(row):
            if c["text"].strip():
                filled[j] += 1
                if _NUMBER_CELL.match(c["text"]) and len(_squash(c["text"])) <= 6:
                    counts[j] += 1
    best = [j for j, n in counts.items() if n >= 3 and n >= 0.6 * filled[j]]
    return min(best) if best else None


def _is_fragment(row: list[dict], number_col: int) -> bool:
    cells = dict(_positions(row))
    if number_col not in cells or cells[number_col]["text"].strip():
        return False
    return any(c["text"].strip() for c in row)


def _join_fragment(rows, fragment: list[dict], group_cols: set) -> None:
    """Append each cell of a row split by a page break to the cell it continues: the
    previous row's cell, or for a merged group column the group cell above."""
    for j, cell in _positions(fragment):
        if not cell["text"].strip():
            continue
        target = None
        for row, _h, _p in reversed(rows):
            cells = dict(_positions(row))
            if j in cells:
                if j not in group_cols or cells[j]["text"].strip():
                    target = cells[j]
                    break
        if target is not None:
            target["text"] = join_text(target["text"], cell["text"])
