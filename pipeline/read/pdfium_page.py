"""The bridge from pdfium (pypdfium2) to pdfplumber: the one module that touches either's internals.

pdfium parses the file (pdfminer's pure-Python parse of the content streams was nine
tenths of the reading time); pdfplumber's algorithms then run on what pdfium gives, put
in pdfplumber's shapes.  Checked against pdfplumber 0.11.10 and pypdfium2 5.15.2
(``setup.cfg`` pins ``pdfplumber>=0.11,<0.12`` and ``pypdfium2>=5,<6``);
``tests/read/test_pdf_adapter.py`` compares everything here with ``pdfplumber.open`` on
generated PDFs, so an upgrade that changes what is relied on fails there, by name.

The contract, in pdfplumber's units (points, origin at the top left of the page):

``Page`` is the page object pdfplumber's code is given, and ours.  ``find_tables`` finds what
``pdfplumber.table.TableFinder(page)`` finds with its default settings (the "lines" strategy
both ways, which reads ``page.edges`` and nothing else), its steps written out here for speed;
the tests hold both equal, table by table, row by row (``bbox``; ``Row.bbox``, ``Row.cells``:
``(x0, top, x1, bottom)`` or ``None`` for a merged cell), and the cell texts equal to
``Table.extract()``.  ``Page`` also carries ``bbox``, ``page_number``, ``width``, ``height``
and ``images`` (how many images the page shows) for the readers; the OFD reader builds one
from its XML.

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
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

# pdfplumber's default word and line tolerances (points)
X_TOLERANCE = Y_TOLERANCE = 3
STYLE_SAMPLE = 64  # characters read per object before deciding how to ask their style (see ``chars``)
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
    """Raise ImportError when pypdfium2 or pdfplumber's word grouping is missing."""
    import pypdfium2  # noqa: F401
    from pdfplumber.utils.text import WordExtractor  # noqa: F401


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

        The calls through ctypes are the cost here (each about a quarter of a microsecond, the
        floor: pdfium has no call that gives many characters at once), so there are as few as
        the answer allows.  Font, size and angle are the same for every character of a text
        object: where objects hold several characters they are asked once per object; where
        nearly every character is its own object (most 公文 PDFs: a positioned run per glyph)
        asking which object a character is in would cost a call more than asking its style.
        An upright character's box starts at its origin (a rotation of more than a thousandth of
        a radian moves a corner further left), so the angle is asked only of one that does not
        (a rotated one, or one in a font whose metrics pdfium cannot use: its box is the ink's)."""
        if not text:
            return []
        import ctypes

        import pypdfium2.raw as c

        height = self.height
        tp = ctypes.c_void_p(ctypes.cast(self._textpage.raw, ctypes.c_void_p).value)
        loops = native_loops()
        if loops is not None:  # the same loop in C (pdfium_loops.c), where it was built
            return loops.chars(tp.value, text, height, IMPLAUSIBLE_SIZE, _addresses("chars"))
        fn = _functions()
        text_object, loose_box, origin, generated = fn["object"], fn["box"], fn["origin"], fn["generated"]
        font_info, font_size, angle = fn["font"], fn["size"], fn["angle"]
        box, xy, buf = c.FS_RECTF(), (ctypes.c_double * 2)(), ctypes.create_string_buffer(256)
        box_at, x_at, y_at = (ctypes.c_void_p(ctypes.addressof(box)), ctypes.c_void_p(ctypes.addressof(xy)),
                              ctypes.c_void_p(ctypes.addressof(xy) + ctypes.sizeof(ctypes.c_double)))
        no_flags = ctypes.c_void_p()

        def style(i: int) -> tuple:
            """(size, font name, upright) of character ``i``, its box and origin just read."""
            font_info(tp, i, buf, 256, no_flags)
            size, drawn = font_size(tp, i), box.top - box.bottom
            if size > IMPLAUSIBLE_SIZE and drawn > 0:
                size = drawn  # a nominal size the text matrix scales down (WPS): the glyphs' own height
            if abs(box.left - xy[0]) < 0.001:
                return size, buf.value.decode("utf-8", "replace"), True
            asked["angle"] += 1
            return size, buf.value.decode("utf-8", "replace"), abs(angle(tp, i)) < 0.01

        objects: dict = {}
        by_object, seen, asked = True, 0, {"angle": 0}
        out = []
        append = out.append
        for i, ch in enumerate(text):
            if ch < " " or (ch.isspace() and generated(tp, i) == 1):
                continue  # control characters; spaces and line breaks pdfium inferred from gaps
            loose_box(tp, i, box_at)
            origin(tp, i, x_at, y_at)
            if by_object:
                key = text_object(tp, i)
                size, font, upright = objects.get(key) or objects.setdefault(key, style(i))
                seen += 1
                if seen == STYLE_SAMPLE:
                    # calls per character: asking the object, plus the style (two or three calls)
                    # per object, against the style of every character
                    style_calls = 2 + asked["angle"] / len(objects)
                    by_object = 1 + style_calls * len(objects) / seen < style_calls
            else:
                size, font, upright = style(i)
            # the box of a pdfminer char: the advance width, one font size tall (up from the baseline)
            bottom = height - xy[1]
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

        def walk(objects, outer):
            nonlocal images
            for obj, kind in objects:
                if kind == c.FPDF_PAGEOBJ_IMAGE:
                    images += 1
                elif kind == c.FPDF_PAGEOBJ_PATH:
                    *matrix, visible, segments = _path(obj)
                    if visible:  # an invisible path draws no line
                        edges.extend(_path_edges(segments, _compose(matrix, outer), height))
                elif kind == c.FPDF_PAGEOBJ_FORM:
                    form = ctypes.cast(obj, c.FPDF_PAGEOBJECT)
                    m = c.FS_MATRIX()
                    c.FPDFPageObj_GetMatrix(form, m)
                    walk(_form_objects(form), _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer))

        walk(self._objects(), (1, 0, 0, 1, 0, 0))
        return edges, images

    def _objects(self) -> list:
        """(object, type) of the page's own objects (text objects may be left out), through the
        bare calls or the C loop: a page of 公文 has thousands of text objects (often one per
        character), and only its few paths, forms and images are looked at further."""
        import ctypes

        import pypdfium2.raw as c

        page = ctypes.cast(self._page.raw, ctypes.c_void_p).value
        loops = native_loops()
        if loops is not None:
            return loops.objects(page, _addresses("page objects"))  # (address, type)
        fn = _functions()
        get, kind = fn["page_object"], fn["type"]
        page = ctypes.c_void_p(page)
        return [(obj, kind(obj)) for obj in (ctypes.c_void_p(get(page, i))
                                             for i in range(c.FPDFPage_CountObjects(self._page.raw)))]


_FUNCTIONS: dict = {}


def _functions() -> dict:
    """pdfium's per-character (and per-object) calls as bare function pointers without argument types: the
    binding's own convert and check every argument (a third of each call's time), and return
    the text object as a ctypes pointer, which cannot be hashed by address to key the
    per-object cache.  Callers pass ``c_void_p`` for every pointer and ``int`` for every index."""
    if not _FUNCTIONS:
        import ctypes

        import pypdfium2.raw as c

        def bare(fn, restype):
            return ctypes.CFUNCTYPE(restype)(ctypes.cast(fn, ctypes.c_void_p).value)

        _FUNCTIONS.update({"object": bare(c.FPDFText_GetTextObject, ctypes.c_void_p),
                           "box": bare(c.FPDFText_GetLooseCharBox, None),
                           "origin": bare(c.FPDFText_GetCharOrigin, None),
                           "generated": bare(c.FPDFText_IsGenerated, ctypes.c_int),
                           "font": bare(c.FPDFText_GetFontInfo, None),
                           "size": bare(c.FPDFText_GetFontSize, ctypes.c_double),
                           "angle": bare(c.FPDFText_GetCharAngle, ctypes.c_float),
                           "page_object": bare(c.FPDFPage_GetObject, ctypes.c_void_p),
                           "type": bare(c.FPDFPageObj_GetType, ctypes.c_int),
                           "segment": bare(c.FPDFPath_GetPathSegment, ctypes.c_void_p),
                           "point": bare(c.FPDFPathSegment_GetPoint, None),
                           "segment_type": bare(c.FPDFPathSegment_GetType, ctypes.c_int),
                           "closes": bare(c.FPDFPathSegment_GetClose, ctypes.c_int)})
    return _FUNCTIONS


@lru_cache(maxsize=1)
def native_loops():
    """The C loops (``pipeline/read/pdfium_loops.c``, built by ``pip install`` where a compiler
    is), or None: then the same loops run through ctypes.  Asked once: a failed import looks
    for the module on disk again each time."""
    try:
        from . import pdfium_loops
    except ImportError:
        return None
    return pdfium_loops


# the pdfium functions each C loop calls, in the order it takes them
_LOOP_FUNCTIONS = {
    "chars": ("FPDFText_GetLooseCharBox", "FPDFText_GetCharOrigin", "FPDFText_IsGenerated", "FPDFText_GetFontInfo",
              "FPDFText_GetFontSize", "FPDFText_GetCharAngle"),
    "page objects": ("FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFPageObj_GetType"),
    "form objects": ("FPDFFormObj_CountObjects", "FPDFFormObj_GetObject", "FPDFPageObj_GetType"),
    "path": ("FPDFPageObj_GetMatrix", "FPDFPath_GetDrawMode", "FPDFPath_CountSegments", "FPDFPath_GetPathSegment",
             "FPDFPathSegment_GetPoint", "FPDFPathSegment_GetType", "FPDFPathSegment_GetClose"),
}


@lru_cache(maxsize=None)
def _addresses(loop: str) -> tuple[int, ...]:
    """The addresses of the pdfium functions the C loop ``loop`` calls."""
    import ctypes

    import pypdfium2.raw as c

    return tuple(ctypes.cast(getattr(c, name), ctypes.c_void_p).value for name in _LOOP_FUNCTIONS[loop])


def _form_objects(form) -> list:
    import ctypes

    import pypdfium2.raw as c

    loops = native_loops()
    if loops is not None:
        at = ctypes.cast(form, ctypes.c_void_p).value
        return loops.objects(at, _addresses("form objects"))
    return [(obj, c.FPDFPageObj_GetType(obj))
            for obj in (c.FPDFFormObj_GetObject(form, i) for i in range(c.FPDFFormObj_CountObjects(form)))]


def _compose(inner, outer):
    a, b, cc, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, cc * A + d * C, cc * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path(obj) -> tuple:
    """(a, b, c, d, e, f, visible, segments) of a path object: its matrix, whether it is filled or
    stroked, and (x, y, type, closes) of each of its segments, through the C loop or the bare calls
    (a seal or a chart drawn as paths has thousands of segments)."""
    import ctypes

    import pypdfium2.raw as c

    at = obj if isinstance(obj, int) else ctypes.cast(obj, ctypes.c_void_p).value
    loops = native_loops()
    if loops is not None:
        return loops.path(at, _addresses("path"))
    path = ctypes.cast(obj, c.FPDF_PAGEOBJECT)
    m, fill, stroke = c.FS_MATRIX(), ctypes.c_int(), ctypes.c_int()
    c.FPDFPageObj_GetMatrix(path, m)
    c.FPDFPath_GetDrawMode(path, fill, stroke)
    fn = _functions()
    segment, point_of, kind_of, closes = fn["segment"], fn["point"], fn["segment_type"], fn["closes"]
    x, y = ctypes.c_float(), ctypes.c_float()
    x_at, y_at = ctypes.c_void_p(ctypes.addressof(x)), ctypes.c_void_p(ctypes.addressof(y))
    segments = []
    for i in range(c.FPDFPath_CountSegments(path)):
        seg = ctypes.c_void_p(segment(ctypes.c_void_p(at), i))
        point_of(seg, x_at, y_at)
        segments.append((x.value, y.value, kind_of(seg), bool(closes(seg))))
    return m.a, m.b, m.c, m.d, m.e, m.f, bool(fill.value or stroke.value), segments


def _path_edges(segments: list[tuple], matrix, height: float) -> list[dict]:
    """The edges of one path, from its segments (in path space) and its matrix to the page."""
    import pypdfium2.raw as c

    a, b, cc, d, e, f = matrix
    moveto = c.FPDF_SEGMENT_MOVETO
    subpaths: list[list[tuple[float, float]]] = []
    for px, py, kind, closes in segments:
        point = (round(a * px + cc * py + e, 3), round(height - (b * px + d * py + f), 3))
        if kind == moveto or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if closes and subpaths[-1][0] != point:
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
    over 3 pt.  (Every line of every page and every table cell goes through here: upright runs
    go through the C loop where it was built, and this loop keeps the previous character's
    fields in locals rather than in dict lookups.)"""
    from pdfplumber.utils.text import WordExtractor

    found = _in_c("upright_words", chars)
    if found is not None:
        return found
    out = []
    for upright, run in groupby(chars, key=_UPRIGHT):
        run = list(run)
        if not upright:  # rotated text: pdfplumber's own way (rare)
            out += [(w["text"], w["top"], wc) for w, wc in WordExtractor().iter_extract_tuples(run)]
            continue
        found = _in_c("upright_words", run)
        if found is not None:
            out += found
            continue
        cluster = _clusters(map(_TOP, run))
        run.sort(key=lambda ch: cluster[ch["top"]])
        for _line, line_chars in groupby(run, key=lambda ch: cluster[ch["top"]]):
            word: list[dict] = []
            prev_x0 = prev_x1 = prev_top = 0.0
            for ch in sorted(line_chars, key=_X0):
                if ch["text"].isspace():
                    if word:
                        out.append(_word(word))
                    word = []
                    continue
                x0, top = ch["x0"], ch["top"]
                if word and (x0 < prev_x0 or x0 > prev_x1 + X_TOLERANCE or abs(top - prev_top) > Y_TOLERANCE):
                    out.append(_word(word))
                    word = []
                word.append(ch)
                prev_x0, prev_x1, prev_top = x0, ch["x1"], top
            if word:
                out.append(_word(word))
    return out


_UPRIGHT, _TOP, _X0, _X1, _BOTTOM, _TEXT = (itemgetter(k) for k in ("upright", "top", "x0", "x1", "bottom", "text"))
_BBOX = itemgetter("x0", "top", "x1", "bottom")  # pdfplumber's ``obj_to_bbox``


def _in_c(loop: str, chars):
    """The C loop ``loop`` (``upright_words`` or ``upright_text``) over the characters, or None where
    it was not built or some of the text is rotated (pdfplumber's to group)."""
    loops = native_loops()
    if loops is None:
        return None
    return getattr(loops, loop)(_as_list(chars), X_TOLERANCE, Y_TOLERANCE, _ligatures(), _ligature_marks())


def _as_list(chars) -> list:
    """The characters as the list the C loops take: the same list where they are one (a page's
    characters are; copying them for each table was a pass over the page for nothing)."""
    return chars if type(chars) is list else list(chars)


@lru_cache(maxsize=1)
def _ligatures() -> dict:
    """pdfplumber's ligatures as a str.translate table."""
    from pdfplumber.utils.text import LIGATURES

    return {ord(k): v for k, v in LIGATURES.items()}


@lru_cache(maxsize=1)
def _ligature_marks() -> str:
    """The ligatures themselves, for the C loop to tell a word that has one."""
    return "".join(map(chr, _ligatures()))


def _word(chars: list[dict]) -> tuple[str, float, list[dict]]:
    return "".join(map(_TEXT, chars)).translate(_ligatures()), min(map(_TOP, chars)), chars


def text_lines(chars: list[dict]) -> list[dict]:
    """What pdfplumber's ``extract_text_lines(strip=True, return_chars=True)`` returns: words
    in lines by their top (in reading order), joined by a space, with their characters
    (``text``, ``chars``, ``x0``, ``top``, ``x1``, ``bottom``)."""
    found = words(chars)
    cluster = _clusters(w[1] for w in found)
    ligatures = _ligatures()
    out = []
    for _line, line in groupby(found, key=lambda w: cluster[w[1]]):
        line = list(line)
        line_chars = [ch for w in line for ch in w[2]]
        if any(len(w[0]) != len(w[2]) for w in line):
            # the text map holds a character once per letter it expands to
            line_chars = [ch for ch in line_chars for _ in ch["text"].translate(ligatures)]
        x0, top, x1, bottom = _box(line_chars)
        out.append({"text": " ".join(w[0] for w in line), "chars": line_chars,
                    "x0": x0, "top": top, "x1": x1, "bottom": bottom})
    return out


def _box(chars: list[dict]) -> tuple:
    """(x0, top, x1, bottom) around the characters: the C loop's one pass, or four."""
    loops = native_loops()
    if loops is not None:
        return loops.box(chars)
    return min(map(_X0, chars)), min(map(_TOP, chars)), max(map(_X1, chars)), max(map(_BOTTOM, chars))


def cell_text(chars: list[dict]) -> str:
    """What pdfplumber's ``extract_text(chars)`` returns: lines of words, sorted by top."""
    text = _in_c("upright_text", chars)
    if text is not None:
        return text
    found = words(chars)
    if len(found) == 1:  # most cells: nothing to put in lines
        return found[0][0]
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
    """The ruled tables pdfplumber's ``TableFinder`` finds on the page (its default settings:
    the "lines" strategy both ways), top to bottom as it finds them, with the text of each cell
    as ``Table.extract()`` gives it.  Its steps are written out here (``table_edges``,
    ``edge_intersections``, ``intersection_cells``, ``cell_tables``, ``table_rows``): the same
    answers on every page (tested against ``TableFinder``) at half its time, which went to
    copying each edge's dict per step and to pairing every point with every other."""
    out = []
    for cells in cell_tables(intersection_cells(edge_intersections(table_edges(page.edges)))):
        bbox = _cells_box(cells)
        rows = table_rows(cells)
        texts = _extract(rows, bbox, page.chars)
        out.append(RuledTable(bbox, [RuledRow(box, row, t) for (box, row), t in zip(rows, texts)]))
    return out


SNAP_TOLERANCE = JOIN_TOLERANCE = INTERSECTION_TOLERANCE = 3  # points: TableSettings' defaults
EDGE_MIN_LENGTH_PREFILTER, EDGE_MIN_LENGTH = 1, 3


def table_edges(edges: list[dict]) -> list[dict]:
    """``TableFinder.get_edges``: edges of at least 1 pt, each snapped to the mean position of
    those within 3 pt of the next (vertical ones by x0, horizontal by top), those along one
    line joined where less than 3 pt apart, and of what is left those at least 3 pt long.
    Horizontal edges first, each line's by position; the arithmetic is pdfplumber's, step
    for step, so that the positions are equal to the last bit."""
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] >= EDGE_MIN_LENGTH_PREFILTER]
    horizontal = [e for e in edges if e["orientation"] == "h" and e["width"] >= EDGE_MIN_LENGTH_PREFILTER]
    # (orientation, position, start, end, length, far side) of each edge, snapped
    snapped = [("v", *moved) for moved in _snapped(vertical, "x0", "top", "bottom", "height")] + \
              [("h", *moved) for moved in _snapped(horizontal, "top", "x0", "x1", "width")]
    snapped.sort(key=itemgetter(0, 1))  # as pdfplumber groups them: "h" before "v", each by position
    out = []
    for (orientation, position), group in groupby(snapped, key=itemgetter(0, 1)):
        joined: list[list] = []  # [start, end, length, other]
        for _o, _p, start, end, length, other in sorted(group, key=itemgetter(2)):
            last = joined[-1] if joined else None
            if last is not None and start <= last[1] + JOIN_TOLERANCE:
                if end > last[1]:  # pdfplumber's resize_object: a width anew, a height grown by the difference
                    last[2] = end - last[0] if orientation == "h" else last[2] + (end - last[1])
                    last[1] = end
            else:
                joined.append([start, end, length, other])
        for start, end, length, other in joined:
            if length >= EDGE_MIN_LENGTH:
                out.append(_edge(orientation, position, start, end, length, other))
    return out


def _snapped(edges: list[dict], across: str, start: str, end: str, length: str) -> list[tuple]:
    """pdfplumber's ``snap_objects``: the edges clustered by ``across`` (chained within 3 pt),
    cluster by cluster, each moved to its cluster's mean: (position, start, end, length, other)
    where ``other`` is the moved far side (x1 of a vertical edge, bottom of a horizontal one)."""
    far = {"x0": "x1", "top": "bottom"}[across]
    cluster = _clusters(map(itemgetter(across), edges), SNAP_TOLERANCE)
    ordered = sorted(edges, key=lambda e: cluster[e[across]])
    out = []
    for _c, members in groupby(ordered, key=lambda e: cluster[e[across]]):
        members = list(members)
        mean = sum(e[across] for e in members) / len(members)
        for e in members:
            shift = mean - e[across]
            out.append((e[across] + shift, e[start], e[end], e[length], e[far] + shift))
    return out


def _edge(orientation: str, position: float, start: float, end: float, length: float, other: float) -> dict:
    if orientation == "v":
        return {"orientation": "v", "x0": position, "x1": other, "top": start, "bottom": end, "height": length}
    return {"orientation": "h", "x0": start, "x1": end, "top": position, "bottom": other, "width": length}


def edge_intersections(edges: list[dict]) -> dict:
    """pdfplumber's ``edges_to_intersections`` (3 pt both ways): (x, top) where a vertical edge
    meets a horizontal one -> {"v": [...], "h": [...]}, the edges meeting there."""
    vertical = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    horizontal = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    tol = INTERSECTION_TOLERANCE
    out: dict = {}
    for v in vertical:
        x, top, bottom = v["x0"], v["top"], v["bottom"]
        for h in horizontal:
            y = h["top"]
            if top <= y + tol and bottom >= y - tol and x >= h["x0"] - tol and x <= h["x1"] + tol:
                point = out.get((x, y))
                if point is None:
                    point = out[(x, y)] = {"v": [], "h": []}
                point["v"].append(v)
                point["h"].append(h)
    return out


def intersection_cells(intersections: dict) -> list[tuple]:
    """pdfplumber's ``intersections_to_cells``: from each intersection point in order (sorted by
    x, then top), the smallest cell whose four corners are points joined along its sides by
    a common edge: the first point below it and then the first point right of it that make one."""
    vertical = {p: set(map(_BBOX, found["v"])) for p, found in intersections.items()}
    horizontal = {p: set(map(_BBOX, found["h"])) for p, found in intersections.items()}

    def connects(p, q) -> bool:
        return ((p[0] == q[0] and not vertical[p].isdisjoint(vertical[q]))
                or (p[1] == q[1] and not horizontal[p].isdisjoint(horizontal[q])))

    points = sorted(intersections)
    columns: dict = {}  # x -> its points, by top; top -> its points, by x
    rows: dict = {}
    for p in points:
        columns.setdefault(p[0], []).append(p)
    for p in sorted(points, key=lambda p: (p[1], p[0])):
        rows.setdefault(p[1], []).append(p)
    column_at = {p: k for col in columns.values() for k, p in enumerate(col)}
    row_at = {p: k for row in rows.values() for k, p in enumerate(row)}
    out = []
    for p in points:
        below, right = columns[p[0]][column_at[p] + 1:], rows[p[1]][row_at[p] + 1:]
        cell = next(((p[0], p[1], r[0], b[1]) for b in below if connects(p, b) for r in right
                     if connects(p, r) and (r[0], b[1]) in intersections
                     and connects((r[0], b[1]), r) and connects((r[0], b[1]), b)), None)
        if cell is not None:
            out.append(cell)
    return out


def cell_tables(cells: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's ``cells_to_tables``: the cells in groups that touch at a corner (each group
    grown from the first cell not yet in one), of more than one cell, by their top-left corner."""
    corners_of = [((x0, top), (x0, bottom), (x1, top), (x1, bottom)) for x0, top, x1, bottom in cells]
    at: dict = {}  # corner -> the cells that have it
    for k, corners in enumerate(corners_of):
        for corner in corners:
            at.setdefault(corner, []).append(k)
    group_of = [-1] * len(cells)
    groups = []
    for first in range(len(cells)):
        if group_of[first] >= 0:
            continue
        group_of[first] = len(groups)
        members, todo = [first], [first]
        while todo:
            for corner in corners_of[todo.pop()]:
                for k in at[corner]:
                    if group_of[k] < 0:
                        group_of[k] = len(groups)
                        members.append(k)
                        todo.append(k)
        groups.append([cells[k] for k in sorted(members)])
    groups.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in groups if len(t) > 1]


def table_rows(cells: list[tuple]) -> list[tuple[tuple, list]]:
    """pdfplumber's ``Table.rows``: (bbox, cells) of each row of a table's cells by top, one
    place per column x0 of the table, ``None`` where the row has no cell starting there."""
    xs = sorted({c[0] for c in cells})
    out = []
    for _top, row in groupby(sorted(cells, key=itemgetter(1, 0)), key=itemgetter(1)):
        at = {c[0]: c for c in row}
        placed = [at.get(x) for x in xs]
        out.append((_cells_box(at.values()), placed))
    return out


def _cells_box(cells) -> tuple:
    cells = list(cells)
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _extract(rows, bbox, chars: list[dict]) -> list[list[str | None]]:
    """What pdfplumber's ``Table.extract()`` returns (a character belongs to the cell holding
    its midpoint, half-open), without testing every character against every row and cell."""
    cells = [cell for _box, row in rows for cell in row]
    loops = native_loops()
    placed = iter(loops.cell_chars(_as_list(chars), bbox, cells) if loops is not None else _cell_chars(chars, bbox, cells))
    return [[None if cell is None else cell_text(found) if found else "" for cell, found in zip(row, placed)]
            for _box, row in rows]


def _cell_chars(chars: list[dict], bbox, cells: list) -> list[list[dict] | None]:
    """For each cell (a box, or None) the characters whose midpoints it holds, in their order."""
    x0, top, x1, bottom = bbox
    inside = []
    for k, ch in enumerate(chars):
        h, v = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if x0 <= h < x1 and top <= v < bottom:
            inside.append((v, h, k))
    inside.sort()
    vs = [it[0] for it in inside]
    out = []
    for cell in cells:
        if cell is None:
            out.append(None)
            continue
        cx0, ctop, cx1, cbottom = cell
        lo, hi = bisect_left(vs, ctop), bisect_left(vs, cbottom)
        out.append([chars[k] for k in sorted(k for _v, h, k in inside[lo:hi] if cx0 <= h < cx1)])
    return out


def outside(boxes, x0: float, top: float, x1: float, bottom: float) -> bool:
    """Whether the midpoint of a box (a character, an OCR line) lies in none of ``boxes`` (tables')."""
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


def chars_outside(chars: list[dict], boxes: list) -> list[dict]:
    """The characters whose midpoints lie in none of ``boxes``."""
    loops = native_loops()
    if loops is not None:
        return loops.outside(_as_list(chars), [tuple(b) for b in boxes])
    return [ch for ch in chars if outside(boxes, ch["x0"], ch["top"], ch["x1"], ch["bottom"])]
