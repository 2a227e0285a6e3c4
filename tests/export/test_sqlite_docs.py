"""The database says what it holds: every table and column described in its CREATE statement, in
_tables/_columns and in Datasette's metadata beside it, with foreign keys from every child table."""
import json
import re
import shutil
import sqlite3

import pytest

from pipeline.batch import run_batch

# the schema a database got before the descriptions (pipeline 0.x): no comments, task_units tied to
# its task only; the rows of such a database must survive the next write
PREVIOUS_SCHEMA = """
CREATE TABLE notices (
    notice_id TEXT PRIMARY KEY, path TEXT, format TEXT, sha256 TEXT, issuer TEXT, doc_number TEXT,
    title TEXT, date TEXT, signature TEXT, note TEXT, addressees TEXT, attachments TEXT, document TEXT,
    validity_effective TEXT, validity_expires TEXT, validity_status TEXT, validity_repeals TEXT);
CREATE TABLE headings (
    notice_id TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE, id TEXT NOT NULL,
    part TEXT, level INTEGER, number TEXT, title TEXT, parent TEXT, text TEXT, start INTEGER, "end" INTEGER,
    PRIMARY KEY (notice_id, id));
CREATE TABLE tasks (
    notice_id TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE, task_seq INTEGER NOT NULL,
    task_no INTEGER, source TEXT, section TEXT, subsection TEXT, text TEXT, outline_id TEXT, deadline TEXT,
    start INTEGER, "end" INTEGER, PRIMARY KEY (notice_id, task_seq));
CREATE TABLE task_units (
    notice_id TEXT NOT NULL, task_seq INTEGER NOT NULL, unit_seq INTEGER NOT NULL, raw TEXT, canonical TEXT,
    role TEXT, kind TEXT, and_others INTEGER, PRIMARY KEY (notice_id, task_seq, unit_seq),
    FOREIGN KEY (notice_id, task_seq) REFERENCES tasks(notice_id, task_seq) ON DELETE CASCADE);
CREATE INDEX task_units_bureau ON task_units(canonical, raw);
INSERT INTO notices (notice_id, title) VALUES ('older', '旧文件');
INSERT INTO headings (notice_id, id, title) VALUES ('older', 'body.1', '总体要求');
INSERT INTO tasks (notice_id, task_seq, text) VALUES ('older', 1, '旧任务');
INSERT INTO task_units (notice_id, task_seq, unit_seq, raw) VALUES ('older', 1, 1, '市财政局');
"""

# every child table and the keys it refers with: (parent, (its columns, ...))
FOREIGN_KEYS = {
    "headings": {("notices", ("notice_id",))}, "targets": {("notices", ("notice_id",))},
    "instruments": {("notices", ("notice_id",))}, "tasks": {("notices", ("notice_id",))},
    "task_units": {("tasks", ("notice_id", "task_seq")), ("notices", ("notice_id",))},
    "units": {("notices", ("notice_id",))}, "citations": {("notices", ("notice_id",))},
    "edges": {("notices", ("notice_id",)), ("notices", ("cited_notice_id",))},
    "_columns": {("_tables", ("table_name",))}, "notices": set(), "_tables": set(),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory, data_dir):
    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw)
    out = tmp_path_factory.mktemp("out")
    assert all(o.ok for o in run_batch(raw, out, ("json", "sqlite")))
    return out


def _tables(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _comments(sql: str) -> tuple[str, dict[str, str]]:
    """The table's comment (on the CREATE line) and each column's, from a stored CREATE TABLE."""
    lines = sql.splitlines()
    table = lines[0].split("-- ", 1)[1]
    columns = {m.group(1): m.group(2) for m in (re.match(r'\s+"([^"]+)" .*?-- (.*)$', line) for line in lines[1:])
               if m}
    return table, columns


def test_every_column_of_every_table_has_a_description(out):
    con = sqlite3.connect(out / "notices.sqlite")
    tables = _tables(con)
    assert set(tables) == set(FOREIGN_KEYS)
    described = dict(con.execute("SELECT table_name, description FROM _tables"))
    assert set(described) == set(tables) and all(described.values())
    for table in tables:
        have = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        rows = dict(con.execute("SELECT column_name, description FROM _columns WHERE table_name = ?", (table,)))
        assert set(rows) == set(have), table
        assert all(len(words) > 10 for words in rows.values()), table
    words = dict(con.execute("SELECT column_name, description FROM _columns WHERE table_name = 'targets'"))
    assert "较2020年下降11%" in words["comparator"] and "森林覆盖率" in words["indicator"]
    assert dict(con.execute("SELECT column_name, field FROM _columns WHERE table_name = 'task_units'"))["raw"] == \
        "tasks.units.raw"
    assert "Joined with 、" in dict(con.execute("SELECT column_name, description FROM _columns "
                                                "WHERE table_name = 'notices'"))["addressees"]


def test_the_create_statements_carry_the_same_words_as_comments(out):
    con = sqlite3.connect(out / "notices.sqlite")
    for table, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                                  "AND name NOT LIKE 'sqlite_%'"):
        comment, columns = _comments(sql)
        assert comment == con.execute("SELECT description FROM _tables WHERE table_name = ?", (table,)).fetchone()[0]
        expected = dict(con.execute("SELECT column_name, description FROM _columns WHERE table_name = ?", (table,)))
        assert columns == expected, table
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'instruments'").fetchone()[0]
    assert '"kind" TEXT,  -- `subsidy` 补贴/补助/资助; `award` 奖励/奖补;' in sql


def test_every_child_table_lists_its_foreign_keys(out):
    con = sqlite3.connect(out / "notices.sqlite")
    for table in _tables(con):
        keys: dict[int, tuple[str, list[str]]] = {}
        for fk_id, _, parent, column, _, _, on_delete, _ in con.execute(f'PRAGMA foreign_key_list("{table}")'):
            keys.setdefault(fk_id, (parent, []))[1].append(column)
            # an edge outlives the notice it cites (it then cites outside the batch), not the one citing
            assert on_delete == ("SET NULL" if (table, column) == ("edges", "cited_notice_id") else "CASCADE")
        assert {(parent, tuple(cols)) for parent, cols in keys.values()} == FOREIGN_KEYS[table], table
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("SELECT COUNT(*) FROM task_units").fetchone()[0] == 5
    con.execute("DELETE FROM notices")
    assert [con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in ("tasks", "task_units", "headings")] \
        == [0, 0, 0]


def test_datasette_metadata_names_every_table_and_column(out):
    con = sqlite3.connect(out / "notices.sqlite")
    meta = json.loads((out / "notices.metadata.json").read_text(encoding="utf-8"))
    assert list(meta) == ["databases"] and list(meta["databases"]) == ["notices"]  # Datasette names it by stem
    tables = meta["databases"]["notices"]["tables"]
    assert set(tables) == set(_tables(con))
    for table, about in tables.items():
        assert about["description"] == \
            con.execute("SELECT description FROM _tables WHERE table_name = ?", (table,)).fetchone()[0]
        assert about["columns"] == dict(con.execute("SELECT column_name, description FROM _columns "
                                                    "WHERE table_name = ?", (table,)))
        assert list(about["columns"]) == [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]


def test_the_metadata_is_written_only_with_the_database(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw)
    list(run_batch(raw, tmp_path / "json", ("json",)))
    assert not (tmp_path / "json" / "notices.metadata.json").exists()


def test_pruning_every_notice_leaves_the_descriptions(out, tmp_path):
    from pipeline.export.to_sqlite import write_sqlite

    db = tmp_path / "notices.sqlite"
    shutil.copy(out / "notices.sqlite", db)
    con = sqlite3.connect(db)
    before = con.execute("SELECT * FROM _columns ORDER BY table_name, column_name").fetchall()
    con.close()
    write_sqlite([], db, prune=True)  # a batch whose every input is gone
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM notices").fetchone()[0] == 0
    assert con.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == 0
    assert con.execute("SELECT * FROM _columns ORDER BY table_name, column_name").fetchall() == before
    assert con.execute("SELECT COUNT(*) FROM _tables").fetchone()[0] == len(FOREIGN_KEYS)


def test_a_database_made_before_the_descriptions_gets_them_and_keeps_its_rows(tmp_path, county):
    from pipeline.export.records import digest
    from pipeline.export.to_sqlite import write_sqlite

    db = tmp_path / "old.sqlite"
    con = sqlite3.connect(db)
    con.executescript(PREVIOUS_SCHEMA)
    con.close()
    write_sqlite([digest(county, "hexi")], db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT notice_id, title FROM notices ORDER BY notice_id").fetchall() == \
        [("hexi", county.metadata.title), ("older", "旧文件")]
    assert con.execute("SELECT title FROM headings WHERE notice_id = 'older'").fetchall() == [("总体要求",)]
    assert con.execute("SELECT raw FROM task_units WHERE notice_id = 'older'").fetchall() == [("市财政局",)]
    assert con.execute("SELECT COUNT(*) FROM task_units WHERE notice_id = 'hexi'").fetchone()[0] == 5
    schema = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert "-- The unit as the notice writes it" in schema["task_units"]
    assert {r[2] for r in con.execute("PRAGMA foreign_key_list(task_units)")} == {"tasks", "notices"}
    assert {r[1] for r in con.execute("PRAGMA index_list(task_units)")} >= {"task_units_bureau"}
    assert {r[1] for r in con.execute("PRAGMA index_list(tasks)")} >= {"tasks_outline"}
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    write_sqlite([digest(county, "hexi")], db)  # rebuilt once: the next write finds it as it makes it
    con = sqlite3.connect(db)
    assert dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")) == schema


def test_a_table_with_a_column_this_version_does_not_know_is_left_alone(tmp_path, county):
    from pipeline.export.records import digest
    from pipeline.export.to_sqlite import write_sqlite

    db = tmp_path / "newer.sqlite"
    con = sqlite3.connect(db)
    con.executescript(PREVIOUS_SCHEMA)
    con.execute("ALTER TABLE headings ADD COLUMN future TEXT")  # as a later version might have
    con.execute("UPDATE headings SET future = 'kept'")
    con.commit()
    con.close()
    write_sqlite([digest(county, "hexi")], db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT future FROM headings WHERE notice_id = 'older'").fetchall() == [("kept",)]
    assert con.execute("SELECT COUNT(*) FROM headings WHERE notice_id = 'hexi'").fetchone()[0] == len(county.outline)
