"""Flat CSV tables for spreadsheet users: tasks (one row per task × unit), targets,
outline, citations, units.  UTF-8 with a BOM so Excel shows the Chinese."""
from __future__ import annotations

from pathlib import Path

from ..model import Notice
from .atomic import atomic_path

FORMULA_START = ("=", "+", "-", "@")  # a cell starting so would run as a formula in a spreadsheet


def _safe(value):
    """Neutralise spreadsheet formula injection without changing the JSON."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def tables(notice: Notice) -> dict[str, list[dict]]:
    """The notice's records as flat rows, one list per table."""
    name = Path(notice.source.path).name
    number = notice.metadata.doc_number
    titles = {h.id: h.title for h in notice.outline}
    tasks = []
    for t in notice.tasks:
        base = {"notice": name, "doc_number": number, "task_no": t.no, "source": t.source,
                "section": t.section, "subsection": t.subsection, "text": t.text,
                "outline_id": t.outline_id, "measure": titles.get(t.outline_id), "deadline": t.deadline,
                "start": t.span.start, "end": t.span.end, "page": t.span.page}
        for u in t.units or [None]:
            tasks.append({**base, "unit_raw": u and u.raw, "unit_canonical": u and u.canonical,
                          "role": u and u.role, "kind": u and u.kind, "and_others": u and u.and_others})
    targets = [{"notice": name, "doc_number": number, "text": t.text, "indicator": t.indicator,
                "comparator": t.comparator, "value": t.value, "value_max": t.value_max, "unit": t.unit,
                "target_year": t.target_year, "baseline_year": t.baseline_year, "outline_id": t.outline_id,
                "start": t.span.start, "end": t.span.end, "page": t.span.page} for t in notice.targets]
    outline = [{"notice": name, "id": h.id, "part": h.part, "level": h.level, "number": h.number,
                "title": h.title, "parent": h.parent, "text": h.text, "start": h.span.start,
                "end": h.span.end, "page": h.span.page} for h in notice.outline]
    citations = [{"notice": name, "title": c.title, "doc_number": c.doc_number, "start": c.span.start,
                  "end": c.span.end} for c in notice.citations]
    units = [{"notice": name, "canonical": u.canonical, "aliases": "、".join(u.aliases), "kind": u.kind,
              "tasks": ",".join(map(str, u.tasks))} for u in notice.units]
    return {"tasks": tasks, "targets": targets, "outline": outline, "citations": citations, "units": units}


COLUMNS = {
    "tasks": ["notice", "doc_number", "task_no", "source", "section", "subsection", "text", "unit_raw",
              "unit_canonical", "role", "kind", "and_others", "deadline", "outline_id", "measure", "start",
              "end", "page"],
    "targets": ["notice", "doc_number", "text", "indicator", "comparator", "value", "value_max", "unit",
                "target_year", "baseline_year", "outline_id", "start", "end", "page"],
    "outline": ["notice", "id", "part", "level", "number", "title", "parent", "text", "start", "end", "page"],
    "citations": ["notice", "title", "doc_number", "start", "end"],
    "units": ["notice", "canonical", "aliases", "kind", "tasks"],
}


def write_csv(notice: Notice, folder: str | Path) -> list[Path]:
    """Write ``tasks.csv``, ``targets.csv``, ``outline.csv``, ``citations.csv``, ``units.csv``."""
    import pandas as pd

    written = []
    for table, rows in tables(notice).items():
        frame = pd.DataFrame([{k: _safe(v) for k, v in r.items()} for r in rows], columns=COLUMNS[table])
        for col in ("task_no", "target_year", "baseline_year", "level", "start", "end", "page"):
            if col in frame:
                frame[col] = frame[col].astype("Int64")
        path = Path(folder) / f"{table}.csv"
        with atomic_path(path) as tmp:
            frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        written.append(path)
    return written
