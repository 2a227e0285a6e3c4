"""docs/output.md: what every output holds, from the descriptions of ``descriptions.py`` and the code.

``python -m pipeline.export.docs docs/output.md`` writes the reference page from them and from
the code (the tables' columns, the database's schema, the files each format writes);
``tests/test_docs.py`` fails when the page in the repository is not what this writes.
"""
from __future__ import annotations

import sqlite3
import sys
from dataclasses import fields

from .descriptions import deref, describe, describe_table, key_description, schema

GENERATE = "python -m pipeline.export.docs docs/output.md"


# --------------------------------------------------------------------------- the page

# which record of pipeline/model.py each object of the contract is written from: the keys it
# writes beyond the schema's are listed under the schema's
def _records() -> dict[str, type]:
    from .. import model as m

    return {"": m.Notice, "source": m.Source, "metadata": m.Metadata, "tasks": m.Task, "tasks.units": m.TaskUnit,
            "targets": m.Target, "instruments": m.Instrument, "citations": m.Citation, "units": m.Unit,
            "warnings": m.Warning, "validity": m.Validity,
            "#span": m.Span, "#heading": m.Heading, "#passage": m.Passage}


def _type(node: dict) -> str:
    """A schema node's type in words: ``string or null``, ``one of `body`, `annex```, ``array of span``."""
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[1]
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    types = node.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    if "array" in types:
        return "array of " + _type(node.get("items", {}))
    words = " or ".join(types) or "any"
    if "pattern" in node:
        words += f" (`{node['pattern']}`)"
    if "minimum" in node:
        words += f", ≥ {node['minimum']}"
    return words


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _object_of(node: dict) -> dict | None:
    """The object schema a key holds (itself, its array's items, or a reference's definition)."""
    node = deref(node)
    if "items" in node:
        node = deref(node["items"])
    return node if "properties" in node else None


def _collect(node: dict, path: str, shown: str, words: str, sections: list, defs: dict) -> None:
    """The sections of ``node`` (described by ``words``) and of every object key under it, in
    reading order; a definition ($defs) gets one section where it is first used."""
    sections.append((shown, path, node, words))
    for key, child in node["properties"].items():
        inner = _object_of(child)
        if inner is None:
            continue
        items = "items" in deref(child)
        ref = (deref(child)["items"] if items else child).get("$ref")
        name = f"{shown}.{key}" if shown else key
        name += "[]" if items else ""
        if ref is None:
            _collect(inner, f"{path}.{key}".strip("."), name, key_description(child), sections, defs)
            continue
        defined = ref.rsplit("/", 1)[1]
        if defined not in defs:
            defs[defined] = []
            _collect(inner, f"#{defined}", defined, inner.get("description", ""), sections, defs)
        defs[defined].append(name)


def _section(shown: str, path: str, node: dict, words: str, used_by: list[str]) -> list[str]:
    """A table of ``node``'s keys, and the keys its record writes beyond them."""
    required = set(node.get("required", ()))
    out = [f"### `{shown}`" if shown else "### The document", ""]
    if used_by:
        out += ["Used by " + ", ".join(f"`{u}`" for u in used_by) + ".", ""]
    if words:
        out += [words, ""]
    out += ["| key | type | required | description |", "| --- | --- | --- | --- |"]
    for key, child in node["properties"].items():
        out.append(f"| `{key}` | {_cell(_type(child))} | {'yes' if key in required else 'no'} | "
                   f"{_cell(key_description(child))} |")
    record = _records().get(path)
    extra = [f.name for f in fields(record) if f.name not in node["properties"]] if record else []
    if extra:
        out += ["", "Also written, outside the contract (`pipeline/model.py`): "
                + ", ".join(f"`{k}`" for k in extra) + "."]
    return out + [""]


def _document() -> list[str]:
    s = schema()
    out = ["## document.json", "",
           f"{s['description']} The JSON Schema is `pipeline/data/contract.schema.json` "
           "(*" + s["title"] + "*); every `document.json` validates against it. A key "
           "marked required is always there (`null` or `[]` where the notice has nothing); keys are only "
           "ever added. JSON is UTF-8 with the characters themselves (no `\\uXXXX` escapes). Text keeps "
           "the source's own script and wording, with line-wrap and page-break artifacts repaired; only "
           "`canonical` names are normalised (simplified script, full official name).", ""]
    sections, defs = [], {}
    _collect(s, "", "", "", sections, defs)  # the root's description opens the chapter
    for shown, path, node, words in sections:
        out += _section(shown, path, node, words, defs[path[1:]] if path.startswith("#") else [])
    return out


def _flat() -> list[str]:
    from ..model import Metadata, Notice, Source
    from .layout import NOTICE_FILES
    from .records import COLUMNS, EDGE_COLUMNS, notice_rows

    notices = list(notice_rows(Notice(source=Source("", "txt", "", None, None), metadata=Metadata()), ""))
    out = ["## The tables: CSV, Parquet, Excel", "",
           "Flat rows of each notice (`pipeline/export/records.py`), the same in every tabular format: "
           "`<table>.csv` in each notice's folder and, combined over the batch, in OUT (UTF-8 with a BOM so "
           "Excel shows the Chinese; a cell starting with `= + - @` gets a leading `'`, the JSON keeps it as "
           "written; an empty cell is null); `parquet/<table>.parquet` (typed columns: integers as Int64); "
           "a sheet of `notices.xlsx` (headers and coded values in Chinese by default; in English, the names "
           "and codes below). `notices` has no CSV file: it is a sheet and a Parquet file; `edges`, the batch's "
           "citation graph, is the batch's only (`pipeline/graph.py`). The "
           "column *from* names the key of `document.json` a column is taken from.", ""]
    csv_files = set(NOTICE_FILES["csv"])
    for table, columns in [*COLUMNS.items(), ("notices", notices), ("edges", EDGE_COLUMNS)]:
        where = [f"`{table}.csv`"] if f"{table}.csv" in csv_files else []
        where += ["`edges.csv` and `edges.jsonl` in OUT"] if table == "edges" else []
        where += [f"`parquet/{table}.parquet`", "a sheet of `notices.xlsx`"]
        out += [f"### {table}", "", f"{describe_table('flat.' + table)} In " + ", ".join(where) + ".", "",
                "| column | from | description |", "| --- | --- | --- |"]
        for column in columns:
            field, words = describe("flat." + table, column)
            out.append(f"| `{column}` | {f'`{field}`' if field else ''} | {_cell(words)} |")
        out.append("")
    return out


def _sqlite() -> list[str]:
    from .to_sqlite import DESCRIBED, TABLES, create_statements, metadata_name

    con = sqlite3.connect(":memory:")
    for statement in create_statements():
        con.execute(statement)
    out = ["## notices.sqlite", "",
           "A relational database of the batch (`--format …,sqlite`), made by `pipeline/export/to_sqlite.py`. "
           "Every table and column is described three ways, from the same words: a comment after each "
           "column in the stored `CREATE TABLE` statement (what DB Browser for SQLite shows), the tables "
           "`_tables` and `_columns` (for SQL: `SELECT * FROM _columns WHERE table_name = 'targets'`), and "
           f"`{metadata_name('notices.sqlite')}` beside the database in Datasette's metadata format "
           f"(`datasette notices.sqlite -m {metadata_name('notices.sqlite')}`). Foreign keys tie every "
           "row to its notice (and a task's units to the task) with `ON DELETE CASCADE`; Datasette and DB "
           "Browser show them (Datasette links each value to the row it names). A notice's rows are replaced when it is written again, and a batch "
           "deletes the notices whose input is gone.", ""]
    for table in [*TABLES, *DESCRIBED]:
        keys: dict[str, list[str]] = {}
        for r in con.execute(f'PRAGMA foreign_key_list("{table}")'):
            keys.setdefault(r[3], []).append(f"→ `{r[2]}.{r[4]}`")
        out += [f"### {table}", "", describe_table("sqlite." + table), "",
                "| column | type | key | from | description |", "| --- | --- | --- | --- | --- |"]
        for _, column, kind, _, _, pk in con.execute(f'PRAGMA table_info("{table}")'):
            key = " ".join(["PK"] * bool(pk) + keys.get(column, []))
            field, words = describe("sqlite." + table, column)
            out.append(f"| `{column}` | {kind} | {key} | {f'`{field}`' if field else ''} | {_cell(words)} |")
        out.append("")
    indexes = [r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                         "ORDER BY name")]
    out += ["Indexes:", "", "```sql", *[i + ";" for i in indexes], "```", ""]
    return out


def _files() -> list[str]:
    from .layout import COMBINED, NOTICE_FILES, PARQUET_FILES
    from .to_sqlite import metadata_name
    from ..formats import DEFAULT_FORMATS, FORMATS

    def names(files):
        return ", ".join(f"`{f}`" for f in dict.fromkeys(files))

    combined = {**COMBINED, "sqlite": (*COMBINED["sqlite"], metadata_name("notices.sqlite")),
                "parquet": tuple(f"parquet/{f}" for f in PARQUET_FILES)}
    out = ["## The files", "",
           f"`policy-pipeline run RAW OUT --format …` chooses among {', '.join(f'`{f}`' for f in FORMATS)} "
           f"(default `{','.join(DEFAULT_FORMATS)}`). Every file is written atomically (a temporary file "
           "beside it, then a rename; the database in one transaction).", "",
           "| format | in each notice's folder `OUT/<name>/` | in OUT, for the batch |", "| --- | --- | --- |"]
    for fmt in FORMATS:
        out.append(f"| `{fmt}` | {names(NOTICE_FILES.get(fmt, ()))} | {names(combined.get(fmt, ()))} |")
    out += [f"| always | {names(NOTICE_FILES['json'])} | `errors.csv` |", ""]
    out += [f"- **{name}** — {words}" for name, words in FILES.items()]
    out.append("")
    return out


FILES = {
    "document.json": "the notice's contract document, indented (below). Always written, and last: its presence "
                     "marks the notice done, so a re-run skips a notice whose file and pipeline are unchanged.",
    ".digest.json": "the notice's flat rows and counts, kept for the next run: a notice found unchanged "
                    "gives the combined outputs these rows without being read back.",
    "notices.jsonl": "every notice's document, one compact JSON object a line, in folder-name order.",
    "CSV tables": "one file per flat table (below), per notice and combined.",
    "notices.xlsx": "a sheet per flat table, frozen header row and autofilter, and a responsibility matrix "
                    "(责任矩阵): bureaus × plan sections with lead and support counts.",
    "notices.sqlite": "the database (below), with its Datasette metadata beside it.",
    "parquet/": "one Parquet file per flat table, `notices.parquet` included.",
    "review.html": "a self-contained page to check one notice's extraction against its source text: metadata, "
                   "outline, tasks, targets, instruments, the responsibility matrix, warnings and residue, each "
                   "row linked to its highlighted source.",
    "index.html": "every notice of the batch with its counts and warnings, linked to its review page, and "
                  "every failed file with its error.",
    "errors.csv": "every input that failed (below); only the header when none did.",
}


def _errors() -> list[str]:
    out = ["## errors.csv", "", describe_table("csv.errors") + " UTF-8 with a BOM.", "",
           "| column | description |", "| --- | --- |"]
    out += [f"| `{c}` | {_cell(describe('csv.errors', c)[1])} |" for c in ERROR_COLUMNS]
    return out + [""]


# the header batch.export_batch writes (tests/test_docs.py reads a real errors.csv against it)
ERROR_COLUMNS = ("file", "stage", "error_type", "code", "message")


def render() -> str:
    """docs/output.md as it should be."""
    from ..model import SCHEMA_VERSION

    head = ["# What policy-pipeline writes", "",
            f"<!-- Generated by `{GENERATE}` from pipeline/data/contract.schema.json, pipeline/data/columns.csv "
            "and the code; edit those, not this page (tests/test_docs.py fails when it is out of date). -->", "",
            f"This is the output of contract version {SCHEMA_VERSION}: the files a run writes, the contract "
            "document of each notice key by key, the flat tables and the database column by column. The "
            "contract began as a separate document shared with the project's downstream tools (CONTRACT.md, "
            "not part of this repository); the JSON Schema here is its machine-readable form, and this page "
            "is made from it.", ""]
    lines = head + _files() + _document() + _flat() + _sqlite() + _errors()
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the page, or write it atomically to the path given."""
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    if argv:
        from .atomic import write_text

        write_text(argv[0], text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
