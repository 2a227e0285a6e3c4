"""Shared fixtures: the data folder, and each example parsed once per session."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import settings

# a long fuzzing run: pytest tests/hostile --hypothesis-profile=fuzz
settings.register_profile("fuzz", max_examples=10_000, deadline=None)

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def example():
    """The worked example (天政发〔2022〕23号, text form), parsed."""
    from pipeline.run import parse_file

    return parse_file(DATA / "tianshui-2022-23.txt")


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((DATA / "gold" / "tianshui-2022-23.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def county():
    """A hand-written county notice unlike the example: 文件 mark, Chinese-numeral date,
    TAB table with 序号 | 重点任务 | 责任单位 | 完成时限, headings down to (1)."""
    from pipeline.run import parse_file

    return parse_file(DATA / "hexi-county-2023-7.txt")


def squash(text) -> str:
    """``text`` without white space, for comparing across forms."""
    return re.sub(r"\s+", "", text or "")


def txt_reference(data_dir):
    """Paragraphs and task rows {序号: (task, units)} of the example's text form, to compare other forms with."""
    from pipeline.read import read_notice

    doc = read_notice(data_dir / "tianshui-2022-23.txt")
    paragraphs = [squash(b.text) for b in doc.blocks if b.kind == "paragraph"]
    rows = {}
    for row in next(b for b in doc.blocks if b.kind == "table").rows:
        cells = [c.text for c in row.cells]
        for i, text in enumerate(cells):
            if re.fullmatch(r"\d+", text.strip()):
                rows[int(text)] = (squash(cells[i + 1]), squash(cells[i + 2]))
                break
    return paragraphs, rows


def task_rows(doc):
    """The one task table of the example in another form (page panels left out), and its rows
    {序号: (task, units)}; every row has its five columns (merged cells resolved)."""
    tables = [b for b in doc.blocks if b.kind == "table" and not b.hints.get("role")]
    assert len(tables) == 1
    rows = {}
    for row in tables[0].rows:
        if row.header:
            continue
        cells = [c.text for c in row.cells]
        assert len(cells) == 5, cells
        rows[int(cells[2])] = (squash(cells[3]), squash(cells[4]))
    return tables[0], rows


def parse_text(tmp_path: Path, text: str, name: str = "notice.txt", encoding: str = "utf-8"):
    """Write ``text`` to a file and parse it."""
    from pipeline.run import parse_file

    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return parse_file(path)
