"""The command line: one line per file, errors without tracebacks, exit codes."""
import json
import re
import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import main

COUNTY = "hexi-county-2023-7.txt"
TIANSHUI = "tianshui-2022-23.txt"


def _runner() -> CliRunner:
    """A runner keeping stdout (the JSON) apart from stderr (the FAIL lines), on click 8.1 as on 8.2+."""
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # 8.2+: always apart
        return CliRunner()


def _fails(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("FAIL")]


def test_run_writes_each_notice_and_reports_a_bad_file(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "tianshui-2022-23.txt", raw / "天水 notice.txt")
    (raw / "bad.txt").write_bytes(b"\x81\x30\xff\xfe" * 300 + bytes(range(128, 256)) * 20)
    (raw / "notes.md").write_text("not a notice")  # unsupported: skipped
    result = CliRunner().invoke(main, ["run", str(raw), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "FAIL" in result.output and "bad.txt" in result.output and "E-READ" in result.output
    doc = json.loads((tmp_path / "out" / "天水 notice" / "document.json").read_text(encoding="utf-8"))
    assert doc["metadata"]["doc_number"] == "天政发〔2022〕23号"
    assert (tmp_path / "out" / "天水 notice" / "tasks.csv").exists()
    assert not (tmp_path / "out" / "bad").exists()
    assert "1 parsed, 0 unchanged, 1 failed" in result.output


def test_run_exits_zero_when_all_parse(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw)
    result = CliRunner().invoke(main, ["run", str(raw), str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "ok" in result.output and "3 tasks" in result.output


def test_parse_prints_the_contract_json(data_dir):
    result = CliRunner().invoke(main, ["parse", str(data_dir / "hexi-county-2023-7.txt")])
    assert result.exit_code == 0
    assert json.loads(result.output)["metadata"]["date"] == "2023-03-15"


def test_parse_writes_with_o_and_fails_cleanly(tmp_path, data_dir):
    out = tmp_path / "n.json"
    assert CliRunner().invoke(main, ["parse", str(data_dir / "hexi-county-2023-7.txt"), "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == "1.1"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["parse", str(empty)])
    assert result.exit_code == 1 and "empty.txt" in result.output and "Traceback" not in result.output


def test_units_view_and_a_users_own_bodies(tmp_path, data_dir):
    runner = CliRunner()
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "tianshui-2022-23.txt", raw)
    own = tmp_path / "units.csv"
    own.write_text("name,canonical,kind,place,note\n天水火车站,中国铁路兰州局集团有限公司天水站,state_owned_enterprise,,\n",
                   encoding="utf-8")
    assert runner.invoke(main, ["run", str(raw), str(tmp_path / "out"), "--format", "json"]).exit_code == 0
    view = runner.invoke(main, ["units", str(tmp_path / "out")])
    assert view.exit_code == 0
    first = [line for line in view.output.splitlines() if "天水" in line or "市" in line][0]
    assert first.startswith("天水火车站")  # unresolved first
    assert runner.invoke(main, ["run", str(raw), str(tmp_path / "out2"), "--format", "json", "--force",
                                "--units", str(own)]).exit_code == 0
    doc = json.loads((tmp_path / "out2" / "tianshui-2022-23" / "document.json").read_text(encoding="utf-8"))
    names = {u["raw"]: u["canonical"] for t in doc["tasks"] for u in t["units"]}
    assert names["天水火车站"] == "中国铁路兰州局集团有限公司天水站"
    bad = tmp_path / "bad.csv"
    bad.write_text("name\n甲\n", encoding="utf-8")
    result = runner.invoke(main, ["run", str(raw), str(tmp_path / "out3"), "--units", str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert _fails(result) == [f"FAIL  {bad}: the units file cannot be used (missing column(s) canonical; "
                              f"expected name, canonical, kind, place, note)"]  # the file named once


def test_an_unwritable_output_location_fails_cleanly(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw)
    blocked = tmp_path / "out"
    blocked.write_text("a file where the output folder should be", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(raw), str(blocked), "--workers", "1"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "E-EXPORT" in result.output
    assert "0 parsed, 0 unchanged, 1 failed" in result.output  # the summary, as for any failure
    assert blocked.read_text(encoding="utf-8").startswith("a file")  # untouched


# ------------------------------------------------------------------ parse: several files


def _several(tmp_path, data_dir):
    """Two notices with one stem (a.txt, sub/a.txt) and an empty file that fails."""
    (tmp_path / "sub").mkdir()
    shutil.copy(data_dir / TIANSHUI, tmp_path / "a.txt")
    shutil.copy(data_dir / COUNTY, tmp_path / "sub" / "a.txt")
    (tmp_path / "empty.txt").write_text("")
    return [tmp_path / "a.txt", tmp_path / "sub" / "a.txt", tmp_path / "empty.txt"]


def test_parse_several_files_into_a_folder_gives_each_its_own_json(tmp_path, data_dir):
    files = _several(tmp_path, data_dir)
    out = tmp_path / "out"
    out.mkdir()
    result = _runner().invoke(main, ["parse", *map(str, files), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert _fails(result) == [f"FAIL  {files[2]}: E-READ the file is empty"]  # and the others went on
    # one stem, two inputs: the batch's naming (stem, then stem and extension, then the path), none lost
    written = {p.name: json.loads(p.read_text(encoding="utf-8"))["source"]["path"] for p in out.iterdir()}
    assert written == {"a.txt.json": str(files[0]), "sub__a.txt.json": str(files[1])}
    assert result.stdout == ""


def test_parse_one_file_into_a_folder_is_named_by_its_stem(tmp_path, data_dir):
    out = tmp_path / "out"
    out.mkdir()
    result = _runner().invoke(main, ["parse", str(data_dir / COUNTY), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "hexi-county-2023-7.json").read_text(encoding="utf-8"))["metadata"]["date"] == "2023-03-15"


def test_parse_several_files_without_o_prints_json_lines(tmp_path, data_dir):
    files = _several(tmp_path, data_dir)
    result = _runner().invoke(main, ["parse", *map(str, files)])
    assert result.exit_code == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]  # one document a line
    assert [d["source"]["path"] for d in docs] == [str(files[0]), str(files[1])]
    assert docs[0]["metadata"]["doc_number"] == "天政发〔2022〕23号"
    assert result.stderr.splitlines() == [f"FAIL  {files[2]}: E-READ the file is empty"]
    ok = _runner().invoke(main, ["parse", *map(str, files[:2])])
    assert ok.exit_code == 0 and len(ok.stdout.splitlines()) == 2


@pytest.mark.parametrize("target", ["x.json", "missing-folder"])
def test_parse_several_files_with_o_not_a_folder_is_a_usage_error(tmp_path, data_dir, target):
    files = _several(tmp_path, data_dir)
    (tmp_path / "x.json").write_text("{}")
    result = _runner().invoke(main, ["parse", *map(str, files[:2]), "-o", str(tmp_path / target)])
    assert result.exit_code == 2 and "must name an existing folder" in result.output
    assert (tmp_path / "x.json").read_text() == "{}" and not (tmp_path / "missing-folder").exists()


# ------------------------------------------------------------------ usage and one-line failures


@pytest.mark.parametrize("formats", ["", ",", " , ", "  "])
def test_run_with_no_format_is_a_usage_error(tmp_path, data_dir, formats):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / COUNTY, raw)
    result = CliRunner().invoke(main, ["run", str(raw), str(tmp_path / "out"), "--format", formats])
    assert result.exit_code == 2 and "choose at least one of json, csv, xlsx" in result.output
    assert not (tmp_path / "out").exists()  # no empty run


@pytest.mark.parametrize("args, what, code", [
    (["parse", "{missing}"], "file", 1),
    (["parse", "{here}", "{missing}"], "file", 1),  # the file that is there is still parsed
    (["run", "{missing}", "{out}"], "file or folder", 1),
    (["units", "{missing}"], "file or folder", 1),
    (["run", "{here}", "{out}", "--units", "{missing}"], "file", 2),  # as any unusable --units file
], ids=["parse", "parse-one-of-two", "run-raw", "units", "run-units-file"])
def test_a_missing_path_is_one_e_read_line(tmp_path, data_dir, args, what, code):
    missing = tmp_path / "nope.txt"
    args = [a.format(missing=missing, here=data_dir / COUNTY, out=tmp_path / "out") for a in args]
    result = _runner().invoke(main, args)
    assert result.exit_code == code and "Usage" not in result.output and "Traceback" not in result.output
    assert result.stderr.splitlines() == [f"FAIL  {missing}: E-READ no such {what}"]


@pytest.mark.parametrize("command", ["parse", "run"])
def test_regression_fail_line_named_the_file_twice(tmp_path, command):
    # was: FAIL  x/empty.txt: E-READ x/empty.txt: the file is empty
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_text("")
    args = ["parse", str(raw / "empty.txt")] if command == "parse" else ["run", str(raw), str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert _fails(result) == [f"FAIL  {raw / 'empty.txt'}: E-READ the file is empty"]


@pytest.mark.parametrize("target", ["no/x.json", "no/"])
def test_parse_o_into_a_missing_folder_fails_and_makes_none(tmp_path, data_dir, target):
    out = str(tmp_path / target) + ("/" if target.endswith("/") else "")
    result = CliRunner().invoke(main, ["parse", str(data_dir / COUNTY), "-o", out])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert _fails(result) == [f"FAIL  {out}: E-EXPORT its folder {tmp_path / 'no'}{'/' if target == 'no/' else ''} "
                              f"does not exist"]
    assert not (tmp_path / "no").exists()


def test_run_prints_the_summary_when_a_combined_output_fails(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / COUNTY, raw)
    out = tmp_path / "out"
    (out / "notices.xlsx").mkdir(parents=True)  # the workbook cannot be written
    result = CliRunner().invoke(main, ["run", str(raw), str(out), "--format", "json,xlsx", "--workers", "1"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    fails = _fails(result)
    assert len(fails) == 1 and fails[0].startswith(f"FAIL  {out / 'notices.xlsx'}: E-EXPORT cannot write (")
    assert re.fullmatch(r"1 parsed, 0 unchanged, 1 failed, \d+ warnings", result.output.splitlines()[-1])
    assert (out / "hexi-county-2023-7" / "document.json").is_file()


@pytest.mark.parametrize("flag, sheet, page_word", [
    ([], "任务", "责任矩阵"), (["--lang", "en"], "tasks", "Responsibility matrix"),
    (["--headers", "en"], "tasks", "Responsibility matrix")])  # --headers: the option's former name
def test_run_in_one_language(tmp_path, data_dir, flag, sheet, page_word):
    openpyxl = pytest.importorskip("openpyxl")
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / COUNTY, raw)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(raw), str(out), "--format", "xlsx,html", *flag])
    assert result.exit_code == 0, result.output
    assert sheet in openpyxl.load_workbook(out / "notices.xlsx").sheetnames
    assert page_word in (out / "hexi-county-2023-7" / "review.html").read_text(encoding="utf-8")


def test_units_of_a_file_that_is_not_json_is_one_line_regression_traceback(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"tasks": [', encoding="utf-8")
    result = _runner().invoke(main, ["units", str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert _fails(result) == [f"FAIL  {bad}: E-READ not JSON (Expecting value: line 1 column 12 (char 11))"]


def _plans(tmp_path):
    from plans import CITY, PROVINCE

    (tmp_path / "province.txt").write_text(PROVINCE, encoding="utf-8")
    (tmp_path / "city.txt").write_text(CITY, encoding="utf-8")
    return tmp_path / "province.txt", tmp_path / "city.txt"


def test_compare_writes_the_tables_and_the_page(tmp_path):
    a, b = _plans(tmp_path)
    out = tmp_path / "cmp"
    result = _runner().invoke(main, ["compare", str(a), str(b), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "measures 3 reworded, 1 kept, 1 dropped, 1 added" in result.output and str(out) in result.output
    assert {p.name for p in out.iterdir()} == {"measures.csv", "targets.csv", "bureaus.csv", "comparison.xlsx",
                                                "comparison.html"}
    assert 'lang="en"' in (out / "comparison.html").read_text(encoding="utf-8")


def test_compare_reads_a_document_json_the_pipeline_wrote(tmp_path, monkeypatch):
    a, b = _plans(tmp_path)
    runner = _runner()
    assert runner.invoke(main, ["parse", str(b), "-o", str(tmp_path / "city.json")]).exit_code == 0
    (tmp_path / "天水").mkdir()
    (tmp_path / "city.json").rename(tmp_path / "天水" / "document.json")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["compare", "province.txt", "天水/document.json"])
    assert result.exit_code == 0, result.output
    import csv
    import io

    text = (tmp_path / "out" / "compare" / "province--天水" / "measures.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2][:3] == ["kept", "100", "body.2.1"]


@pytest.mark.parametrize("content, reason", [
    (None, "E-READ no such file"),
    (b"{not json", "E-READ not a document.json the pipeline wrote (not JSON)"),
    (b'{"metadata": {}}', "E-READ not a document.json the pipeline wrote (no 'source' key)"),
    (b'[1, 2]', "E-READ not a document.json the pipeline wrote (not a JSON object)"),
    (b'{"source": 1, "metadata": {}}', "E-READ not a document.json the pipeline wrote (not the shape of one)"),
])
def test_compare_fails_with_one_line_naming_the_file(tmp_path, content, reason):
    a, _ = _plans(tmp_path)
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_bytes(content)
    result = _runner().invoke(main, ["compare", str(a), str(bad), "-o", str(tmp_path / "cmp")])
    assert result.exit_code == 1
    lines = [line for line in (result.stderr or "").splitlines() if line]
    assert lines == [f"FAIL  {bad}: {reason}"] and "Traceback" not in result.output
    assert not (tmp_path / "cmp").exists()


def test_run_compare_cited_writes_the_pairs_comparison(tmp_path):
    from plans import CITY, PROVINCE

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "province.txt").write_text(PROVINCE, encoding="utf-8")
    (raw / "city.txt").write_text(CITY, encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(raw), str(tmp_path / "out"), "--format", "json", "--compare-cited"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "compare" / "province--city" / "comparison.html").is_file()
    edges = [json.loads(x) for x in (tmp_path / "out" / "edges.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["notice"], e["cited_notice"], e["relation"]) for e in edges] == [("city", "province", "implements")]
