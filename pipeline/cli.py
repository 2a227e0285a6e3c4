"""The command line: the only place that prints or exits."""
from __future__ import annotations

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
@click.option("--max-mb", type=float, default=50, show_default=True, help="Largest input file, in MB.")
@click.option("--max-chars", type=int, default=3_000_000, show_default=True, help="Most characters in one notice.")
@click.option("--max-pages", type=int, default=500, show_default=True, help="Most pages in one PDF.")
@click.option("--max-part-mb", type=float, default=200, show_default=True,
              help="Largest decompressed part of a .docx, in MB.")
@click.option("--max-rows", type=int, default=50_000, show_default=True, help="Most rows in one table.")
@click.option("--timeout", type=float, default=120, show_default=True, help="Seconds one file may take.")
@click.option("--units", "units_file", type=click.Path(exists=True, dir_okay=False),
              help="A CSV of local bodies (name, canonical, kind, place, note) that win over the built-in ones.")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
def run(raw, out, formats, headers, workers, scheduler, force, quiet, max_mb, max_chars, max_pages, max_part_mb,
        max_rows, timeout, units_file, debug):
    """Parse every supported file under RAW into OUT/<name>/ and the batch tables in OUT."""
    import os

    from .batch import describe, find_inputs, run_batch, skipped_links
    from .formats import FORMATS
    from .limits import MB, Limits

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    if units_file:
        _use_units(units_file)
    total = len(find_inputs(raw))
    for link in skipped_links(raw):
        click.echo(f"SKIP  {link}: a link to a folder is not followed", err=True)
    if total == 0:
        click.echo(f"no supported files under {raw}", err=True)
    workers = workers or os.cpu_count() or 1
    bar = _progress(total) if (sys.stderr.isatty() and not quiet and total > 1) else None
    counts = {"parsed": 0, "unchanged": 0, "failed": 0, "warnings": 0}
    limits = Limits(int(max_mb * MB), max_chars, max_pages, int(max_part_mb * MB), max_rows, timeout)
    try:
        for outcome in run_batch(raw, out, chosen, headers, workers, force, scheduler, limits):
            if outcome.ok:
                counts["unchanged" if outcome.skipped else "parsed"] += 1
                counts["warnings"] += outcome.digest.counts["warnings"]
                line = (f"{'same' if outcome.skipped else 'ok':<5} {outcome.path} -> {outcome.out} "
                        f"({_summary(outcome.digest.counts)})")
                if bar is None and not quiet:
                    click.echo(line)
            else:
                counts["failed"] += 1
                message = f"FAIL  {outcome.path}: {describe(outcome.error)}"
                (bar.write(message, file=sys.stderr) if bar is not None else click.echo(message, err=True))
                if debug:
                    traceback.print_exception(outcome.error)
            if bar is not None:
                bar.set_postfix(failed=counts["failed"])
                bar.update()
    except PipelineError as exc:
        click.echo(f"FAIL  {_describe(exc)}", err=True)
        sys.exit(EXIT_FAILED)
    finally:
        if bar is not None:
            bar.close()
    click.echo(f"{counts['parsed']} parsed, {counts['unchanged']} unchanged, {counts['failed']} failed, "
               f"{counts['warnings']} warnings", err=counts["failed"] > 0)
    sys.exit(EXIT_FAILED if counts["failed"] else 0)


def _progress(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="file", dynamic_ncols=True, file=sys.stderr)


def _use_units(path: str) -> None:
    from .normalize.units import use_overrides

    try:
        use_overrides(path)
    except (PipelineError, ValueError, OSError) as exc:  # a bad row names its line
        click.echo(f"FAIL  {path}: the units file cannot be used ({exc})", err=True)
        sys.exit(EXIT_USAGE)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the JSON here instead of stdout.")
@click.option("--units", "units_file", type=click.Path(exists=True, dir_okay=False),
              help="A CSV of local bodies that win over the built-in ones.")
@click.option("--debug", is_flag=True, help="Show the traceback of a failure.")
def parse(file, output, units_file, debug):
    """Parse one FILE and print its contract JSON (or write it with -o)."""
    from .export.to_json import to_json, write_json
    from .run import parse_file

    if units_file:
        _use_units(units_file)
    try:
        notice = parse_file(file)
        if output:
            write_json(notice, output)
        else:
            click.echo(to_json(notice))
    except Exception as exc:  # every failure becomes one line; tracebacks only on --debug
        if isinstance(exc, PipelineError) and exc.path is None:
            exc.path = file
        click.echo(f"FAIL  {file}: {_describe(exc)}", err=True)
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
