"""Citations: other documents the notice cites, by 《title》 and by 发文字号.

A number right after a title (省政府《关于…的通知》(甘政发〔2021〕62号)) is one
citation.  The notice itself (its own number and title), the plans it issues
(every 《》 of the sentence that says 现印发给你们), its attachments and the
short forms it defines (以下简称《方案》) are not citations.
"""
from __future__ import annotations

import re

from .. import patterns as P
from ..model import Citation, Metadata, Span
from ..zh.script import simplified

def _key(text: str) -> str:
    return P.CITATION_KEY_NOISE.sub("", text).replace("（", "(").replace("）", ")")


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [e for e in (text.find("。", pos), text.find("\n", pos)) if e >= 0]
    return text[start:min(ends) if ends else len(text)]


def doc_number_at(text: str, pos: int) -> re.Match | None:
    """A 发文字号 starting at ``pos`` (after an optional opening bracket)."""
    gap = P.GAP_TO_NUMBER.match(text[pos:pos + 3])
    m = P.DOC_NUMBER.match(text, pos + (gap.end() if gap else 0))
    return m if m and m.start() - pos <= 3 else None


def doc_numbers(text: str):
    """Every 发文字号 in ``text``: the bracketed year is found first, then the 机关代字 before it
    (far cheaper than trying the whole pattern at every character)."""
    for core in P.DOC_NUMBER_CORE.finditer(text):
        m = P.DOC_NUMBER.search(text, max(0, core.start() - 16), core.end())
        if m and m.end() == core.end():
            yield m


def extract_citations(text: str, metadata: Metadata, exclude: list[Span] = ()) -> list[Citation]:
    """Cited documents in order of first appearance, once each."""
    work = simplified(text)
    issued = P.ISSUED_DOC.search(simplified(metadata.title or ""))
    own = {_key(simplified(t)) for t in (metadata.title, metadata.plan_title, *metadata.attachments,
                                         issued and issued.group("doc")) if t}
    own_number = _key(metadata.doc_number or "")
    seen: set[str] = set()
    out: list[Citation] = []
    paired: set[int] = set()  # start offsets of numbers taken with a title

    def skip(start: int) -> bool:
        return any(s.start <= start < s.end for s in exclude)

    hits = []
    short_forms = {m.group("title") for m in P.BOOK_TITLE.finditer(work)
                   if P.SHORT_FORM.search(work[max(0, m.start() - 6):m.start()])}
    for m in P.BOOK_TITLE.finditer(work):
        if skip(m.start()) or m.group("title") in short_forms:
            continue
        title = text[m.start("title"):m.end("title")].strip()
        num = doc_number_at(text, m.end())
        if num is None and P.ISSUING_SENTENCE.search(_sentence(work, m.start())):
            continue  # a plan this notice issues
        if num:
            paired.add(num.start("agency"))
        hits.append((m.start(), title, num.group(0).strip() if num else None, num.end() if num else m.end()))
    for m in doc_numbers(text):
        if m.start("agency") in paired or skip(m.start()):
            continue
        number = P.AGENCY_NOISE.sub("", m.group(0)).strip()
        hits.append((m.end() - len(number), None, number, m.end()))
    for start, title, number, end in sorted(hits, key=lambda h: h[0]):
        if number is not None and _key(number) == own_number:
            number = None  # the notice's own number: with its title beside it, the notice itself
        if title is not None and _key(simplified(title)) in own and not number:
            title = None
        if title is None and number is None:
            continue
        key = f"{_key(title or '')}|{_key(number or '')}"
        if key in seen or (title and _key(title) in seen) or (number and _key(number) in seen):
            continue
        seen.update({key, _key(title or "") or key, _key(number or "") or key})
        out.append(Citation(title, number, Span(start, end)))
    return out
