"""Every written JSON validates; the workbook, database and parquet hold what the notice says."""
import json
import re
import shutil
import sqlite3
from importlib import resources

import pytest

import pipeline

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
    assert book.sheetnames == ["文件", "任务", "目标", "政策工具", "结构", "单位", "引用", "引用关系", "责任矩阵"]
    tasks = book["任务"]
    assert tasks.freeze_panes == "A2" and tasks.auto_filter.ref
    header = [c.value for c in tasks[1]]
    assert "责任单位(原文)" in header and "发文字号" in header
    per_unit = sum(len(t.units) for n in (example, county) for t in n.tasks)
    assert tasks.max_row - 1 == per_unit == 245 + 5  # one row per task × unit
    assert book["文件"].max_row == 3
    matrix = book["责任矩阵"]
    assert [c.value for c in matrix[1]][0] == "单位" and [c.value for c in matrix[1]][-4:] == ["合计", "牵头", "配合", "负责"]


def _workbook(tmp_path, notice, lang):
    openpyxl = pytest.importorskip("openpyxl")
    from pipeline.export.records import digest
    from pipeline.export.to_xlsx import write_xlsx

    write_xlsx([digest(notice, "tianshui")], tmp_path / f"{lang}.xlsx", lang=lang)
    return openpyxl.load_workbook(tmp_path / f"{lang}.xlsx")


def _cjk(text) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in str(text or ""))


def test_english_headers(tmp_path, example):
    book = _workbook(tmp_path, example, "en")
    assert "tasks" in book.sheetnames and [c.value for c in book["tasks"][1]][:3] == ["notice", "doc_number", "task_seq"]


def test_chinese_workbook_is_chinese_throughout_regression_mixed_languages(tmp_path, example):
    """Every sheet name and header in Chinese (the 文件 sheet had English ones), and the coded
    values people filter on by their Chinese names."""
    book = _workbook(tmp_path, example, "zh")
    assert all(_cjk(name) for name in book.sheetnames)
    for sheet in book:
        assert [c.value for c in sheet[1] if not _cjk(c.value)] == [], sheet.title
    tasks = book["任务"]
    header = [c.value for c in tasks[1]]
    column = {h: [row[i] for row in tasks.iter_rows(min_row=2, values_only=True)] for i, h in enumerate(header)}
    assert set(column["角色"]) == {"负责"} and set(column["来源"]) == {"表格"}
    assert {"政府部门", "垂直管理机构"} <= set(column["单位类型"])
    targets = book["目标"]
    comparators = {row[5] for row in targets.iter_rows(min_row=2, values_only=True)}
    assert comparators <= {"不低于", "不高于", "达到", "下降", "提高", "区间", "等于", "定性"} and "下降" in comparators
    assert book["文件"]["O2"].value == "未知"  # 时效状态


def test_english_workbook_is_english_throughout_regression_mixed_languages(tmp_path, example):
    """The matrix sheet kept 单位/合计/牵头/配合/负责 under --headers en; only the plan's own section
    titles (the notice's words) stay Chinese."""
    book = _workbook(tmp_path, example, "en")
    assert book.sheetnames == ["notices", "tasks", "targets", "instruments", "outline", "units", "citations", "matrix"]
    for sheet in book:
        if sheet.title != "matrix":
            assert [c.value for c in sheet[1] if _cjk(c.value)] == [], sheet.title
    header = [c.value for c in book["matrix"][1]]
    assert header[0] == "bureau" and header[-4:] == ["total", "lead", "support", "responsible"]
    assert all(_cjk(h) for h in header[1:-4])  # 健全绿色低碳循环发展生产体系 …
    roles = {row[11] for row in book["tasks"].iter_rows(min_row=2, values_only=True)}
    assert roles == {"responsible"}


def test_parquet_tables(batch):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    tasks = pd.read_parquet(batch / "parquet" / "tasks.parquet")
    assert set(tasks["notice"]) == {"tianshui-2022-23", "hexi-county-2023-7"}


def test_readme_documents_every_dataframe_with_its_columns_regression_six_of_seven(example):
    """The README listed five frames where pipeline.tables() returns seven."""
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    listed = {m[0]: m[1].split(", ") for m in re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^|]+?) \|$", readme, re.M)}
    frames = pipeline.tables(example)
    assert {name: listed.get(name) for name in frames} == {name: list(f.columns) for name, f in frames.items()}


def test_dataframes_for_notebooks(example):
    frames = pipeline.tables(example)
    assert {"tasks", "targets", "instruments", "outline", "units", "citations", "notices"} <= set(frames)
    assert frames["tasks"]["task_no"].nunique() == 109
