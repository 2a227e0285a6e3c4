"""Targets: quantified goals and year-bound milestones in the notice's prose.

A sentence is split into clauses on ，；.  ``到2025年`` at the head of a
sentence governs the clauses after it: each is a goal for that year, typed
when it carries a quantity (达到35%以上, 较2020年下降11%) and ``qualitative``
when it does not.  Outside such a sentence a clause is a goal only when it
states a bounded or ranged quantity (不低于90%, 打造1-2个…).  Thresholds
(在315千伏安及以上), quoted names (“十年禁渔”) and bracketed asides
((2021-2023年)) are not goals.  Table cells are not read here: a task table
restates the plan's measures, it does not set new goals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import patterns as P
from ..model import Span, Target
from ..options import NO_UNITS, Units
from ..zh.numbers import as_number, cn_to_int
from ..zh.script import simplified

# comparator by the verb or bound word around the number
_GE_VERBS = {"超过", "高于", "不低于", "不少于", "至少", "突破", "超", "大于", "≥", ">="}
_LE_VERBS = {"不超过", "不高于", "控制在", "不得超过", "不得高于", "不应超过", "不大于", "小于", "≤", "<="}
_REACH_VERBS = {"达到", "达", "提高到", "提升到", "提高至", "提升至", "增加到", "增加至", "增长到", "降至", "降到",
                "降低至", "降低到", "下降至", "下降到", "减少至", "减少到",
                "保持在", "稳定在", "压缩至", "压缩到", "缩短至", "缩短到"}
_REDUCE_VERBS = {"下降", "降低", "减少"}
_INCREASE_VERBS = {"增长", "提高", "提升", "增加", "翻"}
_MAGNITUDES = {"亿", "万", "千"}
_CONNECTORS = " 、,，。和及与"


@dataclass(frozen=True)
class Prose:
    """A paragraph of prose to read goals from, with its heading."""

    text: str
    start: int  # offset of text[0] in the normalised full text
    outline_id: str | None
    page: int | None = None


def extract_targets(paragraphs: list[Prose], units: Units = NO_UNITS) -> list[Target]:
    """Every goal stated in the given paragraphs, in reading order.

    Rules match a simplified working copy of the text (traditional script
    converted character for character); texts and spans come from the source.
    The names of the user's ``units`` stay whole words where a goal is cut at a word.
    """
    out: list[Target] = []
    for para in paragraphs:
        work = simplified(para.text)
        if not P.HAS_FIGURE.search(work):
            continue  # every goal and every year mark holds a figure
        dated = False  # a paragraph of goals: a year opened one of its sentences (its figures are goals)
        past = False  # a paragraph of results: 2016年,…实现了良好开局。全省实现…增长7.9%
        had_goals = False  # the sentence before stated goals
        for s_start, sentence in _pieces(work, P.SENTENCE_END):
            if P.PAST_RESULT.search(sentence):
                past = True
                continue
            # the year a sentence opens with (到2025年, | 2022年, | 具体指标:到2017年,) governs all of it;
            # a year in another sentence does not (the annotation rule: the same sentence states it)
            frame = P.SENTENCE_YEAR.match(_without_titles(sentence))
            governed = cn_to_int(frame.group("y")) if frame else None
            if not P.HAS_FIGURE.search(sentence) or (past and governed is None):
                had_goals = False
                continue
            # 稳定在43.92万亩以上。其中:早稻3万亩,中稻27万亩: the figures that detail a goal are goals
            stated = had_goals and bool(P.DETAIL_LEAD.match(sentence))
            had_goals = False
            dated = dated or governed is not None
            for c_start, clause in _pieces(sentence, P.CLAUSE_SPLIT):
                stripped = clause.strip()
                if not stripped:
                    continue
                lead = len(clause) - len(clause.lstrip())
                offset = para.start + s_start + c_start + lead
                figure = P.HAS_FIGURE.search(stripped)  # most clauses hold none: skip the costly patterns
                mark = P.YEAR_MARK.search(_without_titles(stripped)) if figure else None
                year = _year(mark) if mark else None
                if mark and mark.start() == 0:
                    governed = year
                    if not stripped[mark.end():].strip(" ,，:："):
                        continue  # the clause is only 到2025年
                if P.REPORTING.search(stripped):
                    continue  # a reporting deadline, not a goal
                source = para.text[offset - para.start:offset - para.start + len(stripped)]
                found = _quantities(stripped, source, offset, year or governed, para, dated or stated) \
                    if figure else []
                if found:
                    out.extend(found)
                    had_goals = True
                elif (year is not None or governed is not None) and P.MILESTONE.search(stripped) \
                        and not P.VAGUE.search(stripped):
                    out.append(_qualitative(stripped, source, offset, year or governed, para, mark, units))
    return out


def _without_titles(text: str) -> str:
    """``text`` with its 《》 titles blanked (same length): 《2030年前碳达峰行动方案》 sets no year."""
    return P.BOOK_TITLE.sub(lambda m: " " * len(m.group()), text) if "《" in text else text


def _pieces(text: str, splitter: re.Pattern):
    """(start, piece) for the pieces of ``text`` between separators, separators kept at the end."""
    start = 0
    for m in splitter.finditer(text):
        yield start, text[start:m.start()]
        start = m.end()
    if start < len(text):
        yield start, text[start:]


def _year(m: re.Match) -> int | None:
    y = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
    return cn_to_int(y) if y else None


def _masked(clause: str) -> str:
    """The clause with quoted names, bracketed asides and dates blanked (same length)."""
    blank = lambda m: " " * len(m.group(0))  # noqa: E731
    for rx in (P.QUOTED, P.PAREN, P.DOC_NUMBER, P.DATE, P.YEAR_MARK, P.BASELINE, P.BOOK_TITLE):
        clause = rx.sub(blank, clause)
    clause = P.PERCENT_WORDS.sub(_percent_as_digits, clause)
    return P.YEAR_OR_SPAN.sub(blank, clause)


def _percent_as_digits(m: re.Match) -> str:
    """百分之三十 as ``   30%``: the same length, so the figure reads like one written in digits."""
    n = m.group("n").split("点")
    whole, frac = cn_to_int(n[0]), ("".join(str(cn_to_int(c)) for c in n[1]) if len(n) > 1 else "")
    digits = f"{whole}.{frac}%" if frac else f"{whole}%"
    return m.group() if whole is None or len(digits) > len(m.group()) else digits.rjust(len(m.group()))


def _quantities(clause: str, source: str, offset: int, year: int | None, para: Prose,
                dated: bool = False) -> list[Target]:
    """Typed goals of one clause; ``clause`` is the working copy, ``source`` the text as written."""
    masked = _masked(clause)
    if P.THRESHOLD.search(masked) or P.DEFINITION.search(masked) or P.AS_A_RULE.search(masked):
        return []
    found = list(P.QUANTITY.finditer(masked))
    # 其中十亿元以上企业30家: a figure with a bar before a noun and the goal's own figure qualifies the noun
    found = [m for i, m in enumerate(found)
             if not (m.group("bound") in ("以上", "及以上", "以下") and i + 1 < len(found)
                     and P.QUALIFIER_GAP.match(masked[m.end():found[i + 1].start()]))]
    # 分别下降15%、10%和26%: the figures listed after a verb share it
    verbs: dict[int, str | None] = {}
    for i, m in enumerate(found):
        listed = i and P.LIST_GAP.fullmatch(masked[found[i - 1].end():m.start()])
        verbs[id(m)] = m.group("verb") or (verbs[id(found[i - 1])] if listed else None)
    # 投资3000万元建设… | 100%的县级以上城市建成…: a plan's action, or a share of what it covers, frames a figure
    # (每引进1名人才: a rate per unit an instrument pays, not a goal)
    actions: dict[int, re.Match] = {}
    for i, m in enumerate(found):
        if P.PER_UNIT.search(masked, 0, m.start()):
            continue
        action = P.ACTION_BEFORE.search(masked, 0, m.start())
        if action is None and i and id(found[i - 1]) in actions \
                and P.ACTION_LIST_GAP.fullmatch(masked[found[i - 1].end():m.start()]):
            action = actions[id(found[i - 1])]  # 实施16个乡镇卫生院、158个村卫生室: the list shares it
        if action is not None:
            actions[id(m)] = action
    shares = {id(m) for m in found if m.group("u") == "%" and P.SHARE_OF.match(masked, m.end())}
    matches = [m for m in found if _is_goal(m, verbs[id(m)], year is not None or dated or id(m) in actions
                                            or id(m) in shares)
               and not P.PER_BENEFICIARY.search(masked, 0, m.start())]
    # 培育具备10个以上应用场景的工厂不少于10个: a bare figure before a verbed one qualifies a noun
    matches = [m for i, m in enumerate(matches)
               if verbs[id(m)] or id(m) in shares or not any(verbs[id(n)] for n in matches[i + 1:])
               or masked[m.end():m.end() + 1] in "、和及与"]
    out = []
    prev_end = 0
    for i, m in enumerate(matches):
        value = as_number(m.group("v"))
        if value is None:
            continue
        rng = m.group("v2")
        start = prev_end
        colon = max(source.rfind("：", start, m.start()), source.rfind(":", start, m.start()))
        if colon >= 0:
            start = colon + 1  # 在基础设施方面：规划建设…: the lead-in is no part of the goal
        action = actions.get(id(m))
        # 整合3000万元资金用于发放消费券: right after its action a figure's object follows it
        acted = action is not None and not verbs[id(m)] and len(action.group("gap").strip()) <= 2
        before = _indicator_before(source[start:m.start()])
        end = m.end()
        indicator = before
        if len(before) <= 4 or acted:  # 打造1-2个园区, 培育2个集群: the indicator follows the number
            stop = matches[i + 1].start() if i + 1 < len(matches) else len(clause)
            after = P.ASIDE_ON.split(source[m.end():stop], 1)[0].rstrip(_CONNECTORS)  # an aside is no part of it
            if after.strip():
                indicator, end = after.strip(), m.end() + len(after)
        lead = len(source[start:]) - len(source[start:].lstrip(_CONNECTORS + "(（"))
        baseline = next(reversed(list(P.BASELINE.finditer(clause[:m.end()]))), None)  # a list shares it
        out.append(Target(
            text=source[start + lead:end], indicator=indicator,
            comparator=_comparator(verbs[id(m)], m.group("bound"), rng), value=value,
            value_max=as_number(rng) if rng else None, unit=m.group("u"), target_year=year,
            baseline_year=int(baseline.group("y")) if baseline else None, outline_id=para.outline_id,
            span=Span(offset + start + lead, offset + end, para.page)))
        prev_end = end
    return out


def _is_goal(m: re.Match, verb: str | None, dated: bool) -> bool:
    """A number states a goal when a verb or bound frames it, or a dated sentence holds it."""
    framed = bool(verb or m.group("bound") or m.group("v2"))
    if m.group("grade"):
        return False  # 千亿级产业集群: a grade, not a quantity
    if m.group("cn") and m.group("u") == "批":
        return False  # 一批: a batch, not a count
    if m.group("cn") and not framed:
        return False  # 一批, 百亿企业: a Chinese numeral needs a verb to be a goal
    if m.group("u") in _MAGNITUDES and not verb:
        return False
    return framed or dated


def _comparator(verb: str | None, bound: str | None, rng: str | None) -> str:
    if rng:
        return "range"
    # a change verb decides even when 以上 or 左右 follows (增长10%以上 is an increase)
    if verb in _REDUCE_VERBS:
        return "reduce_by"
    if verb in _INCREASE_VERBS:
        return "increase_by"
    if bound in ("以上", "及以上") or verb in _GE_VERBS:
        return ">="
    if bound in ("以下", "以内", "之内") or verb in _LE_VERBS:
        return "<="
    if verb in _REACH_VERBS:
        return "reach"
    return "="


def _indicator_before(text: str) -> str:
    text = P.YEAR_MARK.sub("", text)
    text = P.BASELINE.sub("", text)
    text = P.LEAD_FILLER.sub("", text.strip(" 、,，"))
    return P.INDICATOR_TAIL.sub("", text).strip(" 、,，")


def _qualitative(clause: str, source: str, offset: int, year: int | None, para: Prose, mark,
                 units: Units) -> Target:
    indicator = source
    if mark is not None and mark.start() == 0:
        indicator = clause[mark.end():]
    indicator = P.LEAD_FILLER.sub("", indicator.strip(" ,，"))
    cut = _first_predicate(indicator, units)
    if cut == 0:  # 广泛形成绿色生产生活方式: the goal's object follows its verb
        indicator = indicator[P.GOAL_PREDICATE.match(indicator).end():]
    elif cut is not None:
        indicator = indicator[:cut]
    return Target(text=source, indicator=indicator.strip(" 、,，") or source, comparator="qualitative",
                  value=None, value_max=None, unit=None, target_year=year, baseline_year=None,
                  outline_id=para.outline_id, span=Span(offset, offset + len(source), para.page))


def _first_predicate(text: str, units: Units) -> int | None:
    """Where the predicate of a qualitative goal begins, cut at a word boundary (jieba)."""
    from ..resources import segment

    pos = 0
    for word in segment(text, units):
        m = P.GOAL_PREDICATE.match(text, pos)
        if m and m.end() >= pos + len(word):
            return pos
        pos += len(word)
    return None
