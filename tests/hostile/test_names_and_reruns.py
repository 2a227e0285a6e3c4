"""Hostile file names and re-runs: two inputs never share an output, no name ends the batch, and
a re-run (into a folder another run shares, after inputs went or formats were added, after a kill)
leaves OUT holding exactly the notices under RAW now, each with every format asked for."""
import csv
import json
import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.batch import find_inputs, output_names, run_batch, scan_inputs
from pipeline.cli import main
from pipeline.export.layout import NAME_MAX, RESERVED, key
from pipeline.limits import MB, Limits
from pipeline.options import Options

FAST = ("json", "csv")
COUNTY = "hexi-county-2023-7.txt"
TIANSHUI = "tianshui-2022-23.txt"
BROKEN = b"\x81\x30\xff\xfe" * 300 + bytes(range(128, 256)) * 20  # no encoding reads it


def _put(raw: Path, data_dir: Path, *names, source=COUNTY):
    for name in names:
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data_dir / source, path)


def _jsonl(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]


def _ids(out: Path, table: str = "notices") -> list[str]:
    con = sqlite3.connect(out / "notices.sqlite")
    try:
        return sorted({r[0] for r in con.execute(f"SELECT notice_id FROM {table}")})
    finally:
        con.close()


def _snapshot(out: Path) -> dict:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


# --- 3. names that collided, blocked the combined outputs or could not be written ---------------------------

def test_a_txt_and_a_TXT_both_complete_with_distinct_outputs(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "a.txt")
    _put(raw, data_dir, "a.TXT", source=TIANSHUI)
    out = tmp_path / "out"
    outcomes = {o.path.name: o for o in run_batch(raw, out, FAST)}
    assert all(o.ok for o in outcomes.values())
    lower, upper = outcomes["a.txt"].out, outcomes["a.TXT"].out
    assert key(lower.name) != key(upper.name)  # apart on a case-insensitive file system too
    assert json.loads((lower / "document.json").read_text(encoding="utf-8"))["source"]["path"] == str(raw / "a.txt")
    assert json.loads((upper / "document.json").read_text(encoding="utf-8"))["source"]["path"] == str(raw / "a.TXT")
    assert (lower / "tasks.csv").exists() and (upper / "tasks.csv").exists()
    docs = _jsonl(out)
    assert sorted(d["source"]["path"] for d in docs) == [str(raw / "a.TXT"), str(raw / "a.txt")]
    assert docs[0]["metadata"]["doc_number"] != docs[1]["metadata"]["doc_number"]


def test_x_slash_b_beside_x__b_txt_txt_both_kept(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "x/b.txt", "b.txt", "x__b.txt.txt")
    out = tmp_path / "out"
    outcomes = list(run_batch(raw, out, FAST))
    assert all(o.ok for o in outcomes) and len({key(o.name) for o in outcomes}) == 3
    assert sorted(d["source"]["path"] for d in _jsonl(out)) == sorted(str(p) for p in find_inputs(raw))
    for o in outcomes:
        assert json.loads((o.out / "document.json").read_text(encoding="utf-8"))["source"]["path"] == str(o.path)


def test_an_input_named_notices_jsonl_txt_does_not_block_combined_outputs(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "notices.jsonl.txt", "errors.csv.txt", "tasks.csv.txt", "parquet.txt", "index.html.txt",
         "notices.sqlite.txt")
    out = tmp_path / "out"
    outcomes = list(run_batch(raw, out, ("json", "csv", "sqlite", "parquet", "html")))
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert not {key(o.name) for o in outcomes} & RESERVED
    for combined in ("notices.jsonl", "errors.csv", "tasks.csv", "index.html", "notices.sqlite"):
        assert (out / combined).is_file(), combined
    assert (out / "parquet" / "tasks.parquet").is_file()
    assert len(_jsonl(out)) == 6 and len(_ids(out)) == 6


def test_two_83_character_names_in_sub_folders(tmp_path, data_dir):
    raw = tmp_path / "raw"
    long = ("关于进一步加强城乡环境综合整治" * 6)[:70] + "提升行动方案的实施意见附件"  # 83 characters, 249 bytes
    assert len(long) == 83
    _put(raw, data_dir, f"甲/{long}.txt", f"乙/{long}.txt")
    out = tmp_path / "out"
    outcomes = list(run_batch(raw, out, FAST + ("html",)))
    assert [o.ok for o in outcomes] == [True, True], [o.error for o in outcomes]
    names = [o.name for o in outcomes]
    assert names[0] != names[1] and all(len(n.encode()) <= NAME_MAX for n in names)
    assert all((o.out / "review.html").is_file() for o in outcomes) and len(_jsonl(out)) == 2


def test_a_file_name_that_is_not_utf8_is_one_line_and_the_batch_goes_on(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "good.txt")
    bad = os.fsencode(raw) + b"/\xff\xfe\xb2\xe2.txt"  # GBK bytes, not UTF-8
    try:
        shutil.copy(data_dir / COUNTY, bad)
    except OSError:
        pytest.skip("this file system wants UTF-8 names")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(raw), str(out), "--workers", "1", "--format", "json,csv,html,sqlite"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no UnicodeEncodeError
    fail = [line for line in result.output.splitlines() if line.startswith("FAIL")]
    assert len(fail) == 1 and "\\xff\\xfe\\xb2\\xe2.txt" in fail[0] and "E-READ-NAME" in fail[0]
    assert "1 parsed, 0 unchanged, 1 failed" in result.output
    assert [d["source"]["path"] for d in _jsonl(out)] == [str(raw / "good.txt")]
    errors = list(csv.DictReader(open(out / "errors.csv", encoding="utf-8-sig")))
    assert [(r["code"], r["file"].endswith("\\xff\\xfe\\xb2\\xe2.txt")) for r in errors] == [("E-READ-NAME", True)]
    assert "E-READ-NAME" in (out / "index.html").read_text(encoding="utf-8")
    for folder in out.iterdir():
        folder.name.encode("utf-8")  # every output name is UTF-8


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(st.characters(blacklist_characters="/\0"), min_size=1, max_size=90),
                         min_size=1, max_size=3), min_size=1, max_size=12),
       st.sampled_from([".txt", ".TXT", ".docx", ".Txt"]))
def test_output_names_never_collide_and_fit(parts, suffix):
    paths = sorted({Path("raw", *p[:-1], p[-1][:60] + suffix) for p in parts
                    if all(len(x.encode("utf-8", "surrogatepass")) < 200 for x in p)})
    names = output_names(paths, None)
    assert len(names) == len(paths)  # no input refused
    keys = [key(n) for n in names.values()]
    assert len(set(keys)) == len(keys) and not set(keys) & RESERVED
    for n in names.values():
        assert len(n.encode("utf-8")) <= NAME_MAX and "/" not in n and not n.startswith(".")
        assert not [c for c in n if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]
    assert output_names(list(reversed(paths)), None) == names  # the order of the files does not matter


# --- 5. the re-run's unchanged check within the limits --------------------------------------------------------

def test_rerun_check_of_a_fifo_dev_zero_and_a_huge_file_is_bounded(tmp_path, data_dir):
    from pipeline.batch import _unchanged

    raw = tmp_path / "raw"
    _put(raw, data_dir, "fifo.txt", "zero.txt", "huge.txt", "ok.txt")
    out = tmp_path / "out"
    assert all(o.ok for o in run_batch(raw, out, FAST))
    (raw / "fifo.txt").unlink()
    os.mkfifo(raw / "fifo.txt")
    (raw / "zero.txt").unlink()
    (raw / "zero.txt").symlink_to("/dev/zero")
    with open(raw / "huge.txt", "r+b") as f:
        f.truncate(3 * 1024 * MB)  # sparse: 3 GB to a reader, nothing on disk
    start = time.time()
    for name in ("fifo", "zero", "huge"):
        assert _unchanged(raw / f"{name}.txt", out / name, name, Limits(max_bytes=MB), False) is None
    assert time.time() - start < 2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.time()
    outcomes = {o.name: o for o in run_batch(raw, out, FAST, options=Options(Limits(max_bytes=MB, timeout=20)),
                                             follow_links=True)}
    assert time.time() - start < 15
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024 < 300  # MB
    assert outcomes["ok"].skipped and outcomes["huge"].error.code == "E-LIMIT-SIZE"
    assert "fifo" not in outcomes and "zero" not in outcomes  # not regular files: not inputs
    skipped = dict(scan_inputs(raw, out, follow_links=True)[1])
    assert "not a regular file" in skipped[raw / "fifo.txt"] and "not a regular file" in skipped[raw / "zero.txt"]
    assert [d["source"]["path"] for d in _jsonl(out)] == [str(raw / "ok.txt")]


# --- 6. runs sharing an output folder --------------------------------------------------------------------------

HOLD = """
import sys
from pipeline.export.atomic import atomic_path
with atomic_path(sys.argv[1]) as tmp:
    tmp.write_text("theirs")
    print(tmp, flush=True)
    sys.stdin.readline()
"""


def test_two_runs_sharing_an_out_folder_keep_each_others_temp_files(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "a.txt")
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(out / "notices.jsonl")], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2])
    try:
        live = Path(other.stdout.readline().strip())  # another run, writing its notices.jsonl now
        assert live.parent == out and live.exists()
        dead = out / "a" / ".document.json.k1ll3d_9.tmp"  # what a run killed mid-write left
        dead.write_text("half")
        own = out / ".notes.tmp"  # someone's own hidden file
        own.write_text("mine")
        assert all(o.ok for o in run_batch(raw, out, FAST))
        assert live.read_text() == "theirs" and not dead.exists() and own.read_text() == "mine"
    finally:
        other.communicate("\n", timeout=30)
    assert other.returncode == 0 and (out / "notices.jsonl").read_text() == "theirs"


def test_two_runs_at_once_into_one_out_folder_both_succeed(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, *[f"n{i}.txt" for i in range(6)])
    cmd = [sys.executable, "-m", "pipeline", "run", str(raw), str(tmp_path / "out"), "--format", "json,csv,sqlite",
           "--workers", "1", "--quiet"]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    results = [(p.communicate(timeout=300)[0], p.returncode) for p in runs]
    assert all(rc == 0 and "FAIL" not in output for output, rc in results), results
    assert len(_jsonl(tmp_path / "out")) == 6 and not list((tmp_path / "out").rglob("*.tmp"))


# --- 7. re-runs reconcile ---------------------------------------------------------------------------------------

def test_a_deleted_input_leaves_jsonl_sqlite_tables_and_its_folder(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "a.txt", "b.txt")
    _put(raw, data_dir, "c.txt", source=TIANSHUI)
    out = tmp_path / "out"
    formats = ("json", "csv", "sqlite", "xlsx")
    list(run_batch(raw, out, formats))
    assert _ids(out) == ["a", "b", "c"] and (out / "b" / "document.json").exists()
    (raw / "b.txt").unlink()
    (raw / "c.txt").write_bytes(BROKEN)  # replaced by a file that fails
    (out / "b" / ".document.json.abcdefgh.tmp").write_text("left by a kill")
    gone = []
    outcomes = {o.name: o for o in run_batch(raw, out, formats, on_removed=gone.append)}
    assert outcomes["a"].skipped and not outcomes["c"].ok and "b" not in outcomes
    assert gone == [out / "b"] and not (out / "b").exists()
    assert not (out / "c").exists()  # its outputs were of the file before
    assert [d["source"]["path"] for d in _jsonl(out)] == [str(raw / "a.txt")]
    assert _ids(out) == _ids(out, "tasks") == _ids(out, "headings") == ["a"]
    with open(out / "tasks.csv", encoding="utf-8-sig") as f:
        assert {r["notice"] for r in csv.DictReader(f)} == {"a"}
    import openpyxl

    sheet = openpyxl.load_workbook(out / "notices.xlsx", read_only=True).worksheets[0]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["a"]


def test_keep_removed_lists_the_folder_but_the_combined_outputs_drop_it(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "a.txt", "b.txt")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(raw), str(out), "--format", "json,sqlite", "--workers", "1"]).exit_code == 0
    (raw / "b.txt").unlink()
    result = runner.invoke(main, ["run", str(raw), str(out), "--format", "json,sqlite", "--workers", "1",
                                  "--keep-removed"])
    assert result.exit_code == 0 and f"stale {out / 'b'}" in result.output and "1 stale" in result.output
    assert (out / "b" / "document.json").exists() and _ids(out) == ["a"] and len(_jsonl(out)) == 1
    result = runner.invoke(main, ["run", str(raw), str(out), "--format", "json,sqlite", "--workers", "1"])
    assert f"gone  {out / 'b'}" in result.output and not (out / "b").exists()


def test_json_then_json_csv_html_gives_unchanged_notices_every_format(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "a.txt", "b#1.txt")
    _put(raw, data_dir, "c.txt", source=TIANSHUI)
    out, clean = tmp_path / "out", tmp_path / "clean"
    list(run_batch(raw, out, ("json",)))
    assert not (out / "a" / "tasks.csv").exists()
    more = ("json", "csv", "html")
    outcomes = list(run_batch(raw, out, more))
    assert all(o.ok and o.skipped for o in outcomes)
    for o in outcomes:
        assert (o.out / "tasks.csv").is_file() and (o.out / "review.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    links = [unquote(h.split('"')[1]) for h in index.split("href=")[1:]]
    assert len(links) == 3 and all((out / link).is_file() for link in links), links
    list(run_batch(raw, clean, more))
    assert _snapshot(out) == _snapshot(clean)  # as if asked for from the start
    list(run_batch(raw, out, ("json",)))  # fewer formats: none left stale
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [".manifest.json", "edges.jsonl", "errors.csv",
                                                                         "notices.jsonl"]
    assert sorted(p.name for p in (out / "a").iterdir()) == [".digest.json", "document.json"]


def test_a_run_killed_then_rerun_with_every_format_equals_a_clean_run(tmp_path, data_dir):
    import openpyxl
    import pandas as pd

    raw = tmp_path / "raw"
    _put(raw, data_dir, *[f"n{i:02d}.txt" for i in range(16)])
    cmd = [sys.executable, "-m", "pipeline", "run", str(raw), str(tmp_path / "killed"), "--format",
           "json,csv,xlsx,sqlite,parquet,html", "--workers", "1", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((tmp_path / "killed").glob("*/document.json"))) < 4:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    subprocess.run(cmd, check=True)
    subprocess.run(cmd[:5] + [str(tmp_path / "clean")] + cmd[6:], check=True)
    killed, clean = _snapshot(tmp_path / "killed"), _snapshot(tmp_path / "clean")
    assert killed.keys() == clean.keys() and not [k for k in killed if k.endswith(".tmp")]
    for name in killed:
        if name.endswith((".json", ".jsonl", ".csv", ".html")):
            assert killed[name] == clean[name], name
    books = [openpyxl.load_workbook(tmp_path / run / "notices.xlsx") for run in ("killed", "clean")]
    assert [ws.title for ws in books[0]] == [ws.title for ws in books[1]]
    for a, b in zip(*books):
        assert list(a.values) == list(b.values), a.title
    dumps = []
    for run in ("killed", "clean"):
        con = sqlite3.connect(tmp_path / run / "notices.sqlite")
        dumps.append(list(con.iterdump()))
        con.close()
    assert dumps[0] == dumps[1]
    for table in ("tasks", "notices"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "killed" / "parquet" / f"{table}.parquet"),
                                      pd.read_parquet(tmp_path / "clean" / "parquet" / f"{table}.parquet"))


# --- 10. smaller ones -------------------------------------------------------------------------------------------

def test_outputs_are_0644_under_umask_022(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "a.txt")
    previous = os.umask(0o022)
    try:
        list(run_batch(raw, tmp_path / "out", ("json", "csv", "xlsx", "sqlite", "parquet", "html")))
    finally:
        os.umask(previous)
    modes = {str(p.relative_to(tmp_path / "out")): stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").rglob("*")}
    assert modes["a/document.json"] == modes["notices.xlsx"] == modes["index.html"] == 0o644
    assert {m for p, m in modes.items() if (tmp_path / "out" / p).is_file()} == {0o644}
    assert {m for p, m in modes.items() if (tmp_path / "out" / p).is_dir()} == {0o755}


@pytest.mark.parametrize("flag,value", [("--timeout", "nan"), ("--timeout", "-1"), ("--timeout", "inf"),
                                        ("--max-mb", "nan"), ("--max-mb", "0"), ("--max-pages", "0")])
def test_a_limit_that_is_not_a_positive_number_is_a_usage_error(tmp_path, data_dir, flag, value):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "a.txt")
    result = CliRunner().invoke(main, ["run", str(raw), str(tmp_path / "out"), flag, value])
    assert result.exit_code == 2 and "Usage:" in result.output and flag in result.output
    assert not (tmp_path / "out").exists()


def test_timeout_0_means_no_limit(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "a.txt")
    result = CliRunner().invoke(main, ["run", str(raw), str(tmp_path / "out"), "--timeout", "0", "--workers", "1"])
    assert result.exit_code == 0 and "1 parsed" in result.output


def test_a_newline_in_a_name_is_escaped_in_the_result_line(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "evil\nok    /forged.txt -> /nowhere (99 tasks)\n.txt")
    (raw / "bad\rFAIL.txt").write_bytes(BROKEN)
    result = CliRunner().invoke(main, ["run", str(raw), str(tmp_path / "out"), "--workers", "1"])
    lines = result.output.splitlines()
    assert not [line for line in lines if line.startswith("ok    /forged") or line.startswith("FAIL.txt")]
    assert len([line for line in lines if line.startswith(("ok", "FAIL"))]) == 2
    assert any("evil\\nok    /forged.txt" in line and line.startswith("ok") for line in lines)
    assert any("bad\\rFAIL.txt" in line and line.startswith("FAIL") for line in lines)


def test_out_inside_raw_is_not_parsed(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "a.txt")
    out = raw / "out"
    formats = ("json", "csv", "html")
    first = list(run_batch(raw, out, formats))
    second = list(run_batch(raw, out, formats))
    assert [o.name for o in first] == [o.name for o in second] == ["a"] and second[0].skipped
    assert not [p for p in find_inputs(raw, out) if out in p.parents]
    result = CliRunner().invoke(main, ["run", str(raw), str(out), "--format", "json,html"])
    assert result.exit_code == 0 and "0 parsed, 1 unchanged" in result.output
    assert f"SKIP  {out}: the output folder" in result.output
    assert CliRunner().invoke(main, ["run", str(raw), str(raw)]).exit_code == 2  # OUT cannot be RAW


def test_a_link_to_a_file_outside_raw_is_skipped_unless_follow_links(tmp_path, data_dir):
    raw = tmp_path / "raw"
    _put(raw, data_dir, "inside.txt")
    (raw / "outside.txt").symlink_to(data_dir / TIANSHUI)  # like /etc/passwd named x.txt
    (raw / "alias.txt").symlink_to(raw / "inside.txt")  # a link that stays inside RAW is read
    out = tmp_path / "out"
    assert sorted(o.name for o in run_batch(raw, out, FAST)) == ["alias", "inside"]
    skipped = dict(scan_inputs(raw, out)[1])
    assert "--follow-links" in skipped[raw / "outside.txt"]
    result = CliRunner().invoke(main, ["run", str(raw), str(tmp_path / "cli"), "--workers", "1"])
    assert f"SKIP  {raw / 'outside.txt'}" in result.output and not (tmp_path / "cli" / "outside").exists()
    followed = {o.name: o for o in run_batch(raw, out, FAST, follow_links=True)}
    assert followed["outside"].ok and followed["inside"].skipped
    assert CliRunner().invoke(main, ["run", str(raw), str(tmp_path / "cli"), "--workers", "1",
                                     "--follow-links"]).exit_code == 0
    assert (tmp_path / "cli" / "outside" / "document.json").exists()
