"""The outputs of a comparison of two plans (``pipeline.compare``): a CSV per table
(``measures.csv``, ``targets.csv``, ``bureaus.csv``: UTF-8 with a BOM, the records' field names and
codes, as every CSV of the package), a workbook ``comparison.xlsx`` (a sheet per table after the two
plans, in the language chosen) and a page ``comparison.html`` showing the plans side by side.

The page is self-contained (no network, no script it fetches): both titles and 文号 at the top, then
each measure of A beside its counterpart of B with its status in the middle, coloured by status,
then the targets and the bureaus.  Every text from a notice is escaped.
"""
from __future__ import annotations

import dataclasses
import html
from pathlib import Path

from ..compare import STATUSES
from ..model import BureauLoad, Comparison, MeasureMatch, PlanRef, TargetMatch
from .atomic import write_text
from .labels import header, label, value
from .records import safe
from .to_csv import write_csv_rows
from .to_xlsx import write_sheets

# each table of a comparison: its file stem and the record its rows are
TABLES = {"measures": MeasureMatch, "targets": TargetMatch, "bureaus": BureauLoad}
COLUMNS = {name: tuple(f.name for f in dataclasses.fields(record)) for name, record in TABLES.items()}
PLAN_COLUMNS = ("side",) + tuple(f.name for f in dataclasses.fields(PlanRef))
FILES = tuple(f"{name}.csv" for name in TABLES) + ("comparison.xlsx", "comparison.html")
# a status's colour on the page: the same as the text a reader expects (green kept, red dropped)
COLORS = {"kept": "#e3f4e1", "reworded": "#fff3c4", "added": "#dbeafe", "dropped": "#fde0df",
          "same": "#e3f4e1", "raised": "#dbeafe", "lowered": "#fde0df", "changed": "#fff3c4", "new": "#e6e0f8",
          "both": "#e3f4e1", "only_a": "#fde0df", "only_b": "#dbeafe"}
E = html.escape


def rows(comparison: Comparison, table: str) -> list[dict]:
    """The rows of one table of the comparison: field name -> value."""
    return [r.as_dict() for r in getattr(comparison, table)]


def write_comparison(comparison: Comparison, out_dir: str | Path, lang: str = "zh") -> list[Path]:
    """Write ``measures.csv``, ``targets.csv``, ``bureaus.csv``, ``comparison.xlsx`` and
    ``comparison.html`` into ``out_dir`` (made if missing), each atomically; ``lang`` (``zh`` or
    ``en``) is the language of the workbook and the page.  The paths written, in that order."""
    out = Path(out_dir)
    written = []
    for table, columns in COLUMNS.items():
        written.append(write_csv_rows(rows(comparison, table), list(columns), out / f"{table}.csv"))
    written.append(write_workbook(comparison, out / "comparison.xlsx", lang))
    written.append(write_text(out / "comparison.html", render_comparison(comparison, lang)))
    return written


def write_workbook(comparison: Comparison, path: str | Path, lang: str = "zh") -> Path:
    """The workbook: the two plans, then a sheet per table, frozen headers and autofilter."""
    plans = [[safe(v) for v in (side, *getattr(comparison, side).as_dict().values())] for side in ("a", "b")]
    sheets = [("compare_plans", [header("compare_plans", c, lang) for c in PLAN_COLUMNS], plans)]
    for table, columns in COLUMNS.items():
        sheets.append((f"compare_{table}", [header(table, c, lang) for c in columns],
                       [[safe(value(table, c, row[c], lang)) for c in columns] for row in rows(comparison, table)]))
    return write_sheets(sheets, path, lang)


# --------------------------------------------------------------------------- the page

CSS = """
*{box-sizing:border-box}body{margin:0;font:14px/1.6 "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",
"PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK TC","Noto Sans CJK JP",sans-serif;
color:#1f2933;background:#f5f6f8}header{padding:14px 24px;background:#1f3a5f;color:#fff}
header h1{margin:0 0 8px;font-size:20px;font-weight:600}
.plans{display:grid;grid-template-columns:1fr 1fr;gap:16px}.plan{background:rgba(255,255,255,.1);border-radius:6px;padding:6px 12px}
.plan .side{font-size:12px;opacity:.8}.plan .title{font-size:15px;font-weight:600}.plan .sub{font-size:13px;opacity:.9}
main{padding:12px 24px}section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:12px 18px;margin-bottom:16px}
h2{font-size:16px;margin:4px 0 8px;color:#1f3a5f;border-bottom:2px solid #e3e8ef;padding-bottom:4px}
table{border-collapse:collapse;width:100%;font-size:13px;table-layout:fixed}th,td{border-bottom:1px solid #e6e9ee;padding:5px 8px;
vertical-align:top;text-align:left;overflow-wrap:anywhere}th{background:#f0f3f7}
#measure-table th:nth-child(2){width:7.5em}#measure-table td:nth-child(2){text-align:center;font-weight:600}
.measure{white-space:pre-wrap}.ref{display:block;color:#66788a;font-size:11px}.score{display:block;font-weight:400;color:#49627a;font-size:11px}
#bureau-table th:nth-child(1),#bureau-table th:nth-child(6){width:19%}#bureau-table th:nth-child(10){width:16%}
#target-table th:nth-child(1),#target-table th:nth-child(6){width:20%}
.legend span,.counts span{display:inline-block;padding:0 8px;margin:0 6px 4px 0;border-radius:3px}.none{color:#99a3ad}
"""


def _status_cell(group: str, status: str, lang: str, extra: str = "") -> str:
    return (f'<td class="status" data-status="{E(status)}" style="background:{COLORS.get(status, "#fff")}">'
            f'{E(label(group, status, lang))}{extra}</td>')


def _plan(ref: PlanRef, side: str, lang: str) -> str:
    title = ref.plan_title or ref.title or Path(ref.path).name
    sub = "　".join(E(x) for x in (ref.doc_number, ref.issuer, ref.date) if x)
    return (f'<div class="plan" id="plan-{side}"><div class="side">{E(label("page", f"cmp_plan_{side}", lang))}</div>'
            f'<div class="title">{E(title)}</div><div class="sub">{sub}</div>'
            f'<div class="sub">{E(ref.title or "") if ref.title != title else ""}</div></div>')


def _measure(m: MeasureMatch, side: str, lang: str) -> str:
    text, ident = getattr(m, f"{side}_text"), getattr(m, f"{side}_id")
    if text is None:
        return f'<td class="none">{E(label("page", "none", lang))}</td>'
    return f'<td><span class="ref">{E(ident or "")}</span><div class="measure">{E(text)}</div></td>'


def _figure(t: TargetMatch, side: str) -> str:
    v, top, unit = (getattr(t, f"{side}_{k}") for k in ("value", "value_max", "unit"))
    if v is None:
        return ""
    shown = f"{v}–{top}" if top is not None else f"{v}"
    return E(shown + (unit or ""))


def _target(t: TargetMatch, side: str, lang: str) -> str:
    indicator = getattr(t, f"{side}_indicator")
    if indicator is None:
        return f'<td class="none">{E(label("page", "none", lang))}</td><td></td><td></td>'
    comparator = getattr(t, f"{side}_comparator")
    year = getattr(t, f"{side}_target_year")
    return (f'<td title="{E(getattr(t, f"{side}_text") or "")}">{E(indicator)}</td>'
            f'<td>{E(label("comparator", comparator, lang))} {_figure(t, side)}</td><td>{year or ""}</td>')


def render_comparison(comparison: Comparison, lang: str = "zh") -> str:
    """The comparison page, as a string, in ``lang`` (``zh`` or ``en``)."""
    def t(key: str) -> str:
        return E(label("page", key, lang))

    c = comparison
    counts = {}
    for table in TABLES:
        for r in getattr(c, table):
            counts.setdefault(table, {}).setdefault(r.status, 0)
            counts[table][r.status] += 1
    summary = "".join(f'<span style="background:{COLORS[s]}">{E(label("measure_status", s, lang))} {n}</span>'
                      for s in STATUSES["measures"] if (n := counts.get("measures", {}).get(s)))
    measure_rows = "".join(
        f'<tr class="m-{E(m.status)}" id="measure-{i}">{_measure(m, "a", lang)}'
        + _status_cell("measure_status", m.status, lang,
                       f'<span class="score">{m.score}</span>' if m.score is not None else "")
        + f'{_measure(m, "b", lang)}</tr>' for i, m in enumerate(c.measures, 1))
    stricter = {True: label("yes_no", "True", lang), False: label("yes_no", "False", lang), None: ""}
    target_rows = "".join(
        f'<tr class="t-{E(x.status)}" id="target-{i}">{_target(x, "a", lang)}'
        + _status_cell("target_status", x.status, lang) + f'<td>{E(stricter[x.stricter])}</td>'
        + f'{_target(x, "b", lang)}</tr>' for i, x in enumerate(c.targets, 1))
    bureau_rows = "".join(
        f'<tr class="b-{E(b.status)}" id="bureau-{i}"><td>{E(b.a_bureau or "")}</td><td>{b.a_total}</td>'
        f'<td>{b.a_lead}</td><td>{b.a_support}</td>' + _status_cell("bureau_status", b.status, lang)
        + f'<td>{E(b.b_bureau or "")}</td><td>{b.b_total}</td><td>{b.b_lead}</td><td>{b.b_support}</td>'
        f'<td>{E(b.function)}</td></tr>' for i, b in enumerate(c.bureaus, 1))
    plan_a, plan_b = t("cmp_plan_a"), t("cmp_plan_b")
    title = E(label("page", "cmp_title", lang))
    target_head = "".join(f"<th>{x}</th>" for x in (
        f'{plan_a} · {t("indicator")}', t("value"), t("year"), t("cmp_status"), t("cmp_stricter"),
        f'{plan_b} · {t("indicator")}', t("value"), t("year")))
    bureau_head = "".join(f"<th>{x}</th>" for x in (
        f'{plan_a} · {t("cmp_bureau")}', t("cmp_total"), t("cmp_lead"), t("cmp_support"), t("cmp_status"),
        f'{plan_b} · {t("cmp_bureau")}', t("cmp_total"), t("cmp_lead"), t("cmp_support"), t("cmp_function")))
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8"><title>{title}</title><style>{CSS}</style></head>
<body><header><h1>{title}</h1><div class="plans">{_plan(c.a, "a", lang)}{_plan(c.b, "b", lang)}</div></header>
<main>
<section><h2 id="measures">{t("cmp_measures")} ({len(c.measures)})</h2><div class="counts">{summary}</div>
<table id="measure-table"><thead><tr><th>{plan_a}</th><th>{t("cmp_status")}</th><th>{plan_b}</th></tr></thead>
<tbody>{measure_rows}</tbody></table></section>
<section><h2 id="targets">{t("targets")} ({len(c.targets)})</h2>
<table id="target-table"><thead><tr>{target_head}</tr></thead><tbody>{target_rows}</tbody></table></section>
<section><h2 id="bureaus">{t("cmp_bureaus")} ({len(c.bureaus)})</h2>
<table id="bureau-table"><thead><tr>{bureau_head}</tr></thead><tbody>{bureau_rows}</tbody></table></section>
</main></body></html>
"""
