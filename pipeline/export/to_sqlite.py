"""A SQLite database of every notice: a relational schema with keys, indexes and descriptions.

Each notice is written in one transaction that first deletes its old rows, so a
re-run updates a notice instead of duplicating it; a batch also deletes the notices
whose input is gone (``prune``).

Researchers browse it in DB Browser for SQLite or Datasette, so it says what it holds:
every column of every ``CREATE TABLE`` carries its description as a comment (SQLite keeps
the statement as written, and DB Browser shows it), the tables ``_tables`` and ``_columns``
hold the same words for SQL and are rewritten on every write, and ``<db>.metadata.json``
beside the database gives them to Datasette (``datasette notices.sqlite -m
notices.metadata.json``).  The words are ``pipeline/data/columns.csv`` and the contract's
schema, read through ``descriptions.describe``; docs/output.md is made from the same.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ..errors import ExportError
from .descriptions import describe, describe_table

NOTICE = "TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE"
SPAN = [("start", "INTEGER"), ("end", "INTEGER")]
BUSY_SECONDS = 120  # how long a writer waits for another run's writer to finish
# table -> its columns (name, declaration) and its table constraints; parents before their children
TABLES: dict[str, tuple[list[tuple[str, str]], tuple[str, ...]]] = {
    "notices": ([("notice_id", "TEXT PRIMARY KEY"), ("path", "TEXT"), ("format", "TEXT"), ("sha256", "TEXT"),
                 ("issuer", "TEXT"), ("doc_number", "TEXT"), ("title", "TEXT"), ("date", "TEXT"),
                 ("signature", "TEXT"), ("note", "TEXT"), ("addressees", "TEXT"), ("attachments", "TEXT"),
                 ("document", "TEXT"), ("validity_effective", "TEXT"), ("validity_expires", "TEXT"),
                 ("validity_status", "TEXT"), ("validity_repeals", "TEXT"),
                 ("validity_repealed_by", "TEXT")], ()),
    "headings": ([("notice_id", NOTICE), ("id", "TEXT NOT NULL"), ("part", "TEXT"), ("level", "INTEGER"),
                  ("number", "TEXT"), ("title", "TEXT"), ("parent", "TEXT"), ("text", "TEXT"), *SPAN],
                 ("PRIMARY KEY (notice_id, id)",)),
    "targets": ([("notice_id", NOTICE), ("target_seq", "INTEGER NOT NULL"), ("text", "TEXT"), ("indicator", "TEXT"),
                 ("comparator", "TEXT"), ("value", "REAL"), ("value_max", "REAL"), ("unit", "TEXT"),
                 ("target_year", "INTEGER"), ("baseline_year", "INTEGER"), ("outline_id", "TEXT"), *SPAN],
                ("PRIMARY KEY (notice_id, target_seq)",)),
    "instruments": ([("notice_id", NOTICE), ("instrument_seq", "INTEGER NOT NULL"), ("text", "TEXT"),
                     ("kind", "TEXT"), ("value", "REAL"), ("value_max", "REAL"), ("unit", "TEXT"),
                     ("beneficiary", "TEXT"), ("condition", "TEXT"), ("outline_id", "TEXT"), *SPAN],
                    ("PRIMARY KEY (notice_id, instrument_seq)",)),
    "tasks": ([("notice_id", NOTICE), ("task_seq", "INTEGER NOT NULL"), ("task_no", "INTEGER"), ("source", "TEXT"),
               ("section", "TEXT"), ("subsection", "TEXT"), ("text", "TEXT"), ("outline_id", "TEXT"),
               ("deadline", "TEXT"), *SPAN], ("PRIMARY KEY (notice_id, task_seq)",)),
    # notice_id also refers to notices on its own: Datasette follows single-column keys only, not the
    # task's (notice_id, task_seq)
    "task_units": ([("notice_id", NOTICE), ("task_seq", "INTEGER NOT NULL"), ("unit_seq", "INTEGER NOT NULL"),
                    ("raw", "TEXT"), ("canonical", "TEXT"), ("role", "TEXT"), ("kind", "TEXT"),
                    ("and_others", "INTEGER")],
                   ("PRIMARY KEY (notice_id, task_seq, unit_seq)",
                    "FOREIGN KEY (notice_id, task_seq) REFERENCES tasks(notice_id, task_seq) ON DELETE CASCADE")),
    "units": ([("notice_id", NOTICE), ("canonical", "TEXT NOT NULL"), ("aliases", "TEXT"), ("kind", "TEXT"),
               ("tasks", "TEXT")], ("PRIMARY KEY (notice_id, canonical)",)),
    "citations": ([("notice_id", NOTICE), ("citation_seq", "INTEGER NOT NULL"), ("title", "TEXT"),
                   ("doc_number", "TEXT"), ("relation", "TEXT")], ("PRIMARY KEY (notice_id, citation_seq)",)),
    # the batch's citation graph: the cited notice may be outside the batch (NULL), or leave it
    "edges": ([("notice_id", NOTICE), ("edge_seq", "INTEGER NOT NULL"),
               ("cited_notice_id", "TEXT REFERENCES notices(notice_id) ON DELETE SET NULL"), ("title", "TEXT"),
               ("doc_number", "TEXT"), ("relation", "TEXT"), ("matched_by", "TEXT"), ("candidates", "INTEGER")],
              ("PRIMARY KEY (notice_id, edge_seq)",)),
}
# the descriptions as tables: no notice's rows (a prune leaves them alone), rewritten on every write
DESCRIBED: dict[str, tuple[list[tuple[str, str]], tuple[str, ...]]] = {
    "_tables": ([("table_name", "TEXT PRIMARY KEY"), ("description", "TEXT")], ()),
    "_columns": ([("table_name", "TEXT NOT NULL REFERENCES _tables(table_name) ON DELETE CASCADE"),
                  ("column_name", "TEXT NOT NULL"), ("field", "TEXT"), ("description", "TEXT")],
                 ("PRIMARY KEY (table_name, column_name)",)),
}
INDEXES = ("CREATE INDEX IF NOT EXISTS task_units_bureau ON task_units(canonical, raw)",
           "CREATE INDEX IF NOT EXISTS targets_year ON targets(target_year, unit)",
           "CREATE INDEX IF NOT EXISTS instruments_kind ON instruments(kind, unit)",
           "CREATE INDEX IF NOT EXISTS tasks_outline ON tasks(notice_id, outline_id)")


def columns(table: str) -> list[str]:
    """The columns of ``table`` (a notice table or a description table), in order."""
    return [name for name, _ in {**TABLES, **DESCRIBED}[table][0]]


def _comment(text: str) -> str:
    return "  -- " + " ".join(text.split())  # one line: a line comment ends at the line's end


def create(table: str, name: str | None = None) -> str:
    """The ``CREATE TABLE`` statement of ``table`` (under ``name``), a comment after each column."""
    cols, constraints = {**TABLES, **DESCRIBED}[table]
    items = [(f'"{c}" {decl}', describe("sqlite." + table, c)[1]) for c, decl in cols]
    items += [(c, "") for c in constraints]
    lines = [f'CREATE TABLE IF NOT EXISTS "{name or table}" ({_comment(describe_table("sqlite." + table))}']
    for i, (item, words) in enumerate(items):
        lines.append(f"    {item}{',' if i < len(items) - 1 else ''}{_comment(words) if words else ''}")
    return "\n".join(lines) + "\n)"


def create_statements() -> list[str]:
    """Every statement that makes the schema: the tables, their descriptions and the indexes."""
    return [create(t) for t in (*TABLES, *DESCRIBED)] + list(INDEXES)


def metadata_name(database: str | Path) -> str:
    """The name of the Datasette metadata written beside ``database`` (``notices.metadata.json``)."""
    return Path(database).stem + ".metadata.json"


def datasette_metadata(database: str | Path) -> dict:
    """Datasette's metadata of the database (its name in Datasette is the file's stem): every
    table's and column's description."""
    tables = {t: {"description": describe_table("sqlite." + t),
                  "columns": {c: describe("sqlite." + t, c)[1] for c in columns(t)}}
              for t in (*TABLES, *DESCRIBED)}
    return {"databases": {Path(database).stem: {"tables": tables}}}


def write_metadata(database: str | Path) -> Path:
    """Write ``<stem>.metadata.json`` beside ``database`` atomically."""
    from .atomic import write_text

    text = json.dumps(datasette_metadata(database), ensure_ascii=False, indent=2) + "\n"
    return write_text(Path(database).with_name(metadata_name(database)), text)


def _body(sql: str) -> str:
    """A CREATE TABLE statement from its column list on (SQLite rewrites the name when a table is renamed)."""
    return sql[sql.index("("):]


def _migrate(con) -> None:
    """Make every table as this version does, keeping the rows of those a database already has.

    A table made by an older version (before the validity columns, or without the comments)
    stays as it was under CREATE TABLE IF NOT EXISTS: it is rebuilt from the statement of now
    and its rows copied, as SQLite's documentation does it (a new table, copy, drop, rename),
    with foreign keys off so that dropping a parent deletes none of its children's rows.  A
    table with a column this version does not know (a newer version's) is left alone, its
    data never dropped."""
    have = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    stale = []
    for table in TABLES:
        if table in have and _body(have[table]) != _body(create(table)):
            old = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            if set(old) <= set(columns(table)):
                stale.append((table, old))
    con.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or SQLite ignores it
    try:
        with con:
            con.execute("BEGIN IMMEDIATE")  # see write_sqlite
            for table, old in stale:
                quoted = ", ".join(f'"{c}"' for c in old)
                con.execute(f'DROP TABLE IF EXISTS "_new_{table}"')
                con.execute(create(table, f"_new_{table}"))
                con.execute(f'INSERT INTO "_new_{table}" ({quoted}) SELECT {quoted} FROM "{table}"')
                con.execute(f'DROP TABLE "{table}"')  # its indexes go with it; made again below
                con.execute(f'ALTER TABLE "_new_{table}" RENAME TO "{table}"')
            for statement in [create(t) for t in TABLES] + list(INDEXES):
                con.execute(statement)
    finally:
        con.execute("PRAGMA foreign_keys = ON")


def _describe(con) -> None:
    """Write the description tables anew: this version's words, for this version's tables."""
    for table in reversed(list(DESCRIBED)):  # _columns refers to _tables
        con.execute(f'DROP TABLE IF EXISTS "{table}"')
    for table in DESCRIBED:
        con.execute(create(table))
    everything = (*TABLES, *DESCRIBED)
    _insert(con, "_tables", [{"table_name": t, "description": describe_table("sqlite." + t)} for t in everything],
            columns("_tables"))
    rows = []
    for t in everything:
        for c in columns(t):
            field, words = describe("sqlite." + t, c)
            rows.append({"table_name": t, "column_name": c, "field": field or None, "description": words})
    _insert(con, "_columns", rows, columns("_columns"))


def _insert(con, table: str, rows: list[dict], columns: list[str]) -> None:
    if rows:
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        con.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})',
                        [tuple(r.get(c) for c in columns) for r in rows])


def write_sqlite(digests, path: str | Path, prune: bool = False, edges: list[dict] | None = None) -> Path:
    """Insert or replace the notice of every Digest in the database at ``path``; with ``prune``,
    delete every other notice (a batch's database holds the notices under RAW now, no more); with
    ``edges``, the citation graph is those (of a batch: every notice's, resolved over it).
    Then write its Datasette metadata beside it (:func:`write_metadata`)."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # another run writing the same database holds it for as long as its batch takes to write
        con = sqlite3.connect(path, timeout=BUSY_SECONDS)
    except (OSError, sqlite3.Error) as exc:
        raise ExportError(f"cannot open the database ({exc})", str(path)) from None
    try:
        _migrate(con)  # leaves foreign keys on, outside a transaction where the setting takes
        with con:
            # one transaction: the descriptions and every notice, or nothing.  IMMEDIATE takes the write
            # lock first, waiting for another writer: a deferred one reads the schema, and then
            # cannot take the lock while another holds it (SQLite answers "database is locked" at
            # once, as waiting could deadlock)
            con.execute("BEGIN IMMEDIATE")
            _describe(con)
            written = []
            for d in digests:
                _write_one(con, d)
                written.append(d.name)
            if prune:
                _prune(con, written)
            if edges is not None:
                con.execute("DELETE FROM edges")
                rows, seq = [], {}
                for e in edges:
                    seq[e["notice"]] = seq.get(e["notice"], 0) + 1
                    rows.append({**e, "notice_id": e["notice"], "cited_notice_id": e["cited_notice"],
                                 "edge_seq": seq[e["notice"]]})
                _insert(con, "edges", rows, columns("edges"))
    except sqlite3.Error as exc:
        raise ExportError(f"cannot write the database ({exc})", str(path)) from None
    finally:
        con.close()
    write_metadata(path)
    return Path(path)


def _prune(con, keep: list[str]) -> None:
    """Delete every notice not in ``keep``, with its rows in every notice table (the description
    tables hold no notice's rows)."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS keep (notice_id TEXT PRIMARY KEY)")
    con.execute("DELETE FROM keep")
    con.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(n,) for n in keep])
    gone = "notice_id NOT IN (SELECT notice_id FROM keep)"
    # children first (the cascade needs foreign keys on, which an older database may not have had)
    for table in reversed(list(TABLES)):
        con.execute(f'DELETE FROM "{table}" WHERE {gone}')
    con.execute("DROP TABLE keep")


def _write_one(con, d) -> None:
    con.execute("DELETE FROM notices WHERE notice_id = ?", (d.name,))  # cascades to every child table
    row = {**d.rows["notices"][0], "notice_id": d.name, "document": d.line.decode("utf-8")}
    _insert(con, "notices", [row], columns("notices"))
    t = {k: [{**r, "notice_id": r["notice"]} for r in d.rows[k]]
         for k in ("outline", "targets", "instruments", "tasks", "units", "citations")}
    _insert(con, "headings", t["outline"], columns("headings"))
    for table in ("targets", "instruments", "units", "citations"):
        _insert(con, table, t[table], columns(table))
    # the flat task rows are one per task × unit: a task's columns repeat on each, its units are the rows with one
    _insert(con, "tasks", list({r["task_seq"]: r for r in t["tasks"]}.values()), columns("tasks"))
    unit_rows = [{**r, "raw": r["unit_raw"], "canonical": r["unit_canonical"],
                  "and_others": int(bool(r["and_others"]))} for r in t["tasks"] if r["unit_seq"]]
    _insert(con, "task_units", unit_rows, columns("task_units"))
