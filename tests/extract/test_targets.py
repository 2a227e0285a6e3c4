"""Targets: typed goals, year scope, and numbers that are not goals."""
import pytest

from pipeline.extract.targets import Prose, extract_targets


def targets(text):
    return [(t.text, t.comparator, t.value, t.value_max, t.unit, t.target_year, t.baseline_year)
            for t in extract_targets([Prose(text, 0, "body.1")])]


@pytest.mark.parametrize("text, want", [
    ("到2025年,森林覆盖率达到39%。", [("森林覆盖率达到39%", "reach", 39, None, "%", 2025, None)]),
    ("到2025年,绿色产业比重达到35%以上。", [("绿色产业比重达到35%以上", ">=", 35, None, "%", 2025, None)]),
    ("到2025年,单位地区生产总值能耗较2020年下降11%。",
     [("单位地区生产总值能耗较2020年下降11%", "reduce_by", 11, None, "%", 2025, 2020)]),
    ("力争到2027年，水质优良比例不低于90%，劣V类水体控制在5%以内。",
     [("水质优良比例不低于90%", ">=", 90, None, "%", 2027, None),
      ("劣V类水体控制在5%以内", "<=", 5, None, "%", 2027, None)]),
    ("规划建设5G基站累计不少于12万个。", [("规划建设5G基站累计不少于12万个", ">=", 12, None, "万个", None, None)]),
    ("在行业应用方面：培育具备10个以上应用场景的工厂不少于10个。",
     [("培育具备10个以上应用场景的工厂不少于10个", ">=", 10, None, "个", None, None)]),
    ("地区生产总值增长6.2%左右。", [("地区生产总值增长6.2%左右", "increase_by", 6.2, None, "%", None, None)]),
    ("打造1-2个大数据产业融合示范园区。", [("打造1-2个大数据产业融合示范园区", "range", 1, 2, "个", None, None)]),
    ("培育8—10个百亿企业。", [("培育8—10个百亿企业", "range", 8, 10, "个", None, None)]),
    ("全市8大重点产业集群总量超过五千亿规模。", [("全市8大重点产业集群总量超过五千亿", ">=", 5000, None, "亿", None, None)]),
    ("推进垃圾分类,到2025年城区基本建立垃圾分类系统。",
     [("到2025年城区基本建立垃圾分类系统", "qualitative", None, None, None, 2025, None)]),
    ("到2035年,生态环境根本好转,碳排放达峰后稳中有降。",  # a vague aim is not a milestone
     [("碳排放达峰后稳中有降", "qualitative", None, None, None, 2035, None)]),
    ("到2025年,城镇绿色建筑占新建建筑比重达到70%,生态环境明显改善。",
     [("城镇绿色建筑占新建建筑比重达到70%", "reach", 70, None, "%", 2025, None)]),
    ("到2020年,碳排放强度下降40%以上。", [("碳排放强度下降40%以上", "reduce_by", 40, None, "%", 2020, None)]),
    ("2022年10月底前編制並公布行政許可事項清單。",  # traditional script
     [("2022年10月底前編制並公布行政許可事項清單", "qualitative", None, None, None, 2022, None)]),
    ("部分重化工业2020年左右实现碳排放达峰。",
     [("部分重化工业2020年左右实现碳排放达峰", "qualitative", None, None, None, 2020, None)]),
    ("每个村、每个社区至少有一名高校毕业生。", [("每个村、每个社区至少有一名", ">=", 1, None, "名", None, None)]),
    ("到2025年,培育形成2个千亿级产业集群和6个五百亿级产业集群。",
     [("培育形成2个千亿级产业集群", "=", 2, None, "个", 2025, None),
      ("6个五百亿级产业集群", "=", 6, None, "个", 2025, None)]),
    ("二氧化碳排放在2030年前达到峰值。", [("二氧化碳排放在2030年前达到峰值", "qualitative", None, None, None, 2030, None)]),
])
def test_goals(text, want):
    assert targets(text) == want


@pytest.mark.parametrize("text", [
    "对受电容量在315千伏安及以上的污水处理设施用电执行大工业用电分类。",  # a threshold
    "落实长江流域“十年禁渔”。",  # a quoted name
    "制定清洁生产审核工作实施方案(2021-2023年)。",  # a period label
    "建设推广“5G+”工业互联网平台。",
    "贯彻省政府通知(甘政发〔2021〕62号)精神。",  # a document number
    "严格落实《国家危险废物名录(2021年版)》。",  # a year inside a cited title
    "2022年4月26日",
    "全市共有企业120家。",  # a fact, not a goal
    "减少一次性塑料制品使用。",
    "培育一批百亿企业。",
    "突破一批共性技术难题。",
    "各单位于2023年2月10日前将方案报市政府督查室。",  # a reporting deadline
    "认真贯彻国家关于2023年重点工作部署。",
    "到2025年,产业结构明显优化,绿色产业比重显著提升。",  # vague aims
])
def test_not_goals(text):
    assert targets(text) == []


def test_county_targets_stand_under_their_headings(county):
    got = [(t.text, t.comparator, t.target_year, t.outline_id) for t in county.targets]
    assert got == [
        ("全县农村卫生厕所普及率达到85%以上", ">=", 2025, "body.1"),
        ("农村生活垃圾无害化处理率不低于95%", ">=", 2025, "body.1"),
        ("建成乡镇污水处理站3座", "=", 2024, "body.2.2"),
    ]
    for t in county.targets:
        assert county.text[t.span.start:t.span.end] == t.text


def test_years_right_before_their_goals():
    assert targets("全市家庭医生签约率2023年达到80%，力争2035年达到95%。") == [
        ("全市家庭医生签约率2023年达到80%", "reach", 80, None, "%", 2023, None),
        ("力争2035年达到95%", "reach", 95, None, "%", 2035, None)]


@pytest.mark.parametrize("text, want", [
    ("到2026年，数据中心机架规模达到10万架以上。", ("数据中心机架规模达到10万架以上", ">=", 10, None, "万架", 2026, None)),
    ("到2026年，核心产业增加值比重提高2个百分点。", ("核心产业增加值比重提高2个百分点", "increase_by", 2, None, "个百分点", 2026, None)),
    ("到2025年，单位GDP能耗降低至0.45吨标准煤。", ("单位GDP能耗降低至0.45吨标准煤", "reach", 0.45, None, "吨标准煤", 2025, None)),
])
def test_measure_words(text, want):
    assert targets(text) == [want]


def test_regression_quantity_scan_on_long_runs():
    """A masked clause is mostly spaces, and a scanned table may hold long runs of digits: the
    quantity pattern took cubic time over them.  A match now never starts on a space or inside
    a run of digits or numerals, which keeps the scan linear (timings live in bench/)."""
    from pipeline.patterns import QUANTITY

    assert QUANTITY.match("   35%") is None and QUANTITY.search("   35%").start() == 3
    assert [m.start() for m in QUANTITY.finditer("1" * 40 + "%")] == [0]
    assert [m.start() for m in QUANTITY.finditer("二" * 30 + "个")] == []  # a numeral past 20 characters
    assert targets("依据" + "（" + "一" * 5000 + "）" + "，到2025年，森林覆盖率达到39%。")[-1][:3] == (
        "森林覆盖率达到39%", "reach", 39)
