"""policy-pipeline: Chinese government policy notices into structured, traceable data.

``pipeline.parse(path)`` runs every stage on one file and returns the
:class:`~pipeline.model.Notice`; ``pipeline.tables(notice)`` gives its flat tables as pandas
DataFrames.  Heavy libraries load lazily.
"""
from __future__ import annotations

__version__ = "0.1.0"


def parse(path):
    """Read, extract and normalise one notice file; return its Notice record."""
    from .run import parse_file

    return parse_file(path)


def tables(notice) -> dict:
    """pandas DataFrames of a Notice, one per table of the CSV export (tasks, targets, instruments,
    outline, citations, units) plus notices (its metadata row); the notice is named by its file's stem.

    Here, above the stages, not a method of the record: the data model knows no exporter."""
    from pathlib import Path

    from .export.records import digest, frames

    return frames([digest(notice, Path(notice.source.path).stem)])
