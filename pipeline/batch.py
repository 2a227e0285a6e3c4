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
import shutil
import tempfile
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

import orjson

from .version import __version__
from .errors import ExportError, PipelineError
from .formats import DEFAULT_FORMATS
from .limits import Limits
from .export.records import Digest, digest
from .model import SCHEMA_VERSION, Notice
from .options import DEFAULT as DEFAULT_OPTIONS
from .options import Options
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


def find_inputs(raw: str | Path, out: str | Path | None = None, follow_links: bool = False) -> list[Path]:
    """Supported files under ``raw`` (or ``raw`` itself), sorted; hidden files skipped.

    Links to folders are not followed (a link loop would never end); links to files
    are read like files when they stay inside ``raw`` (``follow_links``: wherever they
    go); only regular files are read (no FIFO, device or socket); the output folder
    ``out`` is left out when it lies inside ``raw``.  :func:`scan_inputs` tells why a
    file was left out."""
    return scan_inputs(raw, out, follow_links)[0]


def scan_inputs(raw: str | Path, out: str | Path | None = None,
                follow_links: bool = False) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The inputs under ``raw`` (as :func:`find_inputs`), and what was left out with the reason."""
    import stat

    raw = Path(raw)
    if raw.is_file():
        return [raw], []
    root = os.path.realpath(raw)
    own = os.path.realpath(out) if out is not None else None

    def inside(target: str) -> bool:
        return target == root or target.startswith(root.rstrip(os.sep) + os.sep)

    found, skipped = [], []
    for folder, dirs, files in os.walk(raw, followlinks=False):
        kept = []
        for d in sorted(dirs):
            path = Path(folder) / d
            if d.startswith("."):
                continue
            if path.is_symlink():
                skipped.append((path, "a link to a folder is not followed"))
            elif own is not None and os.path.realpath(path) == own:
                skipped.append((path, "the output folder is not read as input"))
            else:
                kept.append(d)
        dirs[:] = kept
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            if path.is_symlink() and not follow_links and not inside(os.path.realpath(path)):
                skipped.append((path, "a link to a file outside RAW is not followed (--follow-links follows it)"))
                continue
            try:
                regular = stat.S_ISREG(os.stat(path).st_mode)
            except OSError:
                regular = True  # a broken link: the reader reports it
            if regular:
                found.append(path)
            else:
                skipped.append((path, "not a regular file (a FIFO, device or socket) is not read"))
    return sorted(found), sorted(skipped)


def skipped_links(raw: str | Path) -> list[Path]:
    """Links to folders under ``raw``, which a batch does not follow."""
    raw = Path(raw)
    if not raw.is_dir():
        return []
    return sorted(Path(folder) / d for folder, dirs, _ in os.walk(raw, followlinks=False) for d in dirs
                  if (Path(folder) / d).is_symlink())


def output_names(paths: list[Path], raw: str | Path | None = None) -> dict[Path, str]:
    """One folder name per input, never two alike (not even to a case-insensitive file system) nor
    a combined output's (``pipeline/export/layout.py`` has the rules).  An input that could not be
    given one is missing from the result: the batch fails it rather than overwrite another."""
    from .export.layout import folder_names

    return folder_names(paths, raw)[0]


def export_notice(notice: Notice, folder: Path, name: str, formats=DEFAULT_FORMATS,
                  summary: Digest | None = None, lang: str = "zh") -> None:
    """Write one notice's own outputs: its CSV tables, review.html (in ``lang``), and document.json.

    ``summary`` is the notice's Digest when the caller has one (its rows make the CSV).
    document.json is always written, and last: its presence marks the notice done
    for an incremental re-run."""
    if "csv" in formats:
        from .export.to_csv import write_csv_tables

        write_csv_tables([summary if summary is not None and summary.rows else digest(notice, name)], folder)
    if "html" in formats:
        from .export.review import write_review

        write_review(notice, folder / "review.html", name, lang)
    from .export.layout import DIGEST
    from .export.records import save_digest
    from .export.to_json import write_json

    save_digest(summary if summary is not None else digest(notice, name, False), folder / DIGEST)
    write_json(notice, folder / "document.json")


def export_batch(done: list[Digest], failed: list[Outcome], out: Path, formats=DEFAULT_FORMATS,
                 lang: str = "zh", line_of: Callable[[Digest], bytes] = lambda d: d.line,
                 edges: list[dict] | None = None, compared: list[tuple] | None = None) -> None:
    """Write the batch's combined outputs: notices.jsonl, tables, workbook, database, parquet,
    index and errors.csv; what people read (workbook, index) in ``lang``.  ``line_of`` gives a
    notice's JSON line (the batch keeps them on disk).

    They hold exactly the notices of ``done``: the database loses the rows of every other notice,
    and the combined outputs of a format not asked for are removed (they would be stale)."""
    from .export.atomic import write_text
    from .export.layout import clear_combined, shown

    clear_combined(out, [f for f in ("json", "csv", "xlsx", "sqlite", "parquet", "html") if f not in formats])
    done = sorted(done, key=lambda d: d.name)
    edges = link(done) if edges is None else edges
    if "json" in formats:
        from .export.to_json import write_jsonl

        write_jsonl((line_of(d) for d in done), out / "notices.jsonl")
        write_jsonl((orjson.dumps(e) for e in edges), out / "edges.jsonl")
    if "csv" in formats:
        from .export.records import EDGE_COLUMNS
        from .export.to_csv import join_csv_tables, write_csv_rows, write_csv_tables

        try:  # every notice's own tables are written by now: the combined ones are theirs joined
            join_csv_tables([out / d.name for d in done], out)
        except FileNotFoundError:  # one went missing since (removed by hand): from the rows then
            write_csv_tables(done, out)
        write_csv_rows(edges, EDGE_COLUMNS, out / "edges.csv")
    if "xlsx" in formats:
        from .export.to_xlsx import write_xlsx

        write_xlsx(done, out / "notices.xlsx", lang, edges, compared)
    if "sqlite" in formats:
        from .export.to_sqlite import write_sqlite

        write_sqlite((replace(d, line=line_of(d)) for d in done), out / "notices.sqlite", prune=True, edges=edges)
    if "parquet" in formats:
        from .export.to_parquet import write_parquet

        write_parquet(done, out / "parquet", edges)
    if "html" in formats:
        from .export.review import write_index

        write_index([(d.name, d, None) for d in done] + [(o.name, None, shown(describe(o.error))) for o in failed],
                    out / "index.html", lang, edges)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["file", "stage", "error_type", "code", "message"])
    for o in sorted(failed, key=lambda o: str(o.path)):
        writer.writerow([shown(o.path), o.stage, type(o.error).__name__, getattr(o.error, "code", "E-INTERNAL"),
                         shown(getattr(o.error, "message", str(o.error)))])
    write_text(out / "errors.csv", "\ufeff" + buf.getvalue())
    _write_manifest(out, done, formats, lang)


def _write_manifest(out: Path, done: list[Digest], formats, lang: str) -> None:
    """Record what the combined outputs now hold: every notice's input (path and SHA-256) and what
    its line needs, with the versions, formats and language they were written in."""
    from .export.atomic import write_text
    from .export.layout import MANIFEST

    entries = {d.name: {"path": d.path, "sha256": d.sha256, "title": d.title, "doc_number": d.doc_number,
                        "counts": d.counts} for d in done}
    write_text(out / MANIFEST, orjson.dumps({"pipeline_version": __version__, "schema_version": SCHEMA_VERSION,
                                             "formats": sorted(formats), "lang": lang,
                                             "notices": entries}).decode("utf-8"))


def _forget(out: Path) -> None:
    """Remove the manifest before a run writes anything: a run killed midway leaves outputs the
    manifest does not describe, and the next run must then take the usual way."""
    from .export.layout import MANIFEST

    try:
        (out / MANIFEST).unlink(missing_ok=True)
    except OSError:  # an OUT that cannot be written fails where the run writes, with its error
        pass


def _nothing_changed(out: Path, paths: list[Path], names: dict[Path, str], formats, lang: str,
                     limits: Limits) -> list[Outcome] | None:
    """Every input's outcome, skipped, when a re-run would change nothing: the same pipeline,
    contract, formats and language as the manifest records, every input in it with the same path
    and bytes, no other notice in it or in OUT, and every file those formats write still there.
    None otherwise, and the batch goes its usual way (each notice decides for itself).

    Deciding costs a hash of each input and a look at each output: no notice is read back and no
    combined output written again (a workbook of a thousand notices takes 20 s to write)."""
    from .export.layout import COMBINED, MANIFEST, NOTICE_FILES, PARQUET_FILES, stale_folders

    try:
        manifest = orjson.loads((out / MANIFEST).read_bytes())
        entries = manifest["notices"]
        if (manifest["pipeline_version"], manifest["schema_version"], manifest["formats"], manifest["lang"]) != (
                __version__, SCHEMA_VERSION, sorted(formats), lang) or set(entries) != set(names.values()):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    combined = [out / f for fmt in formats for f in COMBINED.get(fmt, ())] + [out / "errors.csv"]
    combined += [out / "parquet" / f for f in PARQUET_FILES] if "parquet" in formats else []
    own = ["document.json", *(f for fmt in formats if fmt != "json" for f in NOTICE_FILES.get(fmt, ()))]
    if not all(p.is_file() for p in combined) or stale_folders(out, names.values()):
        return None
    outcomes = []
    for path in paths:
        name = names[path]
        entry, folder = entries[name], out / name
        if entry.get("path") != str(path) or not all((folder / f).is_file() for f in own) \
                or _sha256(path, limits.max_bytes) != entry.get("sha256"):
            return None
        outcomes.append(Outcome(path, name, folder, Digest(name, b"", {}, entry.get("title"), entry.get("doc_number"),
                                                           entry.get("counts") or {}, str(path), entry["sha256"]),
                                skipped=True))
    return outcomes


def describe(exc: Exception | None) -> str:
    """One line for a failure: its code and message."""
    if exc is None:
        return ""
    if isinstance(exc, PipelineError):
        return f"{exc.code} {exc}"
    return f"E-INTERNAL {type(exc).__name__}: {exc} (a bug; run with --debug for the traceback)"


def _unchanged(path: Path, folder: Path, name: str, limits: Limits, rows: bool) -> Digest | None:
    """The notice's Digest as last written, when neither the file (its path and bytes), the
    pipeline nor the contract changed since: from the rows stored beside it, else from its
    document read back.

    The file is taken as the readers take it, within ``limits``: a regular file (a FIFO
    cannot hang this, nor /dev/zero fill the memory) no larger than ``--max-mb``, measured on the
    opened file and hashed in chunks.  Anything else is redone, and the reader reports it."""
    from .export.layout import DIGEST
    from .export.records import load_digest, save_digest

    doc_path = folder / "document.json"
    if not doc_path.is_file():
        return None
    sha = _sha256(path, limits.max_bytes)
    if sha is None:
        return None
    try:
        doc = orjson.loads(doc_path.read_bytes())
    except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None
    source = doc.get("source") if isinstance(doc, dict) else None
    # a document of an older contract lacks its families (1.0 had no instruments): redo it
    if not isinstance(source, dict) or doc.get("pipeline_version") != __version__ \
            or doc.get("schema_version") != SCHEMA_VERSION or source.get("sha256") != sha \
            or source.get("path") != str(path):
        return None
    stored = load_digest(folder / DIGEST, doc, name, rows)
    if stored is not None:
        return stored
    try:
        summary = digest(Notice.from_dict(doc), name, rows)
    except (KeyError, TypeError, ValueError):
        return None
    save_digest(summary, folder / DIGEST)  # the rows this run needed, for the next
    return summary


HASH_CHUNK = 1 << 20


def _sha256(path: Path, max_bytes: int) -> str | None:
    """The SHA-256 of a regular file of at most ``max_bytes``, read in chunks; None for anything else.

    Opened without blocking (a FIFO with no writer opens at once) and measured on the open file,
    so what is hashed is what was checked."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        sha, seen = hashlib.sha256(), 0
        while chunk := os.read(fd, HASH_CHUNK):
            seen += len(chunk)
            if seen > max_bytes:  # it grew since
                return None
            sha.update(chunk)
        return sha.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def process(path: Path, folder: Path, name: str, formats=DEFAULT_FORMATS, force: bool = False,
            options: Options = DEFAULT_OPTIONS, lang: str = "zh") -> Outcome:
    """Parse and export one file within ``options``; never raises (the failure is in the outcome).

    A batch runs it in a supervised worker process (``_execute``), which holds it to
    ``options.limits.timeout`` and ``.max_memory_bytes`` from outside; the options come with
    the job, so a worker holds no setting of its own."""
    rows = bool(TABLE_FORMATS & set(formats))
    if not force:
        summary = _unchanged(path, folder, name, options.limits, rows)
        if summary is not None:
            return Outcome(path, name, folder, summary, skipped=True)
    from .isolate import in_worker, memory_error, out_of_memory
    from .run import parse_file

    stage = "read"
    try:
        notice = parse_file(path, options)
        stage = "export"
        summary = digest(notice, name, rows)
        export_notice(notice, folder, name, formats, summary, lang)
    except Exception as exc:  # a bad file (or a bug) must not stop the batch; the CLI reports it
        if out_of_memory(exc):  # a MemoryError, or a reader's error made of one
            exc = memory_error(options.limits)
        elif in_worker():  # the traceback does not cross the pipe: its text does, for --debug
            exc.add_note(f"in the worker process:\n{traceback.format_exc()}")
        if isinstance(exc, PipelineError) and exc.path is None:
            exc.path = str(path)
        return Outcome(path, name, error=exc, stage=getattr(exc, "stage", None) or stage)
    return Outcome(path, name, folder, summary)


def parse_isolated(path: str | Path, options: Options = DEFAULT_OPTIONS) -> Notice:
    """``parse_file(path, options)`` in a child process, within ``options.limits``: a reader's crash,
    hang or runaway allocation is a PipelineError here (E-READ-CRASH, E-LIMIT-TIME, E-LIMIT-MEMORY),
    never the end of this process.  What ``policy-pipeline parse`` calls."""
    from .isolate import call

    try:
        return call(_parse, (path, options), options.limits)
    except PipelineError as exc:
        if exc.path is None:
            exc.path = str(path)
        raise


def _parse(path: str | Path, options: Options) -> Notice:
    from .isolate import memory_error, out_of_memory
    from .run import parse_file

    try:
        return parse_file(path, options)
    except Exception as exc:
        if out_of_memory(exc):
            raise memory_error(options.limits, str(path)) from None
        raise


def process_isolated(path: Path, folder: Path, name: str, formats=DEFAULT_FORMATS, force: bool = False,
                     options: Options = DEFAULT_OPTIONS, lang: str = "zh") -> Outcome:
    """``process`` in a child process of this one, within ``options.limits``: what a Dask worker runs,
    so that a file's crash, hang or runaway allocation ends that child, not the worker."""
    return list(_isolated([(path, folder, name, tuple(formats), force, options, lang)], 1, options.limits))[0]


def _isolated(jobs: list[tuple], workers: int, limits: Limits) -> Iterator[Outcome]:
    """``process`` for every job in supervised worker processes (``pipeline/isolate.py``)."""
    from .isolate import memory_error, out_of_memory, supervise

    for job, outcome, error in supervise(jobs, process, limits, workers):
        if error is not None and out_of_memory(error):  # outside what ``process`` catches
            error = memory_error(limits)
        yield outcome if error is None else failed_job(job, error)


def failed_job(job: tuple, error: BaseException) -> Outcome:
    """The outcome of a job whose worker died, ran out of time or raised ``error``."""
    path, _, name = job[:3]
    if isinstance(error, PipelineError) and error.path is None:
        error.path = str(path)
    return Outcome(path, name, error=error, stage=getattr(error, "stage", None) or "read")


FREEZE_EVERY = 50


def run_batch(raw: str | Path, out: str | Path, formats=DEFAULT_FORMATS, lang: str = "zh", workers: int = 1,
              force: bool = False, scheduler: str | None = None,
              options: Options = DEFAULT_OPTIONS, follow_links: bool = False, keep_removed: bool = False,
              on_removed: Callable[[Path], None] | None = None, compare_cited: bool = False) -> Iterator[Outcome]:
    """Parse and export every file under ``raw`` into ``out/<name>/`` within ``options`` (each job
    carries them to its worker), yielding each outcome as it completes; then reconcile ``out``
    with what is under ``raw`` now and write the combined outputs.

    Reconciling: every notice folder holds exactly the formats asked for now (an unchanged notice
    gets a missing one from its document.json, one not asked for is removed), the folder of a file
    that failed loses its stale outputs, and the folder of an input that is gone is removed
    (``keep_removed``: kept) and passed to ``on_removed``.  A RAW with no input leaves ``out`` alone.
    With ``compare_cited``, each notice is compared with every notice of the batch it implements
    (``compare_cited_notices``), and a re-run always links and compares again."""
    from itertools import chain

    from .export.layout import clear_folder, folder_names, stale_folders

    out = Path(out)
    _sweep(out)
    paths = find_inputs(raw, out, follow_links)
    if not paths:
        return
    names, clashes = folder_names(paths, raw)
    refused = _refused(paths, names, clashes)
    same = None if force or refused or compare_cited else _nothing_changed(out, paths, names, formats, lang,
                                                                           options.limits)
    if same is not None:  # every output is as the last run left it: nothing to parse, nothing to write
        yield from same
        return
    _forget(out)
    jobs = [(p, out / names[p], names[p], tuple(formats), force, options, lang) for p in paths
            if p in names and p not in refused]
    done, failed = [], []
    with _Spool(out) as spool:
        for outcome in chain(refused.values(), _execute(jobs, workers, scheduler, options)):
            if outcome.ok:
                outcome = _complete(outcome, formats, lang)
            if outcome.ok:
                done.append(spool.put(outcome.digest))
                if len(done) % FREEZE_EVERY == 0:
                    gc.freeze()  # kept rows hold no cycles: spare the collector rescanning them all
            else:
                if outcome.path in names:
                    clear_folder(out / names[outcome.path])  # what it holds is of an older file
                failed.append(outcome)
            yield outcome
        for folder in stale_folders(out, names.values()):
            if not keep_removed:
                clear_folder(folder)
            if on_removed is not None:
                on_removed(folder)
        edges = link(done)
        done = _mark_repealed(done, edges, out, formats, lang, spool, options)
        compared = compare_cited_notices(out, edges, lang) if compare_cited else None
        export_batch(done, failed, out, formats, lang, spool.get, edges, compared)


def link(done: list[Digest]) -> list[dict]:
    """The batch's citation graph (``pipeline.graph.link_batch``) from its notices' digests."""
    from .graph import link_batch
    from .model import BatchMember

    return link_batch([BatchMember(d.name, d.links.get("doc_number"), tuple(d.links.get("titles", ())),
                                   tuple(d.links.get("named", ()))) for d in done])


def _mark_repealed(done: list[Digest], edges: list[dict], out: Path, formats, lang: str, spool: "_Spool",
                   options: Options) -> list[Digest]:
    """``done`` with every notice another notice of the batch repeals marked so in all its outputs
    (validity: status ``repealed``, ``repealed_by``), and every notice marked so by an earlier run
    whose repealing notice is no longer in the batch (or no longer repeals it) read again, so that
    its status is its own text's.  Only those notices' files are touched."""
    from .graph import repealed

    by = repealed(edges)
    out_done = []
    for d in done:
        now = by.get(d.name)
        if d.links.get("repealed_by") == now:  # the digest says: no notice's JSON is read for this
            out_done.append(d)
        elif now is not None:
            out_done.append(spool.put(_repeal(d, orjson.loads(spool.get(d)), now, out / d.name, formats, lang)))
        else:
            again = process(Path(d.path), out / d.name, d.name, formats, True, options, lang)
            out_done.append(spool.put(again.digest) if again.ok else d)
    return out_done


def _repeal(d: Digest, doc: dict, by: str, folder: Path, formats, lang: str) -> Digest:
    """Mark the notice of ``d`` (its contract document ``doc``) repealed by notice ``by`` in its own
    files, document.json last (as a first write); its new Digest."""
    from .export.atomic import atomic_path
    from .export.layout import DIGEST
    from .export.records import save_digest

    doc["validity"] = {**doc["validity"], "status": "repealed", "repealed_by": by}
    rows = dict(d.rows)
    if rows.get("notices"):
        rows["notices"] = [{**rows["notices"][0], "validity_status": "repealed", "validity_repealed_by": by}]
    new = replace(d, line=orjson.dumps(doc), rows=rows, links={**d.links, "repealed_by": by})
    if "html" in formats:
        from .export.review import write_review

        write_review(Notice.from_dict(doc), folder / "review.html", d.name, lang)
    save_digest(new, folder / DIGEST)
    with atomic_path(folder / "document.json") as tmp:  # as write_json writes it
        tmp.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    return new


def compare_cited_notices(out: Path, edges: list[dict], lang: str = "zh") -> list[tuple]:
    """Compare each notice with each notice of the batch it implements (the cited plan as A, the
    notice carrying it out as B: a city's plan against its province's) into
    ``OUT/compare/<cited>--<citing>/`` (``export.comparison.write_comparison``); the folders of
    pairs no longer linked are removed.  ``(a, b, Comparison)`` of each pair, for the workbook."""
    from .compare import compare_notices
    from .export.atomic import write_text
    from .export.comparison import write_comparison
    from .export.layout import COMPARED, PAIR, safe_name

    pairs = sorted({(e["cited_notice"], e["notice"]) for e in edges
                    if e["relation"] == "implements" and e["cited_notice"] is not None})
    root = out / COMPARED
    folders = {safe_name(f"{a}--{b}", Path(a) / b): (a, b) for a, b in pairs}
    if root.is_dir():
        for old in root.iterdir():
            if old.is_dir() and old.name not in folders:
                shutil.rmtree(old)
    written = []
    for folder, (a, b) in folders.items():
        notices = [Notice.from_dict(orjson.loads((out / n / "document.json").read_bytes())) for n in (a, b)]
        comparison = compare_notices(*notices)
        write_comparison(comparison, root / folder, lang)
        write_text(root / folder / PAIR, orjson.dumps({"a": a, "b": b}).decode())  # the names, whatever they hold
        written.append((a, b, comparison))
    return written


def read_corpus(out_dir: str | Path) -> dict:
    """What ``pipeline.corpus`` returns (its docstring says what): the notices the batch's manifest
    lists, or every notice folder when a run kept no manifest."""
    import pandas as pd

    from .errors import ReadError
    from .export.comparison import COLUMNS as COMPARISON_COLUMNS
    from .export.layout import COMPARED, DIGEST, MANIFEST, PAIR
    from .export.records import frames, load_digest

    out = Path(out_dir)
    try:
        names = sorted(orjson.loads((out / MANIFEST).read_bytes())["notices"])
    except (OSError, ValueError, KeyError, TypeError):
        names = sorted(p.parent.name for p in out.glob("*/document.json"))
    if not names:
        raise ReadError("no notices here: not the output folder of a batch run", str(out))
    done = []
    for name in names:
        try:
            document = orjson.loads((out / name / "document.json").read_bytes())
        except (OSError, ValueError) as exc:
            raise ReadError(f"cannot read {name}/document.json ({exc})", str(out)) from None
        stored = load_digest(out / name / DIGEST, document, name, rows=True)
        done.append(stored if stored is not None else digest(Notice.from_dict(document), name))
    try:
        edges = [orjson.loads(line) for line in (out / "edges.jsonl").read_bytes().splitlines() if line.strip()]
    except OSError:
        edges = link(done)
    tables = frames(done, edges)
    comparisons: dict[str, list] = {table: [] for table in COMPARISON_COLUMNS}
    for pair in sorted(out.glob(f"{COMPARED}/*/{PAIR}")):
        names_of = orjson.loads(pair.read_bytes())
        for table in COMPARISON_COLUMNS:
            if (pair.parent / f"{table}.csv").is_file():
                comparisons[table].append(pd.read_csv(pair.parent / f"{table}.csv", encoding="utf-8-sig")
                                          .assign(a_notice=names_of["a"], b_notice=names_of["b"]))
    tables["comparisons"] = {t: pd.concat(f, ignore_index=True) if f else pd.DataFrame(columns=COMPARISON_COLUMNS[t])
                             for t, f in comparisons.items()}
    return tables


def _refused(paths: list[Path], names: dict[Path, str], clashes: list[list[Path]]) -> dict[Path, Outcome]:
    """The inputs failed before any work: a name no output can hold (not UTF-8), a folder name
    that would collide with another's."""
    from .errors import ReadError
    from .export.layout import shown

    refused = {}
    for group in clashes:
        for p in group:
            others = ", ".join(shown(q) for q in group if q != p) or "a combined output"
            exc = ExportError(f"its output folder would collide with {others} (rename one)", str(p))
            exc.code = "E-EXPORT-NAME"
            refused[p] = Outcome(p, shown(p.name), error=exc, stage="export")
    for p in paths:
        try:
            str(p).encode("utf-8")
        except UnicodeEncodeError:
            exc = ReadError("the file name is not valid UTF-8: rename it (the outputs record every path as "
                            "UTF-8 text)", str(p))
            exc.code = "E-READ-NAME"
            refused.setdefault(p, Outcome(p, names.get(p) or shown(p.name), error=exc, stage="read"))
    return refused


def _complete(outcome: Outcome, formats, lang: str = "zh") -> Outcome:
    """A notice's folder with exactly the formats asked for: an unchanged notice whose folder lacks
    one (an earlier run asked for fewer) gets it from its stored document; a format not asked
    for is removed.  A failure to write is the notice's failure."""
    from .export.layout import NOTICE_FILES, drop_formats
    from .export.review import page_lang

    folder = outcome.out
    try:
        drop_formats(folder, [f for f in ("csv", "html") if f not in formats])
        if outcome.skipped and "csv" in formats and not all((folder / f).is_file() for f in NOTICE_FILES["csv"]):
            from .export.to_csv import write_csv_tables

            write_csv_tables([outcome.digest], folder)
        if outcome.skipped and "html" in formats and page_lang(folder / "review.html") != lang:
            from .export.review import write_review

            notice = Notice.from_dict(orjson.loads((folder / "document.json").read_bytes()))
            write_review(notice, folder / "review.html", outcome.name, lang)
    except Exception as exc:  # as in process: one notice's failure never stops the batch
        if isinstance(exc, PipelineError) and exc.path is None:
            exc.path = str(outcome.path)
        return replace(outcome, out=None, digest=None, skipped=False, error=exc, stage="export")
    return outcome


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
    """Remove the temporary files that interrupted runs left behind (a kill -9 skips every cleanup),
    not those another run sharing ``out`` is writing: each writer holds a lock on its own."""
    from .export.layout import sweep

    sweep(out)


def _execute(jobs, workers: int, scheduler: str | None, options: Options = DEFAULT_OPTIONS) -> Iterator[Outcome]:
    """Each job's outcome as it completes: on a Dask cluster, else in at most ``workers`` forked
    processes (one when ``workers`` is 1) that can die, be killed at the deadline or run out of
    memory without stopping the batch; reused from file to file."""
    if scheduler:
        from .distributed import run_on_dask

        yield from run_on_dask(jobs, scheduler, workers, options, process_isolated, failed_job)
        return
    if not jobs:
        return
    from .resources import warm

    warm(options.units)  # before the workers fork: every worker starts with the resources loaded
    gc.freeze()  # and the collector leaves those shared pages alone (no copy-on-write)
    yield from _isolated(jobs, workers, options.limits)
