"""Shared helpers of the readers: decoding bytes and assembling a Document."""
from __future__ import annotations

import codecs
import hashlib
import re
from bisect import bisect_left
from functools import partial
from dataclasses import dataclass, field
from typing import NamedTuple
from pathlib import Path

from ..limits import Limits
from ..errors import EncodingError, LimitError
from ..model import Block, Cell, Document, Format, Row, Span, Warning
from .clean import clean

# Chinese legacy encodings decode with their supersets, so a rare character
# the label's table lacks still decodes.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030",
             "big5": "big5hkscs", "cp950": "big5hkscs"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """Bytes to text, detecting UTF-8/16 (with or without BOM), GB18030/GBK and Big5."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError:
                break  # a BOM on bytes that are not that encoding: detect as if it had none
    candidates = []
    if declared:
        candidates.append(_SUPERSET.get(declared.lower(), declared.lower()))
    candidates.append("utf-8")
    if len(data) > 3 and data[1::2].count(0) > len(data) // 4:
        candidates.append("utf-16-le")
    elif len(data) > 3 and data[0::2].count(0) > len(data) // 4:
        candidates.append("utf-16-be")
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None:
        best = from_bytes(data).best()
    if best is not None:
        enc = codecs.lookup(best.encoding).name
        enc = _SUPERSET.get(enc, enc)
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass
    raise EncodingError("cannot decode the text: not UTF-8, UTF-16, GB18030/GBK or Big5", path)


# A notice's paragraphs are bounded with its characters: every paragraph costs its
# Block, Span and hints (about 1.5 KB down the pipeline), so a text of a million one-word
# lines within --max-chars would still cost gigabytes.  Until the limits have a flag of
# their own for it (``max_paragraphs``), the bound is one paragraph per this many
# characters of --max-chars: 150,000 by default, far above any real notice.
CHARS_PER_PARAGRAPH = 20


def paragraph_limit(lim: Limits) -> int:
    """The most paragraphs (lines, blocks) one notice may have within ``lim``."""
    own = getattr(lim, "max_paragraphs", None)
    return own if own is not None else max(lim.max_chars // CHARS_PER_PARAGRAPH, 1000)


def check_paragraphs(count: int, path: str | Path | None, lim: Limits) -> None:
    """Refuse a text of more paragraphs than :func:`paragraph_limit` with E-LIMIT-CHARS, before
    its blocks (and the outline's headings) are made."""
    bound = paragraph_limit(lim)
    if count <= bound:
        return
    if getattr(lim, "max_paragraphs", None) is not None:
        lim.check("paragraph count", count, None if path is None else str(path))
    raise LimitError(f"paragraph count {count:,} is over the limit of {bound:,} (one per "
                     f"{CHARS_PER_PARAGRAPH} characters of --max-chars; raise it with --max-chars)",
                     None if path is None else str(path), "E-LIMIT-CHARS")


_FILLED_LINE = re.compile(r"^[^\S\n]*\S", re.M)


def check_lines(text: str, path: str | Path | None, lim: Limits) -> None:
    """:func:`check_paragraphs` for a text of one paragraph per filled line (cheap: a count of
    line breaks first, the filled lines only when that is over the limit)."""
    if text.count("\n") < paragraph_limit(lim):
        return
    check_paragraphs(sum(1 for _ in _FILLED_LINE.finditer(text)), path, lim)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class RawBlock:
    """A block as a reader finds it, before cleaning: a paragraph, or a table's rows of cell texts."""

    kind: str
    text: str = ""
    rows: list[RawRow] = field(default_factory=list)
    hints: dict = field(default_factory=dict)
    page: int | None = None
    page_breaks: list = field(default_factory=list)  # (offset in text, page) where a later page begins


class RawCell(NamedTuple):
    """A cell as a reader finds it: its text, and the grid columns and rows it spans."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class RawRow:
    cells: list[RawCell]
    header: bool = False
    page: int | None = None


def assemble(path: str | Path, fmt: Format, data: bytes, raw_blocks: list[RawBlock],
             encoding: str | None = None, pages: int | None = None,
             warnings: tuple[Warning, ...] = (), *, limits: Limits) -> Document:
    """Join raw blocks into one source text (paragraphs and rows on lines, cells
    separated by TAB), clean it, and give every block and cell its span; more blocks than
    ``limits`` allow are refused first."""
    check_paragraphs(len(raw_blocks), path, limits)
    parts: list[str] = []
    pos = 0
    located = []  # (raw block, (start, end), [[(start, end) per cell] per row])

    def put(s: str) -> tuple[int, int]:
        nonlocal pos
        s = s.replace("\t", " ").replace("\r", "").replace("\n", " ") if s else ""
        start = pos
        parts.append(s)
        pos += len(s)
        return start, pos

    def newline():
        nonlocal pos
        parts.append("\n")
        pos += 1

    for rb in raw_blocks:
        if rb.kind == "table":
            start = pos
            row_spans = []
            for r_i, row in enumerate(rb.rows):
                if r_i:
                    newline()
                cells = []
                for c_i, (text, _cs, _rs) in enumerate(row.cells):
                    if c_i:
                        parts.append("\t")
                        pos += 1
                    cells.append(put(text))
                row_spans.append(cells)
            located.append((rb, (start, pos), row_spans))
        else:
            located.append((rb, put(rb.text), None))
        newline()
    source = "".join(parts)
    text, offsets = clean(source)
    to_clean = partial(bisect_left, offsets)  # a source index -> the first cleaned character at or after it

    def span(s: tuple[int, int], page) -> Span:
        a, b = to_clean(s[0]), to_clean(s[1])
        return Span(a, max(a, b), page)

    blocks = []
    page_map = []  # (offset, page) wherever the page may change
    for rb, s, row_spans in located:
        sp = span(s, rb.page)
        if rb.page is not None:
            page_map.append((sp.start, rb.page))
            page_map.extend((to_clean(s[0] + at), page) for at, page in rb.page_breaks)
        if rb.kind == "table":
            rows = []
            for row, cell_spans in zip(rb.rows, row_spans):
                page = row.page if row.page is not None else rb.page
                cells = tuple(Cell(text[cs.start:cs.end].strip(), cs, cspan, rspan)
                              for (_, cspan, rspan), cs in
                              ((c, span(x, page)) for c, x in zip(row.cells, cell_spans)))
                rstart = cells[0].span.start if cells else sp.start
                rend = cells[-1].span.end if cells else sp.start
                rows.append(Row(cells, Span(rstart, rend, page), row.header))
            blocks.append(Block("table", text[sp.start:sp.end], sp, tuple(rows), dict(rb.hints)))
        else:
            body = text[sp.start:sp.end]
            if body.strip():
                blocks.append(Block("paragraph", body, sp, (), dict(rb.hints)))
    return Document(str(path), fmt, sha256(data), encoding, pages, text, tuple(blocks),
                    tuple(offsets), tuple(warnings), tuple(sorted(page_map)))

