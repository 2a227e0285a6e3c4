"""The stages in order, over plain data: read → extract → normalize (→ export, in ``batch``).

Each stage is one call that returns new records and leaves its input as it was.  The run's
settings come in one ``Options`` record (``pipeline/options.py``), handed to each stage.
"""
from __future__ import annotations

from pathlib import Path

from .errors import PipelineError
from .extract.notice import extract_notice
from .model import Document, Notice
from .normalize.notice import normalize_notice
from .options import DEFAULT as DEFAULT_OPTIONS
from .options import Options
from .read import read_notice


def parse_file(path: str | Path, options: Options = DEFAULT_OPTIONS) -> Notice:
    """Read one file and parse it into a Notice within ``options``; an error names the file."""
    try:
        return parse_document(read_notice(path, options), options=options)
    except PipelineError as exc:
        if exc.path is None:
            exc.path = str(path)
        raise


def parse_document(doc: Document, today: str | None = None, options: Options = DEFAULT_OPTIONS) -> Notice:
    """Extract and normalise every element of a read Document within ``options`` (its table rows
    limit, the user's unit file); ``validity.status`` is as of ``today`` (an ISO date, the run's
    date by default)."""
    return normalize_notice(doc, extract_notice(doc, today, options), options.units)
