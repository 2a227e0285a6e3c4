"""The review page: one self-contained HTML file per notice (no server, no network).

It shows the metadata card (with the notice's validity), the outline as a tree,
the tasks, targets and policy instruments tables, a heatmap of the responsibility
matrix (inline SVG), warnings and residue, and the source text with every
element highlighted.  A highlight links to its row; clicking a row scrolls the
source to the element.

Every word of the page is in one language, Chinese by default or English (``lang``), from
``pipeline/data/labels.csv``: contract codes by their names, warnings by their code's description.
"""
from __future__ import annotations

import html
import math
from pathlib import Path
from urllib.parse import quote

from ..model import Notice
from .atomic import write_text
from .labels import count, label
from .records import MATRIX_COLUMNS, digest, frames, matrix

COLORS = {"HEADING": "#dbe7f3", "TARGET": "#ffe3a3", "INSTRUMENT": "#cdeee9", "CITATION": "#d9f0d3",
          "UNIT": "#f6d2e1", "TASK": "#e8e2f6"}
PRIORITY = {"TARGET": 0, "INSTRUMENT": 1, "CITATION": 2, "UNIT": 3, "HEADING": 4, "TASK": 5}
# an element in the source: its label's colour, an id, and a link back to the element's row
MARK = ('<mark class="entity k-{label}" id="{mark_id}" style="background:{bg}">{text}'
        '<a class="tag" href="#{row_id}" title="{tag}">{tag}</a></mark>')
E = html.escape

CSS = """
*{box-sizing:border-box}body{margin:0;font:14px/1.6 "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",
"PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK TC","Noto Sans CJK JP",sans-serif;
color:#1f2933;background:#f5f6f8}header{padding:14px 24px;background:#1f3a5f;color:#fff}
header h1{margin:0;font-size:20px;font-weight:600}header .sub{opacity:.85;font-size:13px}
main{display:grid;grid-template-columns:minmax(0,1.15fr) minmax(0,1fr);gap:16px;padding:16px 24px;height:calc(100vh - 70px)}
.pane{overflow:auto;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:14px 18px}
h2{font-size:16px;margin:18px 0 8px;color:#1f3a5f;border-bottom:2px solid #e3e8ef;padding-bottom:4px}
dl.card{display:grid;grid-template-columns:max-content 1fr;gap:3px 12px;margin:0}dl.card dt{color:#66788a}dl.card dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e6e9ee;padding:4px 6px;
vertical-align:top;text-align:left}th{background:#f0f3f7;position:sticky;top:-14px}tr.row{cursor:pointer}
tr.row:hover{background:#f3f7fd}.role-lead{font-weight:600;color:#9c2f2f}.role-support{color:#49627a}
.canon{color:#66788a;font-size:12px}ul.tree{list-style:none;padding-left:1em;margin:0}ul.tree a{color:#1f3a5f;text-decoration:none}
.src .line{padding:2px 0;white-space:pre-wrap}.src mark.entity{padding:0 2px;border-radius:3px}
.src mark .tag{font-size:10px;margin-left:2px;color:#555;text-decoration:none;vertical-align:super}
.flash{outline:3px solid #e8590c;transition:outline .2s}.warn{color:#9c5c00}.residue{color:#777;font-size:12px}
#task-table{table-layout:fixed}#task-table th:nth-child(1){width:3.5em}#task-table th:nth-child(2){width:46%}
#task-table th:nth-child(3){width:26%}#task-table th:nth-child(5){width:5.5em}#task-table td{overflow-wrap:anywhere}
#task-table td:nth-child(4){color:#49627a}h3.part{font-size:13px;color:#66788a;margin:10px 0 2px;
border-top:1px dashed #c9d2dc;padding-top:6px}h3.part:first-of-type{border-top:0}.times{color:#9c5c00;margin:0 4px}
.legend span{display:inline-block;padding:0 6px;margin-right:6px;border-radius:3px}nav a{margin-right:12px;color:#1f3a5f}
dd[data-src]{cursor:pointer}dd[data-src]:hover{background:#f3f7fd}
"""
JS = """
function show(id){const el=document.getElementById(id);if(!el)return;el.scrollIntoView({block:'center'});
el.classList.add('flash');setTimeout(()=>el.classList.remove('flash'),1600);}
document.querySelectorAll('[data-src]').forEach(r=>r.addEventListener('click',()=>show(r.dataset.src)));
"""


def _spans(notice: Notice) -> list[tuple[int, int, str, str, str]]:
    """(start, end, label, mark id, row id) of every element, overlaps resolved by priority."""
    from ..annotate import element_spans

    items = [(a, b, label, f"src-{ref}", ref.split("-u")[0]) for a, b, label, ref in element_spans(notice)]
    items.sort(key=lambda s: (PRIORITY[s[2]], s[0]))
    taken = bytearray(len(notice.text) + 1)
    kept = []
    for s in items:
        if not any(taken[s[0]:s[1]]):
            taken[s[0]:s[1]] = b"\1" * (s[1] - s[0])
            kept.append(s)
    return sorted(kept)


def _source(notice: Notice, spans, lang: str) -> tuple[str, dict[str, str]]:
    """The source text line by line, each element marked; and each row id's first mark (or line)."""
    out, first_mark = [], {}
    pos, k = 0, 0
    for n, line in enumerate(notice.text.split("\n")):
        end = pos + len(line)
        marks = []
        while k < len(spans) and spans[k][0] < end + 1:
            start, stop, kind, mark_id, row_id = spans[k]
            if start >= pos:
                marks.append((start - pos, min(stop, end) - pos, kind, mark_id, row_id))
                first_mark.setdefault(row_id, mark_id)
            k += 1
        body = _marked(line, marks, lang) if marks else E(line)
        out.append(f'<div class="line" id="L{n}" data-start="{pos}">{body}</div>')
        pos = end + 1
    return "\n".join(out), first_mark


def _marked(line: str, marks, lang: str) -> str:
    """One line with its elements (start, end, label, mark id, row id; in order, none overlapping) in MARKs."""
    parts, at = [], 0
    for start, end, kind, mark_id, row_id in marks:
        parts.append(E(line[at:start]))
        parts.append(MARK.format(label=kind, mark_id=mark_id, bg=COLORS[kind], text=E(line[start:end]),
                                 row_id=row_id, tag=E(label("label", kind, lang))))
        at = end
    parts.append(E(line[at:]))
    return f'<div class="entities" style="line-height: 2.5; direction: ltr">{"".join(parts)}</div>'


def _line_of(text: str, offset: int) -> str:
    return f"L{text.count(chr(10), 0, offset)}"


def _marker(text: str, h) -> str:
    """A heading's number as the notice prints it — 一、 (一) 1. (1) — where its line shows it."""
    at = text.find(h.title, h.span.start, h.span.start + len(h.number) + 8 + len(h.title)) if h.title else -1
    shown = text[h.span.start:at].strip() if at > h.span.start else ""
    return shown if h.number and h.number in shown else h.number


def _tree(notice: Notice, first_mark, lang: str) -> str:
    """The outline as a tree, the body's and each annex's under a divider of their own."""
    children: dict = {}
    for h in notice.outline:
        children.setdefault(h.parent, []).append(h)

    def branch(items) -> str:
        lis = "".join(f'<li id="h-{E(h.id)}"><a href="#" data-src="{first_mark.get("h-" + h.id, _line_of(notice.text, h.span.start))}">'
                      f'{E(_marker(notice.text, h))}　{E(h.title)}</a>'
                      f'{branch(children[h.id]) if h.id in children else ""}</li>' for h in items)
        return f'<ul class="tree">{lis}</ul>'

    roots = children.get(None, [])
    parts = list(dict.fromkeys(h.part for h in roots))
    if not roots:
        return f"<p>{label('page', 'none', lang)}</p>"
    if parts == ["body"]:
        return branch(roots)
    return "".join(f'<h3 class="part">{label("page", part, lang)}</h3>{branch([h for h in roots if h.part == part])}'
                   for part in parts)


LABEL_CHARS = 14  # a section's label on the heatmap is cut to this many characters
FONT_PX = 11


def _heatmap(tasks_frame, lang: str) -> str:
    """The responsibility matrix (bureaus × plan sections) as an inline SVG heatmap."""
    m = matrix(tasks_frame, lang)
    if m.empty:
        return f"<p>{label('page', 'no_tasks', lang)}</p>"
    sections = [c for c in m.columns if c not in MATRIX_COLUMNS]
    m = m.head(40)
    cell, left, top = 26, 220, 150
    # the labels rise to the right at 55°: the last one needs this much room past its column
    reach = int(LABEL_CHARS * FONT_PX * 0.58) + 10
    peak = max(1, int(m[sections].to_numpy().max()))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + cell * len(sections) + reach}" '
             f'height="{top + cell * len(m) + 10}" font-size="{FONT_PX}">']
    for j, s in enumerate(sections):
        x = left + j * cell + cell / 2
        parts.append(f'<text transform="translate({x},{top - 6}) rotate(-55)"><title>{E(str(s))}</title>'
                     f'{E(str(s)[:LABEL_CHARS])}</text>')
    for i, row in enumerate(m.itertuples(index=False)):
        y = top + i * cell
        parts.append(f'<text x="{left - 6}" y="{y + cell * 0.65}" text-anchor="end">{E(str(row[0])[:18])}</text>')
        for j, s in enumerate(sections):
            v = int(m.iloc[i][s])
            shade = 255 - int(200 * v / peak)
            parts.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                         f'fill="rgb({shade},{shade + (255 - shade) // 3},255)"><title>{E(str(row[0]))} · '
                         f'{E(str(s))}: {v}</title></rect>')
            if v:
                parts.append(f'<text x="{left + j * cell + cell / 2 - 1}" y="{y + cell * 0.65}" '
                             f'text-anchor="middle">{v}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _grouped(items, key) -> list[tuple[object, int]]:
    """Each distinct item once, in order of first appearance, with how often it came."""
    seen: dict = {}
    for item in items:
        k = key(item)
        first, n = seen.get(k, (item, 0))
        seen[k] = (first, n + 1)
    return list(seen.values())


def _times(n: int, lang: str) -> str:
    return f'<span class="times">({count("times", n, lang)})</span>' if n > 1 else ""


def _warnings(notice: Notice, lang: str) -> str:
    """Warnings, each kind and place once: in Chinese the code's description and the text it is
    about (the message is English, the contract's), in English the message."""
    rows = []
    for w, n in _grouped(notice.warnings, lambda w: (w.code, w.message)):
        if lang == "en":
            say = w.message
        else:
            about = notice.text[w.span.start:w.span.end] if w.span else ""
            say = "：".join(x for x in (label("warning", w.code, lang), about[:40] + "…" * (len(about) > 40)) if x)
        rows.append(f'<li class="warn" data-src="{_line_of(notice.text, w.span.start) if w.span else ""}">'
                    f'{E(w.code)} {E(say)}{_times(n, lang)}</li>')
    return "".join(rows) or f"<li>{label('page', 'none', lang)}</li>"


def _residue(notice: Notice, lang: str) -> str:
    """Text no element took, each passage once (a table header repeated on every page is one line)."""
    rows = [f'<li class="residue" data-src="{_line_of(notice.text, r.span.start)}">'
            f'{E(label("residue", r.reason or "", lang))}{_times(n, lang)}: {E(r.text[:120])}</li>'
            for r, n in _grouped(notice.residue, lambda r: (r.reason, r.text))]
    return "".join(rows) or f"<li>{label('page', 'none', lang)}</li>"


def _figure(value, value_max) -> str:
    return f'{"" if value is None else value}{"" if value_max is None else "–" + str(value_max)}'


def render_review(notice: Notice, name: str, lang: str = "zh") -> str:
    """The review page of one notice, as a string, in ``lang`` (``zh`` or ``en``)."""
    def t(key: str) -> str:
        return label("page", key, lang)

    tables = frames([digest(notice, name)])
    spans = _spans(notice)
    source, first_mark = _source(notice, spans, lang)
    m = notice.metadata
    card = "".join(f"<dt>{t(k)}</dt><dd>{E(str(v))}</dd>" for k, v in (
        ("issuer", m.issuer), ("doc_number", m.doc_number), ("title", m.title), ("addressees", "、".join(m.addressees)),
        ("signature", m.signature), ("date", m.date), ("attachments", "；".join(m.attachments)), ("note", m.note),
        ("source_file", f"{notice.source.path} ({notice.source.format}, {notice.source.encoding or '-'})")) if v)
    valid = notice.validity
    card += "".join(f"<dt>{t(k)}</dt><dd>{E(str(x))}</dd>" for k, x in (
        ("effective", valid.effective), ("expires", valid.expires),
        ("status", label("status", valid.status, lang)), ("repeals", "；".join(valid.repeals))) if x)
    # each piece of evidence jumps to its line of the source, as a row does
    card += "".join(f'<dt>{t("evidence")}</dt><dd data-src="{_line_of(notice.text, e.span.start)}">{E(e.text)}</dd>'
                    for e in valid.evidence)

    def src(row_id: str, offset: int) -> str:
        return first_mark.get(row_id, _line_of(notice.text, offset))

    titles = {h.id: h.title for h in notice.outline}
    task_rows = []
    for i, task in enumerate(notice.tasks, 1):
        units = "<br>".join(f'<span class="role-{u.role}">{E(u.raw)}</span> <span class="canon">'
                            f'{E(label("role", u.role, lang))}{" · " + E(u.canonical) if u.canonical else ""}</span>'
                            for u in task.units)
        task_rows.append(f'<tr class="row" id="task-{i}" data-src="{src(f"task-{i}", task.span.start)}">'
                         f'<td>{task.no if task.no is not None else "—"}</td><td>{E(task.text)}</td><td>{units}</td>'
                         f'<td>{E(titles.get(task.outline_id, ""))}</td><td>{E(task.deadline or "")}</td></tr>')
    target_rows = [f'<tr class="row" id="target-{i}" data-src="{src(f"target-{i}", x.span.start)}">'
                   f'<td>{E(x.text)}</td><td>{E(x.indicator)}</td>'
                   f'<td title="{E(x.comparator)}">{E(label("comparator", x.comparator, lang))}</td>'
                   f'<td>{_figure(x.value, x.value_max)}{E(x.unit or "")}</td><td>{x.target_year or ""}</td></tr>'
                   for i, x in enumerate(notice.targets, 1)]
    instrument_rows = [f'<tr class="row" id="instrument-{i}" data-src="{src(f"instrument-{i}", x.span.start)}">'
                       f'<td>{E(x.text)}</td><td title="{E(x.kind)}">{E(label("instrument_kind", x.kind, lang))}</td>'
                       f'<td>{_figure(x.value, x.value_max)}</td><td>{E(x.unit or "")}</td>'
                       f'<td>{E(x.beneficiary or "")}</td><td>{E(x.condition or "")}</td></tr>'
                       for i, x in enumerate(notice.instruments, 1)]
    cite_rows = [f'<tr class="row" id="cite-{i}" data-src="{src(f"cite-{i}", c.span.start)}"><td>{E(c.title or "")}</td>'
                 f'<td>{E(c.doc_number or "")}</td></tr>' for i, c in enumerate(notice.citations, 1)]
    legend = "".join(f'<span style="background:{COLORS[k]}">{label("label", k, lang)}</span>' for k in COLORS)
    title = E(m.title or Path(notice.source.path).name)
    counts = "　".join(count(f"count_{k}", len(getattr(notice, k)), lang)
                      for k in ("outline", "tasks", "targets", "instruments", "citations", "warnings"))
    heads = {"task": ("no", "task", "units", "measure", "deadline"),
             "target": ("text", "indicator", "comparator", "value", "year"),
             "instrument": ("text", "kind", "value", "unit", "beneficiary", "condition"),
             "cite": ("cited_title", "cited_number")}
    th = {k: "".join(f"<th>{t(c)}</th>" for c in cols) for k, cols in heads.items()}
    nav = "".join(f'<a href="#{a}">{t(k)}</a>' for a, k in (
        ("meta", "summary"), ("outline", "outline"), ("tasks", "tasks"), ("targets", "targets"),
        ("instruments", "instruments"), ("heatmap", "matrix"), ("cites", "citations"), ("warnings", "warnings")))
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8"><title>{title}</title><style>{CSS}</style></head>
<body><header><h1>{title}</h1><div class="sub">{E(m.doc_number or "")}　{E(m.issuer or "")}　{E(m.date or "")}　·
{counts}</div></header>
<main><section class="pane" id="panel">
<nav>{nav}</nav>
<h2 id="meta">{t("summary")}</h2><dl class="card">{card}</dl>
<h2 id="outline">{t("outline")}</h2>{_tree(notice, first_mark, lang)}
<h2 id="tasks">{t("tasks")} ({len(notice.tasks)})</h2><table id="task-table"><thead><tr>{th["task"]}</tr></thead>
<tbody>{"".join(task_rows)}</tbody></table>
<h2 id="targets">{t("targets")} ({len(notice.targets)})</h2><table id="target-table"><thead><tr>{th["target"]}</tr>
</thead><tbody>{"".join(target_rows)}</tbody></table>
<h2 id="instruments">{t("instruments")} ({len(notice.instruments)})</h2><table id="instrument-table"><thead><tr>
{th["instrument"]}</tr></thead><tbody>{"".join(instrument_rows)}</tbody></table>
<h2 id="heatmap">{t("matrix")}</h2>{_heatmap(tables["tasks"], lang)}
<h2 id="cites">{t("citations")} ({len(notice.citations)})</h2><table id="cite-table"><thead><tr>{th["cite"]}</tr>
</thead><tbody>{"".join(cite_rows)}</tbody></table>
<h2 id="warnings">{t("warnings_residue")}</h2><ul id="warning-list">{_warnings(notice, lang)}</ul>
<h3 class="part">{t("residue")}</h3><ul id="residue-list">{_residue(notice, lang)}</ul>
</section><section class="pane src" id="source"><div class="legend">{legend}</div>{source}</section></main>
<script>{JS}</script></body></html>
"""


def write_review(notice: Notice, path: str | Path, name: str, lang: str = "zh") -> Path:
    """Write the review page atomically."""
    return write_text(path, render_review(notice, name, lang))


def page_lang(path: str | Path) -> str | None:
    """The language a review page was written in (``zh``/``en``), read from its first bytes."""
    try:
        with open(path, "rb") as f:
            start = f.read(200)
    except OSError:
        return None
    return "zh" if b'lang="zh-CN"' in start else "en" if b'lang="en"' in start else None


def _failure(error: str, lang: str) -> str:
    """A failed file's cell (the rest of its ``<td`` tag): in English its code and message; in Chinese
    its code and the code's description, the English message as the cell's tooltip."""
    if lang == "en":
        return f'>{label("page", "failed", lang)}: {E(error)}'
    code = error.split(" ", 1)[0]
    return f' title="{E(error)}">{label("page", "failed", lang)}：{E(code)} {E(label("error", code, lang))}'


GRAPH_NODES = 120  # notices drawn in the index's graph at most: beyond that a circle of labels is unreadable
RELATION_COLOURS = {"implements": "#2a7d4f", "forwards": "#2763a8", "repeals": "#b3261e", "cites": "#8a8a8a"}


def graph_view(edges, lang: str = "zh") -> str:
    """The batch's citation graph as HTML: the notices that cite or are cited by another of the batch
    on a circle, an arrow from each citing notice to the notice it cites (coloured by relation,
    with a legend), and the same links as a table beneath (every one, even past ``GRAPH_NODES``)."""
    def t(key: str) -> str:
        return label("page", key, lang)

    links = [e for e in edges or () if e.get("cited_notice")]
    if not links:
        return f'<h2>{t("graph")}</h2><p class="sub">{t("graph_none")}</p>'
    nodes = sorted({e["notice"] for e in links} | {e["cited_notice"] for e in links})
    drawn = nodes[:GRAPH_NODES]
    radius = max(140, 9 * len(drawn))
    size = 2 * radius + 260  # room for the labels outside the circle
    centre = size / 2
    at = {}
    for k, name in enumerate(drawn):
        angle = 2 * math.pi * k / len(drawn) - math.pi / 2
        at[name] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle), angle)
    marks = "".join(f'<marker id="arrow-{r}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
                    f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
                    for r, c in RELATION_COLOURS.items())
    lines = []
    for e in links:
        if e["notice"] in at and e["cited_notice"] in at:
            (x1, y1, _), (x2, y2, _) = at[e["notice"]], at[e["cited_notice"]]
            colour = RELATION_COLOURS.get(e["relation"], "#8a8a8a")
            lines.append(f'<line class="edge {E(e["relation"])}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" '
                         f'y2="{y2:.1f}" stroke="{colour}" stroke-width="1.5" marker-end="url(#arrow-{E(e["relation"])})">'
                         f'<title>{E(e["notice"])} → {E(e["cited_notice"])}: {E(label("relation", e["relation"], lang))}'
                         f'</title></line>')
    labels = []
    for name, (x, y, angle) in at.items():
        right = math.cos(angle) >= 0
        lx, ly = x + (8 if right else -8), y + 4
        short = name if len(name) <= 16 else name[:15] + "…"
        labels.append(f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#333"><title>{E(name)}</title></circle>'
                      f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{"start" if right else "end"}" '
                      f'font-size="12">{E(short)}</text>')
    legend = " ".join(f'<span style="color:{c}">━ {E(label("relation", r, lang))}</span>'
                      for r, c in RELATION_COLOURS.items())
    more = f'<p class="sub">{E(t("graph_more").format(n=GRAPH_NODES))}</p>' if len(nodes) > GRAPH_NODES else ""
    table = "".join(f'<tr><td>{E(e["notice"])}</td><td>{E(label("relation", e["relation"], lang))}</td>'
                    f'<td>{E(e["cited_notice"])}</td><td>{E(e.get("doc_number") or "")}</td>'
                    f'<td>{E(e.get("title") or "")}</td></tr>' for e in links)
    head = "".join(f"<th>{x}</th>" for x in (t("citing"), E(label("column", "relation", lang)), t("cited"),
                                               t("cited_number"), t("cited_title")))
    return (f'<h2>{t("graph")}</h2><p class="legend">{legend}</p>{more}'
            f'<svg id="graph" xmlns="http://www.w3.org/2000/svg" width="{size:.0f}" height="{size:.0f}" '
            f'viewBox="0 0 {size:.0f} {size:.0f}"><defs>{marks}</defs>{"".join(lines)}{"".join(labels)}</svg>'
            f'<table id="edges-table"><thead><tr>{head}</tr></thead><tbody>{table}</tbody></table>')


def write_index(entries, path: str | Path, lang: str = "zh", edges=None) -> Path:
    """The batch index: every notice with its counts, validity and warnings, linked to its page, and
    the batch's citation graph (``edges``, when given: see ``graph_view``).

    ``entries`` are ``(name, Digest or None, error message or None)``; a name is its folder's, so the
    link is the name URL-encoded (a ``#`` or ``%`` in it would break the link otherwise).
    """
    def t(key: str) -> str:
        return label("page", key, lang)

    rows = []
    for name, d, error in entries:
        if d is None:
            rows.append(f'<tr><td>{E(name)}</td><td colspan="8" class="warn"{_failure(error or "", lang)}</td></tr>')
            continue
        n = d.counts
        notice = (d.rows.get("notices") or [{}])[0]
        status = notice.get("validity_status")
        rows.append(f'<tr><td><a href="{E(quote(name))}/review.html">{E(name)}</a></td><td>{E(d.title or "")}</td>'
                    f'<td>{E(d.doc_number or "")}</td><td>{E(label("status", status, lang) if status else "")}</td>'
                    f'<td>{n["outline"]}</td><td>{n["tasks"]}</td><td>{n["targets"]}</td><td>{n["instruments"]}</td>'
                    f'<td class="warn">{n["warnings"] or ""}</td></tr>')
    columns = "".join(f"<th>{x}</th>" for x in (
        t("file"), t("title"), t("doc_number"), t("status"), t("headings"), t("tasks"), t("targets"),
        t("instruments"), t("warnings")))
    page = f"""<!DOCTYPE html><html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8">
<title>policy-pipeline</title><style>{CSS} main{{display:block;height:auto}}</style></head><body><header>
<h1>{t("batch")}</h1><div class="sub">{count("count_files", len(entries), lang)}</div></header><main><div class="pane">
<table id="index-table"><thead><tr>{columns}</tr></thead><tbody>{"".join(rows)}</tbody></table>
{graph_view(edges, lang) if edges is not None else ""}</div></main></body></html>"""
    return write_text(path, page)
