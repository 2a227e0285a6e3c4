"""The stages in order, over plain data: read → extract → normalize (→ export, in ``batch``).

Each stage is one call that returns new records and leaves its input as it was.
"""
from __future__ import annotations

from pathlib import Path

from .errors import PipelineError
from .extract.notice import extract_notice
from .model import Document, Notice
from .normalize.notice import normalize_notice
from .read import read_notice


def parse_file(path: str | Path) -> Notice:
    """Read one file and parse it into a Notice; an error names the file."""
    try:
        return parse_document(read_notice(path))
    except PipelineError as exc:
        if exc.path is None:
            exc.path = str(path)
        raise


def parse_document(doc: Document, today: str | None = None) -> Notice:
    """Extract and normalise every element of a read Document; ``validity.status`` is as of ``today``
    (an ISO date, the run's date by default)."""
    return normalize_notice(doc, extract_notice(doc, today))
