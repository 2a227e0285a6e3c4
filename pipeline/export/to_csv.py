"""Flat CSV tables for spreadsheet users: tasks (one row per task × unit), targets,
outline, citations, units.  UTF-8 with a BOM so Excel shows the Chinese; cells that
would run as formulas are neutralised."""
from __future__ import annotations

from pathlib import Path

from .atomic import atomic_path
from .records import COLUMNS, digest, frames


def write_csv_tables(digests, folder: str | Path) -> list[Path]:
    """Write one CSV per table over the notices' Digests into ``folder``."""
    written = []
    for table, frame in frames(digests, neutralise=True).items():
        if table not in COLUMNS:
            continue
        path = Path(folder) / f"{table}.csv"
        with atomic_path(path) as tmp:
            frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        written.append(path)
    return written


def write_csv(notice, folder: str | Path, name: str | None = None) -> list[Path]:
    """Write ``tasks.csv``, ``targets.csv``, ``outline.csv``, ``citations.csv``, ``units.csv`` of one notice."""
    return write_csv_tables([digest(notice, name or Path(notice.source.path).name)], folder)
