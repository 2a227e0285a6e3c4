"""Responsibility tables: rows of tasks with the units that own them.

Columns get their role from the header (序号, 重点任务, 责任单位, 牵头单位,
配合单位, 完成时限 …).  Rows are anchored on their 序号 cell: cells before it
are grouping cells (a section 一、…, a subsection (一)…) that a table writes
only on a group's or a page's first row and that apply to the rows below;
cells after it follow the header's columns from the task column on.  Header
rows repeated at page breaks are residue, not tasks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import patterns as P
from ..model import Block, Passage, Row, Span, Task, Warning
from .outline import RawHeading, heading_title, match_heading

UNIT_ROLES = ("lead", "support", "responsible")


@dataclass
class TableResult:
    tasks: list[Task] = field(default_factory=list)
    headings: list[RawHeading] = field(default_factory=list)
    task_heading: list[float | None] = field(default_factory=list)  # per task: order of its group heading
    residue: list[Passage] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


def header_roles(row: Row) -> list[str] | None:
    """Column roles of a header row, expanded over colspans; None when it is no header."""
    roles = []
    named = 0
    for cell in row.cells:
        role = _cell_role(cell.text)
        if role is None and cell.text:
            return None
        named += role is not None
        roles.extend([role or "empty"] * max(cell.colspan, 1))
    if named == 0 or not any(r in ("task",) + UNIT_ROLES for r in roles):
        return None
    return roles


def _cell_role(text: str) -> str | None:
    if not text or len(text) > 12:
        return None
    for role, rx in P.HEADER_ROLES:
        if rx.search(text):
            return role
    return None


def _tail_roles(roles: list[str] | None, n_after: int) -> list[str]:
    """The roles of the cells after the 序号 cell: the header's from its last task column on."""
    if roles:
        if "no" in roles:
            tail = [r for r in roles[roles.index("no") + 1:] if r != "empty"]
            # the task text is the last of several task-like columns
            while tail.count("task") > 1:
                tail[tail.index("task")] = "group"
        else:
            last_task = max((i for i, r in enumerate(roles) if r == "task"), default=-1)
            tail = [r for r in roles[last_task:] if r != "empty"] if last_task >= 0 else roles
        if len(tail) >= n_after:
            return tail[:n_after] if tail[0] == "task" or "task" not in tail else tail[-n_after:]
    guess = ["task", "responsible", "deadline", "note"]
    return guess[:n_after] + ["note"] * max(0, n_after - len(guess))


def parse_table(block: Block, part: str, annex_no: int, order: int) -> TableResult:
    """Tasks, grouping headings and residue of one table block."""
    res = TableResult()
    roles: list[str] | None = None
    groups: dict[int, tuple[str, float]] = {}  # level -> (cell text, heading order)
    last_no = None
    for r_i, row in enumerate(block.rows):
        cells = [c for c in row.cells]
        hdr = header_roles(row) if (row.header or not any(P.TASK_NO.match(c.text) for c in cells)) else None
        if hdr is not None or row.header:
            roles = roles or hdr
            res.residue.append(Passage(_row_text(row), row.span, part, "table header"))
            continue
        no_at = next((i for i, c in enumerate(cells) if P.TASK_NO.match(c.text)), None)
        lead_cells = cells[:no_at] if no_at is not None else []
        row_order = order + (r_i + 1) / 100000
        if no_at is None:
            if cells and all(match_heading(c.text) for c in cells if c.text):
                lead_cells = cells  # a row of grouping cells only
            elif res.tasks:
                res.tasks[-1] = _continue(res.tasks[-1], cells)
                continue
            else:
                res.residue.append(Passage(_row_text(row), row.span, part, "table row without a task"))
                continue
        for g_i, cell in enumerate(c for c in lead_cells if c.text):
            hit = match_heading(cell.text)
            level = hit[0] if hit else g_i + 1
            if groups.get(level, ("",))[0] == cell.text:
                continue
            for deeper in [lv for lv in groups if lv >= level]:
                del groups[deeper]
            number = hit[1] if hit else ""
            rest = cell.text[hit[2]:] if hit else cell.text
            res.headings.append(RawHeading(part, annex_no, level, number, heading_title(rest) or rest,
                                           cell.text, cell.span, row_order))
            groups[level] = (cell.text, row_order)
        if no_at is None:
            continue
        no = int(cells[no_at].text)
        after = [c for c in cells[no_at + 1:]]
        tail = _tail_roles(roles, len(after))
        by_role: dict[str, str] = {}
        for role, cell in zip(tail, after):
            if cell.text and not P.EMPTY_CELL.match(cell.text):
                by_role[role] = (by_role[role] + "\n" + cell.text) if role in by_role else cell.text
        if last_no is not None and no != last_no + 1:
            what = "repeats" if no <= last_no else "skips"
            res.warnings.append(Warning("W-TASK-NUMBER", f"task number {no} {what} after {last_no}", row.span))
        last_no = no
        levels = sorted(groups)
        section = groups[levels[0]][0] if levels else None
        subsection = groups[levels[1]][0] if len(levels) > 1 else None
        res.tasks.append(Task(no=no, source="table", section=section, subsection=subsection,
                              text=by_role.get("task", ""), outline_id=None,
                              deadline=by_role.get("deadline"), units=(),
                              span=Span(row.span.start, row.span.end, row.span.page),
                              cells={k: v for k, v in by_role.items() if k in UNIT_ROLES}))
        res.task_heading.append(groups[levels[-1]][1] if levels else None)
    return res


def _continue(task: Task, cells) -> Task:
    """A row that only continues the previous task (its text wrapped past a line or page)."""
    from dataclasses import replace

    texts = [c.text for c in cells if c.text]
    if not texts:
        return task
    text, unit_cells = task.text, dict(task.cells)
    if len(texts) == 1:
        key = next(reversed(unit_cells), None) if unit_cells else None
        if key:
            unit_cells[key] += texts[0]
        else:
            text += texts[0]
    else:
        text += texts[0]
        for k, extra in zip(unit_cells, texts[1:]):
            unit_cells[k] += extra
    end = max(task.span.end, cells[-1].span.end)
    return replace(task, text=text, cells=unit_cells, span=Span(task.span.start, end, task.span.page))


def _row_text(row: Row) -> str:
    return " | ".join(c.text for c in row.cells)
