"""The command line: one line per file, errors without tracebacks, exit codes."""
import json
import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import main


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


@pytest.fixture
def no_overrides():
    from pipeline.normalize.units import use_overrides

    yield
    use_overrides(None)  # the file put in force is process-wide: take it back


def test_units_view_and_a_users_own_bodies(tmp_path, data_dir, no_overrides):
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
    assert result.exit_code == 2 and "bad.csv" in result.output and "Traceback" not in result.output


def test_an_unwritable_output_location_fails_cleanly(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw)
    blocked = tmp_path / "out"
    blocked.write_text("a file where the output folder should be", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(raw), str(blocked), "--workers", "1"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "E-EXPORT" in result.output
    assert blocked.read_text(encoding="utf-8").startswith("a file")  # untouched
