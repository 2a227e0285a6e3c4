"""Responsibility cells into units: split the list, flag 等相关部门, name each unit.

A 责任单位 cell lists units separated by 、，,；/ (a list never splits on a
single layout space: names do not contain one, wraps put one in).  Each unit
keeps its role from the column it stood in, and gets its canonical full name
from the gazetteer (``pipeline.normalize.units``) when one can be given.
"""
from __future__ import annotations

from dataclasses import replace

from .. import patterns as P
from ..model import Span, Task, TaskUnit, Unit

_OPEN, _CLOSE = "(（〔[【《", ")）〕]】》"


def split_units(cell: str) -> list[str]:
    """The unit names of a cell, in order; separators inside brackets do not split."""
    out, buf, depth = [], [], 0
    for ch in cell:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and P.UNIT_SPLIT.match(ch):
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return [u.strip(" \n\t。.") for u in out if u.strip(" \n\t。.")]


def _resolver():
    try:
        from .units import resolve_unit
    except ImportError:  # the gazetteer is optional: canonical names stay null without it
        return None
    return resolve_unit


def assign_units(tasks: list[Task], issuer: str | None, text: str = "") -> list[Task]:
    """New tasks whose ``units`` are split from their unit cells and resolved.

    ``text`` is the normalised full text, to give each unit its span.
    """
    resolve = _resolver()
    out = []
    for task in tasks:
        units = list(task.units)
        pos = task.span.start
        for role, cell in task.cells.items():
            for raw in split_units(cell):
                found = text.find(raw, pos, task.span.end) if text else -1
                span = None
                if found >= 0:
                    span, pos = Span(found, found + len(raw), task.span.page), found + len(raw)
                units.append(_unit(raw, role, issuer, resolve, span))
        out.append(replace(task, units=tuple(units)))
    return out


def _unit(raw: str, role: str, issuer: str | None, resolve, span: Span | None) -> TaskUnit:
    and_others = bool(P.AND_OTHERS.search(raw)) and len(P.AND_OTHERS.sub("", raw)) >= 2
    canonical = kind = None
    if resolve is not None:
        found = resolve(raw, issuer)
        canonical, kind = found.canonical, found.kind
    return TaskUnit(raw=raw, canonical=canonical, role=role, kind=kind, and_others=and_others, span=span)


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
