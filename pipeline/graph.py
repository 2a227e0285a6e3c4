"""A batch as a corpus: which of its notices cites, implements, forwards or repeals which.

Each notice names other documents: its citations (with what its clause says it does with
each: ``implements``, ``repeals``, ``cites``), the document its title says it forwards
(关于转发《…》的通知) and those its validity says it repeals (同时废止).  ``link_batch`` resolves
each to a notice of the same batch where it can: by 发文字号 first (brackets 〔〕[]【】() and
full-width digits in one form), then by title (a document cited with a 文号 only to a notice whose
own 文号 is unknown) (the notice's own title, the part from 关于 on,
the plan it issues, and the same of the citation: 《关于印发X的通知》 names X).  What names no
notice of the batch stays an edge to nothing (``cited_notice`` None): the graph says who cites
whom outside the batch too.  ``repealed`` reads the edges for the notices the batch repeals.
"""
from __future__ import annotations

import re
import unicodedata

from . import patterns as P
from .extract.citations import citation_key
from .model import BatchMember, Notice
from .zh.script import simplified

RELATIONS = ("implements", "forwards", "repeals", "cites")
# a 文号's brackets in one form: 甘政发〔2021〕62号 | 甘政发[2021]62号 | 甘政发（2021）62号
_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "【": "[", "】": "]", "(": "[", ")": "]", "„": "[", "‟": "]",
                           "〈": "[", "〉": "]"})


def doc_number_key(number: str) -> str:
    """A 发文字号 as two notices' numbers are compared: 甘政发（２０２１）62號 = 甘政发〔2021〕62号."""
    text = unicodedata.normalize("NFKC", simplified(number))  # full-width digits and brackets: ASCII
    return re.sub(r"\s+", "", text.translate(_BRACKETS)).removeprefix("第")


def title_keys(title: str | None, cited: bool = False) -> set[str]:
    """The forms of a notice's title another notice may cite it by: whole, from 关于 on (cited
    without its issuer), and the document a 印发/转发 notice issues (关于印发《X》的通知 → X).  A
    ``cited`` title is looked up by its whole and what it issues only: one that names its issuer
    (国务院关于…的意见) is not a city's notice of the same words."""
    if not title:
        return set()
    text = citation_key(simplified(title))
    keys = {text}
    about = text.find("关于")
    if about > 0 and not cited:
        keys.add(text[about:])
    issued = P.ISSUED_DOC.search(text)
    if issued:
        keys.add(citation_key(issued.group("doc")))
    return {k for k in keys if len(k) >= MIN_TITLE_KEY}


MIN_TITLE_KEY = 4  # characters: a shorter title (《方案》, 《意见》) names no one document


def named_documents(notice: Notice) -> list[dict]:
    """What ``notice`` names of other documents, as plain rows (a batch worker sends them back with
    the notice's digest): its citations, the document it forwards, the documents it repeals."""
    out = [{"title": c.title, "doc_number": c.doc_number, "relation": c.relation} for c in notice.citations]
    forwarded = P.FORWARDED_DOC.search(simplified(notice.metadata.title or ""))
    if forwarded:
        out.append({"title": forwarded.group("doc"), "doc_number": None, "relation": "forwards"})
    for text in notice.validity.repeals:
        number, title = P.DOC_NUMBER.search(text), P.BOOK_TITLE.search(text)
        named = {"title": title.group("title") if title else (None if number else text),
                 "doc_number": number.group(0) if number else None, "relation": "repeals"}
        same = next((n for n in out if _same(n, named)), None)
        if same is not None:  # a citation the notice repeals: one edge, the repeal
            same.update(title=same["title"] or named["title"], doc_number=same["doc_number"] or named["doc_number"],
                        relation="repeals")
        else:
            out.append(named)
    return out


def _same(a: dict, b: dict) -> bool:
    if a["doc_number"] and b["doc_number"]:
        return doc_number_key(a["doc_number"]) == doc_number_key(b["doc_number"])
    return bool(title_keys(a["title"]) & title_keys(b["title"]))


def link_batch(members: list[BatchMember]) -> list[dict]:
    """One edge per document each notice names: ``notice``, ``cited_notice`` (the notice of the batch
    it names, or None), ``title``, ``doc_number``, ``relation``, ``matched_by`` (doc_number | title
    | None) and ``candidates`` (how many notices of the batch fit: several forms of one notice
    share its 文号; the first by name is taken)."""
    by_number: dict[str, list[str]] = {}
    by_title: dict[str, list[str]] = {}
    numbered: set[str] = set()
    for m in sorted(members, key=lambda m: m.name):
        if m.doc_number:
            by_number.setdefault(doc_number_key(m.doc_number), []).append(m.name)
            numbered.add(m.name)
        for key in set().union(*(title_keys(t) for t in m.titles)):
            by_title.setdefault(key, []).append(m.name)
    edges = []
    for m in sorted(members, key=lambda m: m.name):
        for n in m.named:
            found, how = [], None
            if n["doc_number"]:
                found, how = [x for x in by_number.get(doc_number_key(n["doc_number"]), ()) if x != m.name], "doc_number"
            if not found and n["title"]:
                # a cited 文号 no notice has names another document, whatever its title: the title
                # may then only find a notice whose own 文号 is unknown (a web page that shows none)
                found = sorted({x for k in title_keys(n["title"], cited=True) for x in by_title.get(k, ())
                                if x != m.name and not (n["doc_number"] and x in numbered)})
                how = "title"
            edges.append({"notice": m.name, "cited_notice": found[0] if found else None, "title": n["title"],
                          "doc_number": n["doc_number"], "relation": n["relation"],
                          "matched_by": how if found else None, "candidates": len(found)})
    return edges


def repealed(edges: list[dict]) -> dict[str, str]:
    """Each notice of the batch another notice of it repeals → the first (by name) that does."""
    out: dict[str, str] = {}
    for e in sorted(edges, key=lambda e: e["notice"]):
        if e["relation"] == "repeals" and e["cited_notice"] is not None:
            out.setdefault(e["cited_notice"], e["notice"])
    return out
