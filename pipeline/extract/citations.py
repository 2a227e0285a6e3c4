"""Citations: other documents the notice cites, by 《title》 and by 发文字号.

A number right after a title (省政府《关于…的通知》(甘政发〔2021〕62号)) is one
citation.  The notice itself (its own number and title), the plans it issues
(every 《》 of the sentence that says 现印发给你们), its attachments and the
short forms it defines (以下简称《方案》) are not citations.  Each citation's ``relation``
is what the words of its clause say the notice does with it (``pipeline/data/citation_cues.csv``):
``repeals`` (同时废止), ``implements`` (贯彻…精神, 根据《…》), else ``cites``; of a document
mentioned more than once (again by its title, or by the short form defined right after it:
《关于…的意见》(以下简称《意见》)…贯彻落实《意见》精神), the strongest mention counts.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from .. import patterns as P
from ..model import Citation, Metadata, Span
from ..zh.script import simplified

def citation_key(text: str) -> str:
    """``text`` (a title or a 文号) as citations are compared: without spaces and title marks,
    brackets in one form."""
    return P.CITATION_KEY_NOISE.sub("", text).replace("（", "(").replace("）", ")")



@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, str, str], ...]:
    """(relation, side, cue) rows, repeal cues first: they win over implementing ones."""
    with resources.files("pipeline").joinpath("data", "citation_cues.csv").open(encoding="utf-8", newline="") as f:
        rows = [(r["relation"], r["side"], r["cue"]) for r in csv.DictReader(f)]
    return tuple(sorted(rows, key=lambda r: r[0] != "repeals"))


# characters looked at either side of a citation for the end of its clause or sentence: none is
# longer, and the search stays near the citation (searching the whole text for a mark it lacks,
# once per citation, made a long notice's cost grow with the square of its length)
REACH = 500


def _around(text: str, start: int, end: int, marks) -> tuple[str, str]:
    """The text from the last of ``marks`` before ``start`` and to the first after ``end``,
    within ``REACH``."""
    lo, hi = max(0, start - REACH), min(len(text), end + REACH)
    cut = max(text.rfind(c, lo, start) for c in marks)
    ends = [e for e in (text.find(c, end, hi) for c in marks) if e >= 0]
    return text[cut + 1 if cut >= 0 else lo:start], text[end:min(ends) if ends else hi]


def relation(work: str, start: int, end: int) -> str:
    """What the clause around ``work[start:end]`` (a cited title or number) says the notice does
    with it: ``repeals``, ``implements`` or ``cites``."""
    before, after = _around(work, start, end, P.CLAUSE_ENDS)
    for rel, side, cue in _cues():
        if cue in (before if side == "before" else after):
            return rel
    return "cites"


def _sentence(text: str, pos: int) -> str:
    before, after = _around(text, pos, pos, "。\n")
    return before + after


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
    own = {citation_key(simplified(t)) for t in (metadata.title, metadata.plan_title, *metadata.attachments,
                                         issued and issued.group("doc")) if t}
    own_number = citation_key(metadata.doc_number or "")
    out: list[Citation] = []
    paired: set[int] = set()  # start offsets of numbers taken with a title

    def skip(start: int) -> bool:
        return any(s.start <= start < s.end for s in exclude)

    hits = []
    defined = [m for m in P.BOOK_TITLE.finditer(work) if P.SHORT_FORM.search(work[max(0, m.start() - 6):m.start()])]
    short_forms = {m.group("title") for m in defined}
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
    found: dict[str, int] = {}  # every key of a citation -> its index in ``out``
    for start, title, number, end in sorted(hits, key=lambda h: h[0]):
        if number is not None and citation_key(number) == own_number:
            number = None  # the notice's own number: with its title beside it, the notice itself
        if title is not None and citation_key(simplified(title)) in own and not number:
            title = None
        if title is None and number is None:
            continue
        key = f"{citation_key(title or '')}|{citation_key(number or '')}"
        rel = relation(work, start, end)
        again = next((found[k] for k in (key, citation_key(title or ""), citation_key(number or "")) if k in found),
                     None)
        if again is not None:  # cited again: what the notice does with it is its strongest mention
            out[again] = _stronger(out[again], rel)
            continue
        for k in {key, citation_key(title or "") or key, citation_key(number or "") or key}:
            found[k] = len(out)
        out.append(Citation(title, number, Span(start, end), rel))
    # a short form (以下简称《意见》) stands for the title just before it: its mentions are that title's
    for m in defined:
        full = max((h for h in hits if h[1] and h[3] <= m.start() and m.start() - h[3] <= SHORT_FORM_REACH),
                   key=lambda h: h[3], default=None)
        at = found.get(citation_key(full[1])) if full else None
        if at is None:
            continue
        for use in re.finditer(re.escape(f"《{m.group('title')}》"), work):
            if use.start() != m.start() and not skip(use.start()):
                out[at] = _stronger(out[at], relation(work, use.start(), use.end()))
    return out


SHORT_FORM_REACH = 12  # characters from a title's end to the 《》 of its short form: (以下简称《方案》)
_STRENGTH = {"cites": 0, "implements": 1, "repeals": 2}


def _stronger(citation: Citation, rel: str) -> Citation:
    return citation.evolve(relation=rel) if _STRENGTH[rel] > _STRENGTH[citation.relation] else citation
