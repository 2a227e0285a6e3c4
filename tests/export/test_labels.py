"""The words of the workbook and pages: every code the package can emit, and every coded value of
the contract, has them in both languages."""
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from pipeline.export.labels import LANGS, VALUE_GROUPS, header, known, label, value

PACKAGE = Path(__file__).parents[2] / "pipeline"


def _emitted(pattern: str) -> set[str]:
    return {code for path in PACKAGE.rglob("*.py") for code in re.findall(pattern, path.read_text(encoding="utf-8"))}


def test_every_warning_the_package_emits_has_words():
    assert _emitted(r'Warning\("(W-[A-Z-]+)"') - known("warning") == set()


def test_every_error_the_package_raises_has_words():
    codes = _emitted(r'"(E-[A-Z]+(?:-[A-Z]+)*)"') - {"E-PIPELINE", "E-LIMIT"}  # abstract bases, never shown
    assert codes - known("error") == set()


def _enums(node, path=()):
    if isinstance(node, dict):
        if "enum" in node:
            yield path[-2] if path[-1] == "properties" else path[-1], node["enum"]
        for k, v in node.items():
            yield from _enums(v, (*path, k))
    elif isinstance(node, list):
        for v in node:
            yield from _enums(v, path)


@pytest.mark.parametrize("field, group", [("role", "role"), ("kind", "instrument_kind"), ("comparator", "comparator"),
                                          ("source", "source"), ("part", "part"), ("status", "status")])
def test_every_coded_value_of_the_contract_has_chinese_words(field, group):
    schema = json.loads(resources.files("pipeline").joinpath("data/contract.schema.json").read_text(encoding="utf-8"))
    values = {v for name, enum in _enums(schema) for v in enum if name == field}
    assert values and values - known(group) == set()
    assert all(re.search(r"[\u4e00-\u9fff]", label(group, v, "zh")) for v in values)


def test_every_unit_kind_has_chinese_words():
    from pipeline.zh.gazetteer import KINDS

    assert set(KINDS) - known("unit_kind") == set()


@pytest.mark.parametrize("table, column, code, zh", [
    ("tasks", "role", "lead", "牵头"), ("tasks", "kind", "government_department", "政府部门"),
    ("instruments", "kind", "cap", "上限"), ("targets", "comparator", "reduce_by", "下降"),
    ("notices", "validity_status", "in_force", "有效"), ("tasks", "and_others", True, "是"),
    ("tasks", "text", "lead", "lead"),  # not a coded column: unchanged
])
def test_values_in_each_language(table, column, code, zh):
    assert value(table, column, code, "zh") == zh and value(table, column, code, "en") == code


def test_a_column_named_alike_in_two_tables_keeps_its_own_header():
    assert header("tasks", "kind", "zh") == "单位类型" and header("instruments", "kind", "zh") == "工具类型"
    assert all(header("tasks", "kind", lang) for lang in LANGS) and header("tasks", "kind", "en") == "kind"


def test_value_groups_name_groups_that_exist():
    assert all(known(group) for group in VALUE_GROUPS.values())
