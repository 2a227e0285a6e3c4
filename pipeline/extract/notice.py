"""The extract stage for one Document: every element of the notice, names as written.

``extract_notice`` runs the element extractors in the order their inputs need (the layout
before the outline, the outline before the prose it numbers, tables before the targets their
rows restate) and returns an :class:`~pipeline.model.Extracted`.
"""
from __future__ import annotations

from datetime import date

from .. import patterns as P
from ..errors import StructureError
from ..model import Document, Extracted, Passage, Span, Target, Task, Warning
from ..options import DEFAULT as DEFAULT_OPTIONS
from ..options import Options
from ..zh.script import simplified, split_outside_brackets
from .citations import extract_citations
from .inline import extract_inline
from .instruments import extract_instruments
from .outline import build_outline, match_heading, parse_outline
from .structure import parse_layout
from .tables import parse_table
from .targets import Prose, extract_targets
from .validity import extract_validity


def extract_notice(doc: Document, today: str | None = None, options: Options = DEFAULT_OPTIONS) -> Extracted:
    """Every element of a read Document within ``options`` (its table rows limit; the user's unit
    names, which segmentation keeps whole); ``validity.status`` is as of ``today`` (an ISO date,
    the run's date by default)."""
    layout = parse_layout(doc)
    m = layout.metadata
    raw_headings, preamble, owner = parse_outline(doc, layout)
    _holds_a_notice(doc, m, raw_headings)
    tables = [parse_table(block, layout.parts[k], layout.annex_nos[k], k, options.limits)
              for k, block in enumerate(doc.blocks) if block.kind == "table"]
    outline, articles, ids = build_outline(raw_headings + [h for t in tables for h in t.headings])
    tasks = [task.evolve(annex_outline_id=ids.get(group)) if group is not None else task
             for t in tables for task, group in zip(t.tasks, t.task_heading)]
    tasks, cut = _cut_last_row(doc, tasks)
    prose = _prose(doc, owner, ids)
    targets = extract_targets(prose, options.units)
    targets += _restated_elsewhere(targets, extract_targets(
        [Prose(t.text, t.span.start, t.annex_outline_id or t.outline_id, t.span.page) for t in tasks]
        + _cells_of_tables_without_tasks(doc, tables), options.units))
    instruments = extract_instruments(prose)
    targets = _not_instruments(sorted(targets, key=lambda t: t.span.start), instruments)
    inline, inline_warnings = extract_inline(prose)
    tasks = sorted(tasks + inline, key=lambda t: t.span.start)
    clutter = [doc.blocks[k].span for k, role in enumerate(layout.roles) if role == "clutter"]
    citations = extract_citations(doc.text, m, clutter)
    validity = extract_validity(doc.text, m, today or date.today().isoformat())
    warnings = list(doc.warnings) + list(layout.warnings) + [w for t in tables for w in t.warnings] + inline_warnings
    warnings += _truncation(doc, owner) + [Warning("W-TRUNCATED", "the text ends inside a table row: the row is "
                                                   "left out of the tasks (it is in the residue)", p.span) for p in cut]
    residue = [r for t in tables for r in t.residue] + cut + _uncovered(doc, layout, owner)
    if doc.page_map:  # a paragraph may run over a page break: each element takes the page it starts on
        targets = [t.evolve(span=_on_page(doc, t.span)) for t in targets]
        instruments = [i.evolve(span=_on_page(doc, i.span)) for i in instruments]
        citations = [c.evolve(span=_on_page(doc, c.span)) for c in citations]
    return Extracted(metadata=m, outline=tuple(outline), articles=tuple(articles), preamble=tuple(preamble),
                     targets=tuple(targets), instruments=tuple(instruments), tasks=tuple(tasks),
                     citations=tuple(citations), validity=validity,
                     residue=tuple(sorted(residue, key=lambda p: p.span.start)), warnings=tuple(warnings),
                     first_leads=bool(P.FIRST_LEADS.search(simplified(doc.text))))


# a paragraph of this many Han ideographs is Chinese prose (every file of the corpus has one of 25 or more)
PROSE_IDEOGRAPHS = 10


def _holds_a_notice(doc: Document, m, headings) -> None:
    """E-STRUCTURE for a text that holds no notice: no Chinese at all, or none of a notice's elements
    (a title, 文号, date or numbered heading) and no paragraph of Chinese prose."""
    if not P.IDEOGRAPH.search(doc.text):
        raise StructureError("not a notice: the text holds no Chinese characters", doc.path)
    if not (m.title or m.doc_number or m.date or headings or any(
            len(P.IDEOGRAPH.findall(b.text)) >= PROSE_IDEOGRAPHS for b in doc.blocks)):
        raise StructureError(f"not a notice: no title, 文号, date or numbered heading, and no paragraph of "
                             f"{PROSE_IDEOGRAPHS} Chinese characters", doc.path)


def _not_instruments(targets: list[Target], instruments: list) -> list[Target]:
    """Each phrase in one family: a figure an instrument took (a cap, a threshold) is no goal."""
    spans = [(i.span.start, i.span.end) for i in instruments]
    return [t for t in targets if not any(a < t.span.end and t.span.start < b for a, b in spans)]


def _restated_elsewhere(prose: list[Target], rows: list[Target]) -> list[Target]:
    """The goals table rows state (政府工作报告重点工作: 地区生产总值增长6%左右), less those that restate
    a goal of the prose (a 责任清单 repeats the plan's measures): same figure, a similar indicator."""
    from rapidfuzz import fuzz

    def same(a: Target, b: Target) -> bool:
        return ((a.value, a.value_max, a.unit, a.comparator) == (b.value, b.value_max, b.unit, b.comparator)
                and fuzz.partial_ratio(a.indicator, b.indicator) >= 70)
    return [r for r in rows if not any(same(r, p) for p in prose)]


def _cells_of_tables_without_tasks(doc: Document, tables: list) -> list[Prose]:
    """The cells of a table that assigns no work, each as prose: an indicator table's
    评价标准 (2023年达到80%，力争2035年达到95%) sets goals of its own."""
    blocks = [b for b in doc.blocks if b.kind == "table"]
    return [Prose(cell.text, cell.span.start, None, cell.span.page)
            for block, table in zip(blocks, tables) if not table.tasks
            for row in block.rows for cell in row.cells if cell.text.strip()]


def _prose(doc: Document, owner: dict, ids: dict) -> list[Prose]:
    """The prose paragraphs with the heading each stands under (a heading's number left out)."""
    prose = []
    for k, order in owner.items():
        block = doc.blocks[k]
        text = block.text
        cut = len(text) - len(text.lstrip())
        hit = match_heading(simplified(text.strip())) if order == k else None
        if hit:  # the heading's own paragraph: its number is no part of a goal
            cut += hit[2]
        prose.append(Prose(text[cut:].rstrip(), block.span.start + cut,
                           ids.get(order) if order is not None else None, block.span.page))
    return prose


def _on_page(doc: Document, span: Span) -> Span:
    return Span(span.start, span.end, doc.page_at(span.start))


def _cut_last_row(doc: Document, tasks: list[Task]) -> tuple[list[Task], list[Passage]]:
    """A text cut off inside its last table row (a crawl, an excerpt): when the table is the last
    block and the row's last unit name stops short of any organ's ending (责任单位: 市发), the row is
    no task; it goes to the residue."""
    last = next((b for b in reversed(doc.blocks) if b.text.strip()), None)
    if not tasks or last is None or last.kind != "table" or tasks[-1].span.start < last.span.start:
        return tasks, []
    row = tasks[-1]
    cell = next((c for c in reversed(row.cells.values()) if c.strip()), "")
    a, b = split_outside_brackets(cell, P.UNIT_SEPARATORS)[-1]
    name = P.AND_OTHERS.sub("", cell[a:b].strip())
    if not cell or P.UNIT_LIKE.search(name) or doc.text[row.span.end:].strip():
        return tasks, []
    return tasks[:-1], [Passage(row.text, row.span, None, "a table row cut off by the end of the text")]


def _truncation(doc: Document, owner) -> list[Warning]:
    """An excerpt cut off mid-sentence: its last prose paragraph ends without punctuation."""
    last = max(owner, default=None)
    if last is None:
        return []
    text = doc.blocks[last].text.rstrip()
    if len(text) > 30 and not P.TERMINAL.search(text):
        return [Warning("W-TRUNCATED", "the text ends mid-sentence: its last item may be incomplete",
                        doc.blocks[last].span)]
    return []


def _uncovered(doc: Document, layout, owner) -> list[Passage]:
    """Paragraph blocks that neither a metadata element nor the prose took (page clutter …)."""
    out = []
    for k, block in enumerate(doc.blocks):
        role = layout.roles[k]
        if block.kind == "paragraph" and k not in owner and role in ("text", "clutter", "date_under_title"):
            reason = {"clutter": "page clutter", "date_under_title": "a second date, under the title"}.get(
                role, "not part of any element")
            out.append(Passage(block.text, Span(block.span.start, block.span.end, block.span.page),
                               layout.parts[k], reason))
    return out
