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


def export_notice(notice: Notice, folder: Path) -> None:
    """Write the contract JSON and the CSV tables of one notice."""
    from .export.to_csv import write_csv
    from .export.to_json import write_json

    write_json(notice, folder / "document.json")
    write_csv(notice, folder)


def run_batch(raw: str | Path, out: str | Path) -> Iterator[Outcome]:
    """Parse and export every file under ``raw`` into ``out/<name>/``, yielding each outcome."""
    from .run import parse_file

    paths = find_inputs(raw)
    names = output_names(paths)
    for path in paths:
        folder = Path(out) / names[path]
        try:
            notice = parse_file(path)
            export_notice(notice, folder)
        except PipelineError as exc:
            if exc.path is None:
                exc.path = str(path)
            yield Outcome(path, error=exc)
        except Exception as exc:  # a bug must not stop the batch; the CLI reports it
            yield Outcome(path, error=exc)
        else:
            yield Outcome(path, folder, notice)
