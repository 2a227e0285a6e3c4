"""A review view of the units of many notices: what each raw name became, and how surely.

``unit_report`` reads contract JSON (a ``document.json``, any ``*.json`` notice,
``notices.jsonl``, or an output folder holding them) and lists every distinct
unit, raw and canonical, with the tasks it holds; ``format_report`` prints it as
a plain table.  The CLI command ``policy-pipeline units FILE-or-OUT-DIR`` calls both.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from ..errors import ReadError

FIELDS = ("kind", "method", "score", "confidence", "successor", "suggestions", "note")


def _notices(path: Path):
    """(notice name, contract dict) for every notice under ``path``."""
    if path.is_dir():
        jsonl = path / "notices.jsonl"
        if jsonl.is_file():  # a batch folder: the combined file holds every notice once
            yield from _notices(jsonl)
            return
        for doc in sorted(path.rglob("*.json")):
            yield from _notices(doc)
        return
    if path.suffix == ".jsonl":
        for n, line in enumerate(_text(path).splitlines(), 1):
            if line.strip():
                d = _loads(line, path, n)
                yield _name(d, path), d
        return
    d = _loads(_text(path), path)
    if isinstance(d, dict) and "tasks" in d:
        yield (path.parent.name if path.name == "document.json" else path.stem), d


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(f"cannot be read as UTF-8 JSON ({exc})", str(path)) from None


def _loads(text: str, path: Path, line: int | None = None):
    """The JSON of ``text``; a file that is not JSON is its E-READ, naming the line of a .jsonl."""
    try:
        return json.loads(text)
    except ValueError as exc:
        where = f"line {line}: " if line else ""
        raise ReadError(f"{where}not JSON ({exc})", str(path)) from None


def _name(d: dict, path: Path) -> str:
    src = (d.get("source") or {}).get("path")
    return Path(src).stem if src else path.stem


def unit_report(paths) -> list[dict]:
    """Every distinct unit (raw + canonical) of the notices under ``paths``, unresolved first, then by count.

    Each row: raw, canonical, kind, method, score, confidence, successor,
    suggestions, note, count (task × unit occurrences) and tasks: ``[(notice, "no 12")
    or (notice, "seq 3")]`` for tasks without a number.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    rows: dict[tuple, dict] = {}
    for p in paths:
        for notice, d in _notices(Path(p)):
            for seq, task in enumerate(d.get("tasks") or [], start=1):
                ref = (notice, f"no {task['no']}" if task.get("no") is not None else f"seq {seq}")
                for u in task.get("units") or []:
                    key = (u.get("raw"), u.get("canonical"))
                    row = rows.get(key)
                    if row is None:
                        row = rows[key] = {"raw": u.get("raw"), "canonical": u.get("canonical"),
                                           **{f: u.get(f) for f in FIELDS}, "count": 0, "tasks": []}
                        row["suggestions"] = list(row["suggestions"] or [])
                    row["count"] += 1
                    if ref not in row["tasks"]:
                        row["tasks"].append(ref)
    return sorted(rows.values(), key=lambda r: (r["canonical"] is not None, -r["count"], r["raw"] or ""))


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _fit(s: str, width: int) -> str:
    """``s`` cut to ``width`` terminal columns (… marks a cut) and padded."""
    if _width(s) > width:
        out, w = "", 0
        for c in s:
            cw = _width(c)
            if w + cw > width - 1:
                break
            out, w = out + c, w + cw
        s = out + "…"
    return s + " " * (width - _width(s))


_COLUMNS = (("raw", 22), ("canonical / ? suggestions", 36), ("kind", 11), ("how", 9), ("conf", 6),
            ("n", 4), ("successor", 24), ("tasks", 22))  # 148 columns: one wide terminal line
_KIND = {"government_department": "government", "vertical_agency": "vertical", "court_procuratorate": "court/proc",
         "state_owned_enterprise": "SOE", "mass_organisation": "mass org", "public_institution": "institution"}


def format_report(rows: list[dict], page: int = 40) -> str:
    """A plain text table, one line per unit, the header again every ``page`` rows (one screen)."""
    header = "  ".join(_fit(name, w) for name, w in _COLUMNS).rstrip()
    rule = "-" * _width(header)
    lines = []
    for i, r in enumerate(rows):
        if i % page == 0:
            lines += ([""] if i else []) + [header, rule]
        name = r["canonical"] or ("? " + " | ".join(r["suggestions"]) if r["suggestions"] else "?")
        how = f"{r['method'] or '-'} {r['score'] if r['score'] is not None else ''}".strip()
        tasks = ", ".join(f"{n} {ref}" for n, ref in r["tasks"][:2]) + (" …" if len(r["tasks"]) > 2 else "")
        cells = (r["raw"] or "", name, _KIND.get(r["kind"], r["kind"] or "-"), how, r["confidence"] or "-",
                 str(r["count"]), r["successor"] or "", tasks)
        lines.append("  ".join(_fit(c, w) for c, (_, w) in zip(cells, _COLUMNS)).rstrip())
    unresolved = sum(r["canonical"] is None for r in rows)
    lines.append(f"\n{len(rows)} units, {unresolved} unresolved")
    return "\n".join(lines)
