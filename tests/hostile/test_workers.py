"""Files that kill, hang or bloat the process parsing them: each becomes its own error line, the
batch goes on and writes its combined outputs, and no worker outlives the batch or its parent.

The faults are real where a small file makes them (a PDF of nested Form XObjects runs pdfium out
of memory until it aborts; a shallower one keeps it busy for minutes in native code) and injected
otherwise: the workers are forked, so a reader the test replaces is the reader they run."""
import csv
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipeline.batch import parse_isolated, run_batch
from pipeline.errors import PipelineError
from pipeline.limits import MB, Limits
from pipeline.options import Options

FAST = ("json", "csv")
ROOT = Path(__file__).resolve().parents[2]


def nested_forms(depth: int, fan: int = 10) -> bytes:
    """A one-page PDF whose page draws a Form XObject ``fan`` times, which draws the next ``fan``
    times, ``depth`` deep: 4 KB of file, ``fan ** depth`` glyphs for pdfium to lay out."""
    first = 5
    bodies: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X %d 0 R >> >> "
           b"/Contents %d 0 R >>" % (first, first + depth),
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }

    def stream(head: bytes, content: bytes) -> bytes:
        return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (head, len(content), content)

    for k in range(depth):
        if k == depth - 1:
            content, resources = b"BT /F1 12 Tf 10 10 Td (x) Tj ET 0 0 m 10 10 l S", b"<< /Font << /F1 4 0 R >> >>"
        else:
            content = b" ".join(b"q 1 0 0 1 %d 0 cm /X Do Q" % i for i in range(fan))
            resources = b"<< /XObject << /X %d 0 R >> >>" % (first + k + 1)
        bodies[first + k] = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources,
                                   content)
    bodies[first + depth] = stream(b"", b" ".join(b"q /X Do Q" for _ in range(fan)))
    out, offsets = b"%PDF-1.4\n", []
    for number in range(1, len(bodies) + 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, bodies[number])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)


def _raw(tmp_path, data_dir, bad: dict[str, bytes], good: int = 2) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(parents=True)
    for i in range(good):
        shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / f"good{i}.txt")
    for name, data in bad.items():
        (raw / name).write_bytes(data)
    return raw


def _hook(monkeypatch, actions: dict):
    """Run ``actions[name]()`` instead of reading the file of that name (in the forked workers too)."""
    from pipeline import run

    real = run.read_notice

    def read(path, *options):
        action = actions.get(Path(path).name)
        return action() if action else real(path, *options)

    monkeypatch.setattr(run, "read_notice", read)


def _batch(raw, out, **kw) -> dict:
    outcomes = {o.path.name: o for o in run_batch(raw, out, FAST, **kw)}
    return outcomes


def _combined(out: Path) -> tuple[list[str], dict[str, str]]:
    """The notices of notices.jsonl (by file name), and errors.csv as {file name: code}."""
    notices = [Path(json.loads(line)["source"]["path"]).name
               for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(out / "errors.csv", encoding="utf-8-sig") as fh:
        errors = {Path(r["file"]).name: r["code"] for r in csv.DictReader(fh)}
    return sorted(notices), errors


def _no_children_left():
    psutil = pytest.importorskip("psutil")
    alive = [p for p in psutil.Process().children(recursive=True) if p.status() != psutil.STATUS_ZOMBIE]
    assert not alive, alive


def _libc_sleep(seconds: int):
    return lambda: ctypes.CDLL(None).sleep(seconds)  # in C: no signal handler of Python's runs meanwhile


def test_a_pdf_that_aborts_pdfium_fails_alone_and_the_batch_writes_its_outputs(tmp_path, data_dir):
    raw = _raw(tmp_path, data_dir, {"forms-8x10.pdf": nested_forms(8)})
    assert len((raw / "forms-8x10.pdf").read_bytes()) < 5000
    out = tmp_path / "out"
    start = time.monotonic()
    outcomes = _batch(raw, out, workers=2, options=Options(Limits(max_memory_bytes=300 * MB, timeout=60)))
    bad = outcomes["forms-8x10.pdf"]
    # pdfium aborts when an allocation fails: at the worker's memory limit
    assert bad.error.code == "E-LIMIT-MEMORY" and "--max-memory-mb" in str(bad.error), bad.error
    assert "forms-8x10.pdf" in str(bad.error)
    assert outcomes["good0.txt"].ok and outcomes["good1.txt"].ok
    assert _combined(out) == (["good0.txt", "good1.txt"], {"forms-8x10.pdf": "E-LIMIT-MEMORY"})
    assert time.monotonic() - start < 20
    _no_children_left()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_native_abort_is_that_files_crash_and_the_batch_goes_on(tmp_path, data_dir, monkeypatch, workers):
    raw = _raw(tmp_path, data_dir, {"abort.txt": b"x", "segv.txt": b"x"}, good=3)
    _hook(monkeypatch, {"abort.txt": os.abort, "segv.txt": lambda: ctypes.string_at(0)})
    out = tmp_path / "out"
    outcomes = _batch(raw, out, workers=workers)
    assert outcomes["abort.txt"].error.code == "E-READ-CRASH" and "SIGABRT" in str(outcomes["abort.txt"].error)
    assert outcomes["segv.txt"].error.code == "E-READ-CRASH" and "SIGSEGV" in str(outcomes["segv.txt"].error)
    assert outcomes["abort.txt"].stage == "read"
    assert _combined(out) == (["good0.txt", "good1.txt", "good2.txt"],
                              {"abort.txt": "E-READ-CRASH", "segv.txt": "E-READ-CRASH"})
    _no_children_left()


def test_a_worker_killed_like_the_oom_killer_does_is_that_files_error(tmp_path, data_dir, monkeypatch):
    raw = _raw(tmp_path, data_dir, {"killed.txt": b"x"})
    _hook(monkeypatch, {"killed.txt": lambda: os.kill(os.getpid(), signal.SIGKILL)})
    out = tmp_path / "out"
    outcomes = _batch(raw, out, workers=2)
    error = outcomes["killed.txt"].error
    assert error.code == "E-READ-CRASH" and "SIGKILL" in str(error) and "killed.txt" in str(error)
    assert _combined(out) == (["good0.txt", "good1.txt"], {"killed.txt": "E-READ-CRASH"})


def test_a_file_hung_in_native_code_is_killed_at_its_deadline(tmp_path, data_dir, monkeypatch):
    # five levels of forms: pdfium lays out 100,000 glyphs for minutes, deaf to any signal handler
    raw = _raw(tmp_path, data_dir, {"forms-5x10.pdf": nested_forms(5), "sleeps.txt": b"x"})
    _hook(monkeypatch, {"sleeps.txt": _libc_sleep(60)})
    out = tmp_path / "out"
    start = time.monotonic()
    outcomes = _batch(raw, out, workers=2, options=Options(Limits(timeout=1.5)))
    took = time.monotonic() - start
    for name in ("forms-5x10.pdf", "sleeps.txt"):
        error = outcomes[name].error
        assert error.code == "E-LIMIT-TIME" and "--timeout" in str(error) and name in str(error), error
    assert took < 1.5 * 2 + 4  # two hung files on two workers, then the good ones
    assert _combined(out)[1] == {"forms-5x10.pdf": "E-LIMIT-TIME", "sleeps.txt": "E-LIMIT-TIME"}
    _no_children_left()


def test_the_sequential_run_kills_a_hung_file_too(tmp_path, data_dir, monkeypatch):
    raw = _raw(tmp_path, data_dir, {"sleeps.txt": b"x"}, good=1)
    _hook(monkeypatch, {"sleeps.txt": _libc_sleep(60)})
    start = time.monotonic()
    outcomes = _batch(raw, tmp_path / "out", workers=1, options=Options(Limits(timeout=1)))
    assert outcomes["sleeps.txt"].error.code == "E-LIMIT-TIME" and outcomes["good0.txt"].ok
    assert time.monotonic() - start < 1 + 4


def test_a_file_that_allocates_past_the_memory_limit_is_E_LIMIT_MEMORY(tmp_path, data_dir, monkeypatch):
    def hog():
        held = []
        while True:
            held.append(bytearray(16 * MB))

    raw = _raw(tmp_path, data_dir, {"hog.txt": b"x", "huge.txt": b"x"})
    _hook(monkeypatch, {"hog.txt": hog, "huge.txt": lambda: bytearray(4096 * MB)})
    out = tmp_path / "out"
    outcomes = _batch(raw, out, workers=1, options=Options(Limits(max_memory_bytes=300 * MB)))
    for name in ("hog.txt", "huge.txt"):
        error = outcomes[name].error
        assert error.code == "E-LIMIT-MEMORY" and "300 MB" in str(error) and "--max-memory-mb" in str(error), error
    assert _combined(out) == (["good0.txt", "good1.txt"], {"hog.txt": "E-LIMIT-MEMORY", "huge.txt": "E-LIMIT-MEMORY"})


@pytest.mark.parametrize("watch", ["pdeathsig", "polling"])
def test_workers_die_with_their_parent(tmp_path, data_dir, watch):
    psutil = pytest.importorskip("psutil")
    raw = _raw(tmp_path, data_dir, {}, good=4)
    script = textwrap.dedent(f"""
        import ctypes, sys
        import pipeline.isolate as isolate, pipeline.run as run
        if {watch == "polling"!r}:
            isolate._PRCTL[:] = [None]  # as where there is no prctl: the workers watch getppid()
        run.read_notice = lambda path, *options: ctypes.CDLL(None).sleep(60)
        from pipeline.batch import run_batch
        for outcome in run_batch(sys.argv[1], sys.argv[2], ("json",), workers=2):
            pass
    """)
    proc = subprocess.Popen([sys.executable, "-c", script, str(raw), str(tmp_path / "out")], cwd=ROOT)
    try:
        parent = psutil.Process(proc.pid)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(parent.children()) < 2:
            time.sleep(0.05)
        children = parent.children()
        assert len(children) == 2
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 5
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [c for c in alive if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert not alive, f"workers left running: {alive}"


def test_parse_isolated_answers_for_a_file_that_would_end_the_process(tmp_path, data_dir):
    from pipeline.run import parse_file

    good = data_dir / "hexi-county-2023-7.txt"
    assert parse_isolated(good).as_dict() == parse_file(good).as_dict()
    bad = tmp_path / "forms-8x10.pdf"
    bad.write_bytes(nested_forms(8))
    with pytest.raises(PipelineError) as err:
        parse_isolated(bad, Options(Limits(max_memory_bytes=300 * MB)))
    assert err.value.code == "E-LIMIT-MEMORY" and "forms-8x10.pdf" in str(err.value)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(PipelineError) as err:
        parse_isolated(empty)
    assert err.value.code.startswith("E-READ") and "empty.txt" in str(err.value)  # the reader's own error


def test_dask_enforces_the_timeout_and_outlives_a_crash(tmp_path, data_dir):
    distributed = pytest.importorskip("dask.distributed",
                                      reason="dask.distributed is not installed: pip install -e .[dask]")
    hung = _raw(tmp_path / "a", data_dir, {"forms-5x10.pdf": nested_forms(5)}, good=1)
    crash = _raw(tmp_path / "b", data_dir, {"forms-8x10.pdf": nested_forms(8)}, good=1)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        start = time.monotonic()
        outcomes = _batch(hung, tmp_path / "a" / "out", scheduler=cluster.scheduler_address,
                          options=Options(Limits(timeout=2)))
        assert outcomes["forms-5x10.pdf"].error.code == "E-LIMIT-TIME" and outcomes["good0.txt"].ok
        assert time.monotonic() - start < 2 + 6
        outcomes = _batch(crash, tmp_path / "b" / "out", scheduler=cluster.scheduler_address,
                          options=Options(Limits(max_memory_bytes=250 * MB)))
        assert outcomes["forms-8x10.pdf"].error.code == "E-LIMIT-MEMORY"
        assert outcomes["good0.txt"].ok  # the worker outlived it
        assert _combined(tmp_path / "b" / "out") == (["good0.txt"], {"forms-8x10.pdf": "E-LIMIT-MEMORY"})
