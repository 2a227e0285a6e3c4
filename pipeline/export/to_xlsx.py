"""One Excel workbook for a batch: a sheet per table, frozen header row, column widths,
autofilter, and a 责任矩阵 (bureaus × plan sections) sheet; in one language, Chinese by default
(sheet names, headers and the contract's coded values: 角色 牵头, not lead) or English (the
contract's field names and codes, as in the CSV).

Rows go to xlsxwriter one at a time (pandas' own Excel writer made an object per
cell and took three times as long); pandas computes only the matrix.
"""
from __future__ import annotations

from pathlib import Path

from .atomic import atomic_path
from .labels import header, label, value
from .records import COLUMNS, EDGE_COLUMNS, MATRIX_COLUMNS, frames, matrix, safe

SHEET_ORDER = ("notices", "tasks", "targets", "instruments", "outline", "units", "citations")
MAX_WIDTH = 60
WIDTH_SAMPLE = 500  # rows a column's width is measured on
HEADER = {"bold": True, "border": 1, "align": "center", "valign": "top"}  # as pandas styles a header


def _width(values, title: str) -> int:
    """A column width from its header and longest cell, CJK characters counting double."""
    def w(text):
        return sum(2 if ord(c) > 0x2E80 else 1 for c in str(text))
    longest = max([w(title)] + [w(v) for v in values if v is not None])
    return min(MAX_WIDTH, max(6, longest + 2))


def write_xlsx(digests, path: str | Path, lang: str = "zh", edges: list[dict] | None = None,
               compared: list[tuple] | None = None) -> Path:
    """Write the workbook of the notices' Digests (and the batch's citation ``edges``, and the
    ``(a, b, Comparison)`` of ``run --compare-cited``, when given) atomically; ``lang`` is ``zh``
    or ``en``."""

    digests = list(digests)
    rows = {table: [r for d in digests for r in d.rows[table]] for table in SHEET_ORDER}
    rows["edges"] = edges or []
    columns = {**COLUMNS, "notices": list(rows["notices"][0]) if rows["notices"] else [], "edges": EDGE_COLUMNS}
    bureaus = matrix(frames(digests)["tasks"], lang)
    sheets = [(name, [header(name, c, lang) for c in columns[name]],
               [[safe(value(name, c, r.get(c), lang)) for c in columns[name]] for r in rows[name]])
              for name in (*SHEET_ORDER, *(("edges",) if edges is not None else ()))]
    # the matrix's own columns in the language chosen; the others are the plan's section titles
    sheets.append(("matrix", [safe(header("matrix", c, lang) if c in MATRIX_COLUMNS else str(c))
                              for c in bureaus.columns],
                   [[safe(v) for v in row] for row in bureaus.values.tolist()]))
    sheets += _comparison_sheets(compared or (), lang)
    return write_sheets(sheets, path, lang)


def write_sheets(sheets, path: str | Path, lang: str = "zh") -> Path:
    """A workbook of ``(sheet name, titles, rows)`` written atomically: sheets named in ``lang``,
    bold frozen headers, autofilter, columns as wide as their first rows need.  Cells are written as
    given (never as formulas, URLs or numbers parsed from text)."""
    import xlsxwriter

    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_urls": False, "strings_to_formulas": False,
                                              "strings_to_numbers": False})
        bold = book.add_format(HEADER)
        for name, titles, values in sheets:
            ws = book.add_worksheet(label("sheet", name, lang))
            ws.write_row(0, 0, titles, bold)
            for i, row in enumerate(values, 1):
                ws.write_row(i, 0, row)
            ws.freeze_panes(1, 0)
            if titles:
                ws.autofilter(0, 0, max(len(values), 1), len(titles) - 1)
            for j, title in enumerate(titles):
                ws.set_column(j, j, _width([row[j] for row in values[:WIDTH_SAMPLE]], title))
        book.close()
    return Path(path)


def _comparison_sheets(compared, lang: str) -> list[tuple]:
    """A sheet per comparison table over every pair compared, each row led by the pair's names."""
    from .comparison import COLUMNS as COMPARED_COLUMNS, rows as compared_rows

    if not compared:
        return []
    sheets = []
    for table, columns in COMPARED_COLUMNS.items():
        titles = [header(table, c, lang) for c in ("a_notice", "b_notice", *columns)]
        values = [[safe(a), safe(b), *(safe(value(table, c, row[c], lang)) for c in columns)]
                  for a, b, comparison in compared for row in compared_rows(comparison, table)]
        sheets.append((f"compared_{table}", titles, values))  # beside the batch's own targets sheet
    return sheets
