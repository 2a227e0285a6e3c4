"""Responsibility tables: rows of tasks with the units that own them.

Columns get their role from the header (序号, 重点任务/工作事项/主要内容,
责任单位, 牵头单位, 配合单位, 完成时限, 责任领导, 备注 …).  Rows are anchored on
their 序号 cell: cells before it are grouping cells (a section 一、…, a
subsection (一)…) written only on a group's or a page's first row and carried
down to the rows below; cells after it follow the header's columns from the
task column on.

A table read from Word or HTML keeps its columns (merged cells come as empty
cells), so its rows are read by position: an empty 序号 with a task in the
row is one more task of the same number (one 序号 spanning several rows).  A
text rendering drops empty cells, so its rows are read from the 序号 cell on.
Header rows repeated at page breaks are residue, not tasks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import patterns as P
from ..limits import Limits
from ..model import Block, Cell, Passage, Row, Span, Task, Warning
from .outline import RawHeading, heading_title, match_heading
from ..zh.script import simplified

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


@lru_cache(maxsize=1024)  # header cells repeat on every page of a table
def _cell_role(text: str) -> str | None:
    text = simplified(text).replace(" ", "")
    if not text or len(text) > 14:
        return None
    for role, rx in P.HEADER_ROLES:
        if rx.search(text):
            return role
    return None


def _refine(roles: list[str], no_col: int) -> list[str]:
    """Roles by column once the 序号 column is known: columns before it group the
    rows; of several task-like columns after it, the last holds the task text."""
    out = ["group" if i < no_col else r for i, r in enumerate(roles)]
    out[no_col] = "no"
    tasks = [i for i, r in enumerate(out) if r == "task"]
    for i in tasks[:-1]:
        out[i] = "group"
    return out


@lru_cache(maxsize=256)
def _tail_roles(roles: tuple[str, ...] | None, n_after: int) -> tuple[str, ...]:
    """Roles of the cells after the 序号 cell in a text row (empty cells are dropped there)."""
    if roles:
        start = roles.index("no") + 1 if "no" in roles else max(
            (i for i, r in enumerate(roles) if r == "task"), default=0)
        tail = tuple(r for r in _refine(["x", *roles[start:]], 0)[1:] if r != "empty")
        if len(tail) >= n_after:
            return tail[:n_after] if tail[0] in ("task", "group") else tail[-n_after:]
    guess = ("task", "responsible", "deadline", "note")
    return guess[:n_after] + ("note",) * max(0, n_after - len(guess))


def _expand(row: Row) -> list[Cell | None]:
    """The row's cells by column: a cell spanning columns fills the later ones with None."""
    out: list[Cell | None] = []
    for cell in row.cells:
        out.append(cell)
        out.extend([None] * (max(cell.colspan, 1) - 1))
    return out


class _Groups:
    """Grouping cells carried down the table, and the headings they open."""

    def __init__(self, res: TableResult, part: str, annex_no: int):
        self.res, self.part, self.annex_no = res, part, annex_no
        self.levels: dict[int, tuple[str, float]] = {}  # level -> (cell text, heading order)
        self.hits: dict[str, tuple | None] = {}  # a grouping cell repeats on every row of its group

    def see(self, cells: list[Cell | None], order: float, by_position: bool = False) -> None:
        """Open the groups these cells name.  An unnumbered cell's level is its column among
        the grouping columns (``by_position``) or its place among the cells given."""
        present = [(i, c) for i, c in enumerate(cells) if c is not None and c.text]
        for g_i, (col, cell) in enumerate(present):
            g_i = col if by_position else g_i
            if cell.text not in self.hits:
                self.hits[cell.text] = match_heading(simplified(cell.text))
            hit = self.hits[cell.text]
            level = hit[0] if hit else g_i + 1
            if self.levels.get(level, ("",))[0] == cell.text:
                continue
            for deeper in [lv for lv in self.levels if lv >= level]:
                del self.levels[deeper]
            rest = cell.text[hit[2]:] if hit else cell.text
            self.res.headings.append(RawHeading(self.part, self.annex_no, level, hit[1] if hit else "",
                                                heading_title(rest) or rest, cell.text, cell.span, order))
            self.levels[level] = (cell.text, order)

    def current(self) -> tuple[str | None, str | None, float | None]:
        levels = sorted(self.levels)
        section = self.levels[levels[0]][0] if levels else None
        subsection = self.levels[levels[1]][0] if len(levels) > 1 else None
        return section, subsection, self.levels[levels[-1]][1] if levels else None


def parse_table(block: Block, part: str, annex_no: int, order: int, limits: Limits) -> TableResult:
    """Tasks, grouping headings and residue of one table block (of no more rows than ``limits`` allow)."""
    limits.check("table rows", len(block.rows))
    res = TableResult()
    groups = _Groups(res, part, annex_no)
    roles: list[str] | None = None
    columns: list[str] | None = None  # refined roles, once the 序号 column is known
    last_no = None
    for r_i, row in enumerate(block.rows):
        row_order = order + (r_i + 1) / 100000
        cells = _expand(row)
        texts = [c.text if c else "" for c in cells]
        anchor = next((i for i, t in enumerate(texts) if P.TASK_NO.match(t)), None)
        hdr = header_roles(row) if (row.header or anchor is None) else None
        if hdr is not None or row.header:
            roles = roles or hdr
            res.residue.append(Passage(_row_text(row), row.span, part, "table header"))
            continue
        aligned = roles is not None and len(cells) == len(roles)
        if aligned and columns is None and (anchor is not None or "no" in roles):
            columns = _refine(roles, roles.index("no") if "no" in roles else anchor)
        if aligned and columns is not None:
            by_col = {i: c for i, c in enumerate(cells) if c is not None and c.text and not P.EMPTY_CELL.match(c.text)}
            no_cell = by_col.get(columns.index("no"))
            task_col = columns.index("task") if "task" in columns else None
            groups.see([by_col.get(i) for i, r in enumerate(columns) if r == "group"], row_order, by_position=True)
            if no_cell is not None and P.TASK_NO.match(no_cell.text):
                no = int(no_cell.text)
            elif task_col in by_col and last_no is not None:
                no = last_no  # one 序号 spanning several rows: another task of the same number
            elif res.tasks and by_col:
                res.tasks[-1] = _continue(res.tasks[-1], [by_col[i] for i in sorted(by_col)])
                continue
            else:
                continue
            by_role = _by_role((columns[i], c) for i, c in sorted(by_col.items()))
        else:
            lead_cells = cells[:anchor] if anchor is not None else []
            if anchor is None:
                if texts and all(match_heading(simplified(t)) for t in texts if t):
                    groups.see(cells, row_order)  # a row of grouping cells only
                elif res.tasks:
                    res.tasks[-1] = _continue(res.tasks[-1], [c for c in cells if c is not None])
                else:
                    res.residue.append(Passage(_row_text(row), row.span, part, "table row without a task"))
                continue
            groups.see(lead_cells, row_order)
            no = int(texts[anchor])
            after = [c for c in cells[anchor + 1:] if c is not None]
            by_role = _by_role(zip(_tail_roles(tuple(roles) if roles else None, len(after)), after))
        if last_no is not None and no != last_no + 1 and not (no == last_no and by_role.get("task")):
            what = "repeats" if no <= last_no else "skips"
            res.warnings.append(Warning("W-TASK-NUMBER", f"task number {no} {what} after {last_no}", row.span))
        last_no = no
        section, subsection, heading = groups.current()
        res.tasks.append(Task(no=no, source="table", section=section, subsection=subsection,
                              text=by_role.get("task", ""), outline_id=None, deadline=by_role.get("deadline"),
                              units=(), span=Span(row.span.start, row.span.end, row.span.page),
                              cells={k: v for k, v in by_role.items() if k in UNIT_ROLES}))
        res.task_heading.append(heading)
    return res


def _by_role(pairs) -> dict[str, str]:
    out: dict[str, str] = {}
    for role, cell in pairs:
        if role in ("group", "no", "empty") or not cell.text or P.EMPTY_CELL.match(cell.text):
            continue
        out[role] = f"{out[role]}\n{cell.text}" if role in out else cell.text
    return out


def _continue(task: Task, cells: list[Cell]) -> Task:
    """A row that only continues the previous task (its text wrapped past a line or page)."""
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
    return task.evolve(text=text, cells=unit_cells, span=Span(task.span.start, end, task.span.page))


def _row_text(row: Row) -> str:
    return " | ".join(c.text for c in row.cells)
