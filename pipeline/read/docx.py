"""Word .docx reader: body paragraphs and tables in order, with layout hints.

python-docx opens the package (parts, styles, numbering); the body is walked
with lxml because python-docx has no API for merged cells, header rows, run
fonts from styles or list numbering.  Headers and footers (page numbers) are
never read: only the main document part is.

Choices:
* one paragraph per ``w:p``; ``w:br`` line breaks inside it join with nothing,
  so a title published on three lines is one title;
* paragraphs inside a table cell join with a line break (assemble turns it
  into a space that the clean-up drops between Chinese characters);
* ``w:vMerge`` continuation cells stay as empty cells (meaning "same as
  above"); the restart cell carries the rowspan; ``w:gridSpan`` is colspan, at
  most the table's grid width (``w:tblGrid``; 1000 without one);
* automatic list numbers are rendered as Word shows them (``一、``, ``(一)``,
  ``1.``) before the paragraph text.

The body's text characters, paragraphs and table rows are counted against the
limits on the compressed part as it streams (:func:`precount`), before
python-docx builds a tree of it.
"""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from .. import patterns as P
from ..errors import LimitError, ReadError
from ..limits import DEFAULT as DEFAULT_LIMITS
from ..limits import Limits
from ..model import Format
from .clean import clean
from .document import RawBlock, RawCell, RawRow, assemble, check_paragraphs, paragraph_limit

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W


def _q(tag: str) -> str:
    return _W + tag


def _val(el, default=None):
    if el is None:
        return default
    return el.get(_q("val"), default)


def _on(el) -> bool:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``) is on unless its value says off."""
    return el is not None and _val(el, "1").lower() not in ("0", "false", "off", "none")


def read(path: Path, data: bytes, limits: Limits) -> object:
    """Read a .docx file into a Document."""
    try:
        import docx  # python-docx
    except ImportError as exc:  # a core dependency; say so plainly if it is missing
        from ..errors import MissingDependencyError

        raise MissingDependencyError(f"reading .docx needs python-docx ({exc})", str(path)) from None
    check_zip(data, str(path), limits)
    precount(data, str(path), limits)
    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any library failure on a bad file is a read error
        raise ReadError(f"not a readable Word .docx file ({type(exc).__name__}: {exc})", str(path)) from None
    try:
        reader = _Reader(document)
        blocks = reader.body(document.element.body)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"damaged Word .docx content ({type(exc).__name__}: {exc})", str(path)) from None
    return assemble(path, Format.DOCX, data, blocks, encoding=None, pages=None, limits=limits)


MAX_RATIO = 200  # a compressed part that expands more than this is a zip bomb, not a document


def check_zip(data: bytes, path: str, limits: Limits) -> None:
    """Refuse a zip bomb before anything is decompressed: every member's declared size and
    ratio, and their total, against the limits."""
    import zipfile

    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise ReadError(f"not a readable Word .docx file (damaged zip: {exc})", path) from None
    total = 0
    for info in members:
        total += info.file_size
        limits.check("decompressed part", info.file_size, path)
        # a user who raised --max-part-mb above its default has said such parts are wanted: the advice holds
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 10_000_000 \
                and limits.max_part_bytes <= DEFAULT_LIMITS.max_part_bytes:
            raise LimitError(f"part {info.filename} expands {info.file_size // info.compress_size}× "
                             f"(a zip bomb; raise --max-part-mb to read it anyway)", path, "E-LIMIT-PART")
    limits.check("decompressed total", total, path)


_TOKEN = re.compile(rb"<(/?)w:(tbl|tr|p|t)(?=[\s/>])")
_ENTITY = re.compile(rb"&[^;&<]{1,10};")
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that start no character
_CHUNK = 1 << 20


def _utf8_chars(raw: bytes) -> int:
    """Characters of XML text in UTF-8 (an entity such as ``&amp;`` counts as one)."""
    if b"&" in raw:
        raw = _ENTITY.sub(b"&", raw)
    return len(raw.translate(None, _CONTINUATION))


def precount(data: bytes, path: str, lim: Limits) -> None:
    """Refuse a body over the limits before python-docx parses it: its text (``w:t``)
    characters, its paragraphs outside tables and the rows of each table, counted on
    ``word/document.xml`` as it is decompressed, a chunk at a time (a tree of a 43 MB file
    takes gigabytes; this takes a few megabytes and stops at the first limit passed)."""
    import zipfile

    most_paragraphs = paragraph_limit(lim)
    try:
        stream = zipfile.ZipFile(BytesIO(data)).open("word/document.xml")
    except (KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
        return  # python-docx says what is wrong with the package
    chars = paragraphs = 0
    tables: list[int] = []  # rows so far of each open table, outermost first
    text_from = None  # where the text of the open w:t starts in the buffer
    carry = b""
    with stream:
        while True:
            try:
                chunk = stream.read(_CHUNK)
            except Exception:  # noqa: BLE001 - a damaged member (zlib.error, bad CRC): python-docx says so
                return
            buf = carry + chunk
            # a token is at most 8 bytes: one in the last 8 is taken with the next chunk
            limit = len(buf) - 8 if chunk else len(buf)
            keep = last = 0
            for m in _TOKEN.finditer(buf):
                if m.start() >= limit:
                    keep = m.start()
                    break
                last = m.end()
                closing, name = m.group(1), m.group(2)
                if name == b"t":
                    if closing:
                        if text_from is not None:
                            chars += _utf8_chars(buf[text_from:m.start()])
                        text_from = None
                    else:
                        gt = buf.find(b">", m.end())
                        if gt < 0 or buf[gt - 1:gt] != b"/":
                            text_from = len(buf) if gt < 0 else gt + 1
                elif closing:
                    if name == b"tbl" and tables:
                        tables.pop()
                elif name == b"tbl":
                    tables.append(0)
                elif name == b"tr":
                    if tables:
                        tables[-1] += 1
                        lim.check("table rows", tables[-1], path)
                elif not tables:
                    paragraphs += 1
                    if paragraphs > most_paragraphs:
                        check_paragraphs(paragraphs, path, lim)
            else:
                keep = max(last, limit)
            if not chunk:
                break
            if text_from is not None:  # the text runs on into the next chunk
                if text_from < keep:
                    chars += _utf8_chars(buf[text_from:keep])
                text_from = max(text_from - keep, 0)
            lim.check("text length", chars, path)
            carry = buf[keep:]
    lim.check("text length", chars, path)


class _Reader:
    """Walks the body with the styles and numbering definitions at hand."""

    def __init__(self, document):
        part = document.part
        self.styles = _Styles(_part_element(part, "styles"))
        self.numbering = _Numbering(_part_element(part, "numbering"))

    # ------------------------------------------------------------------ body
    def body(self, body) -> list[RawBlock]:
        blocks: list[RawBlock] = []
        for child in _block_children(body):
            if child.tag == _q("p"):
                blocks.extend(self.textbox_paragraphs(child))
                blocks.append(self.paragraph(child))
            elif child.tag == _q("tbl"):
                blocks.append(self.table(child))
        return blocks

    def paragraph(self, p) -> RawBlock:
        pieces, bold_flags, first_font = self.runs(p)
        text = "".join(pieces)
        number = self.numbering.label(p, self.styles)
        hints: dict = {}
        ppr = p.find(_q("pPr"))
        style_id = _val(ppr.find(_q("pStyle"))) if ppr is not None else None
        align = _val(ppr.find(_q("jc"))) if ppr is not None else None
        if align is None:
            align = self.styles.paragraph_prop(style_id, "jc")
        align = {"center": "center", "right": "right", "end": "right"}.get(align or "")
        if align:
            hints["align"] = align
        # a run-in heading: leading bold runs followed by plain text
        prefix = ""
        for piece, bold in zip(pieces, bold_flags):
            if not bold:
                break
            prefix += piece
        rest = text[len(prefix):]
        if prefix.strip() and rest.strip():
            hints["bold_prefix"] = len(number) + len(clean(prefix)[0].strip())
        elif prefix.strip() and not rest.strip():
            hints["bold"] = True
        font = first_font or self.styles.run_font(style_id, None)
        if font:
            hints["font"] = font
        if style_id:
            hints["style"] = self.styles.name(style_id)
        return RawBlock("paragraph", number + text, hints=hints)

    def runs(self, p) -> tuple[list[str], list[bool], str | None]:
        """Text pieces of a paragraph's runs, whether each is bold, and the first run's East-Asian font."""
        pieces: list[str] = []
        bold: list[bool] = []
        first_font = None
        ppr = p.find(_q("pPr"))
        p_style = _val(ppr.find(_q("pStyle"))) if ppr is not None else None
        for r in _runs(p):
            text = _run_text(r)
            if not text:
                continue
            rpr = r.find(_q("rPr"))
            r_style = _val(rpr.find(_q("rStyle"))) if rpr is not None else None
            b = rpr.find(_q("b")) if rpr is not None else None
            is_bold = _on(b) if b is not None else self.styles.run_bold(p_style, r_style)
            pieces.append(text)
            bold.append(is_bold)
            if first_font is None and text.strip():
                fonts = rpr.find(_q("rFonts")) if rpr is not None else None
                first_font = (fonts.get(_q("eastAsia")) if fonts is not None else None) or \
                    self.styles.run_font(p_style, r_style)
        return pieces, bold, first_font

    def textbox_paragraphs(self, p) -> list[RawBlock]:
        """Paragraphs of text boxes anchored in ``p`` (a masthead is often one), once each."""
        out = []
        for box in p.iter(_q("txbxContent")):
            if any(a.tag == "{%s}Fallback" % MC for a in box.iterancestors()):
                continue  # the VML copy of a DrawingML text box
            for child in _block_children(box):
                if child.tag == _q("p"):
                    out.append(self.paragraph(child))
        return out

    # ----------------------------------------------------------------- tables
    def table(self, tbl) -> RawBlock:
        grid: list[list[dict]] = []  # rows of {text, col, span, merge}
        headers: list[bool] = []
        width = _grid_width(tbl)
        for tr in _rows(tbl):
            trpr = tr.find(_q("trPr"))
            header = trpr is not None and _on(trpr.find(_q("tblHeader")))
            col = 0
            if trpr is not None:
                col = _count(_val(trpr.find(_q("gridBefore")), 0), 0, width)
            cells = []
            for tc in _cells(tr):
                tcpr = tc.find(_q("tcPr"))
                # a span is at most the table's width: gridSpan="300000000" is no table
                span = _count(_val(tcpr.find(_q("gridSpan")), 1), 1, width) if tcpr is not None else 1
                vm = tcpr.find(_q("vMerge")) if tcpr is not None else None
                merge = None if vm is None else ("restart" if _val(vm) == "restart" else "continue")
                text = self.cell_text(tc)
                cells.append({"text": "" if merge == "continue" else text, "col": col,
                              "span": span, "merge": merge, "rowspan": 1})
                col += span
            grid.append(cells)
            headers.append(header)
        # a restart cell spans itself and the continuation cells below it in the same grid column
        at = [{c["col"]: c for c in reversed(cells)} for cells in grid]  # grid column -> first cell there
        for r_i, cells in enumerate(grid):
            for cell in cells:
                if cell["merge"] != "restart":
                    continue
                n, k = 1, r_i + 1
                while k < len(grid) and (same := at[k].get(cell["col"])) is not None and same["merge"] == "continue":
                    n += 1
                    k += 1
                cell["rowspan"] = n
        rows = [RawRow([RawCell(c["text"], c["span"], c["rowspan"]) for c in cells], header=h)
                for cells, h in zip(grid, headers) if cells]
        return RawBlock("table", rows=rows)

    def cell_text(self, tc) -> str:
        parts = []
        for child in _block_children(tc):
            if child.tag == _q("p"):
                block = self.paragraph(child)
                if block.text.strip():
                    parts.append(block.text.strip())
            elif child.tag == _q("tbl"):  # a nested table: its cell texts in order
                for row in self.table(child).rows:
                    parts.extend(t for t, _, _ in row.cells if t.strip())
        return "\n".join(parts)


MAX_SPAN = 1000  # grid columns one cell may span when the table declares no grid


def _grid_width(tbl) -> int:
    """The table's grid columns (``w:tblGrid``), or MAX_SPAN when it declares none."""
    grid = tbl.find(_q("tblGrid"))
    n = len(grid.findall(_q("gridCol"))) if grid is not None else 0
    return min(n, MAX_SPAN) if n else MAX_SPAN


def _count(value, default: int, most: int) -> int:
    """A span or count attribute as an int within ``default``..``most`` (junk gives ``default``)."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return max(default, min(n, most))


# ---------------------------------------------------------------- XML walking

_TRANSPARENT = {_q("sdt"), _q("sdtContent"), _q("customXml"), _q("smartTag"), _q("ins"),
                _q("hyperlink"), _q("fldSimple"), _q("moveTo"), _q("dir"), _q("bdo")}


def _block_children(parent):
    """``w:p`` and ``w:tbl`` children, looking through content controls and custom XML."""
    for child in parent:
        if child.tag in (_q("p"), _q("tbl")):
            yield child
        elif child.tag in (_q("sdt"), _q("sdtContent"), _q("customXml")):
            yield from _block_children(child)


def _runs(p):
    """Runs of a paragraph in order, through hyperlinks, insertions, fields and controls
    (deleted and moved-away text is skipped)."""
    for child in p:
        if child.tag == _q("r"):
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _runs(child)


def _run_text(r) -> str:
    out = []
    for el in r:
        tag = el.tag
        if tag == _q("t"):
            out.append(el.text or "")
        elif tag == _q("tab"):
            out.append(" ")
        elif tag == _q("noBreakHyphen"):
            out.append("-")
        elif tag == _q("sym"):
            char = el.get(_q("char"))
            if char:
                try:
                    code = int(char, 16)
                    out.append(chr(code - 0xF000 if code >= 0xF000 else code))
                except ValueError:
                    pass
        # w:br and w:cr join with nothing: one w:p is one paragraph
    return "".join(out)


def _children(parent, tag: str):
    """The ``tag`` children of ``parent``, also those wrapped in content controls (w:sdt, w:customXml)."""
    for child in parent:
        if child.tag == _q(tag):
            yield child
        elif child.tag in (_q("sdt"), _q("sdtContent"), _q("customXml")):
            yield from _children(child, tag)


def _rows(tbl):
    return _children(tbl, "tr")


def _cells(tr):
    return _children(tr, "tc")


def _part_element(document_part, kind: str):
    """The root element of the styles or numbering part, or None when the file has none."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    reltype = RT.STYLES if kind == "styles" else RT.NUMBERING
    for rel in document_part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part = rel.target_part
            element = getattr(part, "element", None)
            if element is not None:
                return element
            from lxml import etree

            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            return etree.fromstring(part.blob, parser)
    return None


# --------------------------------------------------------------------- styles


class _Styles:
    """Style lookups with ``w:basedOn`` inheritance and document defaults."""

    def __init__(self, root):
        self.by_id: dict[str, object] = {}
        self.default_para = None
        self.default_font = None
        if root is None:
            return
        for st in root.iter(_q("style")):
            sid = st.get(_q("styleId"))
            if sid:
                self.by_id[sid] = st
                if st.get(_q("type")) == "paragraph" and st.get(_q("default")) in ("1", "true"):
                    self.default_para = sid
        defaults = root.find(f"{_q('docDefaults')}/{_q('rPrDefault')}/{_q('rPr')}/{_q('rFonts')}")
        if defaults is not None:
            self.default_font = defaults.get(_q("eastAsia"))

    def _chain(self, sid):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            sid = _val(st.find(_q("basedOn")))

    def name(self, sid: str) -> str:
        st = self.by_id.get(sid)
        name = _val(st.find(_q("name"))) if st is not None else None
        return name or sid

    def paragraph_prop(self, sid, tag):
        for st in self._chain(sid or self.default_para):
            el = st.find(f"{_q('pPr')}/{_q(tag)}")
            if el is not None:
                return _val(el)
        return None

    def _run_prop(self, p_style, r_style, tag):
        for sid in (r_style, p_style or self.default_para):
            for st in self._chain(sid):
                el = st.find(f"{_q('rPr')}/{_q(tag)}")
                if el is not None:
                    return el
        return None

    def run_bold(self, p_style, r_style) -> bool:
        return _on(self._run_prop(p_style, r_style, "b"))

    def run_font(self, p_style, r_style):
        el = self._run_prop(p_style, r_style, "rFonts")
        font = el.get(_q("eastAsia")) if el is not None else None
        return font or self.default_font


# ------------------------------------------------------------------ numbering

_DIGITS = "零一二三四五六七八九"
_TRAD = "〇壹贰叁肆伍陆柒捌玖"


def chinese_number(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (up to 9999)."""
    if n <= 0 or n > 9999:
        return str(n)
    parts = []
    values = [(1000, units[2]), (100, units[1]), (10, units[0]), (1, "")]
    zero = False
    for value, unit in values:
        d = n // value % 10
        if d:
            if zero and parts:
                parts.append(digits[0])
            parts.append(digits[d] + unit)
            zero = False
        elif parts:
            zero = True
    out = "".join(parts)
    if 10 <= n < 20:
        out = out[1:]  # 十一, not 一十一
    return out


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter in a Word number format."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand"):
        if fmt == "chineseLegalSimplified":
            return chinese_number(n, _TRAD, "拾佰仟")
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Renders ``w:numPr`` list numbers: counters per list, deeper levels restart."""

    def __init__(self, root):
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for an in root.iter(_q("abstractNum")):
            levels = {}
            for lvl in an.iter(_q("lvl")):
                ilvl = int(lvl.get(_q("ilvl"), "0"))
                levels[ilvl] = {
                    "start": int(_val(lvl.find(_q("start")), 1) or 1),
                    "fmt": _val(lvl.find(_q("numFmt")), "decimal"),
                    "text": _val(lvl.find(_q("lvlText")), ""),
                }
            self.abstract[an.get(_q("abstractNumId"))] = levels
        for num in root.iter(_q("num")):
            overrides = {}
            for ov in num.iter(_q("lvlOverride")):
                start = ov.find(_q("startOverride"))
                if start is not None:
                    overrides[int(ov.get(_q("ilvl"), "0"))] = int(_val(start, 1) or 1)
            self.nums[num.get(_q("numId"))] = (_val(num.find(_q("abstractNumId"))), overrides)

    def label(self, p, styles: _Styles) -> str:
        """The number text Word shows before paragraph ``p`` ('' when it has none)."""
        if not self.nums:
            return ""
        ppr = p.find(_q("pPr"))
        numpr = ppr.find(_q("numPr")) if ppr is not None else None
        num_id = ilvl = None
        if numpr is not None:
            num_id = _val(numpr.find(_q("numId")))
            ilvl = _val(numpr.find(_q("ilvl")))
        if num_id is None:  # numbering inherited from the paragraph style
            sid = _val(ppr.find(_q("pStyle"))) if ppr is not None else None
            for st in styles._chain(sid):
                snum = st.find(f"{_q('pPr')}/{_q('numPr')}")
                if snum is not None:
                    num_id = _val(snum.find(_q("numId")))
                    ilvl = ilvl or _val(snum.find(_q("ilvl")))
                    break
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        level = int(ilvl or 0)
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = overrides.get(level, levels[level]["start"])
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        text = levels[level]["text"]

        def sub(m):
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            value = counters.get(k, overrides.get(k, levels[k]["start"]))
            return format_number(value, levels[k]["fmt"])

        if levels[level]["fmt"] == "bullet":
            return ""  # bullet glyphs (often private-use Symbol characters) carry no number
        return P.LEVEL_TEXT_SLOT.sub(sub, text)
