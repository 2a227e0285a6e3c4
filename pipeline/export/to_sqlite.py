"""A SQLite database of every notice: a relational schema with keys and indexes.

Each notice is written in one transaction that first deletes its old rows, so a
re-run updates a notice instead of duplicating it; a batch also deletes the notices
whose input is gone (``prune``).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import ExportError

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS notices (
    notice_id TEXT PRIMARY KEY, path TEXT, format TEXT, sha256 TEXT, issuer TEXT, doc_number TEXT,
    title TEXT, date TEXT, signature TEXT, note TEXT, addressees TEXT, attachments TEXT, document TEXT,
    validity_effective TEXT, validity_expires TEXT, validity_status TEXT, validity_repeals TEXT);
CREATE TABLE IF NOT EXISTS headings (
    notice_id TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE, id TEXT NOT NULL,
    part TEXT, level INTEGER, number TEXT, title TEXT, parent TEXT, text TEXT, start INTEGER, "end" INTEGER,
    PRIMARY KEY (notice_id, id));
CREATE TABLE IF NOT EXISTS targets (
    notice_id TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE, target_seq INTEGER NOT NULL,
    text TEXT, indicator TEXT, comparator TEXT, value REAL, value_max REAL, unit TEXT, target_year INTEGER,
    baseline_year INTEGER, outline_id TEXT, start INTEGER, "end" INTEGER, PRIMARY KEY (notice_id, target_seq));
CREATE TABLE IF NOT EXISTS instruments (
    notice_id TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE, instrument_seq INTEGER NOT NULL,
    text TEXT, kind TEXT, value REAL, value_max REAL, unit TEXT, beneficiary TEXT, condition TEXT, outline_id TEXT,
    start INTEGER, "end" INTEGER, PRIMARY KEY (notice_id, instrument_seq));
CREATE TABLE IF NOT EXISTS tasks (
    notice_id TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE, task_seq INTEGER NOT NULL,
    task_no INTEGER, source TEXT, section TEXT, subsection TEXT, text TEXT, outline_id TEXT, deadline TEXT,
    start INTEGER, "end" INTEGER, PRIMARY KEY (notice_id, task_seq));
CREATE TABLE IF NOT EXISTS task_units (
    notice_id TEXT NOT NULL, task_seq INTEGER NOT NULL, unit_seq INTEGER NOT NULL, raw TEXT, canonical TEXT,
    role TEXT, kind TEXT, and_others INTEGER, PRIMARY KEY (notice_id, task_seq, unit_seq),
    FOREIGN KEY (notice_id, task_seq) REFERENCES tasks(notice_id, task_seq) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS units (
    notice_id TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE, canonical TEXT NOT NULL,
    aliases TEXT, kind TEXT, tasks TEXT, PRIMARY KEY (notice_id, canonical));
CREATE TABLE IF NOT EXISTS citations (
    notice_id TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE, citation_seq INTEGER NOT NULL,
    title TEXT, doc_number TEXT, PRIMARY KEY (notice_id, citation_seq));
CREATE INDEX IF NOT EXISTS task_units_bureau ON task_units(canonical, raw);
CREATE INDEX IF NOT EXISTS targets_year ON targets(target_year, unit);
CREATE INDEX IF NOT EXISTS instruments_kind ON instruments(kind, unit);
CREATE INDEX IF NOT EXISTS tasks_outline ON tasks(notice_id, outline_id);
"""
# notices columns added since a database was first made (contract 1.1): CREATE TABLE IF NOT EXISTS
# leaves an older notices table as it was, so a re-run into an existing out/ adds them
ADDED = {"notices": ("validity_effective", "validity_expires", "validity_status", "validity_repeals")}
NOTICE_COLUMNS = ["notice_id", "path", "format", "sha256", "issuer", "doc_number", "title", "date", "signature",
                  "note", "addressees", "attachments", "document", *ADDED["notices"]]


def _upgrade(con) -> None:
    """Add the columns an older database lacks (every added column is TEXT, empty for old rows)."""
    for table, columns in ADDED.items():
        have = {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column not in have:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" TEXT')


def _insert(con, table: str, rows: list[dict], columns: list[str]) -> None:
    if rows:
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        con.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})",
                        [tuple(r.get(c) for c in columns) for r in rows])


def write_sqlite(digests, path: str | Path, prune: bool = False) -> Path:
    """Insert or replace the notice of every Digest in the database at ``path``; with ``prune``,
    delete every other notice (a batch's database holds the notices under RAW now, no more)."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise ExportError(f"cannot open the database ({exc})", str(path)) from None
    try:
        with con:  # one transaction
            con.executescript(SCHEMA)
            _upgrade(con)
            written = []
            for d in digests:
                _write_one(con, d)
                written.append(d.name)
            if prune:
                _prune(con, written)
    except sqlite3.Error as exc:
        raise ExportError(f"cannot write the database ({exc})", str(path)) from None
    finally:
        con.close()
    return Path(path)


def _prune(con, keep: list[str]) -> None:
    """Delete every notice not in ``keep``, with its rows in every table."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS keep (notice_id TEXT PRIMARY KEY)")
    con.execute("DELETE FROM keep")
    con.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(n,) for n in keep])
    gone = "notice_id NOT IN (SELECT notice_id FROM keep)"
    # children first (the cascade needs foreign keys on, which an older database may not have had)
    for table in ("task_units", "tasks", "headings", "targets", "instruments", "units", "citations", "notices"):
        con.execute(f"DELETE FROM {table} WHERE {gone}")
    con.execute("DROP TABLE keep")


def _write_one(con, d) -> None:
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("DELETE FROM notices WHERE notice_id = ?", (d.name,))  # cascades to every child table
    row = {**d.rows["notices"][0], "notice_id": d.name, "document": d.line.decode("utf-8")}
    _insert(con, "notices", [row], NOTICE_COLUMNS)
    t = {k: [{**r, "notice_id": r["notice"]} for r in d.rows[k]]
         for k in ("outline", "targets", "instruments", "tasks", "units", "citations")}
    _insert(con, "headings", t["outline"], ["notice_id", "id", "part", "level", "number", "title", "parent",
                                            "text", "start", "end"])
    _insert(con, "targets", t["targets"], ["notice_id", "target_seq", "text", "indicator", "comparator", "value",
                                           "value_max", "unit", "target_year", "baseline_year", "outline_id",
                                           "start", "end"])
    _insert(con, "instruments", t["instruments"], ["notice_id", "instrument_seq", "text", "kind", "value",
                                                   "value_max", "unit", "beneficiary", "condition", "outline_id",
                                                   "start", "end"])
    task_rows = list({r["task_seq"]: r for r in t["tasks"]}.values())
    _insert(con, "tasks", task_rows, ["notice_id", "task_seq", "task_no", "source", "section", "subsection",
                                      "text", "outline_id", "deadline", "start", "end"])
    unit_rows = [{**r, "raw": r["unit_raw"], "canonical": r["unit_canonical"],
                  "and_others": int(bool(r["and_others"]))} for r in t["tasks"] if r["unit_seq"]]
    _insert(con, "task_units", unit_rows, ["notice_id", "task_seq", "unit_seq", "raw", "canonical", "role",
                                           "kind", "and_others"])
    _insert(con, "units", t["units"], ["notice_id", "canonical", "aliases", "kind", "tasks"])
    _insert(con, "citations", t["citations"], ["notice_id", "citation_seq", "title", "doc_number"])
