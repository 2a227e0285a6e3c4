"""The bridge from pdfium (pypdfium2) to pdfplumber: the one module that touches either's internals.

pdfium parses the file (pdfminer's pure-Python parse of the content streams was nine
tenths of the reading time); pdfplumber's algorithms then run on what pdfium gives, put
in pdfplumber's shapes.  Checked against pdfplumber 0.11.10 and pypdfium2 5.15.2
(``setup.cfg`` pins ``pdfplumber>=0.11,<0.12`` and ``pypdfium2>=5,<6``);
``tests/read/test_pdf_adapter.py`` compares everything here with ``pdfplumber.open`` on
generated PDFs, so an upgrade that changes what is relied on fails there, by name.

The contract, in pdfplumber's units (points, origin at the top left of the page):

``Page`` is the page object pdfplumber's code is given.  ``pdfplumber.table.TableFinder(page)``
with its default settings (the "lines" strategy both ways) reads ``page.edges`` and nothing
else; ``page.bbox`` is there for explicit lines and ``page.chars`` for ``Table.extract()``,
which is never called (``find_tables`` fills the cells itself).  Of each table found, ``bbox``
and ``rows`` (``Row.bbox``, ``Row.cells``: ``(x0, top, x1, bottom)`` or ``None`` for a merged
cell) are read.  ``Page`` also carries ``page_number``, ``width``, ``height`` and ``images``
(how many images the page shows) for the readers; the OFD reader builds one from its XML.

A character is a dict with ``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``doctop`` (= ``top``:
pages are read one at a time), ``size``, ``fontname`` (subset prefix kept) and ``upright``.
Where it is not pdfminer's character, and the tests pin each difference:

- ``bottom`` is the baseline and ``top`` one ``size`` above it: pdfminer sets the same box
  lower by the font's descent, so pdfplumber's ``top`` and ``bottom`` are greater by
  ``-descent * size`` (0.207 em for Helvetica);
- ``x0``, ``x1`` are pdfium's loose box, the advance widened where the glyph's outline
  overhangs it (Helvetica's j and k, by under 0.025 em); pdfminer's is the advance;
- ``size`` is pdfium's, the ``Tf`` operand: not scaled by the text matrix or the CTM as
  pdfminer's is, so the two agree only at unit scale (a PDF setting ``1 Tf`` scaled by
  ``12 0 0 12 Tm`` has size 1 here, 12 in pdfplumber).  Above ``IMPLAUSIBLE_SIZE`` (WPS
  sets 12 pt as 240 ``Tf`` scaled by 0.05) the loose box's height is taken instead;
- a rotated character's box is pdfium's box across and the origin down, not pdfminer's
  (rotated words are pdfplumber's all the same: ``WordExtractor`` makes them);
- a ligature comes as its letters, each with the ligature's box (pdfminer: one ``ﬁ``,
  expanded by pdfplumber in words and lines, so the words are the same);
- white space: pdfium's inferred spaces and line breaks and control characters are left
  out, and of a run of spaces in the content pdfium keeps one (a word break either way).

An edge is a dict with ``object_type`` ("line"), ``orientation`` ("h" or "v"), ``x0``,
``x1``, ``top``, ``bottom``, ``width`` and ``height``: every horizontal or vertical straight
segment of a visible (stroked or filled) path, form XObjects included, as pdfplumber makes
edges from lines, rects and curves.

``words``, ``text_lines`` and ``cell_text`` return what pdfplumber's ``WordExtractor``,
``extract_text_lines(strip=True, return_chars=True)`` and ``extract_text`` return with their
default tolerances (3 pt), written out for upright text because pdfplumber's generic
versions were a fifth of the reading time; rotated text goes to ``WordExtractor`` itself.
``pdfplumber.utils.text.LIGATURES`` expands ligatures as pdfplumber does.

pypdfium2 and pdfplumber are imported where they are used: the OFD reader uses ``Page`` and
``find_tables`` without pypdfium2, and importing the package stays cheap.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import groupby

# pdfplumber's default word and line tolerances (points)
X_TOLERANCE = Y_TOLERANCE = 3
IMPLAUSIBLE_SIZE = 150  # points: no 公文 sets type this large (a red header is about 60); WPS reports such
# nominal sizes for text its matrix scales down (319 pt for 16 pt 仿宋)


class Page:
    """One page in pdfplumber's shapes: its characters and ruling edges (see the module's contract)."""

    def __init__(self, number: int, width: float, height: float, chars: list, edges: list, images: int):
        self.page_number, self.width, self.height = number, width, height
        self.bbox = (0, 0, width, height)
        self.chars, self.edges, self.images = chars, edges, images
        self.visible = 0  # characters other than white space, counted against the text limit


# ------------------------------------------------------------------ pdfium


class OpenError(Exception):
    """pdfium could not open the file; ``reason`` is "password" (a password is needed),
    "security" (an unsupported security handler) or None (damaged, or not a PDF)."""

    def __init__(self, message: str, reason: str | None):
        super().__init__(message)
        self.reason = reason


def require() -> None:
    """Raise ImportError when pypdfium2 or pdfplumber's table finder is missing."""
    import pypdfium2  # noqa: F401
    from pdfplumber.table import TableFinder  # noqa: F401


def open_document(data: bytes):
    """The pdfium document of ``data`` (``len()`` pages, ``close()`` when done); OpenError if
    pdfium cannot open it, even by rebuilding its cross-reference table."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        reason = {c.FPDF_ERR_PASSWORD: "password", c.FPDF_ERR_SECURITY: "security"}.get(code)
        raise OpenError(str(exc), reason) from None


class PdfiumPage:
    """Page ``index`` of a pdfium document: its size, text, characters, edges and images.

    ``text()`` comes first and is cheap, so that the caller can check the text limit before
    ``chars()`` builds a dict per character (about 500 bytes each).  ``close()`` when done."""

    def __init__(self, document, index: int):
        self._page = document[index]
        self._textpage = None
        try:
            self.width, self.height = self._page.get_size()
        except BaseException:
            self._page.close()
            raise

    def close(self) -> None:
        if self._textpage is not None:
            self._textpage.close()
            self._textpage = None
        self._page.close()

    def text(self) -> str:
        """The page's text layer, one character per pdfium character index (pdfium's inferred
        spaces and line breaks included)."""
        import pypdfium2.raw as c

        if self._textpage is None:
            self._textpage = self._page.get_textpage()
        tp = self._textpage.raw
        n = c.FPDFText_CountChars(tp)
        if n <= 0:
            return ""
        text = self._textpage.get_text_range(0, n)
        if len(text) != n:  # characters outside the BMP come back as two UTF-16 units
            text = "".join(chr(c.FPDFText_GetUnicode(tp, i)) for i in range(n))
        return text

    def chars(self, text: str) -> list[dict]:
        """The characters of ``text()`` as pdfplumber char dicts (see the module's contract).

        Font, size and angle are the same for every character of a text object, so they are
        asked once per object; the calls through ctypes are the cost here, so the per-character
        ones go through bare function pointers (no argument conversion) with their output
        structures passed by address."""
        import ctypes

        import pypdfium2.raw as c

        if not text:
            return []
        height = self.height
        tp = self._textpage.raw
        fn = _functions()
        tp_id = ctypes.cast(tp, ctypes.c_void_p).value
        text_object, loose_box, origin, generated = fn["object"], fn["box"], fn["origin"], fn["generated"]
        box = c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        box_at, ox_at, oy_at = ctypes.addressof(box), ctypes.addressof(ox), ctypes.addressof(oy)
        buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        objects: dict = {}
        out = []
        append = out.append
        for i, ch in enumerate(text):
            if ch < " " or (ch.isspace() and generated(tp_id, i) == 1):
                continue  # control characters; spaces and line breaks pdfium inferred from gaps
            key = text_object(tp_id, i)
            style = objects.get(key)
            loose_box(tp_id, i, box_at)
            if style is None:
                c.FPDFText_GetFontInfo(tp, i, buf, 256, flags)
                size, drawn = c.FPDFText_GetFontSize(tp, i), box.top - box.bottom
                if size > IMPLAUSIBLE_SIZE and drawn > 0:
                    size = drawn  # a nominal size the text matrix scales down (WPS): the glyphs' own height
                style = objects[key] = (size, buf.value.decode("utf-8", "replace"),
                                        abs(c.FPDFText_GetCharAngle(tp, i)) < 0.01)
            size, font, upright = style
            origin(tp_id, i, ox_at, oy_at)
            # the box of a pdfminer char: the advance width, one font size tall (up from the baseline)
            bottom = height - oy.value
            top = bottom - size
            append({"text": ch, "x0": box.left, "x1": box.right, "top": top, "bottom": bottom,
                    "doctop": top, "size": size, "fontname": font, "upright": upright})
        return out

    def edges_and_images(self) -> tuple[list[dict], int]:
        """Horizontal and vertical edges of the painted paths (ruling lines, cell borders),
        as pdfplumber makes them from lines, rects and curves; and the number of images."""
        import ctypes

        import pypdfium2.raw as c

        height = self.height
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

        walk(c.FPDFPage_CountObjects, c.FPDFPage_GetObject, self._page.raw, (1, 0, 0, 1, 0, 0))
        return edges, images


_FUNCTIONS: dict = {}


def _functions() -> dict:
    """pdfium's per-character calls as bare function pointers taking addresses as ints: the
    binding's own convert every argument (and return the text object as a ctypes pointer,
    which cannot be hashed by address, so it could not key the per-object cache)."""
    if not _FUNCTIONS:
        import ctypes

        import pypdfium2.raw as c

        def bare(fn, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)

        p, i = ctypes.c_void_p, ctypes.c_int
        _FUNCTIONS.update({"object": bare(c.FPDFText_GetTextObject, p, p, i),
                           "box": bare(c.FPDFText_GetLooseCharBox, i, p, i, p),
                           "origin": bare(c.FPDFText_GetCharOrigin, i, p, i, p, p),
                           "generated": bare(c.FPDFText_IsGenerated, i, p, i)})
    return _FUNCTIONS


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


# ------------------------------------------------------------------ pdfplumber


def _clusters(values, tolerance=Y_TOLERANCE) -> dict:
    """pdfplumber's ``make_cluster_dict``: each value to its cluster, sorted values chained
    while each is within ``tolerance`` of the one before."""
    out, cluster, last = {}, -1, None
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            cluster += 1
        out[v] = cluster
        last = v
    return out


def words(chars: list[dict]) -> list[tuple[str, float, list[dict]]]:
    """(text, top, characters) of each word, as pdfplumber's ``WordExtractor`` with its
    defaults makes them: chars in lines by top, each line by x0, split at blanks and at gaps
    over 3 pt."""
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
                    if (ch["x0"] < prev["x0"] or ch["x0"] > prev["x1"] + X_TOLERANCE
                            or abs(ch["top"] - prev["top"]) > Y_TOLERANCE):
                        out.append(word)
                        word = []
                word.append(ch)
            if word:
                out.append(word)
    return [w if isinstance(w, tuple) else
            ("".join(LIGATURES.get(ch["text"], ch["text"]) for ch in w), min(ch["top"] for ch in w), w)
            for w in out]


def text_lines(chars: list[dict]) -> list[dict]:
    """What pdfplumber's ``extract_text_lines(strip=True, return_chars=True)`` returns: words
    in lines by their top (in reading order), joined by a space, with their characters
    (``text``, ``chars``, ``x0``, ``top``, ``x1``, ``bottom``)."""
    from pdfplumber.utils.text import LIGATURES

    found = words(chars)
    cluster = _clusters(w[1] for w in found)
    out = []
    for _line, line in groupby(found, key=lambda w: cluster[w[1]]):
        line = list(line)
        # the text map holds a character once per letter it expands to
        line_chars = [ch for w in line for ch in w[2] for _ in LIGATURES.get(ch["text"], ch["text"])]
        out.append({"text": " ".join(w[0] for w in line), "chars": line_chars,
                    "x0": min(ch["x0"] for ch in line_chars), "top": min(ch["top"] for ch in line_chars),
                    "x1": max(ch["x1"] for ch in line_chars), "bottom": max(ch["bottom"] for ch in line_chars)})
    return out


def cell_text(chars: list[dict]) -> str:
    """What pdfplumber's ``extract_text(chars)`` returns: lines of words, sorted by top."""
    found = words(chars)
    cluster = _clusters(w[1] for w in found)
    lines: dict = {}
    for w in found:
        lines.setdefault(cluster[w[1]], []).append(w[0])
    return "\n".join(" ".join(lines[k]) for k in sorted(lines))


class RuledRow:
    """A row of a ruled table: ``bbox``, ``cells`` (each ``(x0, top, x1, bottom)`` or ``None``
    where a merged cell covers it) and ``texts`` (each cell's text, ``None`` where covered)."""

    __slots__ = ("bbox", "cells", "texts")

    def __init__(self, bbox, cells, texts):
        self.bbox, self.cells, self.texts = bbox, cells, texts


class RuledTable:
    """A table pdfplumber's ``TableFinder`` found from a page's ruling lines: ``bbox`` and ``rows``."""

    __slots__ = ("bbox", "rows")

    def __init__(self, bbox, rows: list[RuledRow]):
        self.bbox, self.rows = bbox, rows


def find_tables(page: Page) -> list[RuledTable]:
    """The ruled tables pdfplumber's ``TableFinder`` finds on the page, top to bottom as it
    finds them, with the text of each cell as ``Table.extract()`` gives it."""
    from pdfplumber.table import TableFinder

    out = []
    for table in TableFinder(page).tables:
        rows = table.rows
        texts = _extract(rows, table.bbox, page.chars)
        out.append(RuledTable(table.bbox, [RuledRow(r.bbox, list(r.cells), t) for r, t in zip(rows, texts)]))
    return out


def _extract(rows, bbox, chars: list[dict]) -> list[list[str | None]]:
    """What pdfplumber's ``Table.extract()`` returns (a character belongs to the cell holding
    its midpoint, half-open), without testing every character against every row and cell."""
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
            texts.append(cell_text([chars[k] for k in picked]) if picked else "")
        out.append(texts)
    return out
