"""The numbered outline: families, levels, run-in titles, parents."""
import pytest

from pipeline.extract.outline import heading_title, match_heading


@pytest.mark.parametrize("line, level, number", [
    ("一、总体目标", 1, "一"),
    ("二十七、强化宣传引导", 1, "二十七"),
    ("(一)推进工业绿色升级。强化产业准入", 2, "一"),
    ("(二十三)深化改革。", 2, "二十三"),
    ("㈢加强督查。", 2, "三"),
    ("1.努力实现地区生产总值增长6.2%左右。", 3, "1"),
    ("12、加强监管。", 3, "12"),
    ("(1)建立台账。", 4, "1"),
    ("2)分类施策。", 4, "2"),
    ("③分类施策。", 4, "3"),
])
def test_numbering_families(line, level, number):
    assert match_heading(line)[:2] == (level, number)


@pytest.mark.parametrize("line", ["2022年4月26日", "1.5亿元用于补助", "十年禁渔全面实施", "(此件公开发布)", "一是加强领导"])
def test_not_headings(line):
    assert match_heading(line) is None


@pytest.mark.parametrize("rest, title", [
    ("推进工业绿色升级。强化产业准入", "推进工业绿色升级"),
    ("总体目标", "总体目标"),
    ("建立台账:逐户登记,动态更新。", "建立台账"),
    ("按照要求,做好以下工作:", "按照要求,做好以下工作"),
])
def test_titles(rest, title):
    assert heading_title(rest) == title


def test_county_outline_down_to_level_four(county):
    got = [(h.id, h.level, h.number, h.title, h.parent) for h in county.outline if h.part == "body"]
    assert got == [
        ("body.1", 1, "一", "工作目标", None),
        ("body.2", 1, "二", "重点任务", None),
        ("body.2.1", 2, "一", "推进厕所革命", "body.2"),
        ("body.2.1.1", 3, "1", "摸清底数", "body.2.1"),
        ("body.2.1.1.1", 4, "1", "建立台账", "body.2.1.1"),
        ("body.2.1.1.2", 4, "2", "分类施策", "body.2.1.1"),
        ("body.2.1.2", 3, "2", "加强管护", "body.2.1"),
        ("body.2.2", 2, "二", "治理生活污水", "body.2"),
    ]


def test_heading_text_runs_over_its_paragraphs(county):
    goal = county.outline[0]
    assert goal.text.startswith("工作目标\n到2025年")
    assert county.text[goal.span.start:goal.span.end].endswith("村容村貌明显改善。")


def test_articles_are_kept_apart_from_the_outline(tmp_path):
    from conftest import parse_text

    text = ("某市绿色建筑管理办法\n第一章 总则\n第一条 为了加强管理，制定本办法。\n第二条 本办法所称技术包括：\n"
            "㈠新型节能建筑体系；\n㈡可再生能源利用。\n第二章 设计\n第三条 设计单位应当执行标准。\n")
    notice = parse_text(tmp_path, text)
    assert [(a.level, a.number, a.title) for a in notice.articles] == [
        (1, "一", "总则"), (3, "一", ""), (3, "二", ""), (1, "二", "设计"), (3, "三", "")]
    second = notice.articles[2]
    assert [(h.level, h.number, h.title, h.parent) for h in notice.outline] == [
        (2, "一", "新型节能建筑体系", second.id), (2, "二", "可再生能源利用", second.id)]


def test_sections_over_articles(tmp_path):
    from conftest import parse_text

    text = ("某区若干措施\n一、推进产业融合\n第一条【用地保障】对重大项目优先保障用地。\n第二条【投资奖励】给予奖励。\n"
            "二、支持版权经济\n第三条【版权登记】给予资助。\n")
    notice = parse_text(tmp_path, text)
    assert [(h.id, h.title) for h in notice.outline] == [("body.1", "推进产业融合"), ("body.2", "支持版权经济")]
    assert [(a.title, a.parent) for a in notice.articles] == [
        ("用地保障", "body.1"), ("投资奖励", "body.1"), ("版权登记", "body.2")]
