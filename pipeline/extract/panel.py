"""A web page's information panel as a small grammar of labelled fields.

Government sites print a panel above or below a notice (索引号, 发文机关, 发文字号,
成文日期 …) in every layout: one field a line, several on a line, tab- or
``|``-separated, as table cells, as ``【发布文号】…`` or ``- 发文字号:…`` items, in either
script (matched on the simplified working copy).  A field's value runs to the next
label, so ``发布机构: 亳州市人民政府办公室 主题分类: 综合政务`` gives the 发布机构 alone.
The labels and the metadata field each fills are data (``pipeline/data/panel_labels.csv``).
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .. import patterns as P
from ..zh.script import simplified


class Field(NamedTuple):
    label: str   # the label without its spaces: 发文字号 | 文号
    field: str   # the field it fills (title, issuer, doc_number, date; effective, expires, status) or "other"
    start: int   # the value's span in the text read
    end: int


@lru_cache(maxsize=1)
def _grammar() -> tuple[dict, re.Pattern, re.Pattern]:
    with resources.files("pipeline").joinpath("data", "panel_labels.csv").open(encoding="utf-8", newline="") as f:
        fields = {r["label"]: r["field"] for r in csv.DictReader(f)}
    # longest first (发布文号 before 文号); a label may be letter-spaced (索 引 号, 文  号)
    alternation = "|".join(r"\s*".join(map(re.escape, label)) for label in sorted(fields, key=len, reverse=True))
    # a label ends at its colon or its 【】 brackets; it may follow its field's value with no space
    # between (cleaning drops a single space between Chinese characters: 办公室主题分类:)
    in_text = re.compile(rf"(?:[【\[]\s*(?P<b>{alternation})\s*[】\]]\s*[:：]?|(?P<c>{alternation})\s*[:：])")
    alone = re.compile(rf"^\s*[【\[]?\s*(?:{alternation})\s*[】\]]?\s*[:：]?\s*$")  # a table cell that is a label
    return fields, in_text, alone


def _field(label: str) -> tuple[str, str]:
    key = P.PANEL_KEY_NOISE.sub("", label)
    return key, _grammar()[0].get(key, "other")


def field_of(label: str) -> str:
    """The field a panel label fills (时效性 → status), "other" when it fills none."""
    return _field(simplified(label))[1]


def fields_in_text(work: str) -> list[Field]:
    """The labelled fields of a line (``work`` simplified); each value runs to the next label."""
    _, in_text, _ = _grammar()
    found = list(in_text.finditer(work))
    out = []
    for m, nxt in zip(found, found[1:] + [None]):
        start, end = m.end(), nxt.start() if nxt else len(work)
        while start < end and work[start] in " \t|•·-":
            start += 1
        while end > start and work[end - 1] in " \t|•·-":
            end -= 1
        out.append(Field(*_field(m.group("b") or m.group("c")), start, end))
    return out


def label_alone(work: str) -> tuple[str, str] | None:
    """(label, field) of a line (simplified) that is nothing but a label: its value is on the next line
    (索引号 / 011437144/2023-06550 / 发文字号 / 郧政发〔2023〕5号)."""
    if not _grammar()[2].match(work):
        return None
    return _field(work)


def fields_in_row(cells: list[str]) -> list[tuple[str, str, str]]:
    """(label, field, value) of a panel table row: a label cell's value is the next cell, unless
    that cell is a label too (``发布机构: | 生成日期: | 2022-12-02``: the 发布机构 is empty);
    a cell holding ``label: value`` is read as text."""
    _, _, alone = _grammar()
    work = [simplified(c) for c in cells]
    out = []
    for i, (cell, w) in enumerate(zip(cells, work)):
        label = label_alone(w)
        if label:
            value = "" if i + 1 >= len(cells) or alone.match(work[i + 1]) else cells[i + 1].strip()
            out.append((*label, value))
        else:
            out += [(f.label, f.field, cell[f.start:f.end].strip()) for f in fields_in_text(w)]
    return out
