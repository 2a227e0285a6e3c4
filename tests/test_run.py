"""The stages together: each phrase in one family, and what only the whole notice shows."""
import pytest

from pipeline.errors import StructureError
from pipeline.run import parse_file

NOTICE = """关于印发某市促进制造业发展若干措施的通知
各县区人民政府:
现将《某市促进制造业发展若干措施》印发给你们,请认真贯彻执行。
一、发展目标
到2025年,规模以上工业企业达到800家。
二、支持措施
对新引进固定资产投资1000万元以上的企业,给予最高不超过200万元奖励。
附件
一级指标 | 二级指标 | 评价标准
签约数量 | 签约服务覆盖率 | 2023年达到80%,力争2035年达到95%。
服务质量 | 居民满意度 | 较上一年提高。
"""


def test_a_cap_is_an_instrument_and_no_target(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    notice = parse_file(path)
    assert [(i.kind, i.value, i.unit) for i in notice.instruments] == [("threshold", 1000, "万元"), ("cap", 200, "万元")]
    assert all(t.value not in (200, 1000) for t in notice.targets)
    assert [i.text for i in notice.instruments] == ["对新引进固定资产投资1000万元以上的企业", "给予最高不超过200万元奖励"]
    assert all(notice.text[i.span.start:i.span.end] == i.text for i in notice.instruments)


def test_an_indicator_table_sets_goals_of_its_own(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    goals = [(t.value, t.target_year) for t in parse_file(path).targets]
    assert goals == [(800, 2025), (80, 2023), (95, 2035)]


# E-STRUCTURE was in the README and labels.csv, and nothing raised it: a file saying only "hello"
# came out as an empty notice.  A text holds no notice when it has no Chinese at all, or none of a
# notice's elements (title, 文号, date, numbered heading) and no paragraph of Chinese prose.
@pytest.mark.parametrize("text, notice", [
    ("hello", False),
    ("hello world\n2024-01-01\n1. first", False),  # a date and a numbered line, but no Chinese
    ("Notice on X\nNo. 3\n\nDear all, please do Y.", False),
    ("你好", False),
    ("你好\n谢谢", False),
    ("一、总体要求", True),  # a heading
    ("关于加强管理的通知", True),  # a title
    ("某政发〔2024〕3号", True),  # a 文号
    ("2024年5月6日", True),  # a date
    ("请各单位认真贯彻落实本通知要求。", True),  # a paragraph of prose (ten ideographs or more)
])
def test_hello_is_no_notice_e_structure(tmp_path, text, notice):
    path = tmp_path / "n.txt"
    path.write_text(text, encoding="utf-8")
    if notice:
        assert parse_file(path).text == text
    else:
        with pytest.raises(StructureError) as err:
            parse_file(path)
        assert err.value.code == "E-STRUCTURE" and err.value.path == str(path)
        assert err.value.message.startswith("not a notice: ")


def test_a_notice_with_no_title_or_issuer_warns_of_each(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("一、总体要求\n请各单位认真贯彻落实本通知要求。", encoding="utf-8")
    notice = parse_file(path)
    assert (notice.metadata.title, notice.metadata.date, notice.metadata.issuer) == (None, None, None)
    assert {w.code for w in notice.warnings} >= {"W-NO-TITLE", "W-NO-DATE", "W-NO-ISSUER"}
