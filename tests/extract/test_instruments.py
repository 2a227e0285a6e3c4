"""Instruments: the parameters a notice sets for others, typed, and kept apart from goals."""
import pytest

from pipeline.extract.instruments import extract_instruments
from pipeline.extract.targets import Prose


def instruments(text):
    return [(i.text, i.kind, i.value, i.unit) for i in extract_instruments([Prose(text, 0, "body.1")])]


@pytest.mark.parametrize("text, want", [
    # an award, its cap, the bar to clear and a rate, each from the words around its figure
    ("对新引进固定资产投资1000万元以上的,按固定资产投资额的10%,给予最高2000万元补贴。",
     [("对新引进固定资产投资1000万元以上的", "threshold", 1000, "万元"), ("按固定资产投资额的10%", "rate", 10, "%"),
      ("给予最高2000万元补贴", "cap", 2000, "万元")]),
    ("对新认定的示范企业,分别给予50万元、20万元一次性奖补。",
     [("分别给予50万元、20万元一次性奖补", "award", 50, "万元"), ("分别给予50万元、20万元一次性奖补", "award", 20, "万元")]),
    ("按照每人不超过1500元的标准发放一次性扩岗补助。", [("按照每人不超过1500元的标准发放一次性扩岗补助", "cap", 1500, "元")]),
    ("补助资金市县按1:1比例承担。", [("补助资金市县按1:1比例承担", "rate", None, None)]),
    ("给予省级补助资金1:1配套奖励。", [("给予省级补助资金1:1配套奖励", "award", None, None)]),
    ("每年遴选不超过20名优秀企业家给予奖励。", [("每年遴选不超过20名优秀企业家给予奖励", "cap", 20, "名")]),
    ("给予“入规”奖励60万元,分三年按10万、20万、30万兑现。",  # instalments of one award: a period, no awards
     [("给予“入规”奖励60万元", "award", 60, "万元"), ("分三年按10万、20万、30万兑现", "period", 3, "年")]),
    # a bar stated before the grant, with or without 的
    ("年度演出场次超过100场,全年票房超过100万元的演艺空间,给予不超过150万元奖励。",
     [("年度演出场次超过100场", "threshold", 100, "场"), ("全年票房超过100万元的演艺空间", "threshold", 100, "万元"),
      ("给予不超过150万元奖励", "cap", 150, "万元")]),
    # the figures of one list are of one kind
    ("年度营业收入首次达到5000万元、1亿元、2亿元以上的,分别给予奖励。",
     [("年度营业收入首次达到5000万元、1亿元、2亿元以上的", "threshold", 5000, "万元"),
      ("年度营业收入首次达到5000万元、1亿元、2亿元以上的", "threshold", 1, "亿元"),
      ("年度营业收入首次达到5000万元、1亿元、2亿元以上的", "threshold", 2, "亿元")]),
    # a tax or fee sets rates
    ("企业研发费用税前加计扣除比例提高至100%。", [("企业研发费用税前加计扣除比例提高至100%", "rate", 100, "%")]),
    # periods, deadlines and frequencies, wherever they stand
    ("两年内按企业所得税县级留存部分的同等比例,由县财政补助给企业。",
     [("两年内按企业所得税县级留存部分的同等比例", "period", 2, "年")]),
    ("规划期限为2021年-2025年。", [("规划期限为2021年-2025年", "period", None, None)]),
    ("企业1 3 年内缴纳的地方税收给予奖励。", [("企业1 3 年内缴纳的地方税收给予奖励", "period", None, None)]),  # damaged
    ("公示时间不少于30天。", [("公示时间不少于30天", "period", 30, "天")]),
    ("各责任单位于2023年2月28日前将联络员名单报区政府督查室。",
     [("于2023年2月28日前将联络员名单报区政府督查室", "deadline", None, None)]),
    ("三年行动过程中,每季度报送一次工作进展情况,每半年报送一次阶段性工作总结。",
     [("每季度报送一次工作进展情况", "other", None, None), ("每半年报送一次阶段性工作总结", "other", None, None)]),
    ("综合运用明察暗访等手段,月开展一次督查督办。", [("月开展一次督查督办", "other", None, None)]),
])
def test_instruments(text, want):
    assert instruments(text) == want


@pytest.mark.parametrize("text", [
    "到2025年,森林覆盖率达到39%。",  # a goal
    "到2027年,培育具备10个以上应用场景的工厂不少于10个,遴选5G工厂标杆30个。",  # a goal year opens it
    "整合3000万元资金用于发放消费券。",  # the government's own spending: a goal
    "各单位要发挥牵头作用,位于2023年建成的园区内。",
])
def test_not_instruments(text):
    assert instruments(text) == []


def test_a_grant_names_its_condition_and_beneficiary():
    bar, award = extract_instruments([Prose("对年营业收入首次超过1亿元的企业,给予100万元奖励。", 0, None)])
    assert (bar.kind, bar.value, bar.unit) == ("threshold", 1, "亿元")
    assert (award.kind, award.value, award.condition, award.beneficiary) == ("award", 100, "年营业收入首次超过1亿元的", "企业")


def test_spans_point_at_the_phrase():
    text = "一、支持企业。对新认定的企业,给予20万元一次性奖补。"
    [award] = extract_instruments([Prose(text, 100, None, 3)])
    assert text[award.span.start - 100:award.span.end - 100] == award.text == "给予20万元一次性奖补"
    assert award.span.page == 3
