"""Inline responsibilities: asides and labelled lines, and what is not an assignment."""
import pytest

from conftest import parse_text
from pipeline.extract.inline import parse_assignment


@pytest.mark.parametrize("aside, cells", [
    ("市发展改革委牵头，市财政局、市工信局配合", {"lead": "市发展改革委", "support": "市财政局、市工信局"}),
    ("市政府办公室牵头,各县市区政府按职责分工负责", {"lead": "市政府办公室", "support": "各县市区政府"}),
    ("市司法局负责", {"responsible": "市司法局"}),
    ("市住建局、市水务局按职责分工负责", {"responsible": "市住建局、市水务局"}),
    ("责任单位：黄埔区、天河区人民政府，市工业和信息化局", {"responsible": "黄埔区、天河区人民政府、市工业和信息化局"}),
    ("牵头单位：区委组织部；配合单位：区人社局", {"lead": "区委组织部", "support": "区人社局"}),
    ("市商务局、市文旅局分别牵头", {"lead": "市商务局、市文旅局"}),
    ("市政府辦公室牽頭,市級各有關部門按職責分工負責", {"lead": "市政府辦公室", "support": "市級各有關部門"}),
    ("市发展改革委、市财政局等按职责分工负责", {"responsible": "市发展改革委、市财政局等"}),
    ("市卫生健康委负责，各区政府落实", {"responsible": "市卫生健康委、各区政府"}),
])
def test_asides(aside, cells):
    from pipeline.extract.script import simplified

    assert parse_assignment(simplified(aside), aside).cells() == cells


@pytest.mark.parametrize("aside", ["无牵头单位的,责任单位即为牵头单位,下同", "试行", "2021-2023年", "以下简称《方案》",
                                   "由市政府牵头建立协调机制"])
def test_asides_that_assign_nothing(aside):
    assert parse_assignment(aside, aside) is None


def test_inline_tasks_attach_to_their_measures(tmp_path):
    text = ("一、重点任务\n(一)加快数字经济发展。建设数据中心。(市发展改革委牵头，市财政局、市工信局配合)"
            "推进算力调度。(市大数据局负责)\n(二)支持企业牵头组建创新联合体。发挥牵头协调作用。\n")
    notice = parse_text(tmp_path, text)
    got = [(t.source, t.text, t.outline_id, [(u.raw, u.role) for u in t.units]) for t in notice.tasks]
    assert got == [
        ("inline", "加快数字经济发展。建设数据中心。", "body.1.1",
         [("市发展改革委", "lead"), ("市财政局", "support"), ("市工信局", "support")]),
        ("inline", "推进算力调度。", "body.1.1", [("市大数据局", "responsible")]),
    ]


def test_labelled_lines_after_a_measure(tmp_path):
    text = ("一、预期目标\n1.地区生产总值增长6%左右。\n牵头单位:区发改局\n责任单位:开发区管委会,各街道\n"
            "2.固定资产投资增长10%。\n牵头单位:区工信局\n")
    notice = parse_text(tmp_path, text)
    got = [(t.text, t.outline_id, [(u.raw, u.role) for u in t.units]) for t in notice.tasks]
    assert got == [
        ("地区生产总值增长6%左右。", "body.1.1",
         [("区发改局", "lead"), ("开发区管委会", "support"), ("各街道", "support")]),
        ("固定资产投资增长10%。", "body.1.2", [("区工信局", "lead")]),
    ]


def test_a_label_line_before_any_measure_is_not_a_task(tmp_path):
    notice = parse_text(tmp_path, "牵头单位：组织部\n某区人才政策措施\n一、支持人才\n1.遴选企业家。(牵头单位：区委组织部)\n")
    assert [(t.text, [u.raw for u in t.units]) for t in notice.tasks] == [("遴选企业家。", ["区委组织部"])]


def test_first_listed_leads_when_the_notice_says_so(tmp_path):
    text = "各单位:\n列第一位的为牵头单位。\n一、任务\n(一)推进改革。(市发改委、市财政局、市商务局负责)\n"
    units = parse_text(tmp_path, text).tasks[0].units
    assert [(u.raw, u.role) for u in units] == [("市发改委", "lead"), ("市财政局", "support"), ("市商务局", "support")]


def test_a_standalone_heading_opens_its_task(tmp_path):
    text = ("二、建设内容\n1.加快5G网络建设，铸就高品质数字底座\n加快重点区域5G网络深度覆盖。（责任单位：市工业和信息化局、市教育局）\n"
            "2.推动5G专网建设\n建设一批5G行业虚拟专网。（责任单位：市发展改革委）\n")
    notice = parse_text(tmp_path, text)
    got = [(t.text.split("\n")[0], t.outline_id, [u.raw for u in t.units]) for t in notice.tasks]
    assert got == [("加快5G网络建设，铸就高品质数字底座", "body.1.1", ["市工业和信息化局", "市教育局"]),
                   ("推动5G专网建设", "body.1.2", ["市发展改革委"])]


def test_two_labels_on_one_line(tmp_path):
    text = "一、任务\n1.推进改革。\n牵头单位：区发改局；配合单位：区财政局、各街道\n"
    units = parse_text(tmp_path, text).tasks[0].units
    assert [(u.raw, u.role) for u in units] == [("区发改局", "lead"), ("区财政局", "support"), ("各街道", "support")]
