"""The stages together: each phrase in one family, and what only the whole notice shows."""
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
