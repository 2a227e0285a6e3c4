"""The review page: one self-contained HTML file per notice (no server, no network).

It shows the metadata card (with the notice's validity), the outline as a tree,
the tasks, targets and policy instruments tables, a heatmap of the responsibility
matrix (inline SVG), warnings and residue, and the source text with every
element highlighted (spaCy's displaCy renders each line).  A highlight links to
its row; clicking a row scrolls the source to the element.
"""
from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from ..model import Notice
from .atomic import write_text
from .records import digest, frames, matrix

COLORS = {"HEADING": "#dbe7f3", "TARGET": "#ffe3a3", "INSTRUMENT": "#cdeee9", "CITATION": "#d9f0d3",
          "UNIT": "#f6d2e1", "TASK": "#e8e2f6"}
LABELS = {"HEADING": "标题", "TARGET": "目标", "INSTRUMENT": "工具", "CITATION": "引用", "UNIT": "单位", "TASK": "任务"}
ROLES = {"lead": "牵头", "support": "配合", "responsible": "负责"}
# the page is in Chinese: contract codes are shown by their Chinese names (the code in the cell's title)
KINDS = {"subsidy": "补贴", "award": "奖励", "cap": "上限", "threshold": "门槛", "rate": "费率", "period": "期限",
         "deadline": "时限", "quota": "名额", "other": "其他"}
STATUSES = {"in_force": "有效", "expired": "已失效", "repealed": "已废止", "amended": "已修改", "unknown": "未知"}
PRIORITY = {"TARGET": 0, "INSTRUMENT": 1, "CITATION": 2, "UNIT": 3, "HEADING": 4, "TASK": 5}
# displaCy's entity template with an id and a link back to the element's row
MARK = ('<mark class="entity k-{label}" id="{mark_id}" style="background:{bg}">{text}'
        '<a class="tag" href="#{row_id}" title="{label}">{tag}</a></mark>')
E = html.escape

CSS = """
*{box-sizing:border-box}body{margin:0;font:14px/1.6 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
color:#1f2933;background:#f5f6f8}header{padding:14px 24px;background:#1f3a5f;color:#fff}
header h1{margin:0;font-size:20px;font-weight:600}header .sub{opacity:.85;font-size:13px}
main{display:grid;grid-template-columns:minmax(0,1.15fr) minmax(0,1fr);gap:16px;padding:16px 24px;height:calc(100vh - 70px)}
.pane{overflow:auto;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:14px 18px}
h2{font-size:16px;margin:18px 0 8px;color:#1f3a5f;border-bottom:2px solid #e3e8ef;padding-bottom:4px}
dl.card{display:grid;grid-template-columns:7em 1fr;gap:3px 12px;margin:0}dl.card dt{color:#66788a}dl.card dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e6e9ee;padding:4px 6px;
vertical-align:top;text-align:left}th{background:#f0f3f7;position:sticky;top:-14px}tr.row{cursor:pointer}
tr.row:hover{background:#f3f7fd}.role-lead{font-weight:600;color:#9c2f2f}.role-support{color:#49627a}
.canon{color:#66788a;font-size:12px}ul.tree{list-style:none;padding-left:1em;margin:0}ul.tree a{color:#1f3a5f;text-decoration:none}
.src .line{padding:2px 0;white-space:pre-wrap}.src mark.entity{padding:0 2px;border-radius:3px}
.src mark .tag{font-size:10px;margin-left:2px;color:#555;text-decoration:none;vertical-align:super}
.flash{outline:3px solid #e8590c;transition:outline .2s}.warn{color:#9c5c00}.residue{color:#777;font-size:12px}
#task-table td:nth-child(3){min-width:12em;white-space:nowrap}#task-table td:nth-child(4){min-width:7em;color:#49627a}
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


def _source(notice: Notice, spans) -> tuple[str, dict[str, str]]:
    """The source text, line by line through displaCy; and each row id's first mark (or line)."""
    from spacy import displacy

    out, first_mark = [], {}
    pos, k = 0, 0
    for n, line in enumerate(notice.text.split("\n")):
        end = pos + len(line)
        ents = []
        while k < len(spans) and spans[k][0] < end + 1:
            start, stop, label, mark_id, row_id = spans[k]
            if start >= pos:
                ents.append({"start": start - pos, "end": min(stop, end) - pos, "label": label,
                             "params": {"mark_id": mark_id, "row_id": row_id, "tag": LABELS[label]}})
                first_mark.setdefault(row_id, mark_id)
            k += 1
        body = displacy.render({"text": line, "ents": ents, "title": None}, style="ent", manual=True,
                               options={"template": MARK, "colors": COLORS}) if ents else E(line)
        out.append(f'<div class="line" id="L{n}" data-start="{pos}">{body}</div>')
        pos = end + 1
    return "\n".join(out), first_mark


def _line_of(text: str, offset: int) -> str:
    return f"L{text.count(chr(10), 0, offset)}"


def _tree(notice: Notice, first_mark) -> str:
    children: dict = {}
    for h in notice.outline:
        children.setdefault(h.parent, []).append(h)

    def branch(parent) -> str:
        items = children.get(parent, [])
        if not items:
            return ""
        lis = "".join(f'<li id="h-{E(h.id)}"><a href="#" data-src="{first_mark.get("h-" + h.id, _line_of(notice.text, h.span.start))}">'
                      f'{E(h.number)}　{E(h.title)}</a>{branch(h.id)}</li>' for h in items)
        return f'<ul class="tree">{lis}</ul>'
    return branch(None) or "<p>(无)</p>"


def _heatmap(tasks_frame) -> str:
    """The responsibility matrix (bureaus × plan sections) as an inline SVG heatmap."""
    m = matrix(tasks_frame)
    if m.empty:
        return "<p>(无任务)</p>"
    sections = [c for c in m.columns if c not in ("单位", "合计", "牵头", "配合", "负责")]
    m = m.head(40)
    cell, left, top = 26, 220, 150
    peak = max(1, int(m[sections].to_numpy().max()))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + cell * len(sections) + 20}" '
             f'height="{top + cell * len(m) + 10}" font-size="11">']
    for j, s in enumerate(sections):
        x = left + j * cell + cell / 2
        parts.append(f'<text transform="translate({x},{top - 6}) rotate(-55)">{E(str(s)[:14])}</text>')
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


def render_review(notice: Notice, name: str) -> str:
    """The review page of one notice, as a string."""
    tables = frames([digest(notice, name)])
    spans = _spans(notice)
    source, first_mark = _source(notice, spans)
    m = notice.metadata
    card = "".join(f"<dt>{k}</dt><dd>{E(str(v))}</dd>" for k, v in (
        ("发文机关", m.issuer), ("发文字号", m.doc_number), ("标题", m.title), ("主送机关", "、".join(m.addressees)),
        ("署名", m.signature), ("成文日期", m.date), ("附件", "；".join(m.attachments)), ("附注", m.note),
        ("来源", f"{notice.source.path} ({notice.source.format}, {notice.source.encoding or '-'})")) if v)
    valid = notice.validity
    card += "".join(f"<dt>{k}</dt><dd>{E(str(x))}</dd>" for k, x in (
        ("施行日期", valid.effective), ("失效日期", valid.expires),
        ("时效状态", STATUSES.get(valid.status, valid.status)), ("废止文件", "；".join(valid.repeals))) if x)
    # each piece of evidence jumps to its line of the source, as a row does
    card += "".join(f'<dt>时效依据</dt><dd data-src="{_line_of(notice.text, e.span.start)}">{E(e.text)}</dd>'
                    for e in valid.evidence)

    def src(row_id: str, offset: int) -> str:
        return first_mark.get(row_id, _line_of(notice.text, offset))

    titles = {h.id: h.title for h in notice.outline}
    task_rows = []
    for i, t in enumerate(notice.tasks, 1):
        units = "<br>".join(f'<span class="role-{u.role}">{E(u.raw)}</span> <span class="canon">'
                            f'{ROLES.get(u.role, u.role)}{" · " + E(u.canonical) if u.canonical else ""}</span>'
                            for u in t.units)
        task_rows.append(f'<tr class="row" id="task-{i}" data-src="{src(f"task-{i}", t.span.start)}">'
                         f'<td>{t.no if t.no is not None else "—"}</td><td>{E(t.text)}</td><td>{units}</td>'
                         f'<td>{E(titles.get(t.outline_id, ""))}</td><td>{E(t.deadline or "")}</td></tr>')
    target_rows = [f'<tr class="row" id="target-{i}" data-src="{src(f"target-{i}", t.span.start)}">'
                   f'<td>{E(t.text)}</td><td>{E(t.indicator)}</td><td>{E(t.comparator)}</td>'
                   f'<td>{"" if t.value is None else t.value}{"" if t.value_max is None else "–" + str(t.value_max)}'
                   f'{E(t.unit or "")}</td><td>{t.target_year or ""}</td></tr>' for i, t in enumerate(notice.targets, 1)]
    instrument_rows = [f'<tr class="row" id="instrument-{i}" data-src="{src(f"instrument-{i}", x.span.start)}">'
                       f'<td>{E(x.text)}</td><td title="{E(x.kind)}">{E(KINDS.get(x.kind, x.kind))}</td><td>'
                       f'{"" if x.value is None else x.value}{"" if x.value_max is None else "–" + str(x.value_max)}'
                       f'</td><td>{E(x.unit or "")}</td><td>{E(x.beneficiary or "")}</td>'
                       f'<td>{E(x.condition or "")}</td></tr>' for i, x in enumerate(notice.instruments, 1)]
    cite_rows = [f'<tr class="row" id="cite-{i}" data-src="{src(f"cite-{i}", c.span.start)}"><td>{E(c.title or "")}</td>'
                 f'<td>{E(c.doc_number or "")}</td></tr>' for i, c in enumerate(notice.citations, 1)]
    warn = "".join(f'<li class="warn" data-src="{_line_of(notice.text, w.span.start) if w.span else ""}">'
                   f'{E(w.code)}: {E(w.message)}</li>' for w in notice.warnings) or "<li>(无)</li>"
    residue = "".join(f'<li class="residue">{E(r.reason or "")}: {E(r.text[:120])}</li>' for r in notice.residue) \
        or "<li>(无)</li>"
    legend = "".join(f'<span style="background:{COLORS[k]}">{LABELS[k]}</span>' for k in COLORS)
    title = E(m.title or Path(notice.source.path).name)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title><style>{CSS}</style></head>
<body><header><h1>{title}</h1><div class="sub">{E(m.doc_number or "")}　{E(m.issuer or "")}　{E(m.date or "")}　·
{len(notice.outline)} 个标题　{len(notice.tasks)} 项任务　{len(notice.targets)} 个目标
　{len(notice.instruments)} 项政策工具　{len(notice.citations)} 处引用
　{len(notice.warnings)} 条提示</div></header>
<main><section class="pane" id="panel">
<nav><a href="#meta">概要</a><a href="#outline">结构</a><a href="#tasks">任务</a><a href="#targets">目标</a>
<a href="#instruments">政策工具</a><a href="#heatmap">责任矩阵</a><a href="#cites">引用</a><a href="#warnings">提示</a></nav>
<h2 id="meta">概要</h2><dl class="card">{card}</dl>
<h2 id="outline">结构</h2>{_tree(notice, first_mark)}
<h2 id="tasks">任务（{len(notice.tasks)}）</h2><table id="task-table"><thead><tr><th>序号</th><th>任务</th>
<th>责任单位</th><th>对应措施</th><th>时限</th></tr></thead><tbody>{"".join(task_rows)}</tbody></table>
<h2 id="targets">目标（{len(notice.targets)}）</h2><table id="target-table"><thead><tr><th>原文</th><th>指标</th>
<th>比较</th><th>数值</th><th>年份</th></tr></thead><tbody>{"".join(target_rows)}</tbody></table>
<h2 id="instruments">政策工具（{len(notice.instruments)}）</h2><table id="instrument-table"><thead><tr><th>原文</th>
<th>类型</th><th>数值</th><th>单位</th><th>对象</th><th>条件</th></tr></thead><tbody>{"".join(instrument_rows)}</tbody>
</table>
<h2 id="heatmap">责任矩阵</h2>{_heatmap(tables["tasks"])}
<h2 id="cites">引用（{len(notice.citations)}）</h2><table><tbody>{"".join(cite_rows)}</tbody></table>
<h2 id="warnings">提示与未归属文本</h2><ul>{warn}</ul><ul>{residue}</ul>
</section><section class="pane src" id="source"><div class="legend">{legend}</div>{source}</section></main>
<script>{JS}</script></body></html>
"""


def write_review(notice: Notice, path: str | Path, name: str) -> Path:
    """Write the review page atomically."""
    return write_text(path, render_review(notice, name))


def write_index(entries, path: str | Path) -> Path:
    """The batch index: every notice with its counts and warnings, linked to its page.

    ``entries`` are ``(name, Digest or None, error message or None)``; a name is its folder's, so the
    link is the name URL-encoded (a ``#`` or ``%`` in it would break the link otherwise).
    """
    rows = []
    for name, d, error in entries:
        if d is None:
            rows.append(f'<tr><td>{E(name)}</td><td colspan="7" class="warn">{E(error or "")}</td></tr>')
            continue
        n = d.counts
        rows.append(f'<tr><td><a href="{E(quote(name))}/review.html">{E(name)}</a></td><td>{E(d.title or "")}</td>'
                    f'<td>{E(d.doc_number or "")}</td><td>{n["outline"]}</td><td>{n["tasks"]}</td>'
                    f'<td>{n["targets"]}</td><td>{n["instruments"]}</td><td class="warn">{n["warnings"] or ""}</td>'
                    f'</tr>')
    page = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>policy-pipeline</title>
<style>{CSS} main{{display:block;height:auto}}</style></head><body><header><h1>批量结果</h1>
<div class="sub">{len(entries)} 个文件</div></header><main><div class="pane"><table><thead><tr><th>文件</th><th>标题</th>
<th>发文字号</th><th>标题数</th><th>任务</th><th>目标</th><th>政策工具</th><th>提示</th></tr></thead><tbody>{"".join(rows)}</tbody>
</table></div></main></body></html>"""
    return write_text(path, page)
