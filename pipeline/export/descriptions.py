"""What every output holds, in words, each thing once: the JSON Schema
(``pipeline/data/contract.schema.json``) describes every key of the contract document, and
``pipeline/data/columns.csv`` every table and column of the tabular outputs, a column taken from a
contract key by naming it (``field``), so the column says what the key says plus how it is
flattened (``Joined with 、.``).  A column's row is looked up as ``<kind>.<table>`` (``sqlite.tasks``,
``flat.tasks`` for the CSV, Parquet and Excel rows of ``records.py``, ``csv.errors``), then as ``*``:
the pipeline's own columns that mean the same in every table (``task_seq``, ``start``).

The database's comments and description tables (``to_sqlite.py``) and docs/output.md (``docs.py``)
are both made from these.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def schema() -> dict:
    """The contract's JSON Schema."""
    return json.loads(resources.files("pipeline").joinpath("data", "contract.schema.json")
                      .read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _rows() -> dict[tuple[str, str], tuple[str, str]]:
    with resources.files("pipeline").joinpath("data", "columns.csv").open(encoding="utf-8", newline="") as f:
        return {(r["table"], r["column"]): (r["field"], r["description"]) for r in csv.DictReader(f)}


def deref(node: dict) -> dict:
    """A schema node, its ``$ref`` followed."""
    ref = node.get("$ref")
    return schema()["$defs"][ref.rsplit("/", 1)[1]] if ref else node


def schema_node(field: str) -> dict:
    """The schema of the contract key ``field``: a dotted path through objects and arrays
    (``tasks.units.raw`` is the ``raw`` of every unit of every task)."""
    node = schema()
    for key in field.split("."):
        node = deref(node)
        if "items" in node:
            node = deref(node["items"])
        try:
            node = node["properties"][key]
        except KeyError:
            raise KeyError(f"the contract has no key {field!r}") from None
    return node


def key_description(node: dict) -> str:
    """A schema node's description (a reference's own, else the definition's)."""
    return node.get("description") or deref(node).get("description") or ""


def describe_table(table: str) -> str:
    """What one row of ``table`` (``sqlite.tasks``, ``flat.tasks``, ``csv.errors``) is."""
    try:
        return _rows()[(table, "")][1]
    except KeyError:
        raise KeyError(f"pipeline/data/columns.csv does not describe the table {table!r}") from None


def describe(table: str, column: str) -> tuple[str, str]:
    """The contract key ``column`` of ``table`` comes from ('' for none) and what it holds."""
    row = _rows().get((table, column)) or _rows().get(("*", column))
    if row is None:
        raise KeyError(f"pipeline/data/columns.csv does not describe {table}.{column}")
    field, own = row
    words = [key_description(schema_node(field))] if field else []
    return field, " ".join(w for w in words + [own] if w)
