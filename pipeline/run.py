"""The stages in order, over plain data: read → extract → normalize → (export).

``parse_document`` is the whole of extract and normalize for one Document;
each step returns new records and leaves its input as it was.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from . import __version__
from . import patterns as P
from .extract.citations import extract_citations
from .extract.inline import extract_inline
from .extract.instruments import extract_instruments
from .extract.validity import extract_validity
from .extract.script import simplified, split_outside_brackets
from .extract.outline import build_outline, match_heading, parse_outline
from .extract.structure import parse_layout
from .extract.tables import parse_table
from .extract.targets import Prose, extract_targets
from .errors import PipelineError, StructureError
from .model import Document, Notice, Passage, Source, Span, Target, Task, Warning
from .normalize.issuers import split_joint_issuers
from .normalize.link import link_tasks
from .normalize.responsibility import assign_units, collect_units
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
    layout = parse_layout(doc)
    m = split_joint_issuers(layout.metadata)
    raw_headings, preamble, owner = parse_outline(doc, layout)
    _holds_a_notice(doc, m, raw_headings)
    tables = [parse_table(block, layout.parts[k], layout.annex_nos[k], k)
              for k, block in enumerate(doc.blocks) if block.kind == "table"]
    outline, articles, ids = build_outline(raw_headings + [h for t in tables for h in t.headings])
    tasks = [task.evolve(annex_outline_id=ids.get(group)) if group is not None else task
             for t in tables for task, group in zip(t.tasks, t.task_heading)]
    tasks, cut = _cut_last_row(doc, tasks)
    prose = _prose(doc, owner, ids)
    targets = extract_targets(prose)
    targets += _restated_elsewhere(targets, extract_targets(
        [Prose(t.text, t.span.start, t.annex_outline_id or t.outline_id, t.span.page) for t in tasks]
        + _cells_of_tables_without_tasks(doc, tables)))
    instruments = extract_instruments(prose)
    targets = _not_instruments(sorted(targets, key=lambda t: t.span.start), instruments)
    inline, inline_warnings = extract_inline(prose)
    tasks = sorted(tasks + inline, key=lambda t: t.span.start)
    clutter = [doc.blocks[k].span for k, role in enumerate(layout.roles) if role == "clutter"]
    citations = extract_citations(doc.text, m, clutter)
    validity = extract_validity(doc.text, m, today or date.today().isoformat())

    first_leads = bool(P.FIRST_LEADS.search(simplified(doc.text)))
    # the place a bare 市/区 refers to: the issuer's, or failing that the signature's or the title's
    tasks = assign_units(tasks, m.issuer or m.signature or m.title, doc.text, first_leads, m.date)
    tasks = link_tasks(tasks, outline)
    warnings = list(doc.warnings) + list(layout.warnings) + [w for t in tables for w in t.warnings] + inline_warnings
    warnings += [Warning("W-UNIT-UNRESOLVED", f"no official name found for {u.raw!r}", u.span)
                 for t in tasks for u in t.units if u.canonical is None]
    warnings += _truncation(doc, owner) + [Warning("W-TRUNCATED", "the text ends inside a table row: the row is "
                                                   "left out of the tasks (it is in the residue)", p.span) for p in cut]
    residue = [r for t in tables for r in t.residue] + cut + _uncovered(doc, layout, owner)
    if doc.page_map:  # a paragraph may run over a page break: each element takes the page it starts on
        targets = [t.evolve(span=_on_page(doc, t.span)) for t in targets]
        instruments = [i.evolve(span=_on_page(doc, i.span)) for i in instruments]
        citations = [c.evolve(span=_on_page(doc, c.span)) for c in citations]
    source = Source(doc.path, doc.format.value, doc.sha256, doc.encoding, doc.pages)
    return Notice(source=source, metadata=m, outline=tuple(outline), targets=tuple(targets),
                  instruments=tuple(instruments), validity=validity,
                  tasks=tuple(tasks), citations=tuple(citations), units=tuple(collect_units(tasks)),
                  residue=tuple(sorted(residue, key=lambda p: p.span.start)), preamble=tuple(preamble),
                  articles=tuple(articles), warnings=tuple(warnings), text=doc.text,
                  pipeline_version=__version__)


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
