"""Responsibility cells into units: split the list, flag 等相关部门, name each unit.

A 责任单位 cell lists units separated by 、，,；/ (a list never splits on a
single layout space: names do not contain one, wraps put one in).  Each unit
keeps its role from the column it stood in, and gets its canonical full name
from the gazetteer (``pipeline.normalize.units``), with how sure it is.
"""
from __future__ import annotations

from .. import patterns as P
from ..model import Span, Task, TaskUnit, Unit
from ..options import Units
from ..zh.script import simplified, split_outside_brackets
from .units import AS_WRITTEN, resolve_unit

def split_units(cell: str) -> list[str]:
    """The unit names of a cell, in order.

    Separators inside brackets do not split (各县(市、区)政府), and places that
    share the next name's suffix stay with it (黄埔区、天河区人民政府).
    """
    out = [cell[a:b] for a, b in split_outside_brackets(cell, P.UNIT_SEPARATORS)]
    names = [u.strip(" \n\t。.") for u in out if u.strip(" \n\t。.")]
    merged: list[str] = []
    for name in names:
        k = len(merged)  # every head before the name that takes its suffix: 哈尔滨、黑河、绥芬河市政府
        while k > 0 and _shares_suffix(merged[k - 1], P.TRAILING_ASIDE.sub("", name)):
            k -= 1
        merged[k:] = ["、".join([*merged[k:], name])]
    return merged


def _shares_suffix(head: str, name: str) -> bool:
    """``head`` takes the suffix of the ``name`` after it: 黄埔区、天河区人民政府 | 哈尔滨、黑河市政府 |
    区投资促进局等各产业、招商主管部门 (a bare place before a government, or a piece that names no
    unit before a collective's name)."""
    head, name = simplified(head), simplified(name)
    if P.BARE_PLACE.match(head) and P.GOVERNMENT_END.search(name):
        return True
    return bool(P.SHARED_SUFFIX_HEAD.match(head) and not P.UNIT_LIKE.search(P.AND_OTHERS.sub("", head))
                and P.SHARED_SUFFIX.search(name))


def assign_units(tasks: list[Task], issuer: str | None, text: str, first_leads: bool, date: str | None,
                 own: Units) -> list[Task]:
    """New tasks whose ``units`` are split from their unit cells and resolved (a row of the
    user's unit file, ``own``, wins over the built-in data).

    ``text`` is the normalised full text, to give each unit its span;
    ``first_leads`` is the notice's rule 列第一位的为牵头单位: in a list with no
    lead marked, the first unit leads and the others support.  ``date`` (the
    notice's) picks the names in force then; today's body is the ``successor``.
    """
    out = []
    for task in tasks:
        units = list(task.units)
        pos = task.span.start
        for role, cell in task.cells.items():
            for written in split_units(cell):
                # 市统计局等: the name is 市统计局, and others; 市司法局等相关部门 is kept as written (the
                # others are named, as a collective), flagged all the same
                raw = written[:-1] if written.endswith("等") and len(written) > 2 else written
                others = raw != written or (bool(P.AND_OTHERS.search(raw)) and len(P.AND_OTHERS.sub("", raw)) >= 2)
                found = text.find(raw, pos, task.span.end) if text else -1
                span = None
                if found >= 0:
                    span, pos = Span(found, found + len(raw), task.span.page), found + len(raw)
                unit = _unit(raw, role, issuer, date, others, own)
                units.append(unit.evolve(span=span) if span else unit)
        if first_leads and units and all(u.role == "responsible" for u in units):
            units = [u.evolve(role="lead" if i == 0 else "support") for i, u in enumerate(units)]
        out.append(task.evolve(units=tuple(units)))
    return out


_MADE: dict[tuple[str, str, bool], tuple[object, TaskUnit]] = {}  # (raw, role, and_others) -> (resolution, unit)


def _unit(raw: str, role: str, issuer: str | None, date: str | None, and_others: bool, own: Units) -> TaskUnit:
    """The unit as named in a cell, without its place in the text.

    The same names recur row after row: a unit is made once for as long as its
    resolution (cached by ``resolve_unit`` for each issuer, date and unit file) is the same
    object; the unit depends on nothing else."""
    found = resolve_unit(raw, issuer, date or AS_WRITTEN, own)
    made = _MADE.get((raw, role, and_others))
    if made is not None and made[0] is found:
        return made[1]
    unit = TaskUnit(raw=raw, canonical=found.canonical, role=role, kind=found.kind, and_others=and_others,
                    span=None, confidence=found.confidence, note=found.note, method=found.method,
                    score=found.score, successor=found.successor, suggestions=tuple(found.suggestions))
    if len(_MADE) > 8192:
        _MADE.clear()
    _MADE[(raw, role, and_others)] = (found, unit)
    return unit


def collect_units(tasks: list[Task]) -> list[Unit]:
    """The notice's bureaus: one entry per canonical name (or raw name when unresolved)."""
    order: list[str] = []
    entries: dict[str, dict] = {}
    for i, task in enumerate(tasks):
        ref = task.no if task.no is not None else f"inline.{i + 1}"
        for u in task.units:
            name = u.canonical or P.AND_OTHERS.sub("", u.raw) or u.raw
            e = entries.get(name)
            if e is None:
                e = entries[name] = {"aliases": [], "kind": u.kind, "tasks": []}
                order.append(name)
            if u.raw not in e["aliases"]:
                e["aliases"].append(u.raw)
            if ref not in e["tasks"]:
                e["tasks"].append(ref)
    return [Unit(name, tuple(entries[name]["aliases"]), entries[name]["kind"], tuple(entries[name]["tasks"]))
            for name in order]
