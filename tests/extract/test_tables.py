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
