"""Unit names to canonical full official names (pipeline.normalize.units)."""
import time

import pytest

from pipeline.zh.gazetteer import divisions, gazetteer, short_name
from pipeline.normalize.units import KINDS, Resolution, resolve_unit

TIANSHUI = "天水市人民政府"
LISHAN = "鞍山市立山区人民政府"
EXAMPLE_DATE = "2022-04-26"


@pytest.mark.parametrize("date", [EXAMPLE_DATE, "as-written"])
def test_every_certain_gold_unit_resolves_exactly(gold, date):
    """The worked example's hand-checked names: every high-confidence one, exactly, at the notice's date."""
    certain = [u for u in gold["units"] if u["confidence"] == "high"]
    assert len(certain) >= 30
    wrong = [(u["raw"], resolve_unit(u["raw"], TIANSHUI, date).canonical, u["canonical"]) for u in certain
             if resolve_unit(u["raw"], TIANSHUI, date).canonical != u["canonical"]]
    assert wrong == []


def test_gold_units_are_sure_when_the_gold_is(gold):
    for u in gold["units"]:
        if u["confidence"] == "high":
            assert resolve_unit(u["raw"], TIANSHUI, EXAMPLE_DATE).confidence == "high", u["raw"]


def test_gold_kinds(gold):
    """The kind of every unit the gold names the same way, in the issue's kind list."""
    for u in gold["units"]:
        r = resolve_unit(u["raw"], TIANSHUI, EXAMPLE_DATE)
        if r.canonical == u["canonical"]:
            assert r.kind == u["kind"], u["raw"]


def test_gold_successors_at_the_notice_date(gold):
    """2022 names that changed since: canonical stays, successor gives today's body."""
    got = {u["raw"]: resolve_unit(u["raw"], TIANSHUI, EXAMPLE_DATE) for u in gold["units"]}
    assert got["天水银保监分局"].successor == "国家金融监督管理总局天水监管分局"
    assert got["人行天水市中心支行"].successor == "中国人民银行天水市分行"
    assert got["市乡村振兴局"].successor == "天水市农业农村局"
    assert got["市工信局"].successor is None and got["市税务局"].successor is None


@pytest.mark.parametrize("raw, issuer, canonical", [
    # short and full forms of one bureau, bare prefix filled from the issuer
    ("市工信局", TIANSHUI, "天水市工业和信息化局"),
    ("天水市工业和信息化局", TIANSHUI, "天水市工业和信息化局"),
    ("市工业和信息化局", TIANSHUI, "天水市工业和信息化局"),
    ("市发改委", TIANSHUI, "天水市发展和改革委员会"),
    ("天水市发展和改革委员会", None, "天水市发展和改革委员会"),
    ("市人社局", TIANSHUI, "天水市人力资源和社会保障局"),
    ("市人力资源社会保障局", TIANSHUI, "天水市人力资源和社会保障局"),
    ("市卫健委", TIANSHUI, "天水市卫生健康委员会"),
    ("市林草局", TIANSHUI, "天水市林业和草原局"),
    ("市文旅局", TIANSHUI, "天水市文化和旅游局"),
    ("市医保局", TIANSHUI, "天水市医疗保障局"),
    ("市政府办", TIANSHUI, "天水市人民政府办公室"),
    ("市政府", TIANSHUI, "天水市人民政府"),
    ("市退役军人事务局", TIANSHUI, "天水市退役军人事务局"),
    ("市应急局", TIANSHUI, "天水市应急管理局"),
    ("市委组织部", TIANSHUI, "中共天水市委员会组织部"),
    ("中共天水市委宣传部", None, "中共天水市委员会宣传部"),
    # province: the one containing the issuer's city, with 厅 names
    ("省发改委", TIANSHUI, "甘肃省发展和改革委员会"),
    ("省工信厅", TIANSHUI, "甘肃省工业和信息化厅"),
    ("省政府办公厅", TIANSHUI, "甘肃省人民政府办公厅"),
    ("甘肃省财政厅", None, "甘肃省财政厅"),
    ("省市场监管局", "湖南省人民政府办公厅", "湖南省市场监督管理局"),
    # counties and districts: a district carries its city
    ("区发改局", LISHAN, "鞍山市立山区发展和改革局"),
    ("区市场局", LISHAN, "鞍山市立山区市场监督管理局"),
    ("区工信局", LISHAN, "鞍山市立山区工业和信息化局"),
    ("市发改局", LISHAN, "鞍山市发展和改革局"),
    ("县教育局", "秦安县人民政府", "秦安县教育局"),
    ("县卫健局", "秦安县人民政府", "秦安县卫生健康局"),
    ("县生态环境分局", "秦安县人民政府", "天水市生态环境局秦安分局"),
    ("麦积区财政局", TIANSHUI, "天水市麦积区财政局"),
    ("市发改委", "东阳市人民政府办公室", "东阳市发展和改革委员会"),  # a county-level city calls itself 市
    ("张家川县教育局", TIANSHUI, "张家川回族自治县教育局"),
    ("甘南州林草局", None, "甘南藏族自治州林业和草原局"),
    ("新疆发改委", None, "新疆维吾尔自治区发展和改革委员会"),
    ("新区发改局", "中共河北雄安新区工作委员会、河北雄安新区管理委员会", "雄安新区发展和改革局"),
    # municipalities name departments like a city, districts carry the municipality
    ("市发改委", "北京市人民政府", "北京市发展和改革委员会"),
    ("市教委", "北京市人民政府", "北京市教育委员会"),
    ("区发改委", "北京市朝阳区人民政府", "北京市朝阳区发展和改革委员会"),
    ("朝阳区财政局", "长春市人民政府", "长春市朝阳区财政局"),
    # courts, procuratorates
    ("市法院", TIANSHUI, "天水市中级人民法院"),
    ("县法院", "秦安县人民政府", "秦安县人民法院"),
    ("省法院", TIANSHUI, "甘肃省高级人民法院"),
    ("区检察院", LISHAN, "鞍山市立山区人民检察院"),
    # vertically managed bodies and state utilities, place inside the name
    ("人行天水市中心支行", None, "中国人民银行天水市中心支行"),
    ("人民银行天水中心支行", None, "中国人民银行天水市中心支行"),
    ("天水银保监分局", None, "中国银行保险监督管理委员会天水监管分局"),
    ("市税务局", TIANSHUI, "国家税务总局天水市税务局"),
    ("天水市税务局", None, "国家税务总局天水市税务局"),
    ("区税务局", LISHAN, "国家税务总局鞍山市立山区税务局"),
    ("市邮政管理局", TIANSHUI, "天水市邮政管理局"),
    ("市气象局", TIANSHUI, "天水市气象局"),
    ("国家统计局天水调查队", None, "国家统计局天水调查队"),
    ("国网天水供电公司", TIANSHUI, "国网甘肃省电力公司天水供电公司"),
    # mass organisations
    ("市妇联", TIANSHUI, "天水市妇女联合会"),
    ("市总工会", TIANSHUI, "天水市总工会"),
    ("团市委", TIANSHUI, "共青团天水市委员会"),
    ("团县委", "秦安县人民政府", "共青团秦安县委员会"),
    ("市科协", TIANSHUI, "天水市科学技术协会"),
    ("市残联", TIANSHUI, "天水市残疾人联合会"),
    # national bodies
    ("国家发展改革委", "国务院", "国家发展和改革委员会"),
    ("工信部", None, "工业和信息化部"),
    # short place names
    ("天水", TIANSHUI, "天水市"),
    # noise around the name
    ("市司法局等相关部门", TIANSHUI, "天水市司法局"),
    (" 市 工信局 ", TIANSHUI, "天水市工业和信息化局"),
    ("市供销联社（牵头）", TIANSHUI, "天水市供销合作社联合社"),
])
def test_resolves(raw, issuer, canonical):
    assert resolve_unit(raw, issuer).canonical == canonical


@pytest.mark.parametrize("raw, issuer, canonical", [
    ("市工業和信息化局", TIANSHUI, "天水市工业和信息化局"),
    ("市衛健委", TIANSHUI, "天水市卫生健康委员会"),
    ("市國資委", TIANSHUI, "天水市人民政府国有资产监督管理委员会"),
    ("區發改局", "鞍山市立山區人民政府", "鞍山市立山区发展和改革局"),
    ("市發改委", "盤錦市人民政府辦公室", "盘锦市发展和改革委员会"),
    ("國家發展改革委", None, "国家发展和改革委员会"),
])
def test_traditional_script(raw, issuer, canonical):
    r = resolve_unit(raw, issuer)
    assert r.canonical == canonical and r.confidence == "high"


@pytest.mark.parametrize("raw, issuer, canonical, old, year", [
    ("市环保局", TIANSHUI, "天水市生态环境局", "环保局", "2019"),
    ("省环保厅", TIANSHUI, "甘肃省生态环境厅", "环保厅", "2018"),
    ("市国土资源局", TIANSHUI, "天水市自然资源局", "国土资源局", "2019"),
    ("市工商局", TIANSHUI, "天水市市场监督管理局", "工商局", "2019"),
    ("市食药监局", TIANSHUI, "天水市市场监督管理局", "食药监局", "2019"),
    ("市卫计委", TIANSHUI, "天水市卫生健康委员会", "卫计委", "2019"),
    ("市文广新局", TIANSHUI, "天水市文化和旅游局", "文广新局", "2019"),
    ("市农业局", TIANSHUI, "天水市农业农村局", "农业局", "2019"),
    ("市扶贫办", TIANSHUI, "天水市乡村振兴局", "扶贫办", "2021"),
    ("市安监局", TIANSHUI, "天水市应急管理局", "安监局", "2019"),
    ("天水银监分局", None, "中国银行保险监督管理委员会天水监管分局", "银监分局", "2019"),
    ("市地税局", TIANSHUI, "国家税务总局天水市税务局", "地税局", "2018"),
])
def test_former_names_after_their_reform(raw, issuer, canonical, old, year):
    """A former name in a 2022 notice: the body it had become by then."""
    r = resolve_unit(raw, issuer, EXAMPLE_DATE)
    assert r.canonical == canonical
    assert r.successor_of == old
    assert r.note.startswith(f"renamed {year}")
    assert f": {old} → " in r.note


@pytest.mark.parametrize("raw, issuer, date, canonical, successor", [
    # before the reform the old name is the canonical one, today's body is the successor
    ("市环保局", TIANSHUI, "2017-06-01", "天水市环境保护局", "天水市生态环境局"),
    ("省环保厅", TIANSHUI, "2017-06-01", "甘肃省环境保护厅", "甘肃省生态环境厅"),
    ("市环保局", TIANSHUI, "2019-05-10", "天水市生态环境局", None),
    ("市工商局", "成都市人民政府", "2016-03-01", "成都市工商行政管理局", "成都市市场监督管理局"),
    ("市地税局", TIANSHUI, "2017-12-01", "天水市地方税务局", "国家税务总局天水市税务局"),
    ("市扶贫办", TIANSHUI, "2020-06-01", "天水市扶贫开发办公室", "天水市农业农村局"),
    ("市扶贫办", TIANSHUI, "2022-04-26", "天水市乡村振兴局", "天水市农业农村局"),
    ("市卫生局", TIANSHUI, "2012-05-01", "天水市卫生局", "天水市卫生健康委员会"),
    ("市卫生局", TIANSHUI, "2016-05-01", "天水市卫生和计划生育委员会", "天水市卫生健康委员会"),
    # a name still current at the notice's date, renamed since
    ("天水银保监分局", None, "2022-04-26", "中国银行保险监督管理委员会天水监管分局", "国家金融监督管理总局天水监管分局"),
    ("天水银保监分局", None, "2024-03-01", "国家金融监督管理总局天水监管分局", None),
    ("人行天水市中心支行", None, "2022-04-26", "中国人民银行天水市中心支行", "中国人民银行天水市分行"),
    ("省银保监局", "湖南省人民政府", "2021-01-01", "中国银行保险监督管理委员会湖南监管局", "国家金融监督管理总局湖南监管局"),
    ("银保监会", "国务院", "2020-01-01", "中国银行保险监督管理委员会", "国家金融监督管理总局"),
    ("国家乡村振兴局", "国务院", "2022-01-01", "国家乡村振兴局", "农业农村部"),
    ("市乡村振兴局", TIANSHUI, "2022-04-26", "天水市乡村振兴局", "天水市农业农村局"),
    ("县乡村振兴局", "秦安县人民政府", "2022-04-26", "秦安县乡村振兴局", "秦安县农业农村局"),
    ("省乡村振兴局", TIANSHUI, "2022-04-26", "甘肃省乡村振兴局", "甘肃省农业农村厅"),
    ("中国铁路总公司", "国务院", "2018-01-01", "中国铁路总公司", "中国国家铁路集团有限公司"),
    # no date: None is today
    ("天水银保监分局", None, None, "国家金融监督管理总局天水监管分局", None),
])
def test_reforms_over_time(raw, issuer, date, canonical, successor):
    r = resolve_unit(raw, issuer, date)
    assert (r.canonical, r.successor) == (canonical, successor)


def test_left_out_date_reads_a_name_in_its_own_era():
    r = resolve_unit("市环保局", TIANSHUI)
    assert (r.canonical, r.successor) == ("天水市环境保护局", "天水市生态环境局")


def test_a_merge_that_happened_only_in_many_places_is_less_sure_after_it():
    r = resolve_unit("市乡村振兴局", TIANSHUI, "2025-01-01")
    assert (r.canonical, r.confidence) == ("天水市农业农村局", "medium")
    assert resolve_unit("市乡村振兴局", TIANSHUI, EXAMPLE_DATE).confidence == "high"


def test_successor_of_a_partial_merger_is_less_sure():
    r = resolve_unit("市经信委", TIANSHUI, EXAMPLE_DATE)
    assert r.canonical == "天水市工业和信息化局" and r.confidence == "medium"


@pytest.mark.parametrize("raw, issuer, canonical", [
    ("各县区人民政府", TIANSHUI, "各县区人民政府"),
    ("市直各部门", TIANSHUI, "市直各部门"),
    ("各有关单位", TIANSHUI, "各有关单位"),
    ("各街道", LISHAN, "各街道"),
    ("各县(市、区)政府", TIANSHUI, "各县（市、区）政府"),
    ("县（市、区）人民政府", TIANSHUI, "县（市、区）人民政府"),
    ("区直各部门", LISHAN, "区直各部门"),
    ("全区经济运行各专班", LISHAN, "全区经济运行各专班"),
    ("市級各有關部門及各縣市區政府", None, "市级各有关部门及各县市区政府"),
    ("各乡镇人民政府等有关单位", "秦安县人民政府", "各乡镇人民政府"),
    ("市有关部门", TIANSHUI, "市有关部门"),
])
def test_collective_terms_stay_as_written(raw, issuer, canonical):
    r = resolve_unit(raw, issuer)
    assert (r.canonical, r.kind) == (canonical, "collective")


@pytest.mark.parametrize("raw, issuer, canonical", [
    ("市工业和信息局", TIANSHUI, "天水市工业和信息化局"),  # a character missing
    ("市场监督管里局", TIANSHUI, "天水市市场监督管理局"),  # a wrong character
    ("市人力资源和社保局", TIANSHUI, "天水市人力资源和社会保障局"),
])
def test_near_misses_resolve_with_medium_confidence(raw, issuer, canonical):
    r = resolve_unit(raw, issuer)
    assert (r.canonical, r.confidence, r.method) == (canonical, "medium", "fuzzy")
    assert 85 <= r.score < 100
    assert r.note.startswith("fuzzy match")


@pytest.mark.parametrize("raw, issuer", [
    ("市财务局", TIANSHUI),  # no such bureau, and 财政局 is not near enough to guess
    ("市某某某某局", TIANSHUI),
    ("天水火车站", TIANSHUI),
    ("xyz", TIANSHUI),
    ("", TIANSHUI),
])
def test_unresolvable_units_get_no_name(raw, issuer):
    r = resolve_unit(raw, issuer)
    assert r.canonical is None and r.confidence == "none"


@pytest.mark.parametrize("raw, issuer", [
    ("省发改委", "国务院"),  # which province is not said
    ("市政府办公室", None),
    ("区发改局", TIANSHUI),  # a city notice does not say which district
])
def test_a_bare_level_without_a_place_is_not_guessed(raw, issuer):
    r = resolve_unit(raw, issuer)
    assert (r.canonical, r.kind, r.confidence) == (None, "government_department", "low")


@pytest.mark.parametrize("raw, issuer, kind, level", [
    ("市工信局", TIANSHUI, "government_department", "city"),
    ("省发改委", TIANSHUI, "government_department", "province"),
    ("区发改局", LISHAN, "government_department", "county"),
    ("市法院", TIANSHUI, "court_procuratorate", "city"),
    ("市检察院", TIANSHUI, "court_procuratorate", "city"),
    ("市税务局", TIANSHUI, "vertical_agency", "city"),
    ("人行天水市中心支行", None, "vertical_agency", "city"),
    ("市机关事务服务中心", TIANSHUI, "public_institution", "city"),
    ("市疾控中心", TIANSHUI, "public_institution", "city"),
    ("市住房公积金中心", TIANSHUI, "public_institution", "city"),
    ("各有关单位", TIANSHUI, "collective", None),
    ("国网天水供电公司", TIANSHUI, "state_owned_enterprise", "city"),
    ("市妇联", TIANSHUI, "mass_organisation", "city"),
    ("市委组织部", TIANSHUI, "party", "city"),
    ("市发改委", "北京市人民政府", "government_department", "province"),
    ("工信部", None, "government_department", "national"),
    ("兴国镇人民政府", "秦安县人民政府", "government_department", "township"),
])
def test_kind_and_level(raw, issuer, kind, level):
    r = resolve_unit(raw, issuer)
    assert (r.kind, r.level) == (kind, level)
    assert r.kind in KINDS


def test_a_name_without_place_takes_the_issuers_but_less_surely():
    r = resolve_unit("税务局", LISHAN)
    assert (r.canonical, r.confidence) == ("国家税务总局鞍山市立山区税务局", "medium")


def test_a_place_missing_from_the_table_is_read_from_the_issuer():
    r = resolve_unit("县农业农村局", "河西县人民政府办公室")
    assert (r.canonical, r.confidence) == ("河西县农业农村局", "medium")


def test_an_ambiguous_district_without_context_stays_unresolved_with_suggestions():
    r = resolve_unit("朝阳区财政局", None)
    assert r.canonical is None and r.confidence == "low"
    assert set(r.suggestions) == {"北京市朝阳区财政局", "长春市朝阳区财政局"}
    # the notice's own place settles it
    assert resolve_unit("朝阳区财政局", "长春市人民政府").canonical == "长春市朝阳区财政局"


def test_a_county_short_name_does_not_make_a_guess():
    # 兴国 is a county's short name: 兴国镇 is a township, not 兴国县's government
    assert resolve_unit("兴国镇人民政府", "秦安县人民政府").canonical == "兴国镇人民政府"


def test_resolution_is_frozen():
    r = resolve_unit("市工信局", TIANSHUI)
    assert isinstance(r, Resolution)
    with pytest.raises(AttributeError):
        r.canonical = "x"  # type: ignore[misc]


def test_divisions_table():
    table = divisions()
    tianshui = table.by_name["天水市"][0]
    assert tianshui.level == "city" and table.parent(tianshui).name == "甘肃省"
    assert {d.level for d in table.by_name["天水"]} == {"city"}
    assert table.by_name["北京市"][0].municipality
    assert len(table.by_code) > 3000


@pytest.mark.parametrize("name, level, short", [
    ("天水市", "city", "天水"), ("甘肃省", "province", "甘肃"), ("广西壮族自治区", "province", "广西"),
    ("新疆维吾尔自治区", "province", "新疆"), ("内蒙古自治区", "province", "内蒙古"),
    ("甘南藏族自治州", "city", "甘南"), ("和县", "county", "和县"), ("城区", "county", "城区"),
])
def test_short_names(name, level, short):
    assert short_name(name, level) == short


def test_gazetteer_data_is_consistent():
    gaz = gazetteer()
    assert all(a.key in gaz.rows for a in gaz.aliases.values())
    assert all(r.kind in KINDS for rows in gaz.rows.values() for r in rows)
    assert gaz.aliases["工信局"].key == gaz.aliases["工业和信息化局"].key


def test_fast_on_thousands_of_calls():
    raws = ["市工信局", "省发改委", "各有关单位", "市环保局", "人行天水市中心支行", "市工业和信息局", "市某某局"]
    resolve_unit.cache_clear()
    start = time.perf_counter()
    for i in range(300):  # distinct issuers defeat the cache: every call is resolved afresh
        for raw in raws:
            resolve_unit(raw, f"天水市人民政府{i}")
    assert time.perf_counter() - start < 5
