"""Inline responsibilities: who owns a measure, said in the prose itself.

Notices assign work in a few grammatical shapes (a 牵头 inside a sentence,
支持企业牵头组建联合体, assigns nothing):
- an aside in brackets after the measure, ( ) （ ） 〔 〕 or 【 】, nested brackets
  allowed: (市发展改革委牵头，市财政局配合), (责任单位：XX、YY), (XX、YY分别牵头);
- a labelled line after the measure: ``牵头单位：XX`` then ``责任单位：YY``,
  ``部门分工：XX牵头，YY配合``, ``【责任单位】XX``;
- a heading that names the lead of what stands under it: 一、县示范区管委会牵头工作(8项).

An aside or line is read as a sequence of clauses, each typed: an assignment
(a label and its units, or units and a role verb), a deadline (年内持续推进,
2025年底前), a rule note (列第一位者为牵头单位, 下同), a person (牵头领导：…) or
something else.  It is accepted when it holds at least one assignment; a clause
that names a role but could not be read is reported, never guessed.  The role
words are data (``pipeline/data/roles.csv``).  Where a lead is named, the units
merely 负责 or 责任 support it.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .. import patterns as P
from ..model import Span, Task, Warning
from ..zh.script import simplified, split_outside_brackets
from .targets import Prose

LEAD, SUPPORT, RESPONSIBLE, PERSON, DIVISION = "lead", "support", "responsible", "person", "division"


@dataclass(frozen=True)
class Grammar:
    """The role vocabulary compiled: labels (责任单位：), verbs (…牵头) and any role word at all."""

    label_roles: dict
    verb_roles: dict
    label: re.Pattern   # 责任单位：市财政局 | 【牵头单位】市商务局
    verb: re.Pattern    # 市财政局、市工信局配合 | 由市发改委牵头
    label_split: re.Pattern  # the spaces before a label: 牵头单位:市商务局  责任单位:市编办
    role_word: re.Pattern


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    with resources.files("pipeline").joinpath("data", "roles.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    labels = {r["word"]: r["role"] for r in rows if r["form"] == "label"}
    verbs = {r["word"]: r["role"] for r in rows if r["form"] == "verb"}

    def alternation(words):  # longest first, so 牵头责任单位 wins over 责任单位
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    la, ve = alternation(labels), alternation(verbs)
    return Grammar(
        labels, verbs,
        re.compile(rf"^(?:[【\[]\s*(?P<blabel>{la})\s*[】\]]\s*[:：]?|(?P<label>{la})\s*[:：])\s*(?P<units>.*?)\s*$"),
        re.compile(rf"^由?(?P<units>.+?)(?P<verb>{ve})$"),
        re.compile(rf"\s+(?=[【\[]?(?:{la})\s*[】\]:：])"),
        re.compile("牵头|配合|负责|责任|主办|协办|参与|参加|协助|指导"),
    )


@dataclass
class Assignment:
    """What an aside or labelled line says: unit lists by role, as the source writes them."""

    roles: dict = field(default_factory=dict)  # role -> [unit-list text]
    deadline: str | None = None
    unread: list = field(default_factory=list)  # clauses that name a role but could not be read

    def add(self, role: str, units: str) -> None:
        self.roles.setdefault(role, []).append(units)

    def merge(self, other: "Assignment") -> None:
        for role, texts in other.roles.items():
            for units in texts:
                self.add(role, units)
        self.deadline = self.deadline or other.deadline
        self.unread += other.unread

    def cells(self) -> dict[str, str]:
        out: dict[str, list[str]] = {}
        for role, texts in self.roles.items():
            if role == RESPONSIBLE and LEAD in self.roles:
                role = SUPPORT  # 责任单位 beside a 牵头单位 support it
            out.setdefault(role, []).extend(texts)
        return {role: "、".join(texts) for role, texts in out.items()}


def parse_assignment(work: str, source: str) -> Assignment | None:
    """The clauses of an aside or labelled line (``work`` simplified, ``source`` as written, same
    length), read one by one; None when none of them assigns anything."""
    g = grammar()
    found, carried = Assignment(), None  # carried: a label's role while its list runs on past a comma
    pending: list[str] = []  # lists still waiting for their verb: (市商务局，各县区按职责分工负责)
    for start, end in clauses(work):
        w, s = work[start:end], source[start:end]
        note = P.TRAILING_ASIDE.search(w)
        if note and _says_something_else(note.group("body")):
            # 市卫生健康委(列第一位为牵头单位,下同): the list, then a note of its own
            if P.ASIDE_DEADLINE.match(note.group("body")):
                found.deadline = found.deadline or s[note.start("body"):note.end("body")]
            w, s = w[:note.start()].rstrip(), s[:note.start()].rstrip()
        label = g.label.match(w)
        if label:
            name = label.group("label") or label.group("blabel")
            role, units = g.label_roles[name], label.start("units")
            carried, pending = role, []
            w, s = w[units:], s[units:]
            if not w or role == PERSON:
                continue
            if role == DIVISION:  # 部门分工：甲牵头，乙配合 — the clauses after it say the roles
                carried = None
        if carried == PERSON:
            if not g.role_word.search(w):
                continue  # the names of the leaders
            carried = None
        if P.ASIDE_RULE.search(w):  # 以下均需县政府落实，不再列出: a rule for the lists, not a list
            if P.FIRST_LEADS.search(w):  # (甲、乙,列第一位的为牵头单位): the lists before it are the assignment
                for units in pending:
                    found.add(RESPONSIBLE, units)
                pending = []
            carried = None
            continue
        verb = g.verb.match(w)
        if verb and unit_list(verb.group("units")):
            role = g.verb_roles[verb.group("verb")]
            for units in pending:
                found.add(role, units)
            found.add(role, s[verb.start("units"):verb.end("units")])
            carried, pending = None, []
        elif carried not in (None, DIVISION) and unit_list(w):
            found.add(carried, s)
        elif carried is None and unit_list(w):
            pending.append(s)
        elif P.ASIDE_DEADLINE.match(w):
            found.deadline = found.deadline or s.strip()
        elif g.role_word.search(w):
            found.unread.append(s.strip())
    return found if found.roles else None


def _says_something_else(note: str) -> bool:
    """A bracketed note after a list that is no part of a name: a rule, a deadline, a role."""
    return bool(P.ASIDE_RULE.search(note) or P.ASIDE_DEADLINE.match(note) or grammar().role_word.search(note))


def clauses(work: str) -> list[tuple[int, int]]:
    """The clauses of an aside: split at commas and semicolons outside brackets, and at the
    spaces before a label; each (start, end) with its edges' spaces and full stops left out."""
    g = grammar()
    out = []
    for start, end in split_outside_brackets(work, ",，;；。"):
        cuts = [start] + [m.end() for m in g.label_split.finditer(work, start, end)]
        for a, b in zip(cuts, cuts[1:] + [end]):
            piece = work[a:b]
            lead = len(piece) - len(piece.lstrip())
            trimmed = piece.strip().rstrip("。.")
            if trimmed:
                out.append((a + lead, a + lead + len(trimmed)))
    return out


def unit_list(units: str) -> bool:
    """Every listed name looks like a unit (an organ, a government, a collective); a bare place
    may stand before the name whose suffix it shares (哈尔滨、黑河、绥芬河市政府, 各产业、招商主管部门)."""
    pieces = [P.TRAILING_ASIDE.sub("", P.AND_OTHERS.sub("", units[a:b].strip())).strip()
              for a, b in split_outside_brackets(units, "、,，")]
    if not pieces or "的" in units or not all(len(p) >= 2 for p in pieces):  # 市 alone names no unit
        return False
    for k, piece in enumerate(pieces):
        if P.UNIT_LIKE.search(piece):
            continue
        later = next((p for p in pieces[k + 1:] if P.UNIT_LIKE.search(p)), None)
        if not (P.SHARED_SUFFIX_HEAD.match(piece) and later and P.SHARED_SUFFIX.search(later)):
            return False
    return True


def asides(work: str) -> list[tuple[int, int]]:
    """(start, end) of each bracketed aside's body in ``work``, nested brackets kept inside."""
    out, k = [], 0
    while True:
        m = P.ASIDE_OPEN.search(work, k)
        if m is None:
            return out
        close = _matching(work, m.start())
        if close is None or close - m.end() < 2:
            k = m.end()
            continue
        out.append((m.end(), close))
        k = close + 1


_PAIRS = {"(": ("(（", ")）"), "（": ("(（", ")）"), "〔": ("〔", "〕"), "【": ("【", "】"), "[": ("[", "]")}  # openers, closers


def _matching(text: str, at: int, longest: int = 400) -> int | None:
    """The offset of the bracket closing the one at ``at`` (its nested pairs skipped), or None."""
    opening, closing = _PAIRS[text[at]]
    depth = 0
    for k in range(at, min(len(text), at + longest)):
        c = text[k]
        if c in opening:
            depth += 1
        elif c in closing:
            depth -= 1
            if depth == 0:
                return k
        elif c == "\n":
            return None
    return None


def extract_inline(prose: list[Prose]) -> tuple[list[Task], list[Warning]]:
    """Inline assignments in reading order, each a task attached to its measure; and a warning
    for each clause of an accepted aside that named a role but could not be read."""
    tasks: list[Task] = []
    warnings: list[Warning] = []
    first: dict[str, int] = {}  # outline id -> index of the measure's own paragraph in ``prose``
    standalone: dict[str, tuple[int, Assignment]] = {}  # measure id -> its labelled-lines task
    claimed: set[str | None] = set()  # measures a task already took
    resume: dict[str | None, int] = {}  # measure id -> the paragraph its next task starts at

    def note_unread(found: Assignment, para: Prose, start: int, end: int) -> None:
        warnings.extend(Warning("W-INLINE-CLAUSE", f"a clause of a responsibility aside was not read: {c!r}",
                                Span(para.start + start, para.start + end, para.page)) for c in found.unread)

    for i, para in enumerate(prose):
        work = simplified(para.text)
        if para.outline_id is not None and para.outline_id not in first:
            first[para.outline_id] = i
            heading = P.HEADING_LEAD.match(work)
            if heading and unit_list(heading.group("units")):  # 一、县示范区管委会牵头工作(8项)
                units = para.text[heading.start("units"):heading.end("units")]
                tasks.append(_task(para.text.strip(), para.outline_id, para.start, para.start + len(para.text),
                                   para.page, {LEAD: units}, None))
                claimed.add(para.outline_id)
                continue
        line = _standalone(work)
        if line is not None:
            found = parse_assignment(work[line[0]:line[1]], para.text[line[0]:line[1]])
            measure = _measure_of(first, claimed, para.outline_id)
            if found is not None and measure is not None:
                note_unread(found, para, *line)
                k, done = standalone.get(measure, (len(tasks), Assignment()))
                if measure not in standalone:
                    standalone[measure] = (k, done)
                    head = prose[first[measure]]
                    text = "\n".join(p.text.strip() for p in prose[first[measure]:i])
                    tasks.append(_task(text, measure, head.start, head.start + len(head.text), head.page, {}, None))
                    claimed.add(measure)
                done.merge(found)
                tasks[k] = tasks[k].evolve(cells=done.cells(), deadline=done.deadline,
                                           span=Span(tasks[k].span.start, para.start + len(para.text),
                                                     tasks[k].span.page))
            continue
        prev = 0
        for start, end in asides(work):
            found = parse_assignment(work[start:end], para.text[start:end])
            if found is None:
                continue
            note_unread(found, para, start, end)
            text, begin, page = para.text[prev:start - 1].strip(), para.start + prev, para.page
            since = resume.get(para.outline_id, first.get(para.outline_id, i))
            if prev == 0 and since < i:
                # the task began paragraphs before its aside: at the measure's heading, or after the
                # measure's last aside (a measure of two paragraphs, the second with its own 责任单位)
                before = [p for p in prose[since:i] if p.outline_id == para.outline_id]
                if before:
                    text = "\n".join([*(p.text.strip() for p in before), text])
                    begin, page = before[0].start, before[0].page
            claimed.add(para.outline_id)
            resume[para.outline_id] = i + 1
            tasks.append(_task(text, para.outline_id, begin, para.start + end + 1, page, found.cells(),
                               found.deadline))
            prev = end + 1
    return tasks, warnings


def without_assignments(text: str) -> str:
    """``text`` with what extraction reads as assignments taken out: each line that is nothing but
    one (牵头单位：市发改委) and each aside that is one ((市发改委牵头，市财政局配合)), brackets and all.
    What is left is what the measure asks, the same whoever does it."""
    kept = []
    for line in text.split("\n"):
        work = simplified(line)
        whole = _standalone(work)
        if whole is not None and parse_assignment(work[whole[0]:whole[1]], line[whole[0]:whole[1]]):
            continue
        prev, pieces = 0, []
        for start, end in asides(work):
            if parse_assignment(work[start:end], line[start:end]) is not None:
                pieces.append(line[prev:start - 1])
                prev = end + 1
        kept.append("".join(pieces) + line[prev:])
    return "\n".join(kept)


def _task(text, outline_id, start, end, page, cells, deadline) -> Task:
    return Task(None, "inline", None, None, text, outline_id, deadline, (), Span(start, end, page), cells=cells)


def _standalone(work: str) -> tuple[int, int] | None:
    """The body of a paragraph that is nothing but an assignment: a labelled line (牵头单位：…) or
    one aside in brackets; None for any other paragraph."""
    stripped = work.rstrip().rstrip("。.")
    lead = len(stripped) - len(stripped.lstrip())
    if grammar().label.match(stripped[lead:]):
        return lead, len(stripped)
    found = asides(stripped)
    if len(found) == 1 and found[0][0] == lead + 1 and found[0][1] == len(stripped) - 1:
        return found[0]
    return None


def _measure_of(first: dict, claimed: set, outline_id: str | None) -> str | None:
    """The measure a standalone assignment line belongs to: its own heading's, or, when it follows
    sub-items of which none has an assignment of its own ((1)…(4) then 责任单位：…), their parent's."""
    if outline_id is None or outline_id not in first:
        return None
    parent = outline_id.rpartition(".")[0]
    siblings = [k for k in first if k.rpartition(".")[0] == parent and k != outline_id]
    if parent in first and siblings and not any(s in claimed for s in siblings) and outline_id not in claimed:
        return parent
    return outline_id
