"""A batch: every supported file under a folder, each into its own output folder.

One bad file never stops the batch: its error is reported and the rest go on.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import PipelineError
from .model import Notice
from .read import SUFFIXES


@dataclass(frozen=True)
class Outcome:
    """What became of one input file."""

    path: Path
    out: Path | None = None
    notice: Notice | None = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def find_inputs(raw: str | Path) -> list[Path]:
    """Supported files under ``raw`` (or ``raw`` itself), sorted, hidden files skipped."""
    raw = Path(raw)
    if raw.is_file():
        return [raw]
    return sorted(p for p in raw.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(raw).parts))


def output_names(paths: list[Path]) -> dict[Path, str]:
    """One folder name per input: its stem, or stem plus extension where stems collide."""
    stems: dict[str, int] = {}
    for p in paths:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    return {p: p.stem if stems[p.stem] == 1 else f"{p.stem}.{p.suffix.lstrip('.').lower()}" for p in paths}


FORMATS = ("json", "csv", "xlsx", "sqlite", "parquet", "html")
DEFAULT_FORMATS = ("json", "csv", "xlsx", "html")


def export_notice(notice: Notice, folder: Path, name: str, formats=DEFAULT_FORMATS) -> None:
    """Write one notice's own outputs: document.json, its CSV tables, review.html."""
    if "json" in formats:
        from .export.to_json import write_json

        write_json(notice, folder / "document.json")
    if "csv" in formats:
        from .export.to_csv import write_csv

        write_csv(notice, folder, name)
    if "html" in formats:
        from .export.review import write_review

        write_review(notice, folder / "review.html", name)


def export_batch(done: list[tuple[str, Notice]], failed: list[tuple[str, str]], out: Path,
                 formats=DEFAULT_FORMATS, headers: str = "zh") -> None:
    """Write the batch's combined outputs: notices.jsonl, tables, workbook, database, parquet, index."""
    if "json" in formats:
        from .export.to_json import write_jsonl

        write_jsonl([n for _, n in done], out / "notices.jsonl")
    if "csv" in formats:
        from .export.to_csv import write_csv_tables

        write_csv_tables(done, out)
    if "xlsx" in formats:
        from .export.to_xlsx import write_xlsx

        write_xlsx(done, out / "notices.xlsx", headers)
    if "sqlite" in formats:
        from .export.to_sqlite import write_sqlite

        write_sqlite(done, out / "notices.sqlite")
    if "parquet" in formats:
        from .export.to_parquet import write_parquet

        write_parquet(done, out / "parquet")
    if "html" in formats:
        from .export.review import write_index

        write_index([(name, n, None) for name, n in done] + [(name, None, err) for name, err in failed],
                    out / "index.html")


def run_batch(raw: str | Path, out: str | Path, formats=DEFAULT_FORMATS, headers: str = "zh") -> Iterator[Outcome]:
    """Parse and export every file under ``raw`` into ``out/<name>/``, yielding each outcome;
    then write the combined outputs."""
    from .run import parse_file

    out = Path(out)
    paths = find_inputs(raw)
    names = output_names(paths)
    done, failed = [], []
    for path in paths:
        folder = out / names[path]
        try:
            notice = parse_file(path)
            export_notice(notice, folder, names[path], formats)
        except Exception as exc:  # a bad file (or a bug) must not stop the batch; the CLI reports it
            if isinstance(exc, PipelineError) and exc.path is None:
                exc.path = str(path)
            failed.append((names[path], f"{type(exc).__name__}: {exc}"))
            yield Outcome(path, error=exc)
        else:
            done.append((names[path], notice))
            yield Outcome(path, folder, notice)
    if done or failed:
        export_batch(done, failed, out, formats, headers)
