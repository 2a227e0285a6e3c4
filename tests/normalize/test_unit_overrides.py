"""A researcher's own unit file (--units FILE) and the jieba dictionary."""
import os
import subprocess
import sys

import pytest

from pipeline.normalize.gazetteer import OVERRIDES_ENV, jieba_words, load_overrides
from pipeline.normalize.units import resolve_unit, use_overrides

TIANSHUI = "天水市人民政府"
HUANGPU = "广州市黄埔区人民政府"

UNITS_CSV = """name,canonical,kind,place,note
智库办,{place}智库建设办公室,public_institution,天水市,checked on the city's site
知识城开发建设办,中新广州知识城开发建设办公室,government_department,黄埔区,
工信局,{place}经济和信息化局,government_department,四川省,a province that kept the old name
"""


@pytest.fixture
def units_file(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(UNITS_CSV, encoding="utf-8")
    yield path
    use_overrides(None)


def test_override_rows_win_over_the_built_in_ones(units_file):
    assert resolve_unit("市智库办", TIANSHUI).canonical == "天水市智库办公室"  # built in: a literal guess
    assert use_overrides(units_file) == 3
    r = resolve_unit("市智库办", TIANSHUI)
    assert (r.canonical, r.kind, r.confidence) == ("天水市智库建设办公室", "public_institution", "high")
    assert r.note == "checked on the city's site"
    assert resolve_unit("知识城开发建设办", HUANGPU).canonical == "中新广州知识城开发建设办公室"
    # a row for a place applies there only
    assert resolve_unit("市工信局", "成都市人民政府").canonical == "成都市经济和信息化局"
    assert resolve_unit("市工信局", TIANSHUI).canonical == "天水市工业和信息化局"
    assert resolve_unit("知识城开发建设办", TIANSHUI).canonical is None
    use_overrides(None)
    assert resolve_unit("市工信局", "成都市人民政府").canonical == "成都市工业和信息化局"


def test_overrides_reach_worker_processes(units_file):
    """Batch workers are separate processes: the file is passed on through the environment."""
    use_overrides(units_file)
    assert os.environ[OVERRIDES_ENV] == str(units_file)
    code = "from pipeline.normalize.units import resolve_unit; print(resolve_unit('市智库办', '天水市人民政府').canonical)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "天水市智库建设办公室"


@pytest.mark.parametrize("text, message", [
    ("alias,canonical\n智库办,x\n", "missing column(s) name"),
    ("name,canonical,kind\n智库办,,other\n", ":2: name and canonical are required"),
    ("name,canonical,kind\n智库办,天水市智库办,bureau\n", ":2: kind 'bureau' is not one of"),
])
def test_a_bad_override_file_is_refused_with_its_line(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        use_overrides(path)
    assert OVERRIDES_ENV not in os.environ


def test_override_file_with_a_bom_from_excel(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes(UNITS_CSV.encode("utf-8-sig"))
    assert "智库办" in load_overrides(path)


def test_jieba_words_keep_bureau_names_whole():
    words = set(jieba_words())
    assert {"工业和信息化局", "市工信局", "市场监督管理局", "交通运输部"} <= words
    from pipeline.resources import segment

    assert "市市场监管局" in segment("由市市场监管局牵头")
