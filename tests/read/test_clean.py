"""Text clean-up steps and the offset map back to the source."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.read.clean import (STEPS, TEXT_STEPS, break_run_together, break_unspaced_headings, clean,
                                 collapse_layout_spaces, fullwidth_to_halfwidth, join_page_chunks, markup_to_lines,
                                 soft_hyphen_as_dash, spaces_to_ascii, strip_line_edges, unify_newlines)


@pytest.mark.parametrize("step, before, after", [
    (unify_newlines, "a\r\nb\rc", "a\nb\nc"),
    (soft_hyphen_as_dash, "纲要(2014\u00ad2020年)", "纲要(2014-2020年)"),
    (soft_hyphen_as_dash, "infor\u00admation", "infor\u00admation"),  # a real soft hyphen: dropped later
    (spaces_to_ascii, "三、\u3000健全", "三、 健全"),
    (fullwidth_to_halfwidth, "（一）到２０２５年达到９０％", "(一)到2025年达到90%"),
    (fullwidth_to_halfwidth, "市工信局，市财政局：", "市工信局，市财政局："),  # Chinese punctuation stays
    (collapse_layout_spaces, "重 点 任 务 | 责任单位", "重点任务 | 责任单位"),
    (collapse_layout_spaces, "加速科技成果 转化", "加速科技成果转化"),
    (collapse_layout_spaces, "打造 1-2个", "打造1-2个"),
    (collapse_layout_spaces, "市生态环境局 、市乡村振兴局", "市生态环境局、市乡村振兴局"),
    (collapse_layout_spaces, "序号     重点任务", "序号     重点任务"),  # a wide gap may be a column
    (collapse_layout_spaces, "CCUS technology", "CCUS technology"),
    (strip_line_edges, "  一、总体目标  \n\t2 | x", "一、总体目标\n\t2 | x"),
])
def test_steps(step, before, after):
    assert step(before) == after


def test_offset_map_points_back_to_the_source():
    source = "\ufeff　　三、\u3000健全 体系\r\n（一）到２０２５年"
    text, offsets = clean(source)
    assert text == "三、健全体系\n(一)到2025年"
    assert len(offsets) == len(text)
    for i, ch in enumerate(text):
        src = source[offsets[i]]
        assert src == ch or fullwidth_to_halfwidth(src) == ch or (ch == "\n" and src in "\r\n")
    assert offsets == sorted(offsets)


def test_clean_is_identity_on_clean_text():
    text, offsets = clean("一、总体目标\n到2025年,森林覆盖率达到39%。")
    assert offsets == list(range(len(text)))


def test_deleting_steps_map_like_the_general_alignment():
    """The deleting steps take their offsets from their matches; the general (difflib) path agrees."""
    source = "\ufeff  一、 总 体  目标  \r\n\r\n\u200b（一）到 ２０２５ 年 ,  市工信局 、市财政局\r末行  "
    fast_text, fast = clean(source)
    slow_text, slow = clean(source, tuple(lambda t, s=s: s(t) for s in STEPS))  # no step recognised
    assert fast_text == slow_text
    assert [source[i] for i in fast] == [source[i] for i in slow]


@given(st.text(alphabet="一二总体目标、市局 \u3000\r\n\t|（）２0a\ufeff\u200b", max_size=60))
def test_offset_map_is_increasing_and_points_at_its_character(source):
    text, offsets = clean(source)
    assert len(offsets) == len(text)
    assert offsets == sorted(set(offsets))
    for ch, i in zip(text, offsets):
        assert ch == source[i] or ch == fullwidth_to_halfwidth(spaces_to_ascii(source[i])) or (
            ch == "\n" and source[i] == "\r")


@pytest.mark.parametrize("before, after", [
    ('<p>各市人民政府:</p><p style="text-align: right;"> 山西省人民政府</p><p><strong>一、指导思想</strong></p>',
     "\n各市人民政府:\n\n 山西省人民政府\n\n一、指导思想\n"),
    ("请勿在文中使用<br>标签。", "请勿在文中使用<br>标签。"),  # one tag: a text that mentions markup
    ("到2025年<达到90%>", "到2025年<达到90%>"),
])
def test_markup_a_crawl_saved_as_text_becomes_lines(before, after):
    assert markup_to_lines(before) == after


def test_markup_offsets_point_at_the_tags_they_replace():
    source = "<p>各单位:</p><p>现将<strong>方案</strong>印发</p><br/>"
    text, offsets = clean(source)
    assert text == "\n各单位:\n\n现将方案印发\n\n"
    assert [source[i] for i in offsets] == list("<各单位:<<现将方案印发<<")


BODY = "为深入贯彻落实党中央决策部署,进一步做好就业创业工作,结合本地实际,现提出以下意见。" * 2


@pytest.mark.parametrize("line, pieces", [
    (f"各县区人民政府,市直各部门: {BODY} 一、深入实施就业优先战略 1.坚持就业优先发展战略。各级政府要把就业放在首位。",
     ["各县区人民政府,市直各部门:", BODY, "一、深入实施就业优先战略", "1.坚持就业优先发展战略。各级政府要把就业放在首位。"]),
    (f"{BODY} 1.总则 1.1目的依据 提高能力,增速至 3.7%以上 (一)发展环境 从宏观环境看",
     [BODY, "1.总则", "1.1目的依据 提高能力,增速至 3.7%以上", "(一)发展环境 从宏观环境看"]),
])
def test_a_line_a_crawl_ran_together_breaks_where_paragraphs_ended(line, pieces):
    assert [p for p in break_run_together(line).split("\n") if p] == pieces
    assert len(break_run_together(line)) == len(line)  # one for one: the offsets stand


def test_a_head_run_together_breaks_between_its_elements():
    line = ("珠府〔2018〕14 号 珠海市人民政府关于印发珠海市2018年国民经济和社会发展计划的通知 横琴新区管委会,各区政府,"
            "市府直属各单位: 《珠海市2018年国民经济和社会发展计划》业经审议通过,现印发给你们。 请认真贯彻执行。 珠海市人民政府 "
            "2018 年 2 月 13 日 — 1 — 珠海市2018年国民经济和社会发展计划 一、总体思路")
    assert [p for p in break_run_together(line).split("\n") if p] == [
        "珠府〔2018〕14 号", "珠海市人民政府关于印发珠海市2018年国民经济和社会发展计划的通知", "横琴新区管委会,各区政府,市府直属各单位:",
        "《珠海市2018年国民经济和社会发展计划》业经审议通过,现印发给你们。", "请认真贯彻执行。", "珠海市人民政府",
        "2018 年 2 月 13 日", "— 1 —", "珠海市2018年国民经济和社会发展计划", "一、总体思路"]


def test_a_short_line_or_a_decimal_is_not_broken():
    assert break_run_together("要求如下: 一、总体要求") == "要求如下: 一、总体要求"
    assert break_run_together(BODY + " 增速 3.7%") == BODY + " 增速 3.7%"


def test_only_plain_text_breaks_its_run_together_lines():
    line = BODY + BODY + " 一、总体要求"
    assert clean(line, TEXT_STEPS)[0] == BODY + BODY + "\n一、总体要求"
    assert "\n" not in clean(line)[0]  # a docx or PDF paragraph keeps its reader's layout


PAGE = "各地要加强组织领导,明确责任分工,细化工作措施,确保各项任务落到实处,对工作推进不力的要严肃问责。" * 6


@pytest.mark.parametrize("text, joined", [
    # a sharing page cut the file into numbered pages, most of them mid-word: one text again
    (f"《方案.docx》由会员分享\n1、{PAGE}加强\n2、管理{PAGE}推进\n3、工作", f"《方案.docx》由会员分享\n{PAGE}加强管理{PAGE}推进工作"),
    # a list whose items end with a full stop (or a bracket) is a list, however long its items
    (f"1、{PAGE}\n2、{PAGE}", f"1、{PAGE}\n2、{PAGE}"),
    # short items are items, not pages
    ("1、加强组织\n2、领导", "1、加强组织\n2、领导"),
    # numbers out of order are not pages
    (f"1、{PAGE}加强\n3、管理", f"1、{PAGE}加强\n3、管理"),
])
def test_a_shared_documents_numbered_pages_are_joined(text, joined):
    assert join_page_chunks(text) == joined


HEAD = "嘉兴市促进民营经济高质量发展实施方案"


@pytest.mark.parametrize("line, pieces", [
    (f"{HEAD}为深入贯彻落实决策部署,制定本方案。一、加强要素支持(一)强化财税政策保障。{PAGE}(市财政局牵头)(二)加强基金支持。",
     [HEAD, "为深入贯彻落实决策部署,制定本方案。", "一、加强要素支持", "(一)强化财税政策保障。" + PAGE + "(市财政局牵头)",
      "(二)加强基金支持。"]),
    # a heading numeral inside a sentence, or a line short enough to be one paragraph, stays
    (f"{PAGE}按照第一、二项的要求", [f"{PAGE}按照第一、二项的要求"]),
    ("制定本方案。一、总体要求", ["制定本方案。一、总体要求"]),
])
def test_a_line_run_together_without_spaces_breaks_before_its_headings(line, pieces):
    assert break_unspaced_headings(line).split("\n") == pieces


def test_joined_pages_and_inserted_breaks_point_back_to_the_source():
    source = f"1、{HEAD}为贯彻落实,制定本方案。{PAGE}加强\n2、管理。一、总体要求{PAGE}"
    text, offsets = clean(source, TEXT_STEPS)
    assert text.startswith(f"{HEAD}\n为贯彻") and "加强管理。\n一、总体要求" in text
    assert all(text[i] == source[o] for i, o in enumerate(offsets) if text[i] != "\n")
    assert offsets == sorted(offsets)
