"""The words people read — workbook headers and coded values, the review and index pages, warnings
and residue reasons — in one language per choice (``zh`` or ``en``), from ``pipeline/data/labels.csv``.

Machine formats (JSON, CSV, SQLite, Parquet) keep the contract's field names and codes whatever
the choice: systems load them as they are.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

LANGS = ("zh", "en")
# the coded columns of the flat tables and the label group their values come from
VALUE_GROUPS = {("tasks", "role"): "role", ("tasks", "kind"): "unit_kind", ("units", "kind"): "unit_kind",
                ("tasks", "source"): "source", ("tasks", "and_others"): "yes_no",
                ("targets", "comparator"): "comparator", ("instruments", "kind"): "instrument_kind",
                ("outline", "part"): "part", ("notices", "validity_status"): "status",
                ("citations", "relation"): "relation",
                # the tables of a comparison of two plans (pipeline/export/comparison.py)
                ("measures", "status"): "measure_status", ("targets", "status"): "target_status",
                ("targets", "stricter"): "yes_no", ("targets", "a_comparator"): "comparator",
                ("targets", "b_comparator"): "comparator", ("bureaus", "status"): "bureau_status",
                ("bureaus", "method"): "bureau_method"}


@lru_cache(maxsize=1)
def _labels() -> dict[tuple[str, str], dict[str, str]]:
    with resources.files("pipeline").joinpath("data", "labels.csv").open(encoding="utf-8", newline="") as f:
        return {(r["group"], r["key"]): {"zh": r["zh"], "en": r["en"]} for r in csv.DictReader(f)}


def label(group: str, key: str, lang: str) -> str:
    """The ``lang`` word for ``key`` of ``group`` (the key itself where the table has none)."""
    found = _labels().get((group, key))
    return found[lang] if found else key


def count(key: str, n: int, lang: str) -> str:
    """A counted phrase of the page group (``count_tasks``: 109 项任务 / 109 tasks)."""
    return label("page", key, lang).replace("{n}", str(n))


def header(table: str, column: str, lang: str) -> str:
    """A spreadsheet column's header: its own name in English, its Chinese header otherwise (a name
    that means another thing in one table, an instrument's ``kind``, is looked up as ``table.column``)."""
    if lang == "en":
        return column
    scoped = _labels().get(("column", f"{table}.{column}"))
    return scoped["zh"] if scoped else label("column", column, lang)


def value(table: str, column: str, v, lang: str):
    """A cell's value as people read it: a contract code in Chinese for ``zh`` (角色 lead → 牵头),
    everything else unchanged.  English keeps the codes, as the CSV has them."""
    group = VALUE_GROUPS.get((table, column))
    if group is None or v is None or lang == "en":
        return v
    return label(group, str(v), lang)


def known(group: str) -> set[str]:
    """Every key the table has for ``group`` (for tests: each code has its words)."""
    return {k for g, k in _labels() if g == group}
