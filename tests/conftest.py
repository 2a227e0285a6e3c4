"""Shared fixtures: the data folder, and each example parsed once per session."""
from __future__ import annotations

import json
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


def parse_text(tmp_path: Path, text: str, name: str = "notice.txt", encoding: str = "utf-8"):
    """Write ``text`` to a file and parse it."""
    from pipeline.run import parse_file

    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return parse_file(path)
