"""Validity (contract 1.1): when a notice's rules apply, and whether they still do.

Read from the notice's own words — 本办法自2025年1月1日起施行, 自印发之日起施行 (the
notice's date), 有效期5年 / 试行二年 (counted from the effective date), 有效期至2027年
12月31日, 原《…》(…〔2019〕3号)同时废止 — and from a web page's panel (实施日期,
失效日期, 时效性/文件状态: 有效, 失效, 废止, 已修改).  The notice's words win over the
panel's dates; the panel's status word wins over what the dates imply, since a site
marks a notice repealed or amended by later acts the notice cannot know.  ``status`` is
as of ``today``; with no evidence at all it is ``unknown``.  Each finding keeps the
phrase it came from and its span.
"""
from __future__ import annotations

import datetime as dt
import re

from .. import patterns as P
from ..model import Evidence, Metadata, Span, Validity
from ..zh.numbers import cn_to_int, parse_date
from .panel import field_of
from ..zh.script import simplified


def extract_validity(text: str, metadata: Metadata, today: str) -> Validity:
    """The validity of the notice whose normalised ``text`` and ``metadata`` are given, as of ``today``."""
    work = simplified(text)
    evidence: list[Evidence] = []

    def seen(m: re.Match) -> None:
        evidence.append(Evidence(text[m.start():m.end()], Span(m.start(), m.end())))

    stated = inferred = until = years = None
    if (m := P.EFFECTIVE_FROM.search(work)) and (stated := parse_date(m.group("date"))):
        seen(m)
    elif (m := P.EFFECTIVE_ON_ISSUE.search(work)) and metadata.date:
        inferred = metadata.date  # 自印发之日起: the notice's date, or the panel's exact one
        seen(m)
    if (m := P.VALID_UNTIL.search(work)) and (until := parse_date(m.group("date"))):
        seen(m)
    elif (m := P.VALID_FOR.search(work)) and (years := cn_to_int(m.group("n"))):
        seen(m)
    repeals = []
    for m in P.REPEALS.finditer(work):
        repeals += [t.group() for t in P.BOOK_TITLE.finditer(text[m.start("what"):m.end("what")])]
        seen(m)
    panel_effective = panel_expires = panel_status = None
    for label, value in (metadata.panel or {}).items():
        field = field_of(label)
        if field in ("effective", "expires", "status"):
            found = _panel_evidence(text, label, value)
            if found is not None:
                evidence.append(found)
        if field == "effective":
            panel_effective = panel_effective or parse_date(simplified(value))
        elif field == "expires":
            panel_expires = panel_expires or parse_date(simplified(value))
        elif field == "status" and panel_status is None:
            panel_status = next((s for s, rx in P.STATUS_WORD if rx.search(simplified(value))), None)
    # a date the text states wins; the panel's exact dates beat what the text implies (自印发之日起, 有效期5年),
    # and its 失效日期 stands when earlier (a site marks a notice that a later one cut short)
    effective = stated or panel_effective or inferred
    expires = min(d for d in (until, panel_expires) if d) if until or panel_expires else (
        _years_after(effective, years) if effective and years else None)
    return Validity(effective=effective, expires=expires,
                    status=panel_status or _status(effective, expires, today),
                    repeals=tuple(dict.fromkeys(repeals)), evidence=tuple(evidence))


def _status(effective: str | None, expires: str | None, today: str) -> str:
    if expires and expires < today:
        return "expired"
    if effective and effective <= today:
        return "in_force"
    return "unknown"  # not yet in force, or nothing said


def _years_after(start: str, years: int) -> str:
    """The last day of a term of ``years`` from ``start``: 2025-01-01 + 5 years → 2029-12-31."""
    d = dt.date.fromisoformat(start)
    try:
        end = d.replace(year=d.year + years)
    except ValueError:  # 29 February
        end = d.replace(year=d.year + years, day=28)
    return (end - dt.timedelta(days=1)).isoformat()


def _panel_evidence(text: str, label: str, value: str) -> Evidence | None:
    """Where the panel says it: the label, letter-spaced or not, then its value."""
    rx = re.compile(r"\s*".join(map(re.escape, label)) + r"[\s:：】\]|]*" + re.escape(value.strip()))
    m = rx.search(text)
    return Evidence(m.group(), Span(m.start(), m.end())) if m else None
