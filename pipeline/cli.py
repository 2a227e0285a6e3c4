"""The command line: the only place that prints or exits."""
from __future__ import annotations

import math
import sys
import traceback

import click

from .version import __version__
from .errors import ExportError, PipelineError, ReadError
from .formats import DEFAULT_FORMATS

EXIT_FAILED = 1  # some input failed; the others were written
EXIT_USAGE = 2


def _describe(exc: Exception) -> str:
    if isinstance(exc, PipelineError):
        return f"{exc.code} {exc}"
    return f"E-INTERNAL {type(exc).__name__}: {exc} (a bug; run with --debug for the traceback)"


def _fail_line(path, exc: Exception) -> str:
    """``FAIL  <path>: <CODE> <reason>``, naming the file once: an error about ``path`` itself (or
    about no path) gives its bare message; one about another path (an output) keeps that path."""
    if path is None and isinstance(exc, PipelineError):
        path = exc.path
    if isinstance(exc, PipelineError) and (exc.path is None or str(exc.path) == str(path)):
        reason = f"{exc.code} {exc.message}"
    else:
        reason = _describe(exc)
    return f"FAIL  {path}: {reason}" if path is not None else f"FAIL  {reason}"


def _missing(path: str, what: str = "file") -> ReadError | None:
    """The E-READ of a path that does not exist (click's ``exists=True`` would make it a usage error)."""
    import os

    return None if os.path.exists(path) else ReadError(f"no such {what}", path)


def _echo(line: str, err: bool = False, bar=None) -> None:
    """Print one line, its control characters and undecodable name bytes escaped: a file named with
    a newline cannot forge a line of its own, nor one that is not UTF-8 stop the run."""
    from .export.layout import shown

    line = shown(line)
    if bar is not None:
        bar.write(line, file=sys.stderr if err else sys.stdout)
    else:
        click.echo(line, err=err)


def _positive(allow_zero: bool = False):
    """A click callback refusing a number that is not finite and positive (or zero, where it means off)."""
    def check(ctx, param, value):
        if value is None:
            return value
        if math.isnan(value) or math.isinf(value) or value < 0 or (value == 0 and not allow_zero):
            raise click.BadParameter(f"{value} is not a {'positive (or 0)' if allow_zero else 'positive'} "
                                     f"finite number")
        return value
    return check


def _summary(counts: dict) -> str:
    return (f"{counts['outline']} headings, {counts['targets']} targets, {counts['instruments']} instruments, "
            f"{counts['tasks']} tasks, {counts['citations']} citations, {counts['warnings']} warnings")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-pipeline")
def main():
    """Turn Chinese government policy notices into structured, traceable data."""


@main.command()
@click.argument("raw", default="raw", type=click.Path())
@click.argument("out", default="out", type=click.Path())
@click.option("--format", "formats", default=",".join(DEFAULT_FORMATS), show_default=True,
              help="Outputs, comma-separated: json,csv,xlsx,sqlite,parquet,html (html = review pages).")
@click.option("--lang", "--headers", "lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of what people read: the workbook (sheets, headers, coded values), review pages "
                   "and index. JSON, CSV, SQLite and Parquet keep the contract's names and codes.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Parallel worker processes [default: all cores].")
@click.option("--scheduler", default=None, help="Run on a Dask cluster: tcp://host:port, or 'local'.")
@click.option("--force", is_flag=True, help="Redo every notice, even those unchanged since the last run.")
@click.option("--quiet", is_flag=True, help="Print only failures and the summary.")
@click.option("--max-mb", type=float, default=50, show_default=True, callback=_positive(),
              help="Largest input file, in MB.")
@click.option("--max-chars", type=click.IntRange(min=1), default=3_000_000, show_default=True,
              help="Most characters in one notice.")
@click.option("--max-pages", type=click.IntRange(min=1), default=500, show_default=True,
              help="Most pages in one PDF.")
@click.option("--max-part-mb", type=float, default=200, show_default=True, callback=_positive(),
              help="Largest decompressed part of a .docx, in MB.")
@click.option("--max-rows", type=click.IntRange(min=1), default=50_000, show_default=True,
              help="Most rows in one table.")
@click.option("--timeout", type=float, default=120, show_default=True, callback=_positive(allow_zero=True),
              help="Seconds one file may take; 0 for no limit.")
@click.option("--max-memory-mb", type=float, default=900, show_default=True, callback=_positive(allow_zero=True),
              help="Memory one file's worker may use, in MB; 0 for no limit (scanned PDFs need about 1200).")
@click.option("--follow-links", is_flag=True,
              help="Read links to files outside RAW too (by default only links that stay inside RAW).")
@click.option("--keep-removed", is_flag=True,
              help="Keep the folders of notices whose file is gone from RAW (listed; by default removed).")
@click.option("--units", "units_file", type=click.Path(),
              help="A CSV of local bodies (name, canonical, kind, place, note) that win over the built-in ones.")
@click.option("--compare-cited", is_flag=True,
              help="Compare each notice with the notice of the batch it implements, into OUT/compare/.")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
def run(raw, out, formats, lang, workers, scheduler, force, quiet, max_mb, max_chars, max_pages, max_part_mb,
        max_rows, timeout, max_memory_mb, follow_links, keep_removed, units_file, compare_cited, debug):
    """Parse every supported file under RAW into OUT/<name>/ and the batch tables in OUT.

    OUT mirrors RAW as it is now: notices of files gone from RAW leave it, and each notice has the
    formats asked for now (and no others)."""
    import os

    from .batch import run_batch, scan_inputs
    from .formats import FORMATS
    from .limits import MB, Limits
    from .options import NO_UNITS, Options

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    if not chosen:  # '' or ' , ': a run that writes nothing is a slip, not a request
        raise click.BadParameter(f"no format given; choose at least one of {', '.join(FORMATS)}",
                                 param_hint="--format")
    if os.path.realpath(out) == os.path.realpath(raw):
        raise click.BadParameter("OUT cannot be RAW itself (a folder inside RAW is fine: it is not read)",
                                 param_hint="OUT")
    missing = _missing(raw, "file or folder")
    if missing is not None:
        _echo(_fail_line(raw, missing), err=True)
        sys.exit(EXIT_FAILED)
    units = _load_units(units_file) if units_file else NO_UNITS
    inputs, skipped = scan_inputs(raw, out, follow_links)
    total = len(inputs)
    for path, why in skipped:
        _echo(f"SKIP  {path}: {why}", err=True)
    if total == 0:
        _echo(f"no supported files under {raw}", err=True)
    workers = workers or os.cpu_count() or 1
    bar = _progress(total) if (sys.stderr.isatty() and not quiet and total > 1) else None
    counts = {"parsed": 0, "unchanged": 0, "failed": 0, "warnings": 0}
    options = Options(Limits(int(max_mb * MB), max_chars, max_pages, int(max_part_mb * MB), max_rows, timeout,
                             int(max_memory_mb * MB)), units)

    def removed(folder):
        counts["removed"] += 1
        if not quiet:
            _echo(f"{'stale' if keep_removed else 'gone':<5} {folder}: its file is no longer under RAW"
                  + (" (kept: --keep-removed)" if keep_removed else " (removed)"), bar=bar)

    counts["removed"] = 0
    try:
        for outcome in run_batch(raw, out, chosen, lang, workers, force, scheduler, options, follow_links,
                                 keep_removed, removed, compare_cited):
            if outcome.ok:
                counts["unchanged" if outcome.skipped else "parsed"] += 1
                counts["warnings"] += outcome.digest.counts["warnings"]
                line = (f"{'same' if outcome.skipped else 'ok':<5} {outcome.path} -> {outcome.out} "
                        f"({_summary(outcome.digest.counts)})")
                if bar is None and not quiet:
                    _echo(line)
            else:
                counts["failed"] += 1
                _echo(_fail_line(outcome.path, outcome.error), err=True, bar=bar)
                if debug:
                    traceback.print_exception(outcome.error)
            if bar is not None:
                bar.set_postfix(failed=counts["failed"])
                bar.update()
    except Exception as exc:  # the output folder or a combined output cannot be written (or a bug): counted
        counts["failed"] += 1
        if bar is not None:
            bar.close()
            bar = None
        _echo(_fail_line(getattr(exc, "path", None) or out, exc), err=True)
        if debug:
            traceback.print_exception(exc)
    finally:
        if bar is not None:
            bar.close()
    gone = f", {counts['removed']} {'stale' if keep_removed else 'removed'}" if counts["removed"] else ""
    click.echo(f"{counts['parsed']} parsed, {counts['unchanged']} unchanged, {counts['failed']} failed, "
               f"{counts['warnings']} warnings{gone}", err=counts["failed"] > 0)
    sys.exit(EXIT_FAILED if counts["failed"] else 0)


def _progress(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="file", dynamic_ncols=True, file=sys.stderr)


def _load_units(path: str):
    """The user's unit file for the run's Options; a missing or bad file is its one FAIL line and exit 2."""
    import re

    from .normalize.units import load_units

    missing = _missing(path)
    if missing is not None:
        _echo(_fail_line(path, missing), err=True)
        sys.exit(EXIT_USAGE)
    try:
        return load_units(path)
    except (PipelineError, ValueError, OSError) as exc:  # a bad row names its line
        text = exc.message if isinstance(exc, PipelineError) else str(exc)
        text = re.sub(rf"^{re.escape(str(path))}:(?:(\d+):)? ", lambda m: f"line {m[1]}: " if m[1] else "", text)
        _echo(f"FAIL  {path}: the units file cannot be used ({text})", err=True)
        sys.exit(EXIT_USAGE)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(),
              help="Write the JSON here instead of stdout: a file (one FILE), or an existing folder "
                   "(<name>.json for each FILE).")
@click.option("--units", "units_file", type=click.Path(),
              help="A CSV of local bodies that win over the built-in ones.")
@click.option("--timeout", type=float, default=0, show_default=True, callback=_positive(allow_zero=True),
              help="Seconds each file may take; 0 for no limit.")
@click.option("--max-memory-mb", type=float, default=0, show_default=True, callback=_positive(allow_zero=True),
              help="Memory each parse may use, in MB; 0 for no limit.")
@click.option("--debug", is_flag=True, help="Show the traceback of a failure.")
def parse(files, output, units_file, timeout, max_memory_mb, debug):
    """Parse each FILE and print its contract JSON (several FILES: JSON Lines, one notice a line),
    or write it with -o: to a file for one FILE, into a folder as <name>.json for any number.

    A file that fails gets one line and the others go on; the exit code is 1 if any failed."""
    from .batch import parse_isolated
    from .export.to_json import to_json, write_json
    from .limits import MB, Limits
    from .options import NO_UNITS, Options

    targets = _parse_targets(files, output)
    units = _load_units(units_file) if units_file else NO_UNITS
    options = Options(Limits(timeout=timeout, max_memory_bytes=int(max_memory_mb * MB)), units)
    failed = 0
    for file in dict.fromkeys(files):  # a file named twice is parsed (and written) once
        try:
            target = targets.get(file)
            if isinstance(target, Exception):
                raise target
            missing = _missing(file)
            if missing is not None:
                raise missing
            # in a child process: a reader's crash is this file's error line, never exit 134
            notice = parse_isolated(file, options)
            if target is not None:
                write_json(notice, target)
            else:
                click.echo(to_json(notice, indent=len(files) == 1))
        except Exception as exc:  # every failure becomes one line; tracebacks only on --debug
            failed += 1
            _echo(_fail_line(file, exc), err=True)
            if debug:
                traceback.print_exception(exc)
    sys.exit(EXIT_FAILED if failed else 0)


def _parse_targets(files: tuple[str, ...], output: str | None) -> dict:
    """Where ``parse`` writes each file's JSON: {file: path, or the error that keeps it from being
    written}; empty for stdout.  Into a folder, the names are a batch's notice folder names
    (``folder_names``: stem, then stem and extension, then the path, never two alike)."""
    import os
    from pathlib import Path

    from .export.layout import folder_names

    if output is None:
        return {}
    if not os.path.isdir(output):
        if len(files) > 1:
            raise click.BadParameter(f"with several FILES, -o must name an existing folder ({output} is not one); "
                                     f"without -o they are printed as JSON Lines", param_hint="-o")
        # write_json would make the missing folders (a batch wants that); a typo here should not
        names_folder = output.endswith(("/", os.sep))
        parent = output if names_folder else (os.path.dirname(output) or ".")
        if not os.path.isdir(parent):
            what = "does not exist" if not os.path.exists(parent) else "is not a folder"
            _echo(_fail_line(output, ExportError(f"its folder {parent} {what}", output)), err=True)
            sys.exit(EXIT_FAILED)
        return {files[0]: output}
    given = {f: Path(os.path.abspath(f)) for f in files if os.path.exists(f)}  # a missing file takes no name
    try:
        base = os.path.commonpath([str(p.parent) for p in given.values()]) if given else None
    except ValueError:  # different drives
        base = None
    names, _ = folder_names(list(given.values()), base)
    targets = {}
    for f in files:
        if f not in given:
            targets[f] = ReadError("no such file", f)
        elif given[f] in names:
            targets[f] = Path(output) / f"{names[given[f]]}.json"
        else:  # the naming rules make this all but impossible; never one file over another's
            targets[f] = ExportError("its output name would collide with another FILE's (rename one)", f)
            targets[f].code = "E-EXPORT-NAME"
    return targets


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def units(paths):
    """List every distinct unit of parsed notices (JSON files or output folders) with its official
    name, method, score and tasks, unresolved first."""
    from .export.units_report import format_report, unit_report

    missing = [m for m in (_missing(p, "file or folder") for p in paths) if m is not None]
    for exc in missing:
        _echo(_fail_line(exc.path, exc), err=True)
    if missing:
        sys.exit(EXIT_FAILED)
    try:
        click.echo(format_report(unit_report(paths)))
    except PipelineError as exc:
        _echo(_fail_line(None, exc), err=True)
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("a", type=click.Path())
@click.argument("b", type=click.Path())
@click.option("-o", "--output", type=click.Path(),
              help="Folder for the tables and the page (made if missing) [default: out/compare/<A>--<B>].")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the workbook and the page; the CSV files keep the field names and codes.")
@click.option("--debug", is_flag=True, help="Show the traceback of a failure.")
def compare(a, b, output, lang, debug):
    """Compare plan B with plan A (a city's plan with its province's, say): which measures B kept,
    reworded, added or dropped, which targets it raised or lowered, and each bureau's tasks in both.

    A and B are notice files of any format the pipeline reads, or a document.json it wrote.
    Writes measures.csv, targets.csv, bureaus.csv, comparison.xlsx and comparison.html."""
    from pathlib import Path

    from .compare import compare_notices
    from .export.comparison import write_comparison

    def name(path: str) -> str:  # out/<name>/document.json is <name>'s
        p = Path(path)
        return p.parent.name if p.name == "document.json" and p.parent.name else p.stem

    folder = output or str(Path("out") / "compare" / f"{name(a)}--{name(b)}")
    try:
        notices = [_compared_notice(path) for path in (a, b)]
        comparison = compare_notices(*notices)
        write_comparison(comparison, folder, lang)
    except Exception as exc:  # one line naming the file; a traceback only on --debug
        _echo(_fail_line(getattr(exc, "path", None), exc), err=True)
        if debug:
            traceback.print_exception(exc)
        sys.exit(EXIT_FAILED)

    def tally(records) -> str:
        counts: dict[str, int] = {}
        for r in records:
            counts[r.status] = counts.get(r.status, 0) + 1
        return ", ".join(f"{n} {status}" for status, n in counts.items()) or "none"

    _echo(f"ok    {a} -> {b}: measures {tally(comparison.measures)}; targets {tally(comparison.targets)}; "
          f"bureaus {tally(comparison.bureaus)} -> {folder}")


def _compared_notice(path: str):
    """The Notice of a notice file (parsed in a child process, as ``parse`` does) or of a
    ``document.json`` the pipeline wrote; an error names the file."""
    import json

    from .batch import parse_isolated
    from .model import Notice

    missing = _missing(path)
    if missing is not None:
        raise missing
    if not path.lower().endswith(".json"):
        return parse_isolated(path)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror or exc})", path) from None
    except ValueError:  # not JSON, or not UTF-8
        raise ReadError("not a document.json the pipeline wrote (not JSON)", path) from None
    missing = [k for k in ("source", "metadata") if k not in data] if isinstance(data, dict) else None
    if missing is None or missing:
        what = "not a JSON object" if missing is None else f"no {' or '.join(map(repr, missing))} key"
        raise ReadError(f"not a document.json the pipeline wrote ({what})", path)
    try:
        return Notice.from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError):  # keys of the wrong shape
        raise ReadError("not a document.json the pipeline wrote (not the shape of one)", path) from None
