"""HTML reader: a government web page's article body as paragraphs and tables.

The charset comes from a BOM, ``<meta charset>`` or ``http-equiv``, else from
detection (``decode``).  Scripts, styles, forms' controls and hidden elements
are dropped (a script may hold a ``\\uXXXX``-escaped copy of the body).  An
element left open that libxml2 would let swallow the rest of the page
(``<script src=…>``, ``<iframe>``, ``<noscript>``, ``<object>``, a void ``<embed>``)
is closed where it starts; when the parsed page still holds under half of the
Chinese text between its tags (a comment never closed), ``W-HTML-TRUNCATED`` says so.

The article body is found generically: starting from ``<body>``, descend into
the child container that holds most (70 %) of the Chinese text outside links,
and stop where the text spreads over several children.  Data tables are never
descended into (an annex table can outweigh the body), layout tables are.
The page's title heading (``<h1>`` or a ``*title*`` element) before the body
becomes the first paragraph (``hints={"role": "page_title"}``) when the body
does not repeat it, and the 政府信息公开 box (索引号, 发文机关, 成文日期,
发文字号…) becomes a two-column table block ``hints={"role": "page_metadata"}``
placed first, for the structure stage to use as a fallback.

Inside the body, block elements and ``<br>`` break paragraphs; hints come from
inline styles: ``align`` (text-align or ``align``), ``font`` (the first
font-family), ``bold_prefix`` (a leading ``<strong>``/``<b>``/bold run).
Tables resolve ``rowspan``/``colspan`` like Word merges: a cell covered from
above is an empty cell ("same as above"), colspan stays on the cell; rows of
``<th>`` cells, and rows repeating the first header row, are ``header=True``.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import patterns as P
from ..errors import ReadError
from ..limits import Limits
from ..model import Format, Warning
from .clean import clean
from .document import RawBlock, RawCell, RawRow, assemble, check_paragraphs, decode, paragraph_limit

_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
         "select", "option", "button", "input", "textarea", "head", "title", "map", "audio", "video"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "blockquote", "pre", "section", "article", "header", "footer", "nav", "aside", "main",
          "center", "address", "figure", "figcaption", "hr", "form", "fieldset", "caption", "tr", "tbody",
          "thead", "tfoot", "td", "th"}
_CONTAINER = {"div", "section", "article", "main", "center", "form", "body", "html"}
_LAYOUT = {"table", "tbody", "thead", "tfoot", "tr", "td", "th"}
_LEAF = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "pre", "blockquote",
         "span", "font", "strong", "b", "em", "i", "a", "u", "sup", "sub", "label", "caption"}
# labels of a 政府信息公开 box; two or more of them make a metadata box
_META_LABELS = ("索引号", "主题分类", "分类", "发文机关", "发布机构", "发布机关", "成文日期", "发文字号", "文号",
                "发布日期", "统一编号", "实施日期", "失效日期", "有效性", "公开方式", "主题词", "名称", "标题")


def read(path: Path, data: bytes, limits: Limits):
    """Read a saved web page into a Document."""
    from lxml import etree
    import lxml.html

    declared = None
    m = P.HTML_META_CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "replace").strip().lower()
    source, encoding = decode(data, str(path), declared)
    source = P.XML_DECLARATION.sub("", source, count=1)
    if not source.strip():
        raise ReadError("the page is empty", str(path))
    source = close_unclosed(source)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  default_doctype=False)
    shown = None
    for hidden in (True, False):  # hidden parts only when nothing is shown without them
        try:
            root = lxml.html.document_fromstring(source, parser=parser)
        except (etree.ParserError, ValueError) as exc:
            raise ReadError(f"not a readable HTML page ({exc})", str(path)) from None
        _empty_voids(root)
        if shown is None:
            shown = _parsed_han(root)
        _strip(root, hidden)
        body = root.find("body")
        if body is None:
            body = root
        counts = _han_counts(body)
        main = _main_content(body, counts)
        blocks = _Walker(path, limits).blocks(main)
        if any(b.text.strip() or b.rows for b in blocks):
            break
    title = _page_title(body, main, counts)
    if title is not None and not _starts_with(blocks, title.text):
        blocks.insert(0, title)
    meta = _metadata_box(body, main)
    if meta is not None:
        blocks.insert(0, meta)
    if not any(b.text.strip() or b.rows for b in blocks):
        raise ReadError("the page has no article text", str(path))
    warnings = []
    visible = _source_han(source)
    if visible - shown >= LOST_MIN and shown < LOST_SHARE * visible:
        warnings.append(Warning("W-HTML-TRUNCATED", f"the page's markup hides most of its text from the "
                                f"parser (an element left open, a comment not closed?): {shown:,} of the "
                                f"{visible:,} Chinese characters between its tags were read"))
    return assemble(path, Format.HTML, data, blocks, encoding=encoding, pages=None, warnings=tuple(warnings),
                    limits=limits)


# ----------------------------------------------------------- unclosed elements

# libxml2 reads the content of these as raw text up to their end tag: one left open
# swallows the rest of the page as script, title …
_RAW_TEXT = ("script", "style", "iframe", "textarea", "title", "xmp", "noembed", "noframes", "plaintext")
# these it reads as containers that run on to their parent's end: one left open inside the
# article takes the rest of it, and as they are dropped (_DROP) the article is lost
_SWALLOWERS = ("noscript", "object", "select", "video", "audio", "canvas", "svg", "template", "map", "button")
# void in HTML5 (no content ever), containers to libxml2 unless written ``<embed/>``
_VOID = ("embed", "source", "track", "wbr", "keygen", "bgsound", "command", "menuitem")
_OPEN_OR_CLOSE = re.compile(r"<!--|<(/?)(" + "|".join(_RAW_TEXT + _SWALLOWERS) + r")(?=[\s/>])[^>]*>", re.I)
_RAW_END = {tag: re.compile(rf"</{tag}(?=[\s/>])", re.I) for tag in _RAW_TEXT}
LOST_SHARE = 0.5  # the parsed page holds under this share of the Chinese text between its tags:
LOST_MIN = 200  # (and this many characters fewer) warn that the markup hid the rest
MAX_DOUBTS = 100


def close_unclosed(source: str) -> str:
    """``source`` with an end tag put right after each start tag of a raw-text or swallowing
    element that is never closed (``<script src=…>``, ``<noscript>``, ``<object>`` …), so the
    text after it stays text of the page, as the page's author meant."""
    inserts: list[tuple[int, str]] = []
    opened: dict[str, list[int]] = {}
    ends: dict[str, tuple] = {}  # tag -> (searched from, the first end tag there or None): each found once
    doubts = 0  # raw texts looked into for a start tag of their own (bounded: each is a scan)
    pos = 0
    while (m := _OPEN_OR_CLOSE.search(source, pos)) is not None:
        pos = m.end()
        if m.group(0) == "<!--":
            end = source.find("-->", pos)
            if end < 0:
                break  # the rest is a comment (what is lost there the truncation warning tells)
            pos = end + 3
            continue
        closing, tag = m.group(1), m.group(2).lower()
        if m.group(0).endswith("/>"):
            continue  # <script src=…/>: closed as written (libxml2 honours it)
        if tag in _RAW_END:
            if closing:
                continue
            known = ends.get(tag)
            if known is not None and known[0] <= pos and (known[1] is None or known[1].start() >= pos):
                end = known[1]
            else:
                end = _RAW_END[tag].search(source, pos)
                ends[tag] = (pos, end)
            if end is not None and doubts < MAX_DOUBTS:
                doubts += 1
                if not _runs_over(source, pos, end.start(), tag):
                    pos = end.end()
                    continue
            elif end is not None:
                pos = end.end()
                continue
            inserts.append((pos, tag))
        elif closing:
            if opened.get(tag):
                opened[tag].pop()
        else:
            opened.setdefault(tag, []).append(pos)
    inserts += [(at, tag) for tag, starts in opened.items() for at in starts]
    if not inserts:
        return source
    out, last = [], 0
    for at, tag in sorted(inserts):
        out += [source[last:at], f"</{tag}>"]
        last = at
    out.append(source[last:])
    return "".join(out)


_TEXT_BETWEEN_TAGS = re.compile(r">([^<>]+)<")
_RAW_START = {tag: re.compile(rf"<{tag}(?=[\s/>])", re.I) for tag in _RAW_TEXT}


def _runs_over(source: str, start: int, end: int, tag: str) -> bool:
    """Whether the raw text ``source[start:end]`` of a ``<tag>`` is rather page: it holds another
    ``<tag>`` start (its own end tag is missing, a later one's closed it) and article text
    between tags (counted until there is enough)."""
    if _RAW_START[tag].search(source, start, end) is None:
        return False
    han = 0
    for m in _TEXT_BETWEEN_TAGS.finditer(source, start, end):
        han += _han(m.group(1))
        if han >= LOST_MIN:
            return True
    return False


def _empty_voids(root) -> None:
    """Move what libxml2 put inside a void element (``<embed>`` left open holds the rest of
    its parent) out after it: a void element has no content."""
    for el in [el for el in root.iter(*_VOID) if len(el) or el.text]:
        parent = el.getparent()
        if parent is None:
            continue
        children = list(el)
        tail = el.tail or ""
        el.tail = el.text or ""
        el.text = None
        at = parent.index(el)
        for k, child in enumerate(children, 1):
            parent.insert(at + k, child)  # moves it, with its tail
        last = children[-1] if children else el
        last.tail = (last.tail or "") + tail


# elements whose content the reader drops (as _DROP), closed: a browser shows nothing of them either
_HIDDEN_CONTENT = ("script", "style", "noscript", "template", "iframe", "object", "svg", "canvas", "select",
                   "button", "textarea", "title", "map", "audio", "video")
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<(" + "|".join(_HIDDEN_CONTENT) + r")(?=[\s/>])[^>]*>.*?</\1\s*>|<[^>]*>",
                             re.I | re.S)
_BODY_START = re.compile(r"<body(?=[\s>])", re.I)


def _source_han(source: str) -> int:
    """Chinese characters between the page's tags, leaving out closed comments, scripts,
    styles, controls and the title: what a browser would show, read without a parser."""
    body = _BODY_START.search(source)
    return _han_long(_TAG_OR_COMMENT.sub(" ", source[body.start():] if body else source))


def _parsed_han(root) -> int:
    """Chinese characters the parsed page holds outside the elements the reader drops."""
    dropped = [el for el in root.iter(*_DROP)
               if not any(isinstance(a.tag, str) and a.tag.lower() in _DROP for a in el.iterancestors())]
    return _han_long(root.text_content()) - sum(_han_long(el.text_content()) for el in dropped)


# ------------------------------------------------------------------ clean-up


def _strip(root, hidden: bool = True) -> None:
    """Drop scripts, styles, controls and (with ``hidden``) hidden elements, keeping their tails.

    ``<html>`` and ``<body>`` are never dropped: pages hide the body until a script shows it."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)
            continue
        tag = el.tag.lower()
        if tag in ("html", "body"):
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        if tag in _DROP or (hidden and ("display:none" in style or el.get("hidden") is not None)):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


_HAN_RUN = re.compile(P.HAN.pattern + "+")


def _han(s: str | None) -> int:
    return len(P.HAN.findall(s)) if s else 0


def _han_long(s: str) -> int:
    """:func:`_han` for a whole page's text (runs, not a list of every character)."""
    return sum(m.end() - m.start() for m in _HAN_RUN.finditer(s))


def _han_counts(body) -> dict:
    """Chinese characters outside links under each element (children before parents)."""
    counts: dict = {}
    for el in reversed(list(body.iter())):
        if _tag(el) == "a":
            counts[el] = 0
            continue
        n = _han(el.text)
        for child in el:
            n += counts.get(child, 0) + _han(child.tail)
        counts[el] = n
    return counts


def _is_data_table(table) -> bool:
    """A table of data (two or more rows with two or more filled cells) rather than layout."""
    rows = 0
    for tr in table.iter("tr"):
        if _nearest_table(tr) is not table:
            continue
        filled = sum(1 for td in tr if _tag(td) in ("td", "th") and td.text_content().strip())
        if filled >= 2:
            rows += 1
            if rows >= 2:
                return True
    return False


def _nearest_table(el):
    for anc in el.iterancestors():
        if _tag(anc) == "table":
            return anc
    return None


def _can_descend(el) -> bool:
    tag = _tag(el)
    if tag in _CONTAINER:
        return True
    if tag in _LAYOUT:
        table = el if tag == "table" else _nearest_table(el)
        return table is not None and not _is_data_table(table)
    return bool(tag) and tag not in _LEAF and tag not in _DROP and tag not in ("table",)


def _main_content(body, counts):
    node = body
    while True:
        total = counts.get(node, 0)
        children = [c for c in node if isinstance(c.tag, str)]
        if not children or total == 0:
            return node
        best = max(children, key=lambda c: counts.get(c, 0))
        if counts.get(best, 0) < 0.7 * total or not _can_descend(best):
            return node
        # paragraphs beside the container are part of the article (a 文号 line before a
        # body <div>): stop here rather than lose them; headings are found as the title
        loose = _han(node.text) + sum(_han(c.tail) for c in children)
        loose += sum(counts.get(c, 0) for c in children
                     if c is not best and (_tag(c) in ("p", "span", "font", "strong", "b", "center")
                                           or (_tag(c) == "table" and _is_data_table(c))))
        if loose >= 5:
            return node
        node = best


def _page_title(body, main, counts):
    """The last heading before the article body: ``<h1>``-``<h3>`` or a ``*title*`` element."""
    before = []
    for el in body.iter():
        if el is main:
            break
        if not isinstance(el.tag, str) or _is_inside(main, el):
            continue
        tag = _tag(el)
        marker = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if tag in ("h1", "h2", "h3") or ("title" in marker and tag not in _LAYOUT):
            text = _squash_ws(el.text_content())
            if 6 <= _han(text) <= 120 and counts.get(el, 0) >= 0.8 * _han(text) and not P.LABEL_VALUE.match(text):
                before.append((el, text))
    if not before:
        return None
    el, text = before[-1]
    return RawBlock("paragraph", text, hints={"role": "page_title", "align": "center"})


def _is_inside(outer, el) -> bool:
    return any(a is outer for a in el.iterancestors())


def _starts_with(blocks, text: str) -> bool:
    key = P.WHITESPACE.sub("", text)
    head = "".join(P.WHITESPACE.sub("", b.text) for b in blocks[:4] if b.kind == "paragraph")
    return bool(key) and key in head


def _squash_ws(s: str) -> str:
    return P.HTML_WHITESPACE.sub(" ", s or "").strip()


# --------------------------------------------------------------- metadata box


def _metadata_box(body, main):
    """The page's 政府信息公开 box as a table of (label, value) rows, if there is one."""
    best = None
    for el in body.iter("table", "ul", "dl", "div"):
        if el is main or _is_inside(el, main) or _is_inside(main, el):
            continue
        text = el.text_content()
        if len(text) > 3000:
            continue
        found = {lab for lab in _META_LABELS if re.search(r"\s*".join(lab) + r"\s*[:：]", text)}
        if len(found) >= 2 and (best is None or len(found) > best[0] or
                                (len(found) == best[0] and _is_inside(best[1], el))):
            best = (len(found), el)
    if best is None:
        return None
    pairs = _label_pairs(best[1])
    if len(pairs) < 2:
        return None
    rows = [RawRow([RawCell(label), RawCell(value)]) for label, value in pairs]
    return RawBlock("table", rows=rows, hints={"role": "page_metadata"})


def _label_pairs(box) -> list[tuple[str, str]]:
    segments = []
    leafs = [el for el in box.iter("td", "th", "li", "dt", "dd", "span", "p")
             if not any(_tag(c) in ("td", "th", "li", "dt", "dd", "p", "span") for c in el.iter() if c is not el)]
    seen_text = set()
    for el in leafs:
        # an <li><span>label：</span>value</li>: take the whole item once
        host = el
        if _tag(el) == "span" and el.getparent() is not None and _tag(el.getparent()) in ("li", "p", "dd"):
            host = el.getparent()
        if id(host) in seen_text:
            continue
        seen_text.add(id(host))
        segments.append(_squash_ws(host.text_content()))
    pairs = []
    i = 0
    while i < len(segments):
        seg = segments[i]
        m = P.LABEL_VALUE.match(seg)
        if m:
            label, value = P.WHITESPACE.sub("", m.group(1)), m.group(2).strip()
            if not value and i + 1 < len(segments) and not P.LABEL_VALUE.match(segments[i + 1]):
                value = segments[i + 1]
                i += 1
            pairs.append((label, value))
        i += 1
    return pairs


# ---------------------------------------------------------------------- body


class _Walker:
    """Turns the article subtree into RawBlocks in document order."""

    def __init__(self, path, limits: Limits):
        self.path, self.limits = path, limits
        self.most = paragraph_limit(limits)
        self.out: list[RawBlock] = []
        self.pieces: list[tuple[str, bool]] = []  # (text, bold)
        self.first_el = None
        self.inherited: dict = {}  # element -> (align, font) it and its ancestors give, up to a boundary

    def align_and_font(self, el) -> tuple:
        """The first ``align`` and font family met going up from ``el`` to the nearest cell,
        ``<body>`` or container of more than three children (:func:`_is_main_boundary`).

        Worked out once per element (its own style, then its parent's answer): counting a
        container's children walks them all, and every paragraph in it used to ask again
        (20,000 paragraphs took 3 s, 100,000 over two minutes)."""
        chain = []
        top = None
        while el is not None:
            if el in self.inherited:
                top = self.inherited[el]
                break
            chain.append(el)
            if _tag(el) in ("td", "th", "body") or _is_main_boundary(el):
                break
            el = el.getparent()
        align, font = top if top is not None else (None, None)
        for el in reversed(chain):
            style = _style(el)
            align = style.get("text-align") or (el.get("align") or "").lower() or None or align
            font = _first_family(style.get("font-family") or el.get("face")) or font
            self.inherited[el] = (align, font)
        return self.inherited[chain[0]] if chain else top

    def blocks(self, root) -> list[RawBlock]:
        self.walk(root, bold=False)
        self.flush()
        return self.out

    def flush(self):
        text = _squash_ws("".join(t for t, _ in self.pieces))
        if text:
            if len(self.out) >= self.most:  # stop at the limit, not after a million paragraphs
                check_paragraphs(len(self.out) + 1, self.path, self.limits)
            self.out.append(RawBlock("paragraph", text, hints=self.hints()))
        self.pieces = []
        self.first_el = None

    def hints(self) -> dict:
        hints: dict = {}
        align, font = self.align_and_font(self.first_el) if self.first_el is not None else (None, None)
        if align in ("center", "right"):
            hints["align"] = align
        if font:
            hints["font"] = font
        text = "".join(t for t, _ in self.pieces)
        lead = ""
        for t, b in self.pieces:
            if not b:
                if t.strip():
                    break
                lead += t
                continue
            lead += t
        if lead.strip() and len(_squash_ws(lead)) < len(_squash_ws(text)):
            hints["bold_prefix"] = len(clean(_squash_ws(lead))[0])
        elif lead.strip():
            hints["bold"] = True
        return hints

    def add(self, text: str | None, el, bold: bool):
        if not text:
            return
        text = P.HTML_WHITESPACE.sub(" ", text)
        if self.first_el is None and text.strip():
            self.first_el = el
        self.pieces.append((text, bold))

    def walk(self, el, bold: bool):
        tag = _tag(el)
        if tag == "br":
            self.flush()
            return
        if tag == "table" and _is_data_table(el):
            self.flush()
            self.out.append(_table(el, self.limits))
            return
        if tag and tag != "body" and P.CLUTTER_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}") \
                and _link_share(el) > 0.5:
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        style = _style(el)
        bold = bold or tag in ("strong", "b") or style.get("font-weight", "") in ("bold", "bolder", "700", "800", "900")
        self.add(el.text, el, bold)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child, bold)
            self.add(child.tail, el, bold)
        if block:
            self.flush()


def _is_main_boundary(el) -> bool:
    return _tag(el) in ("div", "section", "article") and len(el) > 3


def _link_share(el) -> float:
    total = len(_squash_ws(el.text_content()))
    if not total:
        return 1.0
    links = sum(len(_squash_ws(a.text_content())) for a in el.iter("a"))
    return links / total


def _style(el) -> dict:
    out = {}
    for decl in (el.get("style") or "").split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            out[k.strip().lower()] = v.strip().lower() if k.strip().lower() != "font-family" else v.strip()
    return out


def _first_family(value: str | None):
    if not value:
        return None
    first = value.split(",")[0].strip().strip("'\"")
    return first or None


def _cell_text(td, limits: Limits) -> str:
    """A cell's text: its block children on lines (assemble joins them)."""
    w = _Walker(None, limits)
    w.walk(td, bold=False)
    w.flush()
    parts = []
    for b in w.out:
        if b.kind == "table":
            parts.extend(t for r in b.rows for t, _, _ in r.cells if t.strip())
        else:
            parts.append(b.text)
    return "\n".join(parts)


def _table(table, limits: Limits) -> RawBlock:
    rows = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
    pending: dict[int, int] = {}  # grid column -> rows still covered by a rowspan from above
    out: list[RawRow] = []
    first_header_key = None
    for tr in rows:
        tds = [td for td in tr if _tag(td) in ("td", "th")]
        cells = []
        col = 0
        all_th = bool(tds) and all(_tag(td) == "th" for td in tds)
        queue = list(tds)
        while queue or any(c >= col and n > 0 for c, n in pending.items()):
            if pending.get(col, 0) > 0:
                pending[col] -= 1
                cells.append(RawCell(""))  # covered from above: "same as above"
                col += 1
                continue
            if not queue:
                col += 1
                if col > 1000:
                    break
                continue
            td = queue.pop(0)
            colspan = _int(td.get("colspan"))
            rowspan = _int(td.get("rowspan"))
            cells.append(RawCell(_cell_text(td, limits), colspan, rowspan))
            if rowspan > 1:
                for k in range(colspan):
                    pending[col + k] = rowspan - 1
            col += colspan
        while cells and not cells[-1][0] and len(cells) > 1 and pending.get(col - 1, 0) == 0 \
                and not tds:
            cells.pop()
        if not cells:
            continue
        key = [P.WHITESPACE.sub("", t) for t, _, _ in cells]
        header = all_th or (first_header_key is not None and key == first_header_key)
        if all_th and first_header_key is None:
            first_header_key = key
        out.append(RawRow(cells, header=header))
    if out and first_header_key is None:
        k = _header_row(out)
        if k is not None:
            first_key = [P.WHITESPACE.sub("", t) for t, _, _ in out[k].cells]
            for i, row in enumerate(out):
                if i <= k or [P.WHITESPACE.sub("", t) for t, _, _ in row.cells] == first_key:
                    row.header = True
    return RawBlock("table", rows=out)


def _header_row(rows: list[RawRow]):
    """Index of the header row: the first row of two or more short labels (no number, no
    long text), after at most two caption rows of one cell; None when there is none."""
    for i, row in enumerate(rows[:3]):
        texts = [P.WHITESPACE.sub("", t) for t, _, _ in row.cells if t.strip()]
        if len(row.cells) == 1:
            continue  # a caption row spanning the table (附件1 …)
        if len(rows) > i + 1 and len(texts) >= 2 and all(
                len(t) <= 12 and not P.NUMERAL_TEXT.fullmatch(t) for t in texts):
            return i
        return None
    return None


def _int(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1
