"""PDF reader: the text layer; image-only (scanned) files go to OCR.

pdfium (pypdfium2) parses the file and gives each page's characters (with their
baseline, advance width, size and font) and painted paths; pdfplumber's own
algorithms then work on them in its shapes: words and lines, and the ruled-table
finder.  pdfminer's pure-Python parse of the content streams was nine tenths of
the time, and the results are the same.  A file pdfium cannot open gets a named
error (encrypted, damaged, no pages); one it opens only by rebuilding it gets a
warning; the page limit is checked before any page is read.

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

Tables come from pdfplumber's ``TableFinder`` over the ruling lines (ruled tables).  Merged cells come
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
from pathlib import Path
from statistics import median

from .. import patterns as P
from ..errors import DamagedPdfError, EmptyPdfError, EncryptedPdfError, LimitError, MissingDependencyError, ReadError
from ..limits import Limits
from ..model import Format, Warning
from .clean import clean
from .document import RawBlock, RawRow, assemble, check_paragraphs

# fewer visible characters than this on a page that shows an image: the page is a scan
# (scanner apps stamp a small watermark such as "扫描全能王 创建" in the text layer)
SCAN_CHARS_PER_PAGE = 30


def join_text(a: str, b: str) -> str:
    """Join two wrapped pieces of one paragraph or cell: Chinese joins with nothing,
    two Latin words with a space."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a + b
    if P.ASCII_WORD_END.search(a) and P.ASCII_WORD_START.match(b):
        return a + " " + b
    return a + b


def _squash(s: str | None) -> str:
    return P.WHITESPACE.sub("", s or "")


def read(path: Path, data: bytes, limits: Limits):
    """Read a PDF: its text layer, or OCR for an image-only scan."""
    try:
        import pypdfium2 as pdfium
        from pdfplumber.table import TableFinder  # noqa: F401 - the table finder and line grouping
    except ImportError as exc:
        raise MissingDependencyError(f"reading PDF needs pdfplumber and pypdfium2 ({exc})", str(path)) from None
    warnings = _damage_warnings(data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(exc, str(path), data) from None
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise EmptyPdfError("the PDF has no pages", str(path))
        limits.check("page count", n_pages, str(path))
        scanned, pages_items = [], []
        chars = lines = 0  # so far: the text limit is checked page by page, before a page's characters are kept
        for index in range(n_pages):
            page = _read_page(pdf, index, str(path), limits, chars)
            chars += page.visible
            scanned.append(_is_scanned_page(page))
            try:
                items = _page_items(page)
            except Exception as exc:  # noqa: BLE001
                raise ReadError(f"cannot read the PDF's text layer on page {index + 1} "
                                f"({type(exc).__name__}: {exc})", str(path)) from None
            pages_items.append((page, items))
            lines += len(items)
            check_paragraphs(lines, path, limits)
            page.chars = page.edges = ()  # keep only the lines and tables: memory stays per page
    finally:
        pdf.close()
    if sum(scanned) > n_pages / 2:
        from .ocr import read_scanned

        return read_scanned(path, data, n_pages, limits)
    warnings += [Warning("W-PDF-IMAGE-PAGE", f"page {n} is an image without a text layer; its text is missing")
                 for n, is_scan in enumerate(scanned, 1) if is_scan]
    try:
        raw = _text_layer(pages_items)
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"cannot read the PDF's text layer ({type(exc).__name__}: {exc})", str(path)) from None
    if not any(b.text.strip() or b.rows for b in raw):
        raise EmptyPdfError("the PDF has no readable text", str(path))
    return assemble(path, Format.PDF, data, raw, encoding=None, pages=n_pages, warnings=tuple(warnings),
                    limits=limits)


def _open_error(exc, path: str, data: bytes) -> ReadError:
    import pypdfium2.raw as pdfium_c

    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedPdfError("the PDF is encrypted (a password is needed)", path)
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedPdfError("the PDF uses an unsupported security handler", path)
    if b"%%EOF" not in data[-2048:]:
        return DamagedPdfError("the PDF is cut short (it has no end marker: saved or downloaded half-way?) "
                               "and cannot be repaired", path)
    if _declares_no_pages(data):
        # pdfium refuses a document whose page tree is empty
        return EmptyPdfError("the PDF has no pages", path)
    return DamagedPdfError(f"not a readable PDF, even after repair ({exc})", path)


def _declares_no_pages(data: bytes) -> bool:
    return (P.PDF_PAGES_TYPE.search(data) is not None and P.PDF_ZERO_COUNT.search(data) is not None
            and P.PDF_PAGE_TYPE.search(data) is None)


def _damage_warnings(data: bytes) -> list[Warning]:
    """Warnings for a file pdfium can still open by rebuilding it: no end marker (saved
    half-way), or a cross-reference table whose offsets do not point at their objects."""
    out = []
    tail = data[-2048:]
    if b"%%EOF" not in tail:
        out.append(Warning("W-PDF-TRUNCATED", "the PDF has no end marker (cut short?); pages or text may be missing"))
    found = list(P.PDF_STARTXREF.finditer(tail))
    if found and not _xref_ok(data, int(found[-1].group(1))):
        out.append(Warning("W-PDF-XREF", "the PDF's cross-reference table is damaged; it was rebuilt from the objects"))
    return out


def _xref_ok(data: bytes, at: int, sample: int = 8) -> bool:
    """Whether ``startxref`` points at an xref table (whose first entries point at their
    objects) or at an xref stream object."""
    head = data[at:at + 64]
    if P.PDF_OBJECT_HEADER.match(head):
        return True  # a cross-reference stream
    if not head.startswith(b"xref"):
        return False
    m = P.PDF_XREF_SECTION.match(data[at:at + 64])
    if not m:
        return False
    first, pos, checked = int(m.group(1)), at + m.end(), 0
    for k in range(min(int(m.group(2)), 200)):
        entry = P.PDF_XREF_ENTRY.match(data[pos + 20 * k:pos + 20 * k + 18])
        if entry is None:
            return False
        if entry.group(3) == b"n":
            offset, obj = int(entry.group(1)), first + k
            if not re.match(rb"\s*%d\s+%d\s+obj" % (obj, int(entry.group(2))), data[offset:offset + 32]):
                return False
            checked += 1
            if checked >= sample:
                break
    return True


def _is_scanned_page(page: "_Page") -> bool:
    visible = sum(1 for c in page.chars if c["text"].strip())
    return visible < SCAN_CHARS_PER_PAGE and page.images > 0


# ------------------------------------------------------------------ pass 1: items


class _Page:
    """One page as pdfium reads it, in pdfplumber's shapes (points, origin top left):
    characters and ruling edges, enough for pdfplumber's table finder and line grouping
    without pdfminer parsing the content streams again in Python."""

    def __init__(self, number: int, width: float, height: float, chars: list, edges: list, images: int):
        self.page_number, self.width, self.height = number, width, height
        self.bbox = (0, 0, width, height)
        self.chars, self.edges, self.images = chars, edges, images
        self.visible = 0  # characters other than white space, counted against the text limit


def _read_page(pdf, index: int, path: str, limits: Limits, before: int = 0) -> _Page:
    """Page ``index``; ``before`` characters were read on the pages before it."""
    try:
        page = pdf[index]
    except Exception as exc:  # noqa: BLE001 - pdfium fails on a page object it cannot parse
        raise DamagedPdfError(f"cannot read page {index + 1} ({type(exc).__name__}: {exc})", path) from None
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars, visible = _chars(textpage, height, limits, before, path)
        finally:
            textpage.close()
        edges, images = _edges_and_images(page, height)
        result = _Page(index + 1, width, height, chars, edges, images)
        result.visible = visible
        return result
    except LimitError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DamagedPdfError(f"cannot read page {index + 1} ({type(exc).__name__}: {exc})", path) from None
    finally:
        page.close()


_TEXT_OBJECT = None


def _text_object_id():
    """FPDFText_GetTextObject returning the handle as an int: a cheap key for per-object caching
    (the binding's own returns a ctypes pointer, which cannot be compared or hashed by address)."""
    global _TEXT_OBJECT
    if _TEXT_OBJECT is None:
        import ctypes

        import pypdfium2.raw as c

        address = ctypes.cast(c.FPDFText_GetTextObject, ctypes.c_void_p).value
        _TEXT_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address)
    return _TEXT_OBJECT


_BLANKS = " \r\n\t\u3000\xa0"  # white space pdfium gives: not counted against the text limit
IMPLAUSIBLE_SIZE = 150  # points: no 公文 sets type this large (a red header is about 60); WPS reports such
# nominal sizes for text its matrix scales down (319 pt for 16 pt 仿宋)


def _chars(textpage, height: float, limits: Limits, before: int = 0,
           path: str | None = None) -> tuple[list[dict], int]:
    """The page's characters as pdfplumber char dicts (pdfium's own spaces and line breaks left
    out), and how many of them are not white space.

    The text limit is checked first, with the ``before`` characters of the pages before: a
    dict per character is about 500 bytes, so one page of three million characters (11 KB
    of compressed content) would take 1.5 GB before the document's length were known.
    Font, size and angle are the same for every character of a text object, so they are
    asked once per object; pdfium calls through ctypes are the cost here."""
    import ctypes

    import pypdfium2.raw as c

    tp = textpage.raw
    n = c.FPDFText_CountChars(tp)
    if n <= 0:
        return [], 0
    text = textpage.get_text_range(0, n)
    visible = len(text) - sum(map(text.count, _BLANKS))
    limits.check("text length", before + visible, path)
    if len(text) != n:  # characters outside the BMP come back as two UTF-16 units
        text = "".join(chr(c.FPDFText_GetUnicode(tp, i)) for i in range(n))
    tp_id = ctypes.cast(tp, ctypes.c_void_p).value
    text_object = _text_object_id()
    box = c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    objects: dict = {}
    out = []
    for i, ch in enumerate(text):
        if ch < " " or (ch.isspace() and c.FPDFText_IsGenerated(tp, i) == 1):
            continue  # control characters; spaces and line breaks pdfium inferred from gaps
        key = text_object(tp_id, i)
        style = objects.get(key)
        c.FPDFText_GetLooseCharBox(tp, i, box)
        if style is None:
            c.FPDFText_GetFontInfo(tp, i, buf, 256, flags)
            size, drawn = c.FPDFText_GetFontSize(tp, i), box.top - box.bottom
            if size > IMPLAUSIBLE_SIZE and drawn > 0:
                size = drawn  # a nominal size the text matrix scales down (WPS): the glyphs' own height
            style = objects[key] = (size, buf.value.decode("utf-8", "replace"),
                                    abs(c.FPDFText_GetCharAngle(tp, i)) < 0.01)
        size, font, upright = style
        c.FPDFText_GetCharOrigin(tp, i, ox, oy)
        # the box of a pdfminer char: the advance width, one font size tall up from the baseline
        bottom = height - oy.value
        top = bottom - size
        out.append({"text": ch, "x0": box.left, "x1": box.right, "top": top, "bottom": bottom,
                    "doctop": top, "size": size, "fontname": font, "upright": upright})
    return out, visible


def _edges_and_images(page, height: float) -> tuple[list[dict], int]:
    """Horizontal and vertical edges of the painted paths (ruling lines, cell borders),
    as pdfplumber makes them from lines, rects and curves; and the number of images."""
    import ctypes

    import pypdfium2.raw as c

    edges: list[dict] = []
    images = 0
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    m = c.FS_MATRIX()

    def walk(count, get, parent, outer):
        nonlocal images
        for i in range(count(parent)):
            obj = get(parent, i)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind in (c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_FORM):
                c.FPDFPageObj_GetMatrix(obj, m)
                matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                if kind == c.FPDF_PAGEOBJ_FORM:
                    walk(c.FPDFFormObj_CountObjects, c.FPDFFormObj_GetObject, obj, matrix)
                    continue
                c.FPDFPath_GetDrawMode(obj, fill, stroke)
                if not fill.value and not stroke.value:
                    continue  # an invisible path draws no line
                edges.extend(_path_edges(obj, matrix, height, x, y))

    walk(c.FPDFPage_CountObjects, c.FPDFPage_GetObject, page.raw, (1, 0, 0, 1, 0, 0))
    return edges, images


def _compose(inner, outer):
    a, b, cc, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, cc * A + d * C, cc * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_edges(obj, matrix, height: float, x, y) -> list[dict]:
    import pypdfium2.raw as c

    a, b, cc, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    for i in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, i)
        c.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = x.value, y.value
        point = (round(a * px + cc * py + e, 3), round(height - (b * px + d * py + f), 3))
        if c.FPDFPathSegment_GetType(seg) == c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if c.FPDFPathSegment_GetClose(seg) and subpaths[-1][0] != point:
            subpaths[-1].append(subpaths[-1][0])
    out = []
    for pts in subpaths:
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if y0 == y1 and x0 != x1:
                orientation = "h"
            elif x0 == x1 and y0 != y1:
                orientation = "v"
            else:
                continue  # a diagonal or a point is no ruling line
            out.append({"object_type": "line", "orientation": orientation,
                        "x0": min(x0, x1), "x1": max(x0, x1), "top": min(y0, y1), "bottom": max(y0, y1),
                        "width": abs(x1 - x0), "height": abs(y1 - y0)})
    return out


class _Line:
    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "fonts", "page")

    def __init__(self, raw: dict, page: int):
        chars = [c for c in raw.get("chars", ()) if c.get("text", "").strip()]
        self.text = raw["text"]
        self.x0, self.x1, self.top, self.bottom = raw["x0"], raw["x1"], raw["top"], raw["bottom"]
        self.size = median(c["size"] for c in chars) if chars else (self.bottom - self.top)
        self.fonts = [(c["text"], P.FONT_SUBSET_PREFIX.sub("", c.get("fontname", ""))) for c in chars]
        self.page = page


class _Table:
    def __init__(self, page: int, top: float, grid: list[list[dict]]):
        self.page, self.top, self.grid = page, top, grid
        self.ncols = max((sum(c["colspan"] for c in row) for row in grid), default=0)


# pdfplumber's default word and line tolerances (points)
_X_TOLERANCE = _Y_TOLERANCE = 3


def _clusters(values, tolerance=_Y_TOLERANCE) -> dict:
    """pdfplumber's ``make_cluster_dict``: each value to its cluster, sorted values chained
    while each is within ``tolerance`` of the one before."""
    out, cluster, last = {}, -1, None
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            cluster += 1
        out[v] = cluster
        last = v
    return out


def _words(chars: list[dict]) -> list[tuple[str, float, list[dict]]]:
    """(text, top, characters) of each word, exactly as pdfplumber's ``WordExtractor`` with its
    defaults makes them (chars in lines by top, each line by x0, split at blanks and gaps over
    3 pt); written out because its generic version was a fifth of the reading time."""
    from itertools import groupby

    from pdfplumber.utils.text import LIGATURES, WordExtractor

    out = []
    for upright, run in groupby(chars, key=lambda ch: ch["upright"]):
        run = list(run)
        if not upright:  # rotated text: pdfplumber's own way (rare)
            out += [(w["text"], w["top"], wc) for w, wc in WordExtractor().iter_extract_tuples(run)]
            continue
        cluster = _clusters(ch["top"] for ch in run)
        run.sort(key=lambda ch: cluster[ch["top"]])
        for _line, line_chars in groupby(run, key=lambda ch: cluster[ch["top"]]):
            word: list[dict] = []
            for ch in sorted(line_chars, key=lambda ch: ch["x0"]):
                if ch["text"].isspace():
                    if word:
                        out.append(word)
                    word = []
                    continue
                if word:
                    prev = word[-1]
                    if (ch["x0"] < prev["x0"] or ch["x0"] > prev["x1"] + _X_TOLERANCE
                            or abs(ch["top"] - prev["top"]) > _Y_TOLERANCE):
                        out.append(word)
                        word = []
                word.append(ch)
            if word:
                out.append(word)
    return [w if isinstance(w, tuple) else
            ("".join(LIGATURES.get(ch["text"], ch["text"]) for ch in w), min(ch["top"] for ch in w), w)
            for w in out]


def _text_lines(chars: list[dict]) -> list[dict]:
    """What pdfplumber's ``extract_text_lines(strip=True, return_chars=True)`` returns: words
    in lines by their top (in reading order), joined by a space, with their characters."""
    from itertools import groupby

    from pdfplumber.utils.text import LIGATURES

    words = _words(chars)
    cluster = _clusters(w[1] for w in words)
    out = []
    for _line, line in groupby(words, key=lambda w: cluster[w[1]]):
        line = list(line)
        # the text map holds a character once per letter it expands to
        line_chars = [ch for w in line for ch in w[2] for _ in LIGATURES.get(ch["text"], ch["text"])]
        out.append({"text": " ".join(w[0] for w in line), "chars": line_chars,
                    "x0": min(ch["x0"] for ch in line_chars), "top": min(ch["top"] for ch in line_chars),
                    "x1": max(ch["x1"] for ch in line_chars), "bottom": max(ch["bottom"] for ch in line_chars)})
    return out


def _cell_text_raw(chars: list[dict]) -> str:
    """What pdfplumber's ``extract_text(chars)`` returns: lines of words, sorted by top."""
    words = _words(chars)
    cluster = _clusters(w[1] for w in words)
    lines: dict = {}
    for w in words:
        lines.setdefault(cluster[w[1]], []).append(w[0])
    return "\n".join(" ".join(lines[k]) for k in sorted(lines))


def _page_items(page: _Page) -> list[tuple]:
    """The page's text lines outside its ruled tables, and the tables, top to bottom."""
    number = page.page_number
    tables = _page_tables(page, number) if page.edges else []
    boxes = [t[0] for t in tables]

    def outside(obj):
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    chars = [ch for ch in page.chars if outside(ch)] if boxes else page.chars
    lines = [_Line(raw, number) for raw in _text_lines(chars) if raw["text"].strip()]
    items = [("line", ln.top, ln) for ln in lines] + [("table", t[1].top, t[1]) for t in tables]
    items.sort(key=lambda it: it[1])
    return items


def _text_layer(pages_items) -> list[RawBlock]:
    _drop_furniture(pages_items)
    items = [it for _, page_items in pages_items for it in page_items]
    geometry = _geometry([it[2] for it in items if it[0] == "line"])
    return _blocks(items, geometry)


def _page_tables(page: _Page, number: int):
    """(bbox, _Table) for each ruled table of the page with at least two rows and two columns."""
    from pdfplumber.table import TableFinder

    out = []
    for table in TableFinder(page).tables:
        rows = table.rows
        texts = _extract(rows, table.bbox, page.chars)
        if len(rows) < 2 or max((len(r) for r in texts), default=0) < 2 or _frames_prose(texts):
            continue  # a framed box, a rule or a page frame, not a table: its text stays in the flow
        out.append((table.bbox, _Table(number, table.bbox[1], _grid(rows, texts))))
    return out


PROSE_CELL = 200  # characters: a cell this long that holds nearly all of a table's text is running prose


def _frames_prose(texts: list[list[str | None]]) -> bool:
    """A ruled box around running text (a web page printed by a browser draws its article in one):
    one cell holds nearly all the text and there is nothing of a table beside it."""
    sizes = sorted((len(t.strip()) for row in texts for t in row if t and t.strip()), reverse=True)
    return bool(sizes) and sizes[0] >= PROSE_CELL and sizes[0] >= 0.9 * sum(sizes)


def _extract(rows, bbox, chars: list[dict]) -> list[list[str | None]]:
    """What pdfplumber's ``Table.extract()`` returns (a character belongs to the cell holding
    its midpoint, half-open), without testing every character against every row and cell."""
    from bisect import bisect_left

    x0, top, x1, bottom = bbox
    inside = []
    for k, ch in enumerate(chars):
        h, v = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if x0 <= h < x1 and top <= v < bottom:
            inside.append((v, h, k))
    inside.sort()
    vs = [it[0] for it in inside]
    out = []
    for row in rows:
        texts = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            lo, hi = bisect_left(vs, ctop), bisect_left(vs, cbottom)
            picked = sorted(k for _v, h, k in inside[lo:hi] if cx0 <= h < cx1)
            texts.append(_cell_text_raw([chars[k] for k in picked]) if picked else "")
        out.append(texts)
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
    if P.OUTLINE_NUMBER_START.match(b.text):
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
    m = P.LATIN_WORD.match(b.text.lstrip())
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
            text, breaks, page = "", [], para[0].page
            for ln in para:
                if text and ln.page != page:
                    breaks.append((len(text), ln.page))  # the paragraph goes on over a page break
                    page = ln.page
                text = join_text(text, ln.text)
            blocks.append(RawBlock("paragraph", text, hints=_hints(para, g, text), page=para[0].page,
                                   page_breaks=breaks))
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
        if texts and all(len(t) <= 12 and not P.NUMBER_CELL.match(t) for t in texts):
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
                if P.NUMBER_CELL.match(c["text"]) and len(_squash(c["text"])) <= 6:
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
