"""Batches: parallel workers, incremental re-runs, errors.csv, and a run killed mid-way."""
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import output_names, run_batch
from pipeline.limits import Limits
from pipeline.options import Options

FAST = ("json", "csv")


def _raw(tmp_path, data_dir, copies=3):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    for i in range(copies):
        shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / f"县{i}.txt")
    shutil.copy(data_dir / "tianshui-2022-23.txt", raw / "sub" / "tianshui.txt")
    (raw / "broken.txt").write_bytes(b"\x81\x30\xff\xfe" * 300 + bytes(range(128, 256)) * 20)
    return raw


def _snapshot(out: Path) -> dict:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_workers_write_what_one_writes(tmp_path, data_dir):
    raw = _raw(tmp_path, data_dir)
    one = list(run_batch(raw, tmp_path / "one", FAST, workers=1))
    two = list(run_batch(raw, tmp_path / "two", FAST, workers=2))
    assert sorted(o.name for o in one if o.ok) == sorted(o.name for o in two if o.ok) == \
        ["tianshui", "县0", "县1", "县2"]
    a, b = _snapshot(tmp_path / "one"), _snapshot(tmp_path / "two")
    assert a.keys() == b.keys()
    for key in a:
        if key.endswith(".json") or key.endswith(".csv"):
            assert a[key].replace(b"/one/", b"/") == b[key].replace(b"/two/", b"/"), key


def test_errors_csv_records_the_bad_file(tmp_path, data_dir):
    raw = _raw(tmp_path, data_dir, copies=1)
    list(run_batch(raw, tmp_path / "out", FAST))
    rows = list(csv.DictReader(open(tmp_path / "out" / "errors.csv", encoding="utf-8-sig")))
    assert [(Path(r["file"]).name, r["stage"], r["code"]) for r in rows] == [("broken.txt", "read", "E-READ-ENCODING")]


def test_unchanged_files_are_not_redone(tmp_path, data_dir):
    raw = _raw(tmp_path, data_dir, copies=1)
    out = tmp_path / "out"
    first = {o.name: o for o in run_batch(raw, out, FAST)}
    before = _snapshot(out)
    second = {o.name: o for o in run_batch(raw, out, FAST)}
    assert second["县0"].skipped and second["tianshui"].skipped and not second["broken"].ok
    assert _snapshot(out) == before
    (raw / "县0.txt").write_text((raw / "县0.txt").read_text(encoding="utf-8").replace("3座", "5座"), encoding="utf-8")
    third = {o.name: o for o in run_batch(raw, out, FAST)}
    assert not third["县0"].skipped and third["tianshui"].skipped
    assert [r["value"] for r in third["县0"].digest.rows["targets"]][-1] == 5
    forced = {o.name: o for o in run_batch(raw, out, FAST, force=True)}
    assert not any(o.skipped for o in forced.values())
    assert first["tianshui"].digest == second["tianshui"].digest  # the same JSON line and rows


def test_a_rerun_takes_unchanged_notices_rows_from_disk_not_from_the_notice(tmp_path, data_dir, monkeypatch):
    """One changed file: the others' rows come from the .digest.json stored beside them, and the
    combined outputs are what a fresh run writes."""
    from pipeline.model import Notice

    raw = _raw(tmp_path, data_dir, copies=2)
    (raw / "broken.txt").unlink()
    formats = ("json", "csv", "xlsx")
    first = {o.name: o for o in run_batch(raw, tmp_path / "out", formats)}
    (raw / "县0.txt").write_text((raw / "县0.txt").read_text(encoding="utf-8").replace("3座", "5座"), encoding="utf-8")

    def no_reading_back(*_args, **_kwargs):
        raise AssertionError("an unchanged notice was read back")

    monkeypatch.setattr(Notice, "from_dict", classmethod(no_reading_back))
    again = {o.name: o for o in run_batch(raw, tmp_path / "out", formats)}
    monkeypatch.undo()
    assert {n for n, o in again.items() if o.skipped} == {"tianshui", "县1"}
    assert again["tianshui"].digest == first["tianshui"].digest  # the same JSON line and rows, from disk
    fresh = tmp_path / "fresh"
    list(run_batch(raw, fresh, formats))
    for name in ("notices.jsonl", "tasks.csv", "targets.csv", "outline.csv"):
        assert (tmp_path / "out" / name).read_bytes().replace(b"/out/", b"/") == \
            (fresh / name).read_bytes().replace(b"/fresh/", b"/"), name


@pytest.mark.parametrize("change, reused", [
    (None, True),
    ({"name": "another"}, False),  # the folder's name changed: its rows name the notice
    ({"sha256": "0" * 64}, False),  # rows of other bytes
    ({"rows": {}}, False),  # written by a run without table outputs
])
def test_stored_rows_are_used_only_when_they_are_this_notices(tmp_path, data_dir, change, reused):
    import orjson

    from pipeline.export.records import load_digest

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / "县.txt")
    outcome = next(iter(run_batch(raw, tmp_path / "out", FAST)))
    folder = tmp_path / "out" / "县"
    if change:
        stored = orjson.loads((folder / ".digest.json").read_bytes()) | change
        (folder / ".digest.json").write_bytes(orjson.dumps(stored))
    document = orjson.loads((folder / "document.json").read_bytes())
    found = load_digest(folder / ".digest.json", document, "县", rows=True)
    assert (found == outcome.digest) if reused else found is None


def test_a_document_of_an_older_contract_is_redone(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / "县.txt")
    out = tmp_path / "out"
    list(run_batch(raw, out, FAST))
    path = out / "县" / "document.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    old = {k: v for k, v in doc.items() if k not in ("instruments", "validity")} | {"schema_version": "1.0"}
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")  # as the pipeline wrote it before 1.1,
    (out / ".manifest.json").unlink()  # which kept no manifest of its outputs
    again = {o.name: o for o in run_batch(raw, out, FAST)}
    assert not again["县"].skipped  # reused, it would carry no instruments or validity into the batch
    assert json.loads(path.read_text(encoding="utf-8")) == doc
    assert json.loads((out / "notices.jsonl").read_text(encoding="utf-8"))["schema_version"] == "1.1"


def test_names_stay_unique():
    paths = [Path("r/a/x.txt"), Path("r/b/x.txt"), Path("r/x.docx"), Path("r/y.txt")]
    names = output_names(paths, None)
    assert len(set(names.values())) == 4 and names[Path("r/y.txt")] == "y"


def test_a_run_killed_mid_way_then_rerun_equals_an_uninterrupted_run(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(40):
        shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / f"n{i:02d}.txt")
    cmd = [sys.executable, "-m", "pipeline", "run", str(raw), str(tmp_path / "killed"), "--format", "json,csv,sqlite",
           "--workers", "1", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((tmp_path / "killed").glob("*/document.json"))) < 5:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (tmp_path / "killed" / "notices.jsonl").exists()  # it died before the combined outputs
    subprocess.run(cmd, check=True)
    assert not list((tmp_path / "killed").rglob("*.tmp"))  # a temporary file the kill left is swept
    subprocess.run(cmd[:5] + [str(tmp_path / "clean")] + cmd[6:], check=True)
    killed, clean = _snapshot(tmp_path / "killed"), _snapshot(tmp_path / "clean")
    assert killed.keys() == clean.keys()
    for key in killed:
        if key.endswith(".json") or key.endswith(".jsonl"):
            assert killed[key] == clean[key], key


def test_dask_local_cluster(tmp_path, data_dir):
    """The Dask workers get the run's Options with each job (here a user's unit file): nothing
    is put in force on a worker beforehand."""
    pytest.importorskip("dask.distributed")
    from pipeline.normalize.units import load_units

    raw = _raw(tmp_path, data_dir, copies=2)
    own = tmp_path / "units.csv"
    own.write_text("name,canonical,kind,place,note\n天水火车站,中国铁路兰州局集团有限公司天水站,state_owned_enterprise,,\n",
                   encoding="utf-8")
    options = Options(units=load_units(own))
    outcomes = list(run_batch(raw, tmp_path / "dask", FAST, workers=2, scheduler="local", options=options))
    assert sorted(o.name for o in outcomes if o.ok) == ["tianshui", "县0", "县1"]
    assert (tmp_path / "dask" / "tasks.csv").exists()
    doc = json.loads((tmp_path / "dask" / "tianshui" / "document.json").read_text(encoding="utf-8"))
    names = {u["raw"]: u["canonical"] for t in doc["tasks"] for u in t["units"]}
    assert names["天水火车站"] == "中国铁路兰州局集团有限公司天水站"


def test_limits_name_their_flag(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "tianshui-2022-23.txt", raw / "big.txt")
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / "small.txt")
    outcomes = {o.name: o for o in run_batch(raw, tmp_path / "out", FAST,
                                             options=Options(Limits(max_bytes=20_000)))}
    big = outcomes["big"]
    assert big.error.code == "E-LIMIT-SIZE" and "--max-mb" in str(big.error)
    assert outcomes["small"].ok
    outcomes = {o.name: o for o in run_batch(raw, tmp_path / "out2", FAST, options=Options(Limits(max_rows=50)))}
    assert outcomes["big"].error.code == "E-LIMIT-ROWS" and "--max-rows" in str(outcomes["big"].error)


def test_a_hung_file_is_stopped_and_reported(tmp_path, data_dir, monkeypatch):
    import pipeline.run as run

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / "slow.txt")
    monkeypatch.setattr(run, "parse_document", lambda doc, *_, **__: time.sleep(5))
    start = time.time()
    outcome = next(run_batch(raw, tmp_path / "out", FAST, options=Options(Limits(timeout=0.5))))
    assert time.time() - start < 4
    assert outcome.error.code == "E-LIMIT-TIME" and "--timeout" in str(outcome.error)


def test_link_loops_are_not_followed_and_unreadable_files_are_reported(tmp_path, data_dir):
    raw = tmp_path / "raw"
    (raw / "a").mkdir(parents=True)
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / "a" / "ok.txt")
    (raw / "a" / "loop").symlink_to(raw, target_is_directory=True)
    locked = raw / "locked.txt"
    locked.write_text("一、总体要求", encoding="utf-8")
    locked.chmod(0)
    from pipeline.batch import skipped_links

    assert skipped_links(raw) == [raw / "a" / "loop"]
    outcomes = {o.name: o for o in run_batch(raw, tmp_path / "out", FAST)}
    assert outcomes["ok"].ok
    if os.geteuid() != 0:  # root reads anything
        assert outcomes["locked"].error.code == "E-READ"


def test_a_timeout_is_not_swallowed_by_a_readers_broad_except(tmp_path, data_dir, monkeypatch):
    import pipeline.run as run

    def stubborn(doc, *_, **__):
        try:
            time.sleep(5)
        except Exception:  # noqa: BLE001 - what a careless reader might do
            raise ValueError("wrapped")

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / "slow.txt")
    monkeypatch.setattr(run, "parse_document", stubborn)
    outcome = next(run_batch(raw, tmp_path / "out", FAST, options=Options(Limits(timeout=0.3))))
    assert outcome.error.code == "E-LIMIT-TIME"


def test_a_rerun_that_finds_nothing_changed_writes_nothing(tmp_path, data_dir):
    """Decided from the manifest and a hash of each input: no notice read back, no combined output
    written again (their times stay), and the outcomes carry what the CLI's lines show."""
    raw = _raw(tmp_path, data_dir, copies=1)
    (raw / "broken.txt").unlink()
    out = tmp_path / "out"
    first = {o.name: o for o in run_batch(raw, out, ("json", "csv", "xlsx", "html"))}
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = {o.name: o for o in run_batch(raw, out, ("json", "csv", "xlsx", "html"))}
    assert all(o.skipped for o in again.values()) and again.keys() == first.keys()
    assert {n: (o.digest.counts, o.digest.title) for n, o in again.items()} == \
        {n: (o.digest.counts, o.digest.title) for n, o in first.items()}
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == times


@pytest.mark.parametrize("change", ["an input's bytes", "a combined output gone", "a notice's file gone",
                                    "another format", "another language", "a new input"])
def test_any_change_takes_the_usual_way(tmp_path, data_dir, change):
    raw = _raw(tmp_path, data_dir, copies=1)
    (raw / "broken.txt").unlink()
    out = tmp_path / "out"
    formats, lang = ["json", "csv"], "zh"
    list(run_batch(raw, out, formats))
    if change == "an input's bytes":
        (raw / "县0.txt").write_text((raw / "县0.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "a combined output gone":
        (out / "tasks.csv").unlink()
    elif change == "a notice's file gone":
        (out / "县0" / "targets.csv").unlink()
    elif change == "another format":
        formats = ["json", "csv", "html"]
    elif change == "another language":
        formats, lang = ["json", "csv"], "en"
    else:
        shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / "new.txt")
    list(run_batch(raw, out, formats, lang=lang))
    assert (out / "tasks.csv").is_file() and (out / "县0" / "targets.csv").is_file()
    assert len((out / "notices.jsonl").read_text(encoding="utf-8").splitlines()) == len(list(raw.rglob("*.txt")))
    # and the run after it changes nothing again
    assert all(o.skipped for o in run_batch(raw, out, formats, lang=lang))


def test_combined_csv_is_the_notices_own_tables_joined(tmp_path, data_dir):
    """The batch joins its notices' CSV files instead of formatting their rows again: the same
    bytes as written from the rows, the header once; an empty batch still gets its headers."""
    from pipeline.export.to_csv import join_csv_tables, write_csv_tables

    raw = _raw(tmp_path, data_dir, copies=2)
    out = tmp_path / "out"
    done = sorted((o.digest for o in run_batch(raw, out, ("json", "csv")) if o.ok), key=lambda d: d.name)
    (tmp_path / "rows").mkdir()
    write_csv_tables(done, tmp_path / "rows")
    assert {p.name: p.read_bytes() for p in (tmp_path / "rows").iterdir()} == \
        {p.name: (out / p.name).read_bytes() for p in (tmp_path / "rows").iterdir()}
    (tmp_path / "none").mkdir()
    join_csv_tables([], tmp_path / "none")
    write_csv_tables([], tmp_path / "rows")
    assert (tmp_path / "none" / "tasks.csv").read_bytes() == (tmp_path / "rows" / "tasks.csv").read_bytes()
