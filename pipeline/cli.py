"""The command line: the only place that prints or exits."""
from __future__ import annotations

import math
import sys
import traceback

import click

from . import __version__
from .errors import PipelineError
from .formats import DEFAULT_FORMATS

EXIT_FAILED = 1  # some input failed; the others were written
EXIT_USAGE = 2


def _describe(exc: Exception) -> str:
    if isinstance(exc, PipelineError):
        return f"{exc.code} {exc}"
    return f"E-INTERNAL {type(exc).__name__}: {exc} (a bug; run with --debug for the traceback)"


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
@click.argument("raw", default="raw", type=click.Path(exists=True))
@click.argument("out", default="out", type=click.Path())
@click.option("--format", "formats", default=",".join(DEFAULT_FORMATS), show_default=True,
              help="Outputs, comma-separated: json,csv,xlsx,sqlite,parquet,html (html = review pages).")
@click.option("--headers", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Column headers of the Excel workbook.")
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
@click.option("--units", "units_file", type=click.Path(exists=True, dir_okay=False),
              help="A CSV of local bodies (name, canonical, kind, place, note) that win over the built-in ones.")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
def run(raw, out, formats, headers, workers, scheduler, force, quiet, max_mb, max_chars, max_pages, max_part_mb,
        max_rows, timeout, max_memory_mb, follow_links, keep_removed, units_file, debug):
    """Parse every supported file under RAW into OUT/<name>/ and the batch tables in OUT.

    OUT mirrors RAW as it is now: notices of files gone from RAW leave it, and each notice has the
    formats asked for now (and no others)."""
    import os

    from .batch import describe, run_batch, scan_inputs
    from .formats import FORMATS
    from .limits import MB, Limits

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    if os.path.realpath(out) == os.path.realpath(raw):
        raise click.BadParameter("OUT cannot be RAW itself (a folder inside RAW is fine: it is not read)",
                                 param_hint="OUT")
    if units_file:
        _use_units(units_file)
    inputs, skipped = scan_inputs(raw, out, follow_links)
    total = len(inputs)
    for path, why in skipped:
        _echo(f"SKIP  {path}: {why}", err=True)
    if total == 0:
        _echo(f"no supported files under {raw}", err=True)
    workers = workers or os.cpu_count() or 1
    bar = _progress(total) if (sys.stderr.isatty() and not quiet and total > 1) else None
    counts = {"parsed": 0, "unchanged": 0, "failed": 0, "warnings": 0}
    limits = Limits(int(max_mb * MB), max_chars, max_pages, int(max_part_mb * MB), max_rows, timeout,
                    int(max_memory_mb * MB))

    def removed(folder):
        counts["removed"] += 1
        if not quiet:
            _echo(f"{'stale' if keep_removed else 'gone':<5} {folder}: its file is no longer under RAW"
                  + (" (kept: --keep-removed)" if keep_removed else " (removed)"), bar=bar)

    counts["removed"] = 0
    try:
        for outcome in run_batch(raw, out, chosen, headers, workers, force, scheduler, limits, follow_links,
                                 keep_removed, removed):
            if outcome.ok:
                counts["unchanged" if outcome.skipped else "parsed"] += 1
                counts["warnings"] += outcome.digest.counts["warnings"]
                line = (f"{'same' if outcome.skipped else 'ok':<5} {outcome.path} -> {outcome.out} "
                        f"({_summary(outcome.digest.counts)})")
                if bar is None and not quiet:
                    _echo(line)
            else:
                counts["failed"] += 1
                _echo(f"FAIL  {outcome.path}: {describe(outcome.error)}", err=True, bar=bar)
                if debug:
                    traceback.print_exception(outcome.error)
            if bar is not None:
                bar.set_postfix(failed=counts["failed"])
                bar.update()
    except PipelineError as exc:
        _echo(f"FAIL  {_describe(exc)}", err=True)
        sys.exit(EXIT_FAILED)
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


def _use_units(path: str) -> None:
    from .normalize.units import use_overrides

    try:
        use_overrides(path)
    except (PipelineError, ValueError, OSError) as exc:  # a bad row names its line
        _echo(f"FAIL  {path}: the units file cannot be used ({exc})", err=True)
        sys.exit(EXIT_USAGE)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the JSON here instead of stdout.")
@click.option("--units", "units_file", type=click.Path(exists=True, dir_okay=False),
              help="A CSV of local bodies that win over the built-in ones.")
@click.option("--timeout", type=float, default=0, show_default=True, callback=_positive(allow_zero=True),
              help="Seconds the file may take; 0 for no limit.")
@click.option("--max-memory-mb", type=float, default=0, show_default=True, callback=_positive(allow_zero=True),
              help="Memory the parse may use, in MB; 0 for no limit.")
@click.option("--debug", is_flag=True, help="Show the traceback of a failure.")
def parse(file, output, units_file, timeout, max_memory_mb, debug):
    """Parse one FILE and print its contract JSON (or write it with -o)."""
    from .batch import parse_isolated
    from .export.to_json import to_json, write_json
    from .limits import MB, Limits

    if units_file:
        _use_units(units_file)
    try:
        # in a child process: a reader's crash is this file's error line, never exit 134
        notice = parse_isolated(file, Limits(timeout=timeout, max_memory_bytes=int(max_memory_mb * MB)))
        if output:
            write_json(notice, output)
        else:
            click.echo(to_json(notice))
    except Exception as exc:  # every failure becomes one line; tracebacks only on --debug
        if isinstance(exc, PipelineError) and exc.path is None:
            exc.path = file
        _echo(f"FAIL  {file}: {_describe(exc)}", err=True)
        if debug:
            traceback.print_exception(exc)
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def units(paths):
    """List every distinct unit of parsed notices (JSON files or output folders) with its official
    name, method, score and tasks, unresolved first."""
    from .normalize.report import format_report, unit_report

    try:
        click.echo(format_report(unit_report(paths)))
    except PipelineError as exc:
        click.echo(f"FAIL  {_describe(exc)}", err=True)
        sys.exit(EXIT_FAILED)
