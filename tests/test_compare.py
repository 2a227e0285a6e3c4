"""Comparing two plans: a city's plan against its province's, measure by measure (by content),
target by target (by indicator) and bureau by bureau (by function)."""
import json

import pytest

from pipeline.compare import (AMBITION, BUREAU_THRESHOLD, MEASURE_THRESHOLD, TARGET_THRESHOLD, Equivalence, align,
                              compare_notices, content_scores, function, function_key, indicator_scores, level_words,
                              loads, measure_text, measures, merged_order, normalised, target_status)
from pipeline.model import Comparison, Heading, Span, Target
from plans import parsed


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    """The province's plan and the city's that implements it, each parsed from a .txt file."""
    return parsed(tmp_path_factory.mktemp("plans"))


@pytest.fixture(scope="module")
def comparison(plans) -> Comparison:
    return compare_notices(*plans)


def test_the_two_plans_are_named_at_the_top(comparison):
    a, b = comparison.a, comparison.b
    assert (a.doc_number, a.plan_title, a.place) == ("甘政发〔2023〕10号", "甘肃省生态环境保护三年行动方案", "甘肃省")
    assert (b.doc_number, b.plan_title, b.place) == ("天政发〔2023〕15号", "天水市生态环境保护三年行动方案", "天水市")


# every measure pair, in reading order: A's measure, B's measure, status
MEASURES = [
    ("body.1", "body.1", "reworded"),  # the targets' figures differ
    ("body.2.1", "body.2.1", "kept"),  # word for word but 全省 → 全市, 甘肃省 → 天水市, the bureaus' names
    ("body.2.2", "body.2.2", "reworded"),  # clauses added and verbs changed
    ("body.2.3", None, "dropped"),  # 加强生态保护修复: not in the city's plan
    ("body.2.4", "body.2.3", "reworded"),  # renumbered, 中央 → 中央和省级
    (None, "body.2.4", "added"),  # 发展文化旅游产业: the city's own
]


def test_every_measure_is_aligned(comparison):
    assert [(m.a_id, m.b_id, m.status) for m in comparison.measures] == MEASURES


@pytest.mark.parametrize("at, a_id, b_id, status", [(i, *row) for i, row in enumerate(MEASURES)])
def test_each_measure_pair_has_its_score(comparison, at, a_id, b_id, status):
    m = comparison.measures[at]
    assert (m.a_id, m.b_id, m.status) == (a_id, b_id, status)
    if status == "kept":
        assert m.score == 100
    elif status == "reworded":
        assert MEASURE_THRESHOLD <= m.score < 100
    else:
        assert m.score is None
    assert (m.a_text is None) == (a_id is None) and (m.b_text is None) == (b_id is None)


# every target pair: status, stricter, A's (indicator, value), B's (indicator, value), unit, years
TARGETS = [
    ("raised", True, ("全省森林覆盖率", 35), ("全市森林覆盖率", 39), "%", 2025),
    ("same", None, ("城市污水处理率", 95), ("城市污水处理率", 95), "%", 2025),
    ("lowered", False, ("单位地区生产总值能耗", 13), ("单位地区生产总值能耗", 11), "%", 2025),  # a smaller cut
    ("lowered", True, ("PM2.5平均浓度", 30), ("PM2.5平均浓度", 28), "微克/立方米", 2025),  # a lower cap
    ("new", None, (None, None), ("城市生活垃圾无害化处理率", 99), "%", 2025),
]


@pytest.mark.parametrize("at, status, stricter, a, b, unit, year", [(i, *row) for i, row in enumerate(TARGETS)])
def test_each_target_beside_its_counterpart(comparison, at, status, stricter, a, b, unit, year):
    t = comparison.targets[at]
    assert (t.status, t.stricter) == (status, stricter)
    assert (t.a_indicator, t.a_value) == a and (t.b_indicator, t.b_value) == b
    assert t.b_unit == unit and t.b_target_year == year
    if a[0] is not None:
        assert t.a_unit == unit and t.a_target_year == year


def test_every_target_is_listed(comparison):
    assert len(comparison.targets) == len(TARGETS)


# every bureau: function, status, A's bureau (total, lead, support), B's bureau (total, lead, support)
BUREAUS = [
    ("发展和改革委员会", "both", "甘肃省发展和改革委员会", (2, 1, 1), "天水市发展和改革委员会", (2, 1, 1)),
    ("农业农村厅 / 农业农村局", "both", "甘肃省农业农村厅", (1, 1, 0), "天水市农业农村局", (1, 1, 0)),
    ("工业和信息化厅 / 工业和信息化局", "both", "甘肃省工业和信息化厅", (1, 0, 1), "天水市工业和信息化局", (1, 0, 1)),
    ("财政厅 / 财政局", "both", "甘肃省财政厅", (1, 1, 0), "天水市财政局", (1, 1, 0)),
    ("文化和旅游局", "only_b", None, (0, 0, 0), "天水市文化和旅游局", (1, 1, 0)),
    ("林业和草原局", "only_a", "甘肃省林业和草原局", (1, 1, 0), None, (0, 0, 0)),
    ("自然资源厅", "only_a", "甘肃省自然资源厅", (1, 0, 1), None, (0, 0, 0)),
]


def test_every_bureau_with_its_tasks_in_both_plans(comparison):
    got = [(r.function, r.status, r.a_bureau, (r.a_total, r.a_lead, r.a_support), r.b_bureau,
            (r.b_total, r.b_lead, r.b_support)) for r in comparison.bureaus]
    assert got == BUREAUS
    assert {r.method for r in comparison.bureaus if r.status == "both"} == {"exact"}


def test_a_plan_against_itself_keeps_everything(plans):
    same = compare_notices(plans[1], plans[1])
    assert {m.status for m in same.measures} == {"kept"} and {t.status for t in same.targets} == {"same"}
    assert {r.status for r in same.bureaus} == {"both"}


def test_the_comparison_reads_back_from_its_plain_data(comparison):
    plain = json.loads(json.dumps(comparison.as_dict(), ensure_ascii=False))
    assert Comparison.from_dict(plain) == comparison


def test_a_document_json_compares_as_its_notice(plans, comparison):
    from pipeline.model import Notice

    again = [Notice.from_dict(json.loads(json.dumps(n.as_dict(), ensure_ascii=False))) for n in plans]
    assert compare_notices(*again) == comparison


# ------------------------------------------------------------------------------ each rule


@pytest.mark.parametrize("place, words", [("甘肃省", ("省",)), ("天水市", ("市",)), ("秦州区", ("区",)),
                                          ("甘南藏族自治州", ("自治州", "州")), ("新疆维吾尔自治区", ("自治区", "区")),
                                          (None, ())])
def test_level_words_of_a_place(place, words):
    assert level_words(place) == words


SAME = Equivalence(("天水市", "甘肃省", "天水", "甘肃"), ("省", "市"))


@pytest.mark.parametrize("a, b, equal", [
    ("严格落实全省产业准入要求。", "严格落实全市产业准入要求,", True),  # level words and punctuation
    ("推动甘肃省工业园区循环化改造", "推动天水市工业园区 循环化改造", True),  # place names, white space
    ("推进甘肃绿色发展", "推进天水绿色发展", True),  # short names
    ("培育市场主体", "培育市场主体", True),  # 市 of 市场 stays equal on both sides
    ("积极争取中央财政资金", "积极争取中央和省级财政资金", False),
    ("各市州", "各县区", False),  # other levels are other words
])
def test_texts_equal_after_places_and_levels(a, b, equal):
    assert (normalised(a, SAME) == normalised(b, SAME)) is equal


def test_equivalence_of_two_issuers(plans):
    from pipeline.compare import equivalence

    same = equivalence(*plans)
    assert set(same.places) == {"甘肃省", "甘肃", "天水市", "天水"} and set(same.levels) == {"省", "市"}


def _heading(hid, parent, title, text, start=0, end=10):
    return Heading(hid, "body", hid.count("."), "一", title, parent, text, Span(start, end))


def test_measures_are_the_headings_with_text_of_their_own():
    from pipeline.model import Metadata, Notice, Source

    outline = (_heading("body.1", None, "指导思想", "指导思想。坚持绿色发展。"),  # a leaf
               _heading("body.2", None, "重点任务", "重点任务"),  # only groups its children: no measure
               _heading("body.2.1", "body.2", "推进工业", "推进工业。严格准入。"),
               _heading("body.3", None, "保障措施", "保障措施。加强领导。"),  # a parent with a paragraph
               _heading("body.3.1", "body.3", "加强宣传", "加强宣传"),  # a one-line leaf is its own measure
               Heading("annex.1.1", "annex", 1, "一", "推进工业", None, "一、推进工业", Span(0, 1)))
    notice = Notice(Source("x.txt", "txt", "", None, None), Metadata(), outline=outline)
    assert [h.id for h in measures(notice)] == ["body.1", "body.2.1", "body.3", "body.3.1"]


def test_a_measure_is_compared_without_the_bureaus_it_names(plans):
    province = plans[0]
    heading = next(h for h in province.outline if h.id == "body.2.1")
    text = measure_text(province, heading)
    # the aside goes whole, its role words too: (牵头，配合) would be alike in any two measures
    assert "省发展改革委" not in text and "牵头" not in text and "配合" not in text
    assert text == "推进工业绿色升级。严格落实全省产业准入要求，坚决遏制高耗能高排放项目盲目发展，推动甘肃省工业园区循环化改造。"


def test_a_copied_and_extended_measure_scores_above_the_threshold_and_unrelated_ones_below():
    copied = list("ABCDEFGHIJ")
    extended = copied + list("KLMNOPQRSTUVWXYZabcd")  # three times as long
    other = list("AXYZuvwxyz")
    scores = content_scores([copied], [extended, other, []])
    assert scores[0][0] >= 70 and scores[0][1] < MEASURE_THRESHOLD and scores[0][2] == 0
    assert content_scores([], [copied]) == []


def test_a_short_measure_found_inside_a_long_one_is_no_copy_of_it():
    # 市政府 inside a paragraph, one line of targets inside a year's work plan: the whole short
    # measure is found in the long one, which is far more than four times its length
    short = ["②", "政府"]
    long = ["②", "政府", *[f"w{k}" for k in range(60)]]
    assert content_scores([short], [long])[0][0] < MEASURE_THRESHOLD
    extended = ["②", "政府", *[f"w{k}" for k in range(6)]]  # four times its length: still a copy
    assert content_scores([short], [extended])[0][0] >= 60


def _plan(issuer: str, body: str) -> str:
    return f"{issuer}\n关于印发重点工作任务分解方案的通知\n{issuer}\n2023年3月1日\n重点工作任务分解方案\n{body}"


def test_labelled_lines_make_no_two_measures_alike(tmp_path):
    """Regression (bug: labelled lines left their labels in the measure): 牵头单位：… 责任单位：…
    under every measure made 固定资产投资增长15% the counterpart of 地区生产总值增长7.5%."""
    from pipeline.run import parse_file

    a = tmp_path / "a.txt"
    a.write_text(_plan("立山区人民政府", "一、主要目标\n1.固定资产投资增长15%左右。\n牵头单位：区发改局\n责任单位：各街道办事处\n"
                                     "2.社会消费品零售总额增长9%左右。\n牵头单位：区商务局\n责任单位：各街道办事处\n"), "utf-8")
    b = tmp_path / "b.txt"
    b.write_text(_plan("铁东区人民政府", "一、主要目标\n1.地区生产总值增长7.5%。\n牵头单位：区发改局\n责任单位：各街道办事处\n"
                                     "2.固定资产投资增长10%。\n牵头单位：区发改局\n责任单位：各街道办事处\n"), "utf-8")
    pairs = {(m.a_title, m.b_title): m.status for m in compare_notices(parse_file(a), parse_file(b)).measures}
    assert pairs[("固定资产投资增长15%左右", "固定资产投资增长10%")] == "reworded"
    assert pairs[(None, "地区生产总值增长7.5%")] == "added"
    assert pairs[("社会消费品零售总额增长9%左右", None)] == "dropped"


def test_a_plan_in_traditional_script_pairs_with_its_simplified_twin(tmp_path):
    """Regression (bug: measures were compared as written): a city's plan published in traditional
    script paired none of its measures with its province's, written in simplified."""
    from pipeline.run import parse_file
    from plans import CITY, PROVINCE

    import opencc

    (tmp_path / "p.txt").write_text(PROVINCE, "utf-8")
    (tmp_path / "c.txt").write_text(opencc.OpenCC("s2t").convert(CITY), "utf-8")
    traditional = compare_notices(parse_file(tmp_path / "p.txt"), parse_file(tmp_path / "c.txt"))
    assert [(m.a_id, m.b_id, m.status) for m in traditional.measures] == MEASURES
    assert {b.function for b in traditional.bureaus if b.status == "both"} >= {"财政厅 / 财政局"}


@pytest.mark.parametrize("scores, pairs", [
    ([[90, 80], [85, 10]], [(0, 0)]),  # best first: 0-0 takes both 85 and 80 from the others
    ([[90, 95], [60, 20]], [(0, 1), (1, 0)]),  # one to one
    ([[60, 60], [60, 60]], [(0, 0), (1, 1)]),  # ties go to the same position
    ([[40]], []),  # under the threshold
    ([], []),
])
def test_alignment_is_one_to_one_best_first(scores, pairs):
    assert [(i, j) for i, j, _ in align(scores, 50)] == pairs


@pytest.mark.parametrize("n_a, n_b, pairs, order", [
    (3, 3, [(0, 0), (2, 1)], [(0, 0), (1, None), (2, 1), (None, 2)]),  # a dropped one where it stood
    (2, 1, [(0, 0)], [(0, 0), (1, None)]),  # the rest of A at the end
    (2, 2, [(1, 0)], [(0, None), (1, 0), (None, 1)]),
    (0, 2, [], [(None, 0), (None, 1)]),
])
def test_merged_reading_order(n_a, n_b, pairs, order):
    assert merged_order(n_a, n_b, pairs) == order


def _target(comparator, value, unit="%", value_max=None, text="x"):
    return Target(text, "指标", comparator, value, value_max, unit, 2025, None, None, Span(0, 1))


@pytest.mark.parametrize("a, b, status, stricter", [
    (_target(">=", 35), _target(">=", 39), "raised", True),  # a higher floor
    (_target("reach", 39), _target(">=", 35), "lowered", False),
    (_target("reduce_by", 11), _target("reduce_by", 13), "raised", True),  # a deeper cut asks more
    (_target("<=", 30, "微克/立方米"), _target("<=", 28, "微克/立方米"), "lowered", True),  # a lower cap
    (_target("<=", 30), _target("<=", 35), "raised", False),
    (_target(">=", 30), _target("<=", 35), "raised", None),  # a floor against a cap: no sense shared
    (_target("range", 1, "个", 2), _target("range", 1, "个", 3), "raised", None),  # a range's top; no sense
    (_target(">=", 35), _target(">=", 35), "same", None),
    (_target(">=", 35, "%"), _target(">=", 35, "个"), "changed", None),  # other units
    (_target("qualitative", None, None, text="达到省上要求"), _target("qualitative", None, None, text="达到省上要求"),
     "same", None),
    (_target("qualitative", None, None, text="稳中有降"), _target(">=", 35), "changed", None),
])
def test_target_status_by_the_figure_and_stricter_by_its_sense(a, b, status, stricter):
    assert target_status(a, b, Equivalence()) == (status, stricter)


@pytest.mark.parametrize("a, b, one", [
    ("全市空气质量优良天数比例(AQI达标率)", "空气质量优良天数比率", True),  # a gloss on one side only
    ("细颗粒物（PM2.5）年均浓度", "细颗粒物年均浓度", True),
    ("地区生产总值", "生产总值", True),
    ("城镇调查失业率", "城镇登记失业率", False),  # two indicators
])
def test_indicators_are_paired_by_name_with_or_without_their_glosses(a, b, one):
    same = Equivalence(levels=("市",))
    ((score,),) = indicator_scores((_named(a),), (_named(b),), same)
    assert (score >= TARGET_THRESHOLD) is one


def _named(indicator):
    return Target("x", indicator, ">=", 1, None, "%", 2025, None, None, Span(0, 1))


def test_every_comparator_of_the_contract_has_a_sense():
    from importlib import resources

    schema = json.loads(resources.files("pipeline").joinpath("data/contract.schema.json").read_text(encoding="utf-8"))
    comparators = schema["properties"]["targets"]["items"]["properties"]["comparator"]["enum"]
    assert set(comparators) == set(AMBITION)


@pytest.mark.parametrize("name, issuer, fn", [
    ("天水市发展和改革委员会", "天水市人民政府", "发展和改革委员会"),
    ("甘肃省财政厅", "甘肃省人民政府", "财政厅"),
    ("市财政局", "天水市人民政府", "财政局"),  # left as written: the bare level word goes
    ("甘肃省天水市财政局", "天水市人民政府", "财政局"),  # the place and the one above it
    ("秦州区人民政府", "天水市人民政府", "秦州区人民政府"),  # another place's body keeps its place
    ("市场监管局", "天水市人民政府", "市场监管局"),  # 市场 is a word, not the level word 市
    ("县农业农村局", "秦州区人民政府", "县农业农村局"),  # another level's word stays
    ("市财政局", None, "财政局"),  # no issuer: the notice's own level, whichever it is
    ("潮州市财政局", None, "财政局"),  # no issuer: the place the name opens with
    ("甘肃省财政厅", "天水市人民政府", "财政厅"),  # the province above the city: one function with its 财政局
])
def test_a_bureaus_function_is_its_name_without_the_issuers_place(name, issuer, fn):
    assert function(name, issuer) == fn


@pytest.mark.parametrize("a, b, same", [
    ("财政厅", "财政局", True), ("人民政府办公厅", "人民政府办公室", True), ("发展和改革委员会", "发展和改革委员会", True),
    ("财政厅", "民政厅", False), ("局", "厅", False),  # a rank word alone is a name, not a rank
])
def test_rank_words_that_differ_by_level_are_one(a, b, same):
    assert (function_key(a) == function_key(b)) is same


def test_a_place_inside_a_bureaus_name_is_the_issuers_place():
    # a bureau under a national one names its place in the middle: one function in every city
    assert function_key("国家税务总局东莞市税务局", "东莞市人民政府") == function_key("国家税务总局韶关市税务局", "韶关市人民政府")
    assert function_key("国家税务总局东莞市税务局", None) == function_key("国家税务总局韶关市税务局", None)


def test_near_functions_under_the_threshold_stay_apart():
    from rapidfuzz import fuzz

    assert fuzz.ratio(function_key("卫生健康委员会"), function_key("卫生和健康委员会")) >= BUREAU_THRESHOLD
    assert fuzz.ratio(function_key("生态环境局"), function_key("生态环境保护局")) < BUREAU_THRESHOLD


def test_a_bureau_named_twice_in_a_task_counts_once_in_its_strongest_role(plans):
    from pipeline.model import TaskUnit

    notice = plans[1]
    task = notice.tasks[0]
    twice = task.evolve(units=(TaskUnit("市财政局", "天水市财政局", "support"), TaskUnit("市财政局", "天水市财政局", "lead")))
    assert loads(notice.evolve(tasks=(twice,)))["天水市财政局"] == (1, 1, 0)


# ------------------------------------------------------------------------------ the worked example

# 甘肃省's plan the example implements (甘政发〔2021〕62号), written short: its measures are the
# example's, some cut down, one it does not have
GANSU_2021_62 = """甘肃省人民政府
关于加快建立健全绿色低碳循环发展经济体系实施方案的通知
甘政发〔2021〕62号
各市、自治州人民政府，省政府各部门：
现将《关于加快建立健全绿色低碳循环发展经济体系实施方案》印发给你们，请认真贯彻执行。
甘肃省人民政府
2021年8月20日
关于加快建立健全绿色低碳循环发展经济体系实施方案
一、总体目标
到2025年，全省产业结构、能源结构、运输结构明显优化，绿色产业比重显著提升，绿色生态产业增加值占地区生产总值比重达到30%以上，森林覆盖率达到35%，单位地区生产总值能耗较2020年下降13%。
二、健全绿色低碳循环发展生产体系
（一）推进工业绿色升级。强化产业准入和落后产能退出，坚决遏制“两高”项目盲目发展。推行工业产品绿色设计，创建一批绿色工厂、绿色园区，建设绿色制造体系。全面推行清洁生产，依法实施强制性清洁生产审核。（省发展改革委牵头，省工业和信息化厅、省财政厅配合）
（二）加快农业绿色发展。推行标准化生产，开展绿色食品、有机农产品认证和管理。发展生态循环农业，实施化肥农药减量增效行动，推动有机肥替代化肥。加快实施畜禽粪污资源化利用整县推进项目。
（三）发展戈壁生态农业。在河西走廊戈壁地区建设日光温室，发展设施蔬菜和特色林果，打造戈壁农业示范园区。
（四）构建绿色供应链。鼓励建材、医药等行业开展绿色供应链试点，开展绿色设计、选择绿色材料、实施绿色采购，推动产品全生命周期管理。逐步禁用不可降解塑料包装用品，推广可循环包装产品。
三、完善法规政策体系
（五）强化资金支持。积极争取中央财政专项资金和预算内投资，支持环境基础设施、绿色环保产业发展、能源高效利用、资源循环利用等项目建设。落实好支持绿色发展的各项税收优惠政策。
"""


@pytest.fixture(scope="module")
def example_against_province(tmp_path_factory, example):
    from pipeline.run import parse_file

    path = tmp_path_factory.mktemp("gansu") / "gansu-2021-62.txt"
    path.write_text(GANSU_2021_62, encoding="utf-8")
    return compare_notices(parse_file(path), example)


@pytest.mark.parametrize("a_title, b_id, status", [
    ("总体目标", "body.1", "reworded"),
    ("推进工业绿色升级", "body.2.1", "reworded"),  # the city's is three times as long
    ("加快农业绿色发展", "body.2.2", "reworded"),
    ("发展戈壁生态农业", None, "dropped"),
    ("构建绿色供应链", "body.2.6", "reworded"),
    ("强化资金支持", "body.7.3", "reworded"),
])
def test_the_example_against_the_provincial_plan_it_cites(example_against_province, a_title, b_id, status):
    (m,) = [m for m in example_against_province.measures if m.a_title == a_title]
    assert (m.b_id, m.status) == (b_id, status)


def test_the_examples_own_measures_are_added(example_against_province):
    added = [m.b_title for m in example_against_province.measures if m.status == "added"]
    assert len(added) == 28 - 5 and "提高服务业绿色发展水平" in added and "强化宣传引导" in added


@pytest.mark.parametrize("indicator, status, stricter, a_value, b_value", [
    ("森林覆盖率", "raised", True, 35, 39),
    ("绿色生态产业增加值占地区生产总值比重", "raised", True, 30, 35),
    ("单位地区生产总值能耗", "lowered", False, 13, 11),
])
def test_the_examples_targets_against_the_provinces(example_against_province, indicator, status, stricter,
                                                    a_value, b_value):
    (t,) = [t for t in example_against_province.targets if t.a_indicator == indicator]
    assert (t.b_indicator, t.status, t.stricter, t.a_value, t.b_value) == (indicator, status, stricter, a_value,
                                                                         b_value)


def test_a_plan_against_an_empty_notice_is_all_dropped(plans):
    from pipeline.model import Metadata, Notice, Source

    empty = Notice(Source("empty.txt", "txt", "", None, None), Metadata())
    against = compare_notices(plans[0], empty)
    assert {m.status for m in against.measures} == {"dropped"} and {t.status for t in against.targets} == {"dropped"}
    assert {r.status for r in against.bureaus} == {"only_a"}
    nothing = compare_notices(empty, empty)
    assert (nothing.measures, nothing.targets, nothing.bureaus) == ((), (), ())


@pytest.mark.parametrize("function_, a, b", [
    ("发展和改革委员会", ("甘肃省发展和改革委员会", 1, 1, 0), ("天水市发展和改革委员会", 39, 0, 0)),
    ("工业和信息化厅 / 工业和信息化局", ("甘肃省工业和信息化厅", 1, 0, 1), ("天水市工业和信息化局", 27, 0, 0)),
    ("财政厅 / 财政局", ("甘肃省财政厅", 1, 0, 1), ("天水市财政局", 7, 0, 0)),
])
def test_the_examples_bureaus_against_the_provinces(example_against_province, function_, a, b):
    (r,) = [r for r in example_against_province.bureaus if r.function == function_]
    assert r.status == "both" and (r.a_bureau, r.a_total, r.a_lead, r.a_support) == a
    assert (r.b_bureau, r.b_total, r.b_lead, r.b_support) == b
