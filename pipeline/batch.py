"""A batch: every supported file under a folder, each into its own output folder.

One bad file never stops the batch: its error is recorded (``errors.csv``) and
the rest go on.  Work runs in parallel processes (``workers``) or on a Dask
cluster (``scheduler``); each worker loads the heavy resources once.  A notice
whose file and pipeline version are unchanged since its ``document.json`` was
written is not redone, so a re-run (after an interruption, even ``kill -9``)
finishes the same outputs without redoing the work.  The combined outputs are
written last, from every notice in name order, so they do not depend on the
order in which workers finish.  Workers send back a Digest of each notice (its
compact JSON and flat rows), not the notice: the parent spools the JSON lines to
disk as they come and keeps only the rows the table outputs need.
"""
from __future__ import annotations

import csv
import gc
import hashlib
import io
import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

import orjson

from . import __version__
from .errors import ExportError, LimitError, PipelineError
from .formats import DEFAULT_FORMATS
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .limits import use as use_limits
from .export.records import Digest, digest
from .model import SCHEMA_VERSION, Notice
from .read import SUFFIXES

TABLE_FORMATS = {"csv", "xlsx", "sqlite", "parquet"}  # outputs built from the flat rows


@dataclass(frozen=True)
class Outcome:
    """What became of one input file."""

    path: Path
    name: str
    out: Path | None = None
    digest: Digest | None = None
    error: Exception | None = None
    stage: str | None = None  # read | extract | export, where it failed
    skipped: bool = False  # unchanged since the last run

    @property
    def ok(self) -> bool:
        return self.error is None


def find_inputs(raw: str | Path) -> list[Path]:
    """Supported files under ``raw`` (or ``raw`` itself), sorted; hidden files skipped.

    Links to folders are not followed (a link loop would never end); links to
    files are read like files."""
    raw = Path(raw)
    if raw.is_file():
        return [raw]
    found = []
    for folder, dirs, files in os.walk(raw, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            if not name.startswith(".") and path.suffix.lower() in SUFFIXES:
                found.append(path)
    return sorted(found)


def skipped_links(raw: str | Path) -> list[Path]:
    """Links to folders under ``raw``, which a batch does not follow."""
    raw = Path(raw)
    if not raw.is_dir():
        return []
    return sorted(Path(folder) / d for folder, dirs, _ in os.walk(raw, followlinks=False) for d in dirs
                  if (Path(folder) / d).is_symlink())


def output_names(paths: list[Path], raw: str | Path | None = None) -> dict[Path, str]:
    """One folder name per input: its stem; stem plus extension, or its relative path, where names collide."""
    def count(names):
        seen: dict[str, int] = {}
        for n in names:
            seen[n] = seen.get(n, 0) + 1
        return seen

    names = {p: p.stem for p in paths}
    stems = count(names.values())
    names = {p: n if stems[n] == 1 else f"{p.stem}.{p.suffix.lstrip('.').lower()}" for p, n in names.items()}
    again = count(names.values())
    base = Path(raw) if raw is not None and Path(raw).is_dir() else None
    for p, n in names.items():
        if again[n] > 1:
            rel = p.relative_to(base) if base else p
            names[p] = "__".join(rel.with_suffix("").parts) + f".{p.suffix.lstrip('.').lower()}"
    return names


def export_notice(notice: Notice, folder: Path, name: str, formats=DEFAULT_FORMATS,
                  summary: Digest | None = None) -> None:
    """Write one notice's own outputs: its CSV tables, review.html, and document.json.

    ``summary`` is the notice's Digest when the caller has one (its rows make the CSV).
    document.json is always written, and last: its presence marks the notice done
    for an incremental re-run."""
    if "csv" in formats:
        from .export.to_csv import write_csv_tables

        write_csv_tables([summary if summary is not None and summary.rows else digest(notice, name)], folder)
    if "html" in formats:
        from .export.review import write_review

        write_review(notice, folder / "review.html", name)
    from .export.to_json import write_json

    write_json(notice, folder / "document.json")


def export_batch(done: list[Digest], failed: list[Outcome], out: Path, formats=DEFAULT_FORMATS,
                 headers: str = "zh", line_of: Callable[[Digest], bytes] = lambda d: d.line) -> None:
    """Write the batch's combined outputs: notices.jsonl, tables, workbook, database, parquet,
    index and errors.csv.  ``line_of`` gives a notice's JSON line (the batch keeps them on disk)."""
    from .export.atomic import write_text

    done = sorted(done, key=lambda d: d.name)
    if "json" in formats:
        from .export.to_json import write_jsonl

        write_jsonl((line_of(d) for d in done), out / "notices.jsonl")
    if "csv" in formats:
        from .export.to_csv import write_csv_tables

        write_csv_tables(done, out)
    if "xlsx" in formats:
        from .export.to_xlsx import write_xlsx

        write_xlsx(done, out / "notices.xlsx", headers)
    if "sqlite" in formats:
        from .export.to_sqlite import write_sqlite

        write_sqlite((replace(d, line=line_of(d)) for d in done), out / "notices.sqlite")
    if "parquet" in formats:
        from .export.to_parquet import write_parquet

        write_parquet(done, out / "parquet")
    if "html" in formats:
        from .export.review import write_index

        write_index([(d.name, d, None) for d in done] + [(o.name, None, describe(o.error)) for o in failed],
                    out / "index.html")
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["file", "stage", "error_type", "code", "message"])
    for o in sorted(failed, key=lambda o: str(o.path)):
        writer.writerow([str(o.path), o.stage, type(o.error).__name__, getattr(o.error, "code", "E-INTERNAL"),
                         getattr(o.error, "message", str(o.error))])
    write_text(out / "errors.csv", "\ufeff" + buf.getvalue())


def describe(exc: Exception | None) -> str:
    """One line for a failure: its code and message."""
    if exc is None:
        return ""
    if isinstance(exc, PipelineError):
        return f"{exc.code} {exc}"
    return f"E-INTERNAL {type(exc).__name__}: {exc} (a bug; run with --debug for the traceback)"


def _unchanged(path: Path, folder: Path) -> Notice | None:
    """The notice as last written, when neither the file, the pipeline nor the contract changed since."""
    doc_path = folder / "document.json"
    if not doc_path.exists():
        return None
    try:
        doc = orjson.loads(doc_path.read_bytes())
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None
    # a document of an older contract lacks its families (1.0 had no instruments): redo it
    if not isinstance(doc, dict) or doc.get("pipeline_version") != __version__ \
            or doc.get("schema_version") != SCHEMA_VERSION or doc.get("source", {}).get("sha256") != sha:
        return None
    try:
        return Notice.from_dict(doc)
    except (KeyError, TypeError, ValueError):
        return None


def process(path: Path, folder: Path, name: str, formats=DEFAULT_FORMATS, force: bool = False,
            limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Parse and export one file within ``limits``; never raises (the failure is in the outcome)."""
    use_limits(limits)
    rows = bool(TABLE_FORMATS & set(formats))
    if not force:
        notice = _unchanged(path, folder)
        if notice is not None:
            return Outcome(path, name, folder, digest(notice, name, rows), skipped=True)
    from .run import parse_file

    stage = "read"
    try:
        with _deadline(limits.timeout, str(path)):
            notice = parse_file(path)
            stage = "export"
            summary = digest(notice, name, rows)
            export_notice(notice, folder, name, formats, summary)
    except Exception as exc:  # a bad file (or a bug) must not stop the batch; the CLI reports it
        if isinstance(exc, PipelineError) and exc.path is None:
            exc.path = str(path)
        return Outcome(path, name, error=exc, stage=getattr(exc, "stage", None) or stage)
    return Outcome(path, name, folder, summary)


@contextmanager
def _deadline(seconds: float, path: str):
    """Stop a file that runs past ``seconds`` (a hung parser) with E-LIMIT-TIME.

    Enforced with SIGALRM where this runs in a process's main thread (the
    sequential run and every process-pool worker)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise _Expired  # a BaseException: a reader's broad ``except Exception`` cannot swallow it

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise LimitError(f"took longer than {seconds:g} s (raise it with --timeout)", path, "E-LIMIT-TIME") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Expired(BaseException):
    """The wall-time limit of one file ran out."""


def _warm() -> None:
    """Load the heavy resources once per worker process."""
    from .extract.script import simplified
    from .resources import segment

    segment("预热")
    simplified("預熱")


FREEZE_EVERY = 50


def run_batch(raw: str | Path, out: str | Path, formats=DEFAULT_FORMATS, headers: str = "zh", workers: int = 1,
              force: bool = False, scheduler: str | None = None,
              limits: Limits = DEFAULT_LIMITS) -> Iterator[Outcome]:
    """Parse and export every file under ``raw`` into ``out/<name>/``, yielding each outcome
    as it completes; then write the combined outputs."""
    out = Path(out)
    _sweep(out)
    paths = find_inputs(raw)
    names = output_names(paths, raw)
    jobs = [(p, out / names[p], names[p], tuple(formats), force, limits) for p in paths]
    if not jobs:
        return
    done, failed = [], []
    with _Spool(out) as spool:
        for outcome in _execute(jobs, workers, scheduler):
            if outcome.ok:
                done.append(spool.put(outcome.digest))
                if len(done) % FREEZE_EVERY == 0:
                    gc.freeze()  # kept rows hold no cycles: spare the collector rescanning them all
            else:
                failed.append(outcome)
            yield outcome
        export_batch(done, failed, out, formats, headers, spool.get)


class _Spool:
    """The JSON lines of a batch on disk, in the order they come, until they are written in name order.

    An unnamed temporary file in the output folder: nothing to clean up, even after kill -9."""

    def __init__(self, folder: Path):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.file = tempfile.TemporaryFile(dir=folder)
        except OSError as exc:
            raise ExportError(f"cannot write here ({exc.strerror or exc})", str(folder)) from None
        self.where: dict[str, tuple[int, int]] = {}
        self.size = 0

    def put(self, d: Digest) -> Digest:
        """Store the line of ``d``; return ``d`` without it."""
        self.where[d.name] = (self.size, len(d.line))
        self.file.write(d.line)
        self.size += len(d.line)
        return replace(d, line=b"")

    def get(self, d: Digest) -> bytes:
        at, size = self.where[d.name]
        self.file.flush()
        self.file.seek(at)
        line = self.file.read(size)
        self.file.seek(0, os.SEEK_END)  # puts append
        return line

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


def _sweep(out: Path) -> None:
    """Remove temporary files an interrupted run left behind (a kill -9 skips every cleanup)."""
    if out.is_dir():
        for tmp in out.rglob(".*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass


def _execute(jobs, workers: int, scheduler: str | None) -> Iterator[Outcome]:
    if scheduler:
        from .distributed import run_on_dask

        yield from run_on_dask(jobs, scheduler, workers)
    elif workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield process(*job)
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        _warm()  # before the pool forks: every worker starts with the resources loaded
        gc.freeze()  # and the collector leaves those shared pages alone (no copy-on-write)
        with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
            futures = [pool.submit(process, *job) for job in jobs]
            for future in as_completed(futures):
                yield future.result()
