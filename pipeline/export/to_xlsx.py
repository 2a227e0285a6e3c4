"""One Excel workbook for a batch: a sheet per table, frozen header row, column widths,
autofilter, Chinese headers by default, and a 责任矩阵 (bureaus × plan sections) sheet."""
from __future__ import annotations

from pathlib import Path

from .atomic import atomic_path
from .records import SHEETS_ZH, ZH, frames, matrix

SHEET_ORDER = ("notices", "tasks", "targets", "outline", "units", "citations")
MAX_WIDTH = 60


def _width(series, header: str) -> int:
    """A column width from its header and longest cell, CJK characters counting double."""
    def w(text):
        return sum(2 if ord(c) > 0x2E80 else 1 for c in str(text))
    longest = max([w(header)] + [w(v) for v in series.head(500).dropna()])
    return min(MAX_WIDTH, max(6, longest + 2))


def write_xlsx(digests, path: str | Path, headers: str = "zh") -> Path:
    """Write the workbook of the notices' Digests atomically; ``headers`` is ``zh`` or ``en``."""
    import pandas as pd

    tables = frames(digests, neutralise=True)
    sheets = [(name, tables[name]) for name in SHEET_ORDER]
    sheets.append(("matrix", matrix(tables["tasks"])))
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="xlsxwriter") as writer:
            for name, frame in sheets:
                if headers == "zh":
                    frame = frame.rename(columns=ZH)
                sheet = SHEETS_ZH[name] if headers == "zh" else name
                frame.to_excel(writer, sheet_name=sheet, index=False)
                ws = writer.sheets[sheet]
                ws.freeze_panes(1, 0)
                if len(frame.columns):
                    ws.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
                for i, col in enumerate(frame.columns):
                    ws.set_column(i, i, _width(frame[col], col))
    return Path(path)
