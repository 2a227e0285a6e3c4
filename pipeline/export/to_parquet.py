"""Parquet files of the combined tables, for columnar tools (pyarrow)."""
from __future__ import annotations

from pathlib import Path

from ..errors import MissingDependencyError
from .atomic import atomic_path
from .records import frames


def write_parquet(digests, folder: str | Path, edges: list[dict] | None = None) -> list[Path]:
    """Write ``<table>.parquet`` for every table of the notices' Digests into ``folder`` (and the
    batch's ``edges`` when given)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise MissingDependencyError("Parquet output needs pyarrow: pip install pyarrow") from None
    written = []
    for table, frame in frames(digests, edges).items():
        path = Path(folder) / f"{table}.parquet"
        with atomic_path(path) as tmp:
            frame.to_parquet(tmp, index=False)
        written.append(path)
    return written
