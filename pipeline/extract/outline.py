"""The numbered outline: 一、 > (一) > 1. > (1), standalone or run-in headings.

``(一)推进工业绿色升级。强化…`` is a run-in heading: its title is the first
sentence, its text the whole paragraph.  A heading's text runs on over the
paragraphs that follow it until the next heading or the next GB/T 9704
element (署名, 附件说明 …).
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import patterns as P
from ..model import Document, Heading, Layout, Passage, Span
from ..zh.numbers import cn_to_int
from ..zh.script import simplified

_ENCLOSED_BASE = {2: 0x3220, 4: 0x2460}  # ㈠ and ① count from these code points
# articles rank above the numbered outline: 章 > 节 > 条 > 一、
ARTICLE_RANK = {"chapter": -2, "section": -1, "article": 0}
ARTICLE_KIND = {"章": "chapter", "节": "section", "条": "article"}
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
    kind: str = "heading"  # or chapter | section | article (第X章/节/条)


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
                                       Span(h.span.start, end, h.span.page), h.order, h.kind))
        current = None

    current_end = [0]
    for k, block in enumerate(doc.blocks):
        role = layout.roles[k]
        annex_no = layout.annex_nos[k]
        if role != "text":
            close()
            continue
        text = block.text.strip()
        hit = match_heading(simplified(text))
        article = P.ARTICLE.match(simplified(text))
        if article:
            close()
            kind = ARTICLE_KIND[article.group("kind")]
            rest = text[article.end():]
            named = P.ARTICLE_TITLE.match(rest)
            title = named.group("title") if named else (rest.strip() if kind != "article" else "")
            h = RawHeading(layout.parts[k], annex_no, ARTICLE_RANK[kind], article.group("num"), title,
                           "", block.span, k, kind)
            current = (h, [rest.strip()])
            current_end[0] = block.span.end
        elif hit:
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


def build_outline(raw: list[RawHeading]) -> tuple[list[Heading], list[Heading], dict[float, str]]:
    """Give headings ids (``body.2.1``) and parents, in reading order.

    Returns the numbered outline, the articles (第X章/节/条, ``level`` 1/2/3 for
    章/节/条, ids like ``body.art.3``), and a map from each RawHeading's
    ``order`` to its id.
    """
    raw = sorted(raw, key=lambda h: h.order)
    # 第X条 ranks above 一、 when articles come first (a regulation), below it when
    # sections 一、 group the articles (若干措施 with 一、 parts over 第X条)
    first_article = next((h.order for h in raw if h.kind == "article"), None)
    first_section = next((h.order for h in raw if h.kind == "heading" and h.level == 1), None)
    articles_below = first_article is not None and first_section is not None and first_section < first_article
    rank = {id(h): (1.5 if articles_below and h.kind == "article" else h.level) for h in raw}
    outline: list[Heading] = []
    articles: list[Heading] = []
    ids: dict[float, str] = {}
    stack: list[tuple[int, str]] = []  # (rank, id)
    counters: dict[str, int] = {}
    scope = None
    for h in raw:
        key = (h.part, h.annex_no)
        if key != scope:
            scope, stack = key, []
        while stack and stack[-1][0] >= rank[id(h)]:
            stack.pop()
        parent = stack[-1][1] if stack else None
        if h.kind == "heading":
            prefix = parent or (h.part if h.part == "body" else f"annex.{h.annex_no}")
        else:
            prefix = (h.part if h.part == "body" else f"annex.{h.annex_no}") + f".{h.kind}"
        counters[prefix] = counters.get(prefix, 0) + 1
        hid = f"{prefix}.{counters[prefix]}"
        level = h.level if h.kind == "heading" else h.level + 3
        record = Heading(hid, h.part, level, h.number, h.title, parent, h.text, h.span)
        (outline if h.kind == "heading" else articles).append(record)
        ids[h.order] = hid
        stack.append((rank[id(h)], hid))
    return outline, articles, ids
