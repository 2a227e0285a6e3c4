"""Inline responsibilities: who owns a measure, said in the prose itself.

Two shapes carry an assignment (a 牵头 inside a sentence, 由市政府牵头建立机制,
does not):
- an aside in brackets after the measure: (市发展改革委牵头，市财政局、市工信局配合),
  (XX负责), (XX、YY按职责分工负责), (责任单位：XX、YY), (XX、YY分别牵头);
- labelled lines after a measure: ``牵头单位：XX`` then ``责任单位：YY``.
Where a 牵头 unit is named, the units merely 负责 or 责任 support it.  Each
assignment becomes a task (``source: inline``) attached to its measure.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import patterns as P
from ..model import Span, Task
from .script import simplified
from .targets import Prose

LEAD, SUPPORT, RESPONSIBLE = "lead", "support", "responsible"


@dataclass
class Assignment:
    """Unit lists by role, as the source writes them."""

    roles: dict = field(default_factory=dict)  # role -> [unit-list text]

    def add(self, role: str, units: str) -> None:
        self.roles.setdefault(role, []).append(units)

    def cells(self) -> dict[str, str]:
        out: dict[str, list[str]] = {}
        for role, texts in self.roles.items():
            if role == RESPONSIBLE and LEAD in self.roles:
                role = SUPPORT  # 责任单位 beside a 牵头单位 support it
            out.setdefault(role, []).extend(texts)
        return {role: "、".join(texts) for role, texts in out.items()}


def _role(word: str) -> str:
    if "牵头" in word or "主办" in word:
        return LEAD
    if any(w in word for w in ("配合", "协办", "参与", "协助", "协同")):
        return SUPPORT
    return RESPONSIBLE


def parse_assignment(work: str, source: str) -> Assignment | None:
    """The roles named in an aside (``work`` simplified, ``source`` as written, same length);
    None when any clause of it is not an assignment."""
    found, label_role, pos = Assignment(), None, 0
    for sep in [*P.INLINE_SEGMENT_SPLIT.finditer(work), None]:
        end = sep.start() if sep else len(work)
        seg_w, seg_s = work[pos:end], source[pos:end]
        pos = sep.end() if sep else end
        seg_w, seg_s = seg_w.strip(), seg_s.strip()
        if not seg_w:
            continue
        label, verb = P.INLINE_LABEL.match(seg_w), P.INLINE_VERB.match(seg_w)
        if label:
            role = label_role = _role(label.group("label"))
            units_w, units_s = label.group("units"), seg_s[label.start("units"):label.end("units")]
        elif verb:
            role, label_role = _role(verb.group("verb")), None
            units_w, units_s = verb.group("units"), seg_s[verb.start("units"):verb.end("units")]
        elif label_role is not None:
            role, units_w, units_s = label_role, seg_w, seg_s  # a label's list went on past a comma
        else:
            return None
        if not unit_list(units_w):
            return None
        found.add(role, units_s)
    return found if found.roles else None


def unit_list(units: str) -> bool:
    """Every listed name looks like a unit (an organ, a government, a collective)."""
    pieces = [P.AND_OTHERS.sub("", p.strip()) for p in P.INLINE_UNIT_SPLIT.split(units) if p.strip()]
    return bool(pieces) and "的" not in units and all(p and P.UNIT_LIKE.search(p) for p in pieces)


def extract_inline(prose: list[Prose]) -> list[Task]:
    """Inline assignments in reading order, each a task attached to its measure."""
    tasks: list[Task] = []
    first_para: dict[str, Prose] = {}  # outline id -> the measure's own paragraph
    labelled: dict[str, tuple[int, Assignment]] = {}  # outline id -> its labelled-lines task
    claimed: set[str | None] = set()  # measures whose heading paragraph a task already took
    for para in prose:
        work = simplified(para.text)
        label = P.INLINE_LABEL_LINE.match(work)
        if label:
            measure = first_para.get(para.outline_id)
            # one or more labels on the line: 牵头单位：甲；配合单位：乙
            body = slice(label.start("label"), label.end("units"))
            found = parse_assignment(work[body], para.text[body])
            if measure is not None and found is not None:
                if para.outline_id not in labelled:
                    labelled[para.outline_id] = (len(tasks), Assignment())
                    tasks.append(Task(None, "inline", None, None, measure.text, para.outline_id, None, (),
                                      Span(measure.start, measure.start + len(measure.text), measure.page)))
                k, assignment = labelled[para.outline_id]
                for role, texts in found.roles.items():
                    for units in texts:
                        assignment.add(role, units)
                tasks[k] = tasks[k].evolve(cells=assignment.cells(),
                                   span=Span(tasks[k].span.start, para.start + len(para.text), para.page))
            continue
        if para.outline_id is not None:
            first_para.setdefault(para.outline_id, para)
        prev = 0
        for m in P.INLINE_PAREN.finditer(work):
            found = parse_assignment(m.group("body"), para.text[m.start("body"):m.end("body")])
            if found is None:
                continue
            text, start = para.text[prev:m.start()].strip(), para.start + prev
            heading = first_para.get(para.outline_id)
            if prev == 0 and heading is not None and heading is not para and para.outline_id not in claimed:
                # the measure's heading stands on its own line: the task is the measure from its title on
                text, start = heading.text.strip() + "\n" + text, heading.start
            claimed.add(para.outline_id)
            tasks.append(Task(None, "inline", None, None, text, para.outline_id, None, (),
                              Span(start, para.start + m.end(), para.page), cells=found.cells()))
            prev = m.end()
    return tasks
