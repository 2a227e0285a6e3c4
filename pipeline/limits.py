"""Limits on what one input may cost, with the CLI flag that changes each.

Batch runs meet files from strangers: every reader checks these before doing
the expensive thing, and a file over a limit gets an error that names the
limit and the flag.  The limits of a run travel in its ``Options``
(``pipeline/options.py``), passed down to the readers: there is no limit in force
for the process.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import LimitError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB  # --max-mb: the input file
    max_chars: int = 3_000_000  # --max-chars: characters of one notice's text
    max_pages: int = 500  # --max-pages: pages of a PDF
    max_part_bytes: int = 200 * MB  # --max-part-mb: a decompressed .docx/.xlsx part
    max_rows: int = 50_000  # --max-rows: rows of one table
    timeout: float = 120.0  # --timeout: seconds per file (the parent kills the worker at the deadline)
    max_memory_bytes: int = 900 * MB  # --max-memory-mb: memory of one worker process (0: no limit)

    def check(self, what: str, value: int, path: str | None = None) -> None:
        """Raise a LimitError when ``value`` exceeds the limit named ``what``."""
        limit, flag, code, unit = _RULES[what]
        bound = getattr(self, limit)
        if value > bound:
            shown = (f"{value / MB:.1f} MB", f"{bound / MB:.0f} MB") if unit == "MB" else (f"{value:,}", f"{bound:,}")
            raise LimitError(f"{what} {shown[0]} is over the limit of {shown[1]} (raise it with {flag})", path, code)


_RULES = {
    "file size": ("max_bytes", "--max-mb", "E-LIMIT-SIZE", "MB"),
    "text length": ("max_chars", "--max-chars", "E-LIMIT-CHARS", ""),
    "page count": ("max_pages", "--max-pages", "E-LIMIT-PAGES", ""),
    "decompressed part": ("max_part_bytes", "--max-part-mb", "E-LIMIT-PART", "MB"),
    "decompressed total": ("max_part_bytes", "--max-part-mb", "E-LIMIT-PART", "MB"),
    "table rows": ("max_rows", "--max-rows", "E-LIMIT-ROWS", ""),
    "memory": ("max_memory_bytes", "--max-memory-mb", "E-LIMIT-MEMORY", "MB"),
}

DEFAULT = Limits()
