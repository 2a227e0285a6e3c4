"""GB/T 9704 elements of notices unlike the example."""
import pytest

from conftest import parse_text


def test_county_notice_metadata(county):
    m = county.metadata
    assert m.issuer == "河西县人民政府办公室"  # from the 文件 mark
    assert m.doc_number == "河县政办发〔2023〕7号"
    assert m.title == "河西县人民政府办公室关于印发河西县农村人居环境整治提升行动方案的通知"  # two lines joined
    assert list(m.addressees) == ["各乡镇人民政府", "县直各部门"]
    assert m.signature == "河西县人民政府办公室"
    assert m.date == "2023-03-15"  # 二〇二三年三月十五日
    assert m.note == "此件公开发布"
    assert list(m.attachments) == ["河西县农村人居环境整治重点任务清单"]
    assert m.plan_title == "河西县农村人居环境整治提升行动方案"


def test_spans_point_at_the_elements(county):
    text, spans = county.text, county.metadata.spans
    assert text[spans["doc_number"].start:spans["doc_number"].end] == "河县政办发〔2023〕7号"
    assert text[spans["date"].start:spans["date"].end] == "二〇二三年三月十五日"


@pytest.mark.parametrize("date_line, iso", [
    ("2022年4月26日", "2022-04-26"),
    ("二〇二二年四月二十六日", "2022-04-26"),
    ("二○一二年一月九日", "2012-01-09"),
    ("2024年12月31日", "2024-12-31"),
])
def test_dates_in_digits_and_chinese_numerals(tmp_path, date_line, iso):
    notice = parse_text(tmp_path, f"关于做好防汛工作的通知\n各区县：\n请做好防汛工作。\n某市应急管理局\n{date_line}\n")
    assert notice.metadata.date == iso
    assert notice.metadata.signature == "某市应急管理局"
    assert notice.metadata.issuer == "某市应急管理局"  # no 文件 mark, no issuer in the title


def test_several_attachments_are_listed(tmp_path):
    text = ("关于开展安全检查的通知\n各镇街：\n现将有关事项通知如下。\n附件：1.检查表\n2.汇总表\n"
            "某区安委会办公室\n2023年5月6日\n附件1\n检查表\n内容\n附件2\n汇总表\n内容\n")
    notice = parse_text(tmp_path, text)
    assert list(notice.metadata.attachments) == ["检查表", "汇总表"]
    assert notice.metadata.date == "2023-05-06"


def test_the_issuer_comes_from_the_head_of_the_title(tmp_path):
    notice = parse_text(tmp_path, "某省人民政府关于加强耕地保护的意见\n各市人民政府：\n耕地是粮食生产的命根子。\n")
    assert notice.metadata.issuer == "某省人民政府"
    assert notice.metadata.title == "某省人民政府关于加强耕地保护的意见"


def test_missing_elements_are_warned_not_guessed(tmp_path):
    notice = parse_text(tmp_path, "一、加强领导\n各部门要高度重视。\n")
    assert notice.metadata.date is None
    assert any(w.code == "W-NO-DATE" for w in notice.warnings)


WEB_PAGE = """头版
推荐的文章更好看
网易网站 | 2016-12-26 19:49
  国家发展改革委关于印发促进
  中部地区崛起规划的通知
  发改地区[2016]2664号
  山西、安徽、江西省人民政府,国务院各部委、各直属机构:
  经国务院同意,现将《促进中部地区崛起规划》印发你们。
"""


def test_web_clutter_stays_out_of_the_head(tmp_path):
    notice = parse_text(tmp_path, WEB_PAGE)
    m = notice.metadata
    assert m.title == "国家发展改革委关于印发促进中部地区崛起规划的通知"
    assert m.issuer == "国家发展改革委"
    assert m.doc_number == "发改地区[2016]2664号"
    assert list(m.addressees) == ["山西、安徽、江西省人民政府", "国务院各部委、各直属机构"]  # 、 lists stay whole
    assert [r.text for r in notice.residue][:2] == ["头版", "推荐的文章更好看"]
    assert "网易网站" in notice.residue[2].text
    assert notice.preamble[0].text.startswith("经国务院同意")


def test_joint_issuers_one_per_line(tmp_path):
    text = ("雄安发〔2021〕5号\n中共某新区工作委员会\n某新区管理委员会\n关于印发《乡村振兴实施方案》的通知\n"
            "新区各部门:\n现将《乡村振兴实施方案》印发给你们。\n中共某新区工作委员会\n某新区管理委员会\n2021年3月15日\n")
    m = parse_text(tmp_path, text).metadata
    assert m.issuer == "中共某新区工作委员会、某新区管理委员会"
    assert m.signature == "中共某新区工作委员会、某新区管理委员会"
    assert m.title == "中共某新区工作委员会某新区管理委员会关于印发《乡村振兴实施方案》的通知"
    assert m.doc_number == "雄安发〔2021〕5号"


def test_traditional_script_head(tmp_path):
    text = ("盤錦市人民政府辦公室關于印發《工作方案》的通知\n盤政辦發〔2021〕1號\n各縣、區人民政府,市政府各部門:\n"
            "現將《工作方案》印發給你們。\n盤錦市人民政府辦公室\n2021年1月25日\n(此件公開發布)\n")
    m = parse_text(tmp_path, text).metadata
    assert (m.issuer, m.doc_number, m.signature, m.date, m.note) == (
        "盤錦市人民政府辦公室", "盤政辦發〔2021〕1號", "盤錦市人民政府辦公室", "2021-01-25", "此件公開發布")


def test_a_body_only_page_takes_its_heading_as_title(tmp_path):
    text = "某省控制温室气体排放工作方案\n发布时间:2020-06-30 点击:3502\n一、总体要求\n(一)指导思想。坚持绿色发展。\n"
    notice = parse_text(tmp_path, text)
    assert notice.metadata.title == "某省控制温室气体排放工作方案"
    assert [h.title for h in notice.outline] == ["总体要求", "指导思想"]


def test_attachments_named_where_the_text_refers_to_them(tmp_path):
    text = "甘政发〔2022〕9号\n各市人民政府:\n请对照《主要指标分解表》(附件1)和《重点任务分解表》(附件2)抓好落实。\n"
    notice = parse_text(tmp_path, text)
    assert list(notice.metadata.attachments) == ["主要指标分解表", "重点任务分解表"]
    assert notice.metadata.title is None


def test_head_and_record_elements(tmp_path):
    text = ("000123\n机密★1年\n特急\n某省人民政府文件\n某政发〔2024〕12号\n签发人：张三\n某省人民政府关于加强安全生产的通知\n"
            "各市人民政府：\n请抓好落实。\n某省人民政府\n2024年5月6日\n抄送：省委办公厅，省人大常委会办公厅。\n"
            "某省人民政府办公厅 2024年5月7日印发\n")
    m = parse_text(tmp_path, text).metadata
    assert (m.copy_number, m.classification, m.urgency, m.signer) == ("000123", "机密★1年", "特急", "张三")
    assert m.doc_number_parts == {"agency": "某政发", "year": 2024, "serial": 12}
    assert list(m.copy_to) == ["省委办公厅", "省人大常委会办公厅"]
    assert (m.printed_by, m.printed_date) == ("某省人民政府办公厅", "2024-05-07")
    assert m.issuer == "某省人民政府" and m.date == "2024-05-06"


@pytest.mark.parametrize("number, parts", [
    ("国办发„2009‟3号", {"agency": "国办发", "year": 2009, "serial": 3}),
    ("发改地区[2016]2664号", {"agency": "发改地区", "year": 2016, "serial": 2664}),
    ("穗埔府规〔2025〕12 号", {"agency": "穗埔府规", "year": 2025, "serial": 12}),
    ("亳政办〔20251", None),  # damaged: kept as written, with a warning
])
def test_doc_number_parts(tmp_path, number, parts):
    notice = parse_text(tmp_path, f"{number}\n某市人民政府办公室关于做好防汛工作的通知\n各区政府：\n请落实。\n")
    assert notice.metadata.doc_number == number.replace(" ", "")  # a layout space is cleaned away
    assert notice.metadata.doc_number_parts == parts
    assert any(w.code == "W-DOC-NUMBER" for w in notice.warnings) == (parts is None)


def test_a_web_panel_fills_what_the_notice_does_not_say(tmp_path):
    text = ("来源：某市中小企业服务局\n标题：市工业和信息化局关于印发《行动计划》的通知\n链接：https://example.invalid/1.html\n"
            "正文\n深工信〔2025〕44号\n各有关单位：\n现将《行动计划》印发给你们。\n深圳市工业和信息化局\n2025年3月3日\n")
    m = parse_text(tmp_path, text).metadata
    assert m.title == "市工业和信息化局关于印发《行动计划》的通知"
    assert m.issuer == "深圳市工业和信息化局"  # the fuller name under the text
    assert m.doc_number == "深工信〔2025〕44号"


def test_an_excerpt_cut_mid_sentence_is_flagged(tmp_path):
    notice = parse_text(tmp_path, "一、总体要求\n(一)加强领导。各地要建立健全工作机制，明确责任分工，确保各项任务落到实处，并")
    assert [w.code for w in notice.warnings if w.code == "W-TRUNCATED"] == ["W-TRUNCATED"]


def test_signature_and_date_on_one_line(tmp_path):
    m = parse_text(tmp_path, "关于做好防汛工作的通知\n各区县：\n请做好防汛工作。\n某市应急管理局 2023年5月6日\n").metadata
    assert (m.signature, m.date) == ("某市应急管理局", "2023-05-06")


def test_joint_signatures_on_one_line(tmp_path):
    text = ("某市卫生健康委等3部门关于印发实施方案的通知\n各区卫生健康局：\n现将实施方案印发给你们。\n"
            "某市卫生健康委员会      某市财政局      某市医疗保障局\n2023年10月19日\n")
    m = parse_text(tmp_path, text).metadata
    assert m.signature == "某市卫生健康委员会、某市财政局、某市医疗保障局"


def test_the_page_panel_fills_gaps_and_disagreements_are_warned(tmp_path):
    text = ("发文字号：某政发〔2024〕9号\n成文日期：2024-05-01\n某市人民政府关于加强管理的通知\n某政发〔2024〕3号\n各区政府：\n"
            "请落实。\n某市人民政府\n2024年5月6日\n")
    notice = parse_text(tmp_path, text)
    m = notice.metadata
    assert m.panel == {"发文字号": "某政发〔2024〕9号", "成文日期": "2024-05-01"}
    assert (m.doc_number, m.date) == ("某政发〔2024〕3号", "2024-05-06")  # the notice wins
    assert sorted(w.message.split(":")[0] for w in notice.warnings if w.code == "W-PANEL-DISAGREES") == [
        "date", "doc_number"]


def test_a_date_in_brackets_under_the_title(tmp_path):
    text = "国务院关于加快发展现代农业的意见\n（2023年12月29日）\n各省、自治区、直辖市人民政府：\n一、总体要求\n坚持农业农村优先发展。\n"
    m = parse_text(tmp_path, text).metadata
    assert (m.title, m.date, m.issuer) == ("国务院关于加快发展现代农业的意见", "2023-12-29", "国务院")


def test_a_long_addressee_list_wrapped_onto_two_lines(tmp_path):
    text = ("国务院关于推进高质量发展的意见\n国发〔2024〕5号\n各省、自治区、直辖市人民政府，国务院各部委、\n各直属机构：\n"
            "现提出如下意见。\n")
    m = parse_text(tmp_path, text).metadata
    assert list(m.addressees) == ["各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"]
    assert (m.title, m.doc_number) == ("国务院关于推进高质量发展的意见", "国发〔2024〕5号")


@pytest.mark.parametrize("head, number, title", [
    # the number in brackets after the title, on its line
    ("某市委办公室某市人民政府办公室印发《关于推进政务公开的实施意见》的通知(某办发〔2017〕2号)\n各县市区:",
     "某办发〔2017〕2号", "某市委办公室某市人民政府办公室印发《关于推进政务公开的实施意见》的通知"),
    # the number with the date in its brackets, under a title of two lines
    ("某自治区人民政府办公厅关于印发\n《某自治区公文格式规定》的通知\n(某政办发〔2001〕99号 2001年5月29日)\n各市、县人民政府:",
     "某政办发〔2001〕99号", "某自治区人民政府办公厅关于印发《某自治区公文格式规定》的通知"),
    # the number run into the title, and a title in book marks
    ("某政发【2023】7号关于印发某县突发事件总体应急预案的通知\n各乡镇人民政府:", "某政发【2023】7号", "关于印发某县突发事件总体应急预案的通知"),
    ("某政办发〔2016〕26号《某市人民政府办公厅关于印发〈某市政务公开工作要点〉的通知》\n"
     "《某市人民政府办公厅关于印发〈某市政务公开工作要点〉的通知》\n各区人民政府:",
     "某政办发〔2016〕26号", "某市人民政府办公厅关于印发〈某市政务公开工作要点〉的通知"),
    # a title that lists several books over lines, its issuer on the line above, a page's 来源 above that
    ("来源:某省财政厅\n某省财政厅某省科技厅\n关于印发《某省资金管理办法》\n《某省创新券管理办法》\n《某省揭榜制管理办法》的通知\n"
     "某财规〔2020〕3号\n各州市财政局、科技局:", "某财规〔2020〕3号",
     "某省财政厅某省科技厅关于印发《某省资金管理办法》《某省创新券管理办法》《某省揭榜制管理办法》的通知"),
    # the place the title opens with, on a line of its own
    ("某某市\n关于进一步激发民营企业创业热情的实施细则\n某政〔2019〕8号\n各县区人民政府:", "某政〔2019〕8号",
     "某某市关于进一步激发民营企业创业热情的实施细则"),
    # the issuer and its verb on a line above 关于…, the number above them
    ("某政发〔2025〕4号\n某市人民政府某市中级人民法院印发\n关于完善联动机制的意见的通知\n各县(区)人民政府、法院:",
     "某政发〔2025〕4号", "某市人民政府某市中级人民法院印发关于完善联动机制的意见的通知"),
])
def test_numbers_and_titles_as_pages_print_them(tmp_path, head, number, title):
    m = parse_text(tmp_path, head + "\n现将有关事项通知如下。\n一、总体要求\n").metadata
    assert (m.doc_number, m.title) == (number, title)


def test_a_citation_ending_a_head_line_is_no_doc_number(tmp_path):
    text = "某市人民政府关于做好就业工作的意见\n各县区:\n为贯彻《关于做好就业工作的意见》(国发〔2015〕23号)\n"
    assert parse_text(tmp_path, text).metadata.doc_number is None


def test_a_page_that_prints_the_title_twice_keeps_the_number_below(tmp_path):
    text = ("某市委某市人民政府关于加快建设旅游强市的实施意见\n某市委某市人民政府关于加快建设旅游强市的实施意见\n"
            "某发〔2023〕11号\n为促进文化和旅游深度融合,制定本意见。\n一、总体要求\n")
    m = parse_text(tmp_path, text).metadata
    assert (m.doc_number, m.title) == ("某发〔2023〕11号", "某市委某市人民政府关于加快建设旅游强市的实施意见")


def test_addressees_whose_piece_ends_in_a_bracketed_name(tmp_path):
    text = ("某市人民政府关于深化改革的实施意见\n某政字〔2021〕30号\n各县(市、区)人民政府,某高新区、某新区、"
            "某经济技术开发区、某文化建设示范区管委会(推进办公室),市政府各部门:\n为深化改革,提出如下意见。\n")
    m = parse_text(tmp_path, text).metadata
    assert m.addressees == ("各县(市、区)人民政府", "某高新区、某新区、某经济技术开发区、某文化建设示范区管委会(推进办公室)",
                            "市政府各部门")


@pytest.mark.parametrize("head, title", [
    ("关于印发某市公共卫生体系建设三年行动计划\n(2023—2025年)的通知\n各县(市)、区人民政府:",
     "关于印发某市公共卫生体系建设三年行动计划(2023—2025年)的通知"),
    ("自治区人民政府关于\n印发某自治区百万人温饱工程计划的通知\n各州、市、县(市)人民政府:",
     "自治区人民政府关于印发某自治区百万人温饱工程计划的通知"),
    ("某省全民健身实施计划\n(2021—2025年)\n各市人民政府:", "某省全民健身实施计划(2021—2025年)"),
    ("某省全民健身实施计划\n(2021—2025年)\n为贯彻全民健身国家战略,制定本计划。", "某省全民健身实施计划(2021—2025年)"),
    ("某市打赢蓝天保卫战实施方案(2019-2020年)\n各县区人民政府:", "某市打赢蓝天保卫战实施方案(2019-2020年)"),
])
def test_titles_broken_where_pages_break_them(tmp_path, head, title):
    assert parse_text(tmp_path, head + "\n一、总体要求\n坚持以人民为中心。\n").metadata.title == title


def test_a_panel_of_labels_and_values_on_lines_of_their_own(tmp_path):
    text = ("某区人民政府关于分解落实2023年区政府工作目标任务的通知\n索引号\n011437144/2023-06550\n文件类型\n政府文件\n"
            "发文字号\n某政发〔2023〕5号\n发布日期\n2023年02月13日 10:53:20\n效力状态\n有效\n各乡镇人民政府,区政府各部门:\n"
            "现将目标任务分解如下。\n")
    notice = parse_text(tmp_path, text)
    m = notice.metadata
    assert (m.title, m.doc_number, m.issuer) == ("某区人民政府关于分解落实2023年区政府工作目标任务的通知", "某政发〔2023〕5号",
                                                 "某区人民政府")
    assert m.panel["索引号"] == "011437144/2023-06550"


def test_the_title_beside_its_own_number_is_no_citation(tmp_path):
    text = "《某市人民政府关于加强管理的通知》\n某政发〔2024〕3号\n各区政府:\n请落实《某省安全生产条例》。\n"
    notice = parse_text(tmp_path, text)
    assert [(c.title, c.doc_number) for c in notice.citations] == [("某省安全生产条例", None)]


def test_a_number_with_its_year_written_out_and_a_long_list_of_addressees(tmp_path):
    bodies = "、".join(["中央网信办", "国家发展改革委", "教育部", "公安部", "民政部", "财政部", "人力资源社会保障部", "商务部",
                       "市场监管总局", "金融监管总局", "国家统计局", "国家医保局", "最高人民法院", "全国妇联"])
    text = (f"商务部等9部门关于印发《家政服务业若干政策措施》的通知\n商服贸函2026年第322号\n{bodies},各省、自治区、直辖市商务主管部门:\n"
            "现将《家政服务业若干政策措施》印发给你们。\n")
    m = parse_text(tmp_path, text).metadata
    assert m.doc_number == "商服贸函2026年第322号"
    assert m.doc_number_parts == {"agency": "商服贸函", "year": 2026, "serial": 322}
    assert m.addressees == (bodies, "各省、自治区、直辖市商务主管部门")


def test_a_page_summary_above_the_notice_stays_prose(tmp_path):
    text = ("当前位置:主页 > 产业规划\n某省充电基础设施发展规划\n"
            "总体发展目标,到2025年,公共充换电站保有量达到8000座以上,充电基础设施达到15万台以上,个人充电设施继续增加。\n"
            "报告内容\n各市发展改革委、科技局:\n现将规划印发给你们。\n")
    notice = parse_text(tmp_path, text)
    assert [t.value for t in notice.targets] == [8000, 15]
    assert (notice.metadata.title, notice.metadata.addressees) == ("某省充电基础设施发展规划", ("各市发展改革委、科技局",))


def test_addressees_named_at_length(tmp_path):
    text = ("关于印发防控方案的通知\n联防联控机制综发〔2022〕71号\n各省、自治区、直辖市及新疆生产建设兵团应对新型冠状病毒肺炎疫情"
            "联防联控机制(领导小组、指挥部),国务院应对新型冠状病毒肺炎疫情联防联控机制各成员单位:\n现将方案印发给你们。\n")
    m = parse_text(tmp_path, text).metadata
    assert m.addressees == ("各省、自治区、直辖市及新疆生产建设兵团应对新型冠状病毒肺炎疫情联防联控机制(领导小组、指挥部)",
                            "国务院应对新型冠状病毒肺炎疫情联防联控机制各成员单位")


@pytest.mark.parametrize("line, note", [("(此件公开发布)", "此件公开发布"), ("公开方式：主动公开", "公开方式：主动公开"),
                                        ("（信息公开形式：主动公开）", "信息公开形式：主动公开")])
def test_the_note_under_the_date_in_every_wording(tmp_path, line, note):
    text = f"某市人民政府关于加强管理的通知\n各区政府:\n请落实。\n某市人民政府\n2021年4月13日\n{line}\n"
    assert parse_text(tmp_path, text).metadata.note == note


@pytest.mark.parametrize("head", ["中华人民共和国国务院令\n第227号", "某省人民政府令 第116号"])
def test_an_order_names_its_issuer_and_number(tmp_path, head):
    text = f"某行政机构管理条例\n{head}\n现发布《某行政机构管理条例》,自发布之日起施行。\n第一章 总则\n"
    m = parse_text(tmp_path, text).metadata
    assert (m.issuer, m.doc_number) == (head.split("令")[0], "第" + head.split("第")[1])


def test_a_damaged_number_is_repaired_from_the_panel(tmp_path):
    text = ("名称: 某市人民政府办公室关于印发任务分解的通知 文号: 某政办〔2025〕1号\n某市人民政府办公室关于印发任务分解的通知\n"
            "某政办〔20251\n各县区人民政府:\n现将任务分解印发给你们。\n")
    notice = parse_text(tmp_path, text)
    assert notice.metadata.doc_number == "某政办〔2025〕1号"
    assert any(w.code == "W-DOC-NUMBER" and "某政办〔20251" in w.message for w in notice.warnings)


def test_a_label_ending_in_文件_is_no_issuer_mark(tmp_path):
    text = "2026年中央一号文件\n新华社北京2月3日电\n一、提升农业综合生产能力\n(一)稳定粮食生产。\n"
    assert parse_text(tmp_path, text).metadata.issuer is None


def test_a_panel_line_ending_in_a_colon_is_no_addressee_list(tmp_path):
    text = ("名 称: 区人民政府办公室关于印发重点工作责任分解的通知\n文 号: 文件分类: 综合政务 所属机构:\n"
            "区人民政府办公室关于印发重点工作责任分解的通知\n各新区、区政府各部门、各市级垂管单位:\n现将责任分解印发给你们。\n")
    assert parse_text(tmp_path, text).metadata.addressees == ("各新区、区政府各部门、各市级垂管单位",)


def test_a_bracketed_number_run_into_the_addressees(tmp_path):
    text = "自治区人民政府关于印发温饱工程计划的通知\n(新政发〔1994〕103号)伊犁哈萨克自治州,各行政公署:\n现将计划印发给你们。\n"
    m = parse_text(tmp_path, text).metadata
    assert (m.doc_number, m.addressees) == ("新政发〔1994〕103号", ("伊犁哈萨克自治州", "各行政公署"))


def test_an_order_after_the_title_it_issues(tmp_path):
    text = "某自治区土地整治办法 某自治区人民政府令 第116号\n《某自治区土地整治办法》已经通过,现予公布。\n"
    m = parse_text(tmp_path, text).metadata
    assert (m.issuer, m.doc_number) == ("某自治区人民政府", "第116号")


@pytest.mark.parametrize("head, title", [
    # a body-only page: its own heading under the breadcrumb, page furniture between it and the body
    ("当前位置:首页\n>> 专题专栏 >> 归档专题\n市政府工作报告重点工作责任分解(2023年)\n时间:2023-07-11 来源:某市政府\n"
     "一、全市经济社会发展主要预期目标\n", "市政府工作报告重点工作责任分解(2023年)"),
    ("首页>地方频道>某市>要闻\n2024年工作总体要求和目标任务\n2024年政府工作的总体要求是:坚持稳中求进,推动高质量发展。\n",
     "2024年工作总体要求和目标任务"),
    # a breadcrumb above a title is no part of it
    ("当前位置:首页\n> 政务公开 > 工作报告\n市政府2020年重点工作一季度进展情况表\n发布日期:2020-05-14\n一、经济发展\n",
     "市政府2020年重点工作一季度进展情况表"),
    # a title whatever its last word when its 发文字号 follows it in brackets; a counter row passed over
    ("2021年县政府重点工作任务(华政发〔2021〕2号)\n来源:华容县政府 2021-03-23\n浏览量:1 | | |\n各乡镇人民政府、县直各单位:\n"
     "现将任务印发给你们。\n", "2021年县政府重点工作任务"),
    # the publisher's line between the title and the 主送机关
    ("关于印发《某区重污染天气应急预案》的通知\n某市生态环境局某区分局\n2024-03-01\n主动公开\n各乡镇人民政府、街道办事处:\n"
     "现将预案印发给你们。\n", "关于印发《某区重污染天气应急预案》的通知"),
])
def test_titles_of_pages_and_body_only_excerpts(tmp_path, head, title):
    assert parse_text(tmp_path, head + "请认真贯彻执行。\n").metadata.title == title


@pytest.mark.parametrize("line, iso", [("2023925日", "2023-09-25"), ("2021年920", "2021-09-20"), ("20151214", "2015-12-14")])
def test_a_date_line_that_lost_its_year_and_month_marks(tmp_path, line, iso):
    notice = parse_text(tmp_path, f"关于做好防汛工作的通知\n各区县：\n请做好防汛工作。\n某县人民政府办公室\n{line}\n")
    assert (notice.metadata.date, notice.metadata.signature) == (iso, "某县人民政府办公室")
    assert any(w.code == "W-DATE" for w in notice.warnings)


def test_a_date_line_that_splits_two_ways_is_not_guessed(tmp_path):
    notice = parse_text(tmp_path, "关于做好防汛工作的通知\n各区县：\n请做好防汛工作。\n某县人民政府办公室\n2023111日\n")
    assert notice.metadata.date is None  # 1月11日 or 11月1日


def test_an_orders_signature_is_the_office_and_the_person(tmp_path):
    text = "某省人民政府令\n第5号\n《某省土地整治办法》已经省政府常务会议通过,现予公布。\n省长 张某某\n2016年12月6日\n"
    notice = parse_text(tmp_path, text)
    assert (notice.metadata.signature, notice.metadata.date) == ("省长张某某", "2016-12-06")


def test_a_speechs_salutation_is_no_addressee(tmp_path):
    text = "关于某区2024年计划执行情况的报告\n各位代表:\n现将计划执行情况报告如下。\n"
    assert parse_text(tmp_path, text).metadata.addressees == ()


def test_a_note_on_its_own_line_with_no_signature_above(tmp_path):
    text = "关于印发某市行动方案的通知\n各区县：\n现将方案印发给你们。\n(此件公开发布)\n某市行动方案\n一、主要目标\n"
    assert parse_text(tmp_path, text).metadata.note == "此件公开发布"


def test_the_number_under_a_title_the_page_shows_again(tmp_path):
    text = ("某市关于推动开发区发展的决定\n【时效性】现行有效\n某市关于推动开发区发展的决\n定\n(某市委发〔2010〕5号)\n"
            "为进一步加快开发区的发展,经研究决定如下。\n")
    assert parse_text(tmp_path, text).metadata.doc_number == "某市委发〔2010〕5号"


@pytest.mark.parametrize("text, attachments", [
    ("关于开展检查的通知\n各镇街：\n请对照《粮食目标分解表》(详见附件)抓好落实。\n", ["粮食目标分解表"]),
    ("关于印发规划的通知\n各镇街：\n现将规划印发给你们。\n附件:某市绿化规划(2021-2030", []),  # cut with the text
])
def test_attachments_referred_to_or_cut_off(tmp_path, text, attachments):
    assert list(parse_text(tmp_path, text).metadata.attachments) == attachments
