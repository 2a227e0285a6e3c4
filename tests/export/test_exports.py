"""JSON and CSV exports: every contract key, BOM, atomic writes, formula neutralising."""
import csv
import json

import pytest

from pipeline.errors import ExportError
from pipeline.export.atomic import write_text
from pipeline.export.to_csv import write_csv
from pipeline.export.to_json import to_json, write_json

CONTRACT_KEYS = {"schema_version", "source", "metadata", "outline", "targets", "tasks", "citations", "units",
                 "residue", "instruments", "validity"}  # the last two since contract 1.1


def test_json_has_every_contract_key(example, tmp_path):
    path = write_json(example, tmp_path / "document.json")
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert CONTRACT_KEYS <= set(doc)
    assert doc["schema_version"] == "1.1"
    assert "\\u" not in text and "天水市人民政府" in text
    assert set(doc["source"]) >= {"path", "format", "sha256", "encoding", "pages"}
    assert set(doc["metadata"]) >= {"issuer", "doc_number", "title", "addressees", "signature", "date",
                                    "attachments", "note"}
    task = doc["tasks"][0]
    assert set(task) >= {"no", "source", "section", "subsection", "text", "outline_id", "deadline", "units", "span"}
    assert set(task["units"][0]) >= {"raw", "canonical", "role", "kind"}
    assert set(doc["targets"][0]) >= {"text", "indicator", "comparator", "value", "value_max", "unit",
                                      "target_year", "baseline_year", "outline_id", "span"}
    assert set(doc["outline"][0]) >= {"id", "part", "level", "number", "title", "parent", "text", "span"}
    assert set(doc["validity"]) == {"effective", "expires", "status", "repeals", "evidence", "repealed_by"}


def test_csv_tables_have_a_bom_and_one_row_per_task_unit(example, tmp_path):
    write_csv(example, tmp_path)
    raw = (tmp_path / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(open(tmp_path / "tasks.csv", encoding="utf-8-sig")))
    assert len(rows) == sum(len(t.units) for t in example.tasks)
    assert rows[1]["task_no"] == "2" and rows[1]["unit_raw"] == "市工信局" and rows[2]["unit_raw"] == "市财政局"
    for name in ("targets", "instruments", "outline", "citations", "units"):
        assert (tmp_path / f"{name}.csv").exists()
    header = next(csv.reader(open(tmp_path / "instruments.csv", encoding="utf-8-sig")))
    assert header == ["notice", "doc_number", "instrument_seq", "text", "kind", "value", "value_max", "unit",
                      "beneficiary", "condition", "outline_id", "start", "end", "page"]
    targets = list(csv.DictReader(open(tmp_path / "targets.csv", encoding="utf-8-sig")))
    assert targets[10]["text"] == example.targets[10].text


def test_formula_cells_are_neutralised_in_csv_only(tmp_path, data_dir):
    from conftest import parse_text

    notice = parse_text(tmp_path, "附件\n清单\n序号|重点任务|责任单位\n1|=HYPERLINK(\"x\")推进|市财政局\n")
    write_csv(notice, tmp_path / "out")
    rows = list(csv.DictReader(open(tmp_path / "out" / "tasks.csv", encoding="utf-8-sig")))
    assert rows[0]["text"].startswith("'=")
    assert json.loads(to_json(notice))["tasks"][0]["text"].startswith("=")


def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "a.txt"
    write_text(target, "old")
    with pytest.raises(Exception):
        write_text(target, object())  # fails while writing
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_unwritable_location_is_an_export_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        write_text(blocker / "sub" / "a.txt", "x")
