"""Splitting responsibility cells into units."""
import pytest

from pipeline.normalize.responsibility import collect_units, split_units


@pytest.mark.parametrize("cell, units", [
    ("市工信局、市财政局", ["市工信局", "市财政局"]),
    ("市发展改革委,市住建局", ["市发展改革委", "市住建局"]),
    ("市生态环境局、市乡村振兴局", ["市生态环境局", "市乡村振兴局"]),
    ("市委组织部(市人才办、市编办)、市人社局", ["市委组织部(市人才办、市编办)", "市人社局"]),
    ("各县区人民政府；市直各部门", ["各县区人民政府", "市直各部门"]),
    ("市司法局等相关部门", ["市司法局等相关部门"]),
    # heads that share the suffix of the name after them
    ("哈尔滨、黑河、绥芬河市政府、省农垦总局", ["哈尔滨、黑河、绥芬河市政府", "省农垦总局"]),
    ("区科技局、区投资促进局等各产业、招商主管部门", ["区科技局", "区投资促进局等各产业、招商主管部门"]),
    ("各县、区人民政府(管委会)、市财政局", ["各县、区人民政府(管委会)", "市财政局"]),
    ("市自然资源局等、县(市、区)政府", ["市自然资源局等", "县(市、区)政府"]),
    ("省發改委、交通運輸廳、相關市、縣政府", ["省發改委", "交通運輸廳", "相關市、縣政府"]),
])
def test_split_units(cell, units):
    assert split_units(cell) == units


def test_and_others_is_a_flag_on_the_unit(example):
    task = next(t for t in example.tasks if any(u.and_others for u in t.units))
    unit = task.units[0]
    assert unit.raw == "市司法局等相关部门" and unit.and_others is True


def test_units_list_every_task_of_a_bureau(example):
    units = {u.aliases[0]: u for u in collect_units(list(example.tasks))}
    assert 91 in units["市司法局等相关部门"].tasks
    assert len(units["市财政局"].tasks) == len({t.no for t in example.tasks
                                                 if any(u.raw == "市财政局" for u in t.units)})


def test_units_carry_their_span(example):
    for task in example.tasks:
        for unit in task.units:
            assert example.text[unit.span.start:unit.span.end] == unit.raw


@pytest.mark.parametrize("cell, units", [
    ("黄埔区、天河区人民政府，市工业和信息化局", ["黄埔区、天河区人民政府", "市工业和信息化局"]),  # shared suffix
    ("立山经济开发区,各街道", ["立山经济开发区", "各街道"]),
])
def test_places_sharing_a_suffix_stay_whole(cell, units):
    assert split_units(cell) == units
