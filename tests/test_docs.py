"""docs/output.md is what the schema, pipeline/data/columns.csv and the code say, and says it all."""
import csv
import difflib
import re
from importlib import resources
from pathlib import Path

import pytest

from pipeline.export import descriptions, docs

PAGE = Path(__file__).parent.parent / "docs" / "output.md"
README = Path(__file__).parent.parent / "README.md"


def test_docs_output_md_is_up_to_date():
    written, made = PAGE.read_text(encoding="utf-8"), docs.render()
    if written != made:
        diff = "".join(list(difflib.unified_diff(written.splitlines(True), made.splitlines(True),
                                                 "docs/output.md", "as generated"))[:60])
        pytest.fail(f"docs/output.md is out of date with the schema, the columns or the code: run\n"
                    f"    {docs.GENERATE}\nand commit it.\n{diff}", pytrace=False)


def _keys(node: dict, path: str, seen: set):
    """Every key of the schema under ``node`` (through arrays and references), once per definition."""
    ref = node.get("$ref") or node.get("items", {}).get("$ref")
    if ref:
        if ref in seen:
            return
        seen.add(ref)
    inner = docs._object_of(node) or {}
    for key, child in inner.get("properties", {}).items():
        yield f"{path}.{key}".strip("."), child
        yield from _keys(child, f"{path}.{key}", seen)


def test_every_key_of_the_contract_has_a_description():
    keys = list(_keys(descriptions.schema(), "", set()))
    assert len(keys) > 80
    missing = [path for path, node in keys if not descriptions.key_description(node)]
    assert missing == []
    assert "较2020年下降11%" in descriptions.key_description(descriptions.schema_node("targets.comparator"))


def _section(page: str, chapter: str, title: str) -> list[list[str]]:
    """The rows of the table under ``### title`` in the chapter ``## chapter``, as cells."""
    part = page.split(f"\n## {chapter}\n", 1)[1].split("\n## ", 1)[0]
    block = part.split(f"\n### {title}\n", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("| ")][2:]  # after the header and rule
    return [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def test_the_page_lists_every_column_of_every_flat_table_in_order():
    from pipeline.export.records import COLUMNS

    page = PAGE.read_text(encoding="utf-8")
    for table, columns in COLUMNS.items():
        assert [r[0] for r in _section(page, "The tables: CSV, Parquet, Excel", table)] == \
            [f"`{c}`" for c in columns], table
    tasks = {r[0]: r for r in _section(page, "The tables: CSV, Parquet, Excel", "tasks")}
    assert tasks["`unit_raw`"][1] == "`tasks.units.raw`" and "市工信局" in tasks["`unit_raw`"][2]
    notices = [r[0] for r in _section(page, "The tables: CSV, Parquet, Excel", "notices")]
    assert notices[:2] == ["`notice`", "`path`"] and "`validity_status`" in notices and "`warnings`" in notices


def test_the_page_gives_the_database_with_its_keys():
    from pipeline.export.to_sqlite import TABLES, columns

    page = PAGE.read_text(encoding="utf-8")
    for table in TABLES:
        assert [r[0] for r in _section(page, "notices.sqlite", table)] == [f"`{c}`" for c in columns(table)]
    units = {r[0]: r for r in _section(page, "notices.sqlite", "task_units")}
    assert "→ `tasks.task_seq`" in units["`task_seq`"][2] and units["`raw`"][1] == "TEXT"
    assert "datasette notices.sqlite -m notices.metadata.json" in page


def test_the_page_gives_the_document_key_by_key():
    page = PAGE.read_text(encoding="utf-8")
    top = {r[0]: r for r in _section(page, "document.json", "The document")}
    assert list(top) == [f"`{k}`" for k in descriptions.schema()["properties"]]
    assert top["`schema_version`"][1:3] == ["`1.1`", "yes"]
    units = {r[0]: r for r in _section(page, "document.json", "`tasks[].units[]`")}
    assert units["`role`"][1] == "one of `lead`, `support`, `responsible`"
    assert "`method`" in page.split("### `tasks[].units[]`", 1)[1].split("###", 1)[0]  # beyond the schema


def test_every_row_of_columns_csv_describes_a_column_that_exists():
    from pipeline.export.records import COLUMNS, EDGE_COLUMNS, notice_rows
    from pipeline.export.to_sqlite import DESCRIBED, TABLES, columns
    from pipeline.model import Metadata, Notice, Source

    flat = {**COLUMNS, "notices": list(notice_rows(Notice(Source("", "txt", "", None, None), Metadata()), "")),
            "edges": EDGE_COLUMNS}
    exists = {f"sqlite.{t}": columns(t) for t in (*TABLES, *DESCRIBED)}
    exists |= {f"flat.{t}": cols for t, cols in flat.items()} | {"csv.errors": list(docs.ERROR_COLUMNS)}
    every = {c for cols in exists.values() for c in cols}
    with resources.files("pipeline").joinpath("data", "columns.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["table"] == "*":
            assert r["column"] in every, r
        else:
            assert r["table"] in exists and (r["column"] == "" or r["column"] in exists[r["table"]]), r
        if r["field"]:
            descriptions.schema_node(r["field"])  # a key of the contract
        assert r["field"] or r["description"], r
    assert {r["table"] for r in rows if r["column"] == ""} == set(exists)  # every table said what a row is


def test_errors_csv_has_the_documented_columns(tmp_path):
    from pipeline.batch import Outcome, export_batch
    from pipeline.errors import ReadError

    failed = Outcome(tmp_path / "bad.txt", "bad", error=ReadError("unreadable"), stage="read")
    export_batch([], [failed], tmp_path, formats=())
    rows = list(csv.reader((tmp_path / "errors.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert tuple(rows[0]) == docs.ERROR_COLUMNS
    assert rows[1][1:4] == ["read", "ReadError", "E-READ"]


def test_the_readme_links_only_what_a_clone_has():
    readme = README.read_text(encoding="utf-8")
    assert "(docs/output.md)" in readme
    links = re.findall(r"\]\(([^)#]+)", readme)
    outside = [link for link in links if not link.startswith(("http://", "https://"))
               and not (README.parent / link).exists()]
    assert outside == []
