"""A researcher's own unit file (--units FILE) and the jieba dictionary."""

import pytest

from pipeline.zh.gazetteer import jieba_words
from pipeline.normalize.units import load_units, resolve_unit
from pipeline.options import NO_UNITS, Options

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
    return path


def test_override_rows_win_over_the_built_in_ones(units_file):
    own = load_units(units_file)
    assert len(own.rows) == 3
    assert resolve_unit("市智库办", TIANSHUI).canonical == "天水市智库办公室"  # built in: a literal guess
    r = resolve_unit("市智库办", TIANSHUI, units=own)
    assert (r.canonical, r.kind, r.confidence) == ("天水市智库建设办公室", "public_institution", "high")
    assert r.note == "checked on the city's site"
    assert resolve_unit("知识城开发建设办", HUANGPU, units=own).canonical == "中新广州知识城开发建设办公室"
    # a row for a place applies there only
    assert resolve_unit("市工信局", "成都市人民政府", units=own).canonical == "成都市经济和信息化局"
    assert resolve_unit("市工信局", TIANSHUI, units=own).canonical == "天水市工业和信息化局"
    assert resolve_unit("知识城开发建设办", TIANSHUI, units=own).canonical is None
    # the cached answer for the file is not the answer without it
    assert resolve_unit("市工信局", "成都市人民政府").canonical == "成都市工业和信息化局"
    assert resolve_unit("市工信局", "成都市人民政府", units=NO_UNITS).canonical == "成都市工业和信息化局"


def test_a_unit_file_loaded_twice_is_the_same_record_and_pickles(units_file):
    """The unit caches are keyed by the rows: a second load (or a worker's unpickled copy) hits them."""
    import pickle

    own = load_units(units_file)
    again = pickle.loads(pickle.dumps(Options(units=load_units(units_file)))).units
    assert again == own and hash(again) == hash(own) and again.rows == own.rows
    assert resolve_unit("市智库办", TIANSHUI, units=again) is resolve_unit("市智库办", TIANSHUI, units=own)
    assert own != NO_UNITS and not NO_UNITS


@pytest.mark.parametrize("text, message", [
    ("alias,canonical\n智库办,x\n", "missing column(s) name"),
    ("name,canonical,kind\n智库办,,other\n", ":2: name and canonical are required"),
    ("name,canonical,kind\n智库办,天水市智库办,bureau\n", ":2: kind 'bureau' is not one of"),
])
def test_a_bad_override_file_is_refused_with_its_line(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_units(path)


def test_override_file_with_a_bom_from_excel(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes(UNITS_CSV.encode("utf-8-sig"))
    assert "智库办" in {o.name for o in load_units(path).rows}


def test_jieba_words_keep_bureau_names_whole(tmp_path, monkeypatch):
    words = set(jieba_words())
    assert {"工业和信息化局", "市工信局", "市场监督管理局", "交通运输部"} <= words
    from pipeline.resources import segment

    assert "市市场监管局" in segment("由市市场监管局牵头")
    # a user's own names are words only where their file is given (its dictionary stored apart)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "units.csv"
    path.write_text("name,canonical\n甘谷智库办公楼,甘谷县智库办公楼\n", encoding="utf-8")
    assert "甘谷智库办公楼" in segment("甘谷智库办公楼建设", load_units(path))
    assert "甘谷智库办公楼" not in segment("甘谷智库办公楼建设")
