"""Every written JSON validates; the workbook, database and parquet hold what the notice says."""
import json
import shutil
import sqlite3
from importlib import resources

import pytest

from pipeline.batch import run_batch

ALL = ("json", "csv", "xlsx", "sqlite", "parquet", "html")


@pytest.fixture(scope="module")
def batch(tmp_path_factory, data_dir):
    raw = tmp_path_factory.mktemp("raw")
    for name in ("tianshui-2022-23.txt", "hexi-county-2023-7.txt"):
        shutil.copy(data_dir / name, raw)
    out = tmp_path_factory.mktemp("out")
    outcomes = list(run_batch(raw, out, ALL))
    assert all(o.ok for o in outcomes)
    return out


def schema():
    return json.loads(resources.files("pipeline").joinpath("data/contract.schema.json").read_text(encoding="utf-8"))


def test_every_written_document_validates(batch):
    jsonschema = pytest.importorskip("jsonschema")
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in batch.glob("*/document.json")]
    docs += [json.loads(line) for line in (batch / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 4
    for doc in docs:
        jsonschema.validate(doc, schema())


def test_schema_rejects_a_document_missing_a_contract_key(example):
    jsonschema = pytest.importorskip("jsonschema")
    doc = example.as_dict()
    del doc["residue"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema())


TASKS_PER_BUREAU = """
SELECT COALESCE(canonical, raw) AS bureau, COUNT(*) AS tasks
FROM task_units GROUP BY bureau ORDER BY tasks DESC, bureau"""
TARGETS_2025_OVER_90 = """
SELECT n.doc_number, t.text, t.value FROM targets t JOIN notices n USING (notice_id)
WHERE t.target_year = 2025 AND t.unit = '%' AND t.value > 90 ORDER BY t.value"""


def test_sqlite_answers_the_readme_questions(batch, example):
    con = sqlite3.connect(batch / "notices.sqlite")
    per_bureau = dict(con.execute(TASKS_PER_BUREAU).fetchall())
    expected = {}
    for t in example.tasks:
        for u in t.units:
            expected[u.canonical or u.raw] = expected.get(u.canonical or u.raw, 0) + 1
    assert all(per_bureau[k] >= v for k, v in expected.items())
    assert per_bureau[example.tasks[0].units[0].canonical or "市工信局"] == 27
    rows = con.execute(TARGETS_2025_OVER_90).fetchall()
    assert [(r[0], r[2]) for r in rows] == [("天政发〔2022〕23号", 93), ("河县政办发〔2023〕7号", 95),
                                            ("天政发〔2022〕23号", 98), ("天政发〔2022〕23号", 99)]


def test_sqlite_rerun_updates_instead_of_duplicating(batch, tmp_path, data_dir):
    from pipeline.export.records import digest
    from pipeline.export.to_sqlite import write_sqlite
    from pipeline.run import parse_file

    db = tmp_path / "n.sqlite"
    notice = digest(parse_file(data_dir / "hexi-county-2023-7.txt"), "hexi")
    write_sqlite([notice], db)
    write_sqlite([notice], db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM notices").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == 3
    assert con.execute("SELECT COUNT(*) FROM task_units").fetchone()[0] == 5


def test_workbook_sheets_and_counts(batch, example, county):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(batch / "notices.xlsx", read_only=False)
    assert book.sheetnames == ["文件", "任务", "目标", "政策工具", "结构", "单位", "引用", "责任矩阵"]
    tasks = book["任务"]
    assert tasks.freeze_panes == "A2" and tasks.auto_filter.ref
    header = [c.value for c in tasks[1]]
    assert "责任单位(原文)" in header and "发文字号" in header
    per_unit = sum(len(t.units) for n in (example, county) for t in n.tasks)
    assert tasks.max_row - 1 == per_unit == 245 + 5  # one row per task × unit
    assert book["文件"].max_row == 3
    matrix = book["责任矩阵"]
    assert [c.value for c in matrix[1]][0] == "单位"


def test_english_headers(tmp_path, example):
    openpyxl = pytest.importorskip("openpyxl")
    from pipeline.export.records import digest
    from pipeline.export.to_xlsx import write_xlsx

    write_xlsx([digest(example, "tianshui")], tmp_path / "b.xlsx", headers="en")
    book = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert "tasks" in book.sheetnames and [c.value for c in book["tasks"][1]][:3] == ["notice", "doc_number", "task_seq"]


def test_parquet_tables(batch):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    tasks = pd.read_parquet(batch / "parquet" / "tasks.parquet")
    assert set(tasks["notice"]) == {"tianshui-2022-23", "hexi-county-2023-7"}


def test_dataframes_for_notebooks(example):
    frames = example.tables()
    assert {"tasks", "targets", "instruments", "outline", "units", "citations", "notices"} <= set(frames)
    assert frames["tasks"]["task_no"].nunique() == 109
