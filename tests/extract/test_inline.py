"""Inline responsibilities: asides and labelled lines, and what is not an assignment."""
import pytest

from conftest import parse_text
from pipeline.extract.inline import parse_assignment, without_assignments


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
    # clauses that are not assignments beside one that is
    ("国务院各部门分别负责，年内持续推进", {"responsible": "国务院各部门"}),
    ("地方人民政府相关部门负责，商务部、人力资源社会保障部指导",
     {"responsible": "地方人民政府相关部门", "support": "商务部、人力资源社会保障部"}),
    ("責任單位:市稅務局、市財政局,排在首位的爲牽頭單位,下同", {"responsible": "市稅務局、市財政局"}),
    ("市生态环境局牵头,市发改委、市经信局等参与,县(市、区)政府负责落实。以下均需县(市、区)政府落实,不再列出",
     {"lead": "市生态环境局", "support": "市发改委、市经信局等、县(市、区)政府"}),
    ("牵头单位:市商务局  责任单位:市编办、市财政局", {"lead": "市商务局", "support": "市编办、市财政局"}),
    ("责任单位:市人力社保局、市发改委分别牵头", {"lead": "市人力社保局、市发改委"}),
    ("牵头领导:张明 李华 责任单位:县卫健委", {"responsible": "县卫健委"}),
    ("部门分工:省发展改革委牵头,各地、各部门配合", {"lead": "省发展改革委", "support": "各地、各部门"}),
    ("协办单位:市科技局；主责单位:市商务局", {"support": "市科技局", "lead": "市商务局"}),
    # lists waiting for their verb, and lists whose rule note says who leads
    ("市商務局,各縣區、開發園區按職責分工負責", {"responsible": "市商務局、各縣區、開發園區"}),
    ("区发改局牵头,区财政局、区水务局等部门,区国投公司配合", {"lead": "区发改局", "support": "区财政局、区水务局等部门、区国投公司"}),
    ("市税务局、市财政局,各县市、区政府,列第一位的为牵头单位,下同", {"responsible": "市税务局、市财政局、各县市、区政府"}),
    ("责任单位:市发改委、市卫生健康委(除标注“分别牵头”外,列第一位为牵头单位,下同)",
     {"responsible": "市发改委、市卫生健康委"}),
    # names that share a suffix
    ("哈爾濱機場擴建指揮部、哈爾濱、黑河、綏芬河市政府負責", {"responsible": "哈爾濱機場擴建指揮部、哈爾濱、黑河、綏芬河市政府"}),
    ("牵头单位：区科协、团区委、各相关单位", {"lead": "区科协、团区委、各相关单位"}),
])
def test_asides(aside, cells):
    from pipeline.zh.script import simplified

    assert parse_assignment(simplified(aside), aside).cells() == cells


@pytest.mark.parametrize("aside", ["无牵头单位的,责任单位即为牵头单位,下同", "试行", "2021-2023年", "以下简称《方案》",
                                   "由市政府牵头建立协调机制", "支持独角兽企业牵头组建创新联合体", "发挥牵头协调作用",
                                   "责任单位:市", "年内持续推进", "含市、县两级"])
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


def test_an_aside_keeps_its_deadline_and_reports_what_it_could_not_read():
    from pipeline.extract.inline import parse_assignment

    aside = "市商务局负责，2025年底前完成，市财政局视情况配合资金"
    found = parse_assignment(aside, aside)
    assert found.cells() == {"responsible": "市商务局"}
    assert found.deadline == "2025年底前完成"
    assert found.unread == ["市财政局视情况配合资金"]


@pytest.mark.parametrize("line, units", [
    ("〔责任单位:市商务局、市财政局〕", [("市商务局", "responsible"), ("市财政局", "responsible")]),
    ("[牵头单位:区卫健局;责任单位:区创文办]", [("区卫健局", "lead"), ("区创文办", "support")]),
    ("【责任单位】市交通运输局、市公安局", [("市交通运输局", "responsible"), ("市公安局", "responsible")]),
    ("(责任单位:市直各有关单位、各县(市、区)人民政府)", [("市直各有关单位", "responsible"),
                                                    ("各县(市、区)人民政府", "responsible")]),
])
def test_assignment_lines_in_every_bracket(tmp_path, line, units):
    notice = parse_text(tmp_path, f"一、任务\n(一)推进改革。深化放管服。\n{line}\n(二)优化服务。\n")
    [task] = notice.tasks
    assert task.text == "推进改革。深化放管服。" and task.outline_id == "body.1.1"
    assert [(u.raw, u.role) for u in task.units] == units


def test_a_line_after_sub_items_assigns_their_parent(tmp_path):
    text = ("一、建设任务\n1.完善应急预案体系\n(1)加强应急预案管理。\n(2)推进预案精编化。\n"
            "(责任单位:市应急管理局、市直各有关单位)\n2.健全应急管理体制\n(1)推进办事机构建设。(责任单位:市委编办)\n")
    notice = parse_text(tmp_path, text)
    got = [(t.outline_id, t.text.split("\n")[0], [u.raw for u in t.units]) for t in notice.tasks]
    assert got == [("body.1.1", "完善应急预案体系", ["市应急管理局", "市直各有关单位"]),
                   ("body.1.2.1", "推进办事机构建设。", ["市委编办"])]


def test_a_heading_names_the_lead_of_its_section(tmp_path):
    text = "附件1\n2025年县政府工作报告任务清单\n一、县示范区管委会牵头工作(8项)\n1.建设养殖基地。\n二、推进产业发展\n"
    notice = parse_text(tmp_path, text)
    [task] = notice.tasks
    assert task.text == "县示范区管委会牵头工作(8项)"
    assert [(u.raw, u.role) for u in task.units] == [("县示范区管委会", "lead")]


def test_a_measure_of_two_paragraphs_each_with_its_own_aside(tmp_path):
    text = ("一、支持措施\n第十四条 【鼓励影视创作】支持电影创作。(责任单位:区版权局)\n"
            "鼓励精品电视剧创作，提升供给能力。\n获得重大奖项的给予奖励。(责任单位:区文化广电旅游局)\n")
    tasks = parse_text(tmp_path, text).tasks
    assert [t.text for t in tasks][-1] == "鼓励精品电视剧创作，提升供给能力。\n获得重大奖项的给予奖励。"


def test_and_others_named_as_a_collective_is_kept_and_flagged(tmp_path):
    notice = parse_text(tmp_path, "一、任务\n(一)推进改革。(市统计局、市司法局等相关部门负责)\n")
    assert [(u.raw, u.and_others) for u in notice.tasks[0].units] == [("市统计局", False), ("市司法局等相关部门", True)]


def test_a_bare_and_others_is_no_part_of_the_name(tmp_path):
    notice = parse_text(tmp_path, "一、任务\n(一)推进改革。(市发改委、市市场监管局等参与)\n")
    assert [(u.raw, u.and_others) for u in notice.tasks[0].units] == [("市发改委", False), ("市市场监管局", True)]


@pytest.mark.parametrize("text, left", [
    ("推进工业绿色升级。(市工信局牵头，市财政局配合)", "推进工业绿色升级。"),  # an aside, brackets and all
    ("1.固定资产投资增长15%左右。\n牵头单位：区发改局\n责任单位：各街道办事处", "1.固定资产投资增长15%左右。"),  # labelled lines
    ("支持企业牵头组建联合体(5家以上)。", "支持企业牵头组建联合体(5家以上)。"),  # no assignment: nothing goes
])
def test_without_assignments_leaves_what_the_measure_asks(text, left):
    assert without_assignments(text) == left
