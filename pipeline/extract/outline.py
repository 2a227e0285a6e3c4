"""The numbered outline: 一、 > (一) > 1. > (1), standalone or run-in headings.

``(一)推进工业绿色升级。强化…`` is a run-in heading: its title is the first
sentence, its text the whole paragraph.  A heading's text runs on over the
paragraphs that follow it until the next heading or the next GB/T 9704
element (署名, 附件说明 …).
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import patterns as P
from ..model import Document, Heading, Passage, Span
from .numbers import cn_to_int
from .structure import Layout

_ENCLOSED_BASE = {2: 0x3220, 4: 0x2460}  # ㈠ and ① count from these code points
_CN = "一二三四五六七八九十"


@dataclass(frozen=True)
class RawHeading:
    """A heading before ids are given: where it stands, what it says."""

    part: str
    annex_no: int  # which attachment (0 in the body)
    level: int
    number: str
    title: str
    text: str
    span: Span
    order: float  # position in reading order (block index; row within a table)


def match_heading(text: str) -> tuple[int, str, int] | None:
    """(level, number, length of the number prefix) when ``text`` opens with a heading number."""
    for level, rx in P.HEADING_FAMILIES:
        m = rx.match(text)
        if not m:
            continue
        if m.groupdict().get("enc"):
            k = ord(m.group("enc")) - _ENCLOSED_BASE[level] + 1
            number = _cn_numeral(k) if level == 2 else str(k)
        else:
            number = m.group("num")
            if level in (1, 2) and cn_to_int(number) is None:
                continue
        rest = text[m.end():]
        if not rest.strip() and level != 1:
            continue
        return level, number, m.end()
    return None


def _cn_numeral(k: int) -> str:
    if k <= 10:
        return _CN[k - 1]
    return ("" if k < 20 else _CN[k // 10 - 1]) + "十" + (_CN[k % 10 - 1] if k % 10 else "")


def heading_title(rest: str) -> str:
    """The heading's own words: up to the first 。, or a colon before any comma."""
    end = len(rest)
    m = P.TITLE_END.search(rest)
    if m:
        end = m.start()
    colon = P.TITLE_COLON.search(rest[:end])
    if colon:
        comma = P.TITLE_COMMA.search(rest[:end])
        if comma is None or colon.start() < comma.start():
            end = colon.start()
    return rest[:end].strip().rstrip("。:：;；,，")


def parse_outline(doc: Document, layout: Layout) -> tuple[list[RawHeading], list[Passage], dict]:
    """Headings and preamble paragraphs of the prose.

    Also returns, for every prose block taken, the ``order`` of the heading it
    stands under (None for a preamble paragraph).
    """
    headings: list[RawHeading] = []
    preamble: list[Passage] = []
    owner: dict[int, float | None] = {}
    current: list | None = None  # [RawHeading fields being built]

    def close():
        nonlocal current
        if current is not None:
            h, paras = current
            text = "\n".join(paras)
            end = h.span.end if len(paras) == 1 else current_end[0]
            headings.append(RawHeading(h.part, h.annex_no, h.level, h.number, h.title, text,
                                       Span(h.span.start, end, h.span.page), h.order))
        current = None

    current_end = [0]
    for k, block in enumerate(doc.blocks):
        role = layout.roles[k]
        annex_no = layout.annex_nos[k]
        if role != "text":
            close()
            continue
        text = block.text.strip()
        hit = match_heading(text)
        if hit:
            close()
            level, number, cut = hit
            rest = text[cut:]
            h = RawHeading(layout.parts[k], annex_no, level, number, heading_title(rest) or rest.strip(),
                           "", block.span, k)
            current = (h, [rest.strip()])
            current_end[0] = block.span.end
        elif current is not None:
            current[1].append(text)
            current_end[0] = block.span.end
        else:
            preamble.append(Passage(text, block.span, layout.parts[k]))
        owner[k] = current[0].order if current is not None else None
    close()
    return headings, preamble, owner


def build_outline(raw: list[RawHeading]) -> tuple[list[Heading], dict[int, str]]:
    """Give headings ids (``body.2.1``) and parents, in reading order.

    Returns the headings and a map from each RawHeading's ``order`` to its id.
    """
    raw = sorted(raw, key=lambda h: h.order)
    out: list[Heading] = []
    ids: dict[int, str] = {}
    stack: list[tuple[int, str]] = []  # (level, id)
    counters: dict[str, int] = {}
    scope = None
    for h in raw:
        key = (h.part, h.annex_no)
        if key != scope:
            scope, stack = key, []
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        prefix = parent or (h.part if h.part == "body" else f"annex.{h.annex_no}")
        counters[prefix] = counters.get(prefix, 0) + 1
        hid = f"{prefix}.{counters[prefix]}"
        out.append(Heading(hid, h.part, h.level, h.number, h.title, parent, h.text, h.span))
        ids[h.order] = hid
        stack.append((h.level, hid))
    return out, ids
