"""Policy instruments: the parameters a notice sets for others (contract 1.1).

A target is a goal the government sets itself; an instrument is a rule it sets
for others: an award or subsidy and its cap, the bar a beneficiary must clear,
a rate, how long a grant runs, a date by which something is reported, how often.
Each is read from one part of a sentence (a 。 or ； ends it) of the prose:

- a reporting deadline (于2022年2月15日前…报送…) and a frequency (每季度报送一次)
  wherever they stand;
- a period (两年内, 分三年兑现, 规划期限为…, 公示时间不少于30天);
- in a sentence that grants, selects or exempts (给予, 奖励, 补贴, 遴选, 免征 …),
  each figure typed by the words around it: 最高/不超过 before it make a cap,
  以上 after it a threshold, % or 1:1 a rate, 元 beside 奖励 an award and
  beside 补贴 a subsidy, 名额 a quota; not in a sentence a goal year opens
  (到2027年,…遴选5G工厂标杆30个 sets goals).

Figures a grant sentence holds for other reasons (分三年按10万、20万、30万兑现:
instalments of one award) stay out: an amount needs its own award or subsidy
word in its clause.
"""
from __future__ import annotations

import re

from .. import patterns as P
from ..model import Instrument, Span
from ..zh.numbers import as_number, cn_to_int
from ..zh.script import simplified, split_outside_brackets
from .targets import Prose

_SENTENCE_END = "。！？!?"
_PART_END = "；;"
_CLAUSE_END = "，,"
_AMOUNT_UNITS = {"元", "万元", "亿元", "千元", "万"}
_COUNT_UNITS = {"名", "个", "家", "项", "人"}


def extract_instruments(paragraphs: list[Prose]) -> list[Instrument]:
    """Every instrument stated in the given paragraphs, in reading order."""
    out: list[Instrument] = []
    for para in paragraphs:
        work = simplified(para.text)
        for a, b in split_outside_brackets(work, _SENTENCE_END):
            # 到2027年,…；在行业应用方面:培育…: a sentence a goal year opens sets goals, in all its parts
            goals = bool(P.GOAL_FRAME.match(work, a))
            for c, d in split_outside_brackets(work[a:b], _PART_END):
                if d - c >= 4:
                    out += _sentence(work[a + c:a + d], para.text[a + c:a + d], para, a + c, goals)
    return out


def _sentence(work: str, source: str, para: Prose, base: int, goals: bool) -> list[Instrument]:
    clauses = split_outside_brackets(work, _CLAUSE_END)
    found: list[tuple[int, int, str, object, object]] = []  # start, end, kind, value, unit
    taken: list[tuple[int, int]] = []  # what a deadline, frequency or period took: no figure of its own

    def clause_end(pos: int) -> int:
        return next(e for s, e in clauses if s <= pos <= e)

    for m in P.DEADLINE_MARK.finditer(work):
        report = P.REPORTING.search(work, m.end())
        if report:
            found.append((m.start(), clause_end(report.start()), "deadline", None, None))
            taken.append((m.start(), m.end()))
    for m in P.FREQUENCY.finditer(work):
        found.append((m.start(), clause_end(m.start()), "other", None, None))
        taken.append(m.span())
    for m in P.PERIOD.finditer(work):
        start = next(s for s, e in clauses if s <= m.start() <= e)
        value, unit = _period_value(m)
        found.append((start, clause_end(m.start()), "period", value, unit))
        taken.append(m.span())
    if not goals and P.INSTRUMENT_CUE.search(work):
        masked = _masked(work)
        grant = P.GRANT_WORD.search(work)
        for s, e in clauses:
            found += _figures(work[s:e], masked[s:e], s, taken, grant.start() if grant else -1)
    condition = P.CONDITION.search(work)
    out = []
    for start, end, kind, value, unit in sorted(found, key=lambda f: f[0]):
        lead = len(source[start:end]) - len(source[start:end].lstrip())
        text = source[start + lead:end].rstrip()
        if not text:
            continue
        cond = who = None
        if condition and kind != "threshold" and condition.end() <= start + lead:
            cond = source[condition.start("cond"):condition.end("cond")]
            who = source[condition.start("who"):condition.end("who")] if condition.group("who") else None
        out.append(Instrument(text=text, kind=kind, value=value, value_max=None, unit=unit, beneficiary=who,
                              condition=cond, outline_id=para.outline_id,
                              span=Span(para.start + base + start + lead, para.start + base + start + lead + len(text),
                                        para.page)))
    return out


def _figures(clause: str, masked: str, offset: int, taken: list[tuple[int, int]], grant: int) -> list[tuple]:
    """The instruments of one clause of a grant sentence, one per figure (``grant``: where the
    sentence grants; a bar stated before it is the condition to clear)."""
    out = []
    prev: tuple[re.Match, str | None] | None = None
    for m in P.INSTRUMENT_FIGURE.finditer(masked):
        at = offset + m.start()
        if any(a <= at < b for a, b in taken):
            continue
        kind = _kind(m, clause, offset + m.end() <= grant)
        if prev and P.LIST_GAP.fullmatch(masked[prev[0].end():m.start()]):
            kind = prev[1]  # 首次达到5000万元、1亿元、2亿元以上的: a list's figures are of one kind
        prev = (m, kind)
        if kind is None:
            continue
        value = None if m.group("ratio") else as_number(m.group("v"))
        out.append((offset, offset + len(clause), kind, value, None if m.group("ratio") else m.group("u")))
    return out


def _kind(m: re.Match, clause: str, before_grant: bool) -> str | None:
    """What a figure of a grant sentence is, by the words around it; None when it is none of them."""
    before, after, unit = clause[:m.start()], clause[m.end():], m.group("u")
    if m.group("ratio"):
        return "award" if "给予" in clause and P.AWARD_WORD.search(clause) else "rate"
    if P.CAP_BEFORE.search(before):
        return "cap"
    if P.THRESHOLD_AFTER.match(after) or (P.THRESHOLD_BEFORE.search(before) and ("的" in after or before_grant)):
        return "threshold"
    if unit == "%" or P.TAX_WORD.search(clause):
        return "rate"
    if unit in _AMOUNT_UNITS:
        award, subsidy = P.AWARD_WORD.search(clause), P.SUBSIDY_WORD.search(clause)
        if award and (not subsidy or award.start() < subsidy.start()):
            return "award"
        return "subsidy" if subsidy else None
    if unit in _COUNT_UNITS and P.QUOTA_WORD.search(clause):
        return "quota"
    return None


def _period_value(m: re.Match) -> tuple[int | None, str | None]:
    """The length of a period and its unit; none when the figure is damaged (1 3 年内)."""
    for num, unit in (("n", "u"), ("n2", "u2"), ("n3", "u3")):
        if m.group(num):
            text = m.group(num)
            if " " in text:
                return None, None
            value = cn_to_int(text)
            return (value, m.group(unit)) if value is not None else (None, None)
    return None, None


def _masked(text: str) -> str:
    """Dates, years, 文号 and quoted names blanked (same length): no figure of theirs is an instrument."""
    blank = lambda m: " " * len(m.group(0))  # noqa: E731
    for rx in (P.QUOTED, P.DOC_NUMBER, P.DATE, P.YEAR_OR_SPAN):
        text = rx.sub(blank, text)
    return text
