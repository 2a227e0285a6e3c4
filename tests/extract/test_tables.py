"""Responsibility tables from their text rendering."""
from conftest import parse_text


def test_county_table_columns_come_from_the_header(county):
    tasks = [(t.no, t.text, t.deadline, [(u.raw, u.role) for u in t.units]) for t in county.tasks]
    assert tasks == [
        (1, "开展农村户厕摸底排查", "2023年6月", [("县农业农村局", "responsible"), ("县卫健局", "responsible")]),
        (2, "建设乡镇污水处理站", "2024年12月", [("县住建局", "responsible"), ("县生态环境分局", "responsible")]),
        (4, "建立长效管护机制", "长期", [("各乡镇人民政府等有关单位", "responsible")]),
    ]


def test_a_number_gap_is_a_warning(county):
    gaps = [w for w in county.warnings if w.code == "W-TASK-NUMBER"]
    assert len(gaps) == 1 and "4" in gaps[0].message and "2" in gaps[0].message


def test_the_header_row_is_residue_not_a_task(county):
    assert [r.text for r in county.residue] == ["序号 | 重点任务 | 责任单位 | 完成时限"]


def test_lead_and_support_columns(tmp_path):
    text = ("附件\n任务分工表\n序号|工作任务|牵头单位|配合单位|完成时限\n"
            "1|建设智慧园区|市工信局|市发改委、市财政局|2024年底\n2|优化审批|市政务服务中心|/|长期\n")
    notice = parse_text(tmp_path, text)
    first, second = notice.tasks
    assert [(u.raw, u.role) for u in first.units] == [("市工信局", "lead"), ("市发改委", "support"),
                                                        ("市财政局", "support")]
    assert first.deadline == "2024年底"
    assert [(u.raw, u.role) for u in second.units] == [("市政务服务中心", "lead")]  # "/" is an empty cell


def test_group_cells_carry_down_and_become_annex_headings(tmp_path):
    text = ("附件\n清单\n重点任务|责任单位\n一、产业升级|(一)工业|1|甲任务|市工信局\n2|乙任务|市财政局\n"
            "(二)农业|3|丙任务|市农业农村局\n二、生态保护|(三)治水|4|丁任务|市水务局\n")
    notice = parse_text(tmp_path, text)
    got = [(t.no, t.section, t.subsection) for t in notice.tasks]
    assert got == [(1, "一、产业升级", "(一)工业"), (2, "一、产业升级", "(一)工业"),
                   (3, "一、产业升级", "(二)农业"), (4, "二、生态保护", "(三)治水")]
    annex = [(h.level, h.number, h.title) for h in notice.outline if h.part == "annex"]
    assert annex == [(1, "一", "产业升级"), (2, "一", "工业"), (2, "二", "农业"), (1, "二", "生态保护"), (2, "三", "治水")]


def test_a_row_wrapped_onto_the_next_line_continues_its_task(tmp_path):
    text = ("附件\n清单\n序号|重点任务|责任单位\n1|推进污水管网建设,|市住建局、\n市水务局\n"
            "2|加强监管。|市生态环境局\n")
    notice = parse_text(tmp_path, text)
    assert [(t.no, [u.raw for u in t.units]) for t in notice.tasks] == [
        (1, ["市住建局", "市水务局"]), (2, ["市生态环境局"])]


def _block(rows, header_rows=(0,)):
    """A table Block as a Word or HTML reader gives it: every column present, merged cells empty."""
    from pipeline.model import Block, Cell, Row, Span

    out, pos = [], 0
    for r_i, row in enumerate(rows):
        cells = []
        for text in row:
            colspan = 1
            if isinstance(text, tuple):
                text, colspan = text
            cells.append(Cell(text, Span(pos, pos + len(text)), colspan))
            pos += len(text) + 1
        out.append(Row(tuple(cells), Span(cells[0].span.start, pos), r_i in header_rows))
    return Block("table", "", Span(0, pos), tuple(out))


def test_structured_table_with_merged_group_cells():
    from pipeline.extract.tables import parse_table
    from pipeline.limits import Limits

    block = _block([
        [("重点任务", 4), "责任单位"],
        ["一、产业升级", "(一)工业", "1", "甲任务", "市工信局"],
        ["", "", "2", "乙任务", "市财政局、市商务局"],
        ["", "(二)农业", "3", "丙任务", "市农业农村局"],
    ])
    res = parse_table(block, "annex", 1, 10, Limits())
    got = [(t.no, t.section, t.subsection, t.text, t.cells) for t in res.tasks]
    assert got == [
        (1, "一、产业升级", "(一)工业", "甲任务", {"responsible": "市工信局"}),
        (2, "一、产业升级", "(一)工业", "乙任务", {"responsible": "市财政局、市商务局"}),
        (3, "一、产业升级", "(二)农业", "丙任务", {"responsible": "市农业农村局"}),
    ]
    assert [r.reason for r in res.residue] == ["table header"]


def test_one_number_spanning_several_rows_and_role_columns():
    from pipeline.extract.tables import parse_table
    from pipeline.limits import Limits

    block = _block([
        ["序号", "工作事项", "主要内容", "牵头单位", "配合单位", "市卫健委内牵头处室", "完成时限"],
        ["1", "完善签约服务", "扩大签约覆盖面", "市卫生健康委", "市医保局", "基层卫生处", "2023年底"],
        ["", "", "优化签约服务包", "市卫生健康委", "/", "基层卫生处", "长期"],
        ["2", "强化保障", "落实经费保障", "市财政局", "—", "", "持续推进"],
    ])
    res = parse_table(block, "annex", 1, 10, Limits())
    got = [(t.no, t.section, t.text, t.cells, t.deadline) for t in res.tasks]
    assert got == [
        (1, "完善签约服务", "扩大签约覆盖面", {"lead": "市卫生健康委", "support": "市医保局"}, "2023年底"),
        (1, "完善签约服务", "优化签约服务包", {"lead": "市卫生健康委"}, "长期"),
        (2, "强化保障", "落实经费保障", {"lead": "市财政局"}, "持续推进"),
    ]
    assert res.warnings == []


def test_flattened_report_rows_are_table_tasks_with_their_goals(tmp_path):
    """政府工作报告重点工作责任分解 as a web page flattens it: each row a task, its goal a target."""
    text = ("2023年政府工作报告重点工作责任分解\n序号\n主要工作任务\n责任单位\n1\n地区生产总值增长6%左右。\n"
            "市发展改革委\n2\n研发投入强度达到3.2%。\n市科技局、市财政局\n")
    notice = parse_text(tmp_path, text)
    assert [(t.source, t.no, t.text, [(u.raw, u.role) for u in t.units]) for t in notice.tasks] == [
        ("table", 1, "地区生产总值增长6%左右。", [("市发展改革委", "responsible")]),
        ("table", 2, "研发投入强度达到3.2%。", [("市科技局", "responsible"), ("市财政局", "responsible")])]
    assert [(t.indicator, t.value) for t in notice.targets] == [("地区生产总值", 6), ("研发投入强度", 3.2)]


def test_a_responsibility_list_restating_the_plan_adds_no_second_target(tmp_path):
    text = ("一、主要目标\n到2025年,森林覆盖率达到39%。\n附件\n重点任务责任清单\n序号 | 重点任务 | 责任单位\n"
            "1 | 森林覆盖率达到39%。 | 市林业局\n2 | 湿地保护率达到60%。 | 市林业局\n")
    notice = parse_text(tmp_path, text)
    assert [(t.indicator, t.value, t.target_year) for t in notice.targets] == [
        ("森林覆盖率", 39, 2025), ("湿地保护率", 60, None)]


def test_a_row_cut_off_by_the_end_of_the_text_is_residue_not_a_task(tmp_path):
    head = "序号 | 主要工作任务 | 责任单位\n1 | 推进改革。 | 市发改委\n"
    cut = parse_text(tmp_path, head + "2 | 深化放管服。 | 市发", name="cut.txt")
    assert [t.no for t in cut.tasks] == [1]
    assert cut.residue[-1].reason == "a table row cut off by the end of the text"
    assert "W-TRUNCATED" in [w.code for w in cut.warnings]
    whole = parse_text(tmp_path, head + "2 | 深化放管服。 | 市政务服务中心", name="whole.txt")
    assert [t.no for t in whole.tasks] == [1, 2]
