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


@pytest.mark.parametrize("text, want", [
    # the year a sentence opens with governs it, after a bullet or a label; not the sentence after it
    ("--到2015年,力争增加值年均增长15%,总量达到1400亿元。",
     [("力争增加值年均增长15%", "increase_by", 15, None, "%", 2015, None),
      ("总量达到1400亿元", "reach", 1400, None, "亿元", 2015, None)]),
    ("具体指标:到2017年,可吸入颗粒物浓度较2012年下降12%。",
     [("可吸入颗粒物浓度较2012年下降12%", "reduce_by", 12, None, "%", 2017, 2012)]),
    ("2022年,全市新建5G基站2600个以上。", [("全市新建5G基站2600个以上", ">=", 2600, None, "个", 2022, None)]),
    ("到2025年,全省基本建成5G网络。每万人拥有5G基站30个。",
     [("全省基本建成5G网络", "qualitative", None, None, None, 2025, None),
      ("每万人拥有5G基站30个", "=", 30, None, "个", None, None)]),
    ("力争2025年每千常住人口基层卫生人员数不低于3.5人。",
     [("力争2025年每千常住人口基层卫生人员数不低于3.5人", ">=", 3.5, None, "人", 2025, None)]),
    # the figures a list gives after one verb share it, and the baseline
    ("排放总量比2015年分别下降15%、10%和26%。",
     [("排放总量比2015年分别下降15%", "reduce_by", 15, None, "%", None, 2015),
      ("10%", "reduce_by", 10, None, "%", None, 2015), ("26%", "reduce_by", 26, None, "%", None, 2015)]),
    # a level held (保持在, 稳定在) is a goal, not a bar; a range may repeat its unit
    ("优良天数比率保持在95%以上。", [("优良天数比率保持在95%以上", ">=", 95, None, "%", None, None)]),
    ("经济增长7.5%—8%。", [("经济增长7.5%—8%", "range", 7.5, 8, "%", None, None)]),
    ("审批时间压缩至90个工作日以内。", [("审批时间压缩至90个工作日以内", "<=", 90, None, "个工作日", None, None)]),
    ("PM2.5年均浓度控制在29微克/立方米以下。",
     [("PM2.5年均浓度控制在29微克/立方米以下", "<=", 29, None, "微克/立方米", None, None)]),
    ("高技术制造业增加值占比超25%。", [("高技术制造业增加值占比超25%", ">=", 25, None, "%", None, None)]),
    ("签约高血压患者血压控制率≥50%。", [("签约高血压患者血压控制率≥50%", ">=", 50, None, "%", None, None)]),
    # a plan's action or a share of what it covers frames a figure with no comparator
    ("整合3000万元资金用于发放消费券。", [("整合3000万元资金用于发放消费券", "=", 3000, None, "万元", None, None)]),
    ("实施16个乡镇卫生院、158个村卫生室改扩建项目。",
     [("实施16个乡镇卫生院", "=", 16, None, "个", None, None), ("158个村卫生室改扩建项目", "=", 158, None, "个", None, None)]),
    ("100%的社区卫生服务中心完成中医馆设置。",
     [("100%的社区卫生服务中心完成中医馆设置", "=", 100, None, "%", None, None)]),
    # a figure with a bar before its noun qualifies the noun; the goal is the figure after it
    ("到2015年,营业收入亿元以上企业达到250家,其中十亿元以上企业30家。",
     [("营业收入亿元以上企业达到250家", "reach", 250, None, "家", 2015, None),
      ("其中十亿元以上企业30家", "=", 30, None, "家", 2015, None)]),
    # the sentence that details a goal: its bare figures are goals too
    ("粮食播种面积稳定在43.92万亩以上。其中:早稻3万亩,中稻27万亩。",
     [("粮食播种面积稳定在43.92万亩以上", ">=", 43.92, None, "万亩", None, None),
      ("早稻3万亩", "=", 3, None, "万亩", None, None), ("中稻27万亩", "=", 27, None, "万亩", None, None)]),
    ("预留30%的号源(其中专家号源不低于30%)。",
     [("预留30%的号源", "=", 30, None, "%", None, None), ("其中专家号源不低于30%", ">=", 30, None, "%", None, None)]),
    # years and figures in words
    ("到二〇二五年,森林覆盖率达到百分之三十五。", [("森林覆盖率达到百分之三十五", "reach", 35, None, "%", 2025, None)]),
    ("到2025年,研发投入强度达到百分之二点五。", [("研发投入强度达到百分之二点五", "reach", 2.5, None, "%", 2025, None)]),
    ("到2025年,全市生产总值翻一番。", [("全市生产总值翻一番", "increase_by", 1, None, "番", 2025, None)]),
    ("力争到2030年,农民收入提高两成。", [("农民收入提高两成", "increase_by", 2, None, "成", 2030, None)]),
])
def test_goals_the_way_plans_write_them(text, want):
    assert targets(text) == want


@pytest.mark.parametrize("text", [
    # what was, not what shall be: a paragraph of last year's results, a forecast, a 截至 count
    "2016年,全省实现了良好开局。全省地区生产总值增长7.9%,规模工业增加值增长6.9%。",
    "预计全年地区生产总值突破1700亿元。",
    "截至2020年底,全省电动汽车保有量达到50.16万辆。",
    "全自治区贫困人口已减少到107万人。",
    # a definition, a rule as a rule, a service per person, a rate per unit
    "就诊人数指在签约机构就诊≥1次。",
    "签约率原则上不低于80%。",
    "有针对性地为每名困难毕业生推荐3个以上就业岗位。",
    "每引进1名人才给予奖励。",
    # a year inside a cited title sets no goal
    "为贯彻落实《2030年前碳达峰行动方案》(国发〔2021〕23号),制定本方案。",
])
def test_not_goals_the_way_plans_write_them(text):
    assert targets(text) == []
