"""Case tables for unit names: short forms at every level in several provinces, vertical
bodies, collectives, reforms and names that must stay unresolved (pipeline.normalize.units)."""
import pytest

from pipeline.normalize.units import resolve_unit

DATE = "2022-06-01"
GANSU, TIANSHUI, QINAN = "甘肃省人民政府", "天水市人民政府", "秦安县人民政府"
GUANGZHOU, HUANGPU, SHENZHEN = "广州市人民政府", "广州市黄埔区人民政府", "深圳市人民政府"
HANGZHOU, CHENGDU = "杭州市人民政府", "成都市人民政府"

# (raw, issuer, canonical, kind)
TABLE = [
    # province level (甘肃): 厅 names
    ("省发改委", GANSU, "甘肃省发展和改革委员会", "government_department"),
    ("省工信厅", GANSU, "甘肃省工业和信息化厅", "government_department"),
    ("省教育厅", GANSU, "甘肃省教育厅", "government_department"),
    ("省科技厅", GANSU, "甘肃省科学技术厅", "government_department"),
    ("省人社厅", GANSU, "甘肃省人力资源和社会保障厅", "government_department"),
    ("省住建厅", GANSU, "甘肃省住房和城乡建设厅", "government_department"),
    ("省文旅厅", GANSU, "甘肃省文化和旅游厅", "government_department"),
    ("省应急厅", GANSU, "甘肃省应急管理厅", "government_department"),
    ("省国资委", GANSU, "甘肃省人民政府国有资产监督管理委员会", "government_department"),
    ("省林草局", GANSU, "甘肃省林业和草原局", "government_department"),
    ("省粮储局", GANSU, "甘肃省粮食和物资储备局", "government_department"),
    ("省政府办公厅", GANSU, "甘肃省人民政府办公厅", "government_department"),
    ("省税务局", GANSU, "国家税务总局甘肃省税务局", "vertical_agency"),
    ("省通信管理局", GANSU, "甘肃省通信管理局", "vertical_agency"),
    ("省邮政管理局", GANSU, "甘肃省邮政管理局", "vertical_agency"),
    ("省消防救援总队", GANSU, "甘肃省消防救援总队", "vertical_agency"),
    ("省银保监局", GANSU, "中国银行保险监督管理委员会甘肃监管局", "vertical_agency"),
    ("省法院", GANSU, "甘肃省高级人民法院", "court_procuratorate"),
    ("省检察院", GANSU, "甘肃省人民检察院", "court_procuratorate"),
    ("省委宣传部", GANSU, "中共甘肃省委员会宣传部", "party"),
    ("团省委", GANSU, "共青团甘肃省委员会", "mass_organisation"),
    ("国网甘肃省电力公司", GANSU, "国网甘肃省电力公司", "state_owned_enterprise"),
    # city level (广东: 广州, 深圳; 浙江: 杭州; 四川: 成都; 甘肃: 天水)
    ("市发展改革委", GUANGZHOU, "广州市发展和改革委员会", "government_department"),
    ("市规划和自然资源局", GUANGZHOU, "广州市规划和自然资源局", "government_department"),
    ("市住房城乡建设局", GUANGZHOU, "广州市住房和城乡建设局", "government_department"),
    ("市文化广电旅游局", GUANGZHOU, "广州市文化广电旅游局", "government_department"),
    ("市政务服务和数据管理局", GUANGZHOU, "广州市政务服务和数据管理局", "government_department"),
    ("市城市管理综合执法局", GUANGZHOU, "广州市城市管理和综合执法局", "government_department"),
    ("市政府办公厅", GUANGZHOU, "广州市人民政府办公厅", "government_department"),
    ("市疾控中心", GUANGZHOU, "广州市疾病预防控制中心", "public_institution"),
    ("市中院", GUANGZHOU, "广州市中级人民法院", "court_procuratorate"),
    ("广州海关", GUANGZHOU, "广州海关", "vertical_agency"),
    ("市委网信办", GUANGZHOU, "中共广州市委员会网络安全和信息化委员会办公室", "party"),
    ("市工商联", GUANGZHOU, "广州市工商业联合会", "mass_organisation"),
    ("市人大常委会", GUANGZHOU, "广州市人民代表大会常务委员会", "other"),
    ("市科技创新局", SHENZHEN, "深圳市科技创新局", "government_department"),
    ("市中小企业服务局", SHENZHEN, "深圳市中小企业服务局", "government_department"),
    ("市工业和信息化局", SHENZHEN, "深圳市工业和信息化局", "government_department"),
    ("市发改委", HANGZHOU, "杭州市发展和改革委员会", "government_department"),
    ("市民政局", HANGZHOU, "杭州市民政局", "government_department"),
    ("杭州银保监分局", HANGZHOU, "中国银行保险监督管理委员会杭州监管分局", "vertical_agency"),
    ("市税务局", HANGZHOU, "国家税务总局杭州市税务局", "vertical_agency"),
    ("市经信局", CHENGDU, "成都市工业和信息化局", "government_department"),
    ("市医保局", CHENGDU, "成都市医疗保障局", "government_department"),
    ("市水务局", CHENGDU, "成都市水务局", "government_department"),
    ("市机关事务服务中心", TIANSHUI, "天水市机关事务服务中心", "public_institution"),
    ("市住房公积金中心", TIANSHUI, "天水市住房公积金管理中心", "public_institution"),
    ("市气象局", TIANSHUI, "天水市气象局", "vertical_agency"),
    ("市消防救援支队", TIANSHUI, "天水市消防救援支队", "vertical_agency"),
    # county and district level (甘肃 秦安县, 广东 广州市黄埔区)
    ("县发改局", QINAN, "秦安县发展和改革局", "government_department"),
    ("县人社局", QINAN, "秦安县人力资源和社会保障局", "government_department"),
    ("县住建局", QINAN, "秦安县住房和城乡建设局", "government_department"),
    ("县卫健局", QINAN, "秦安县卫生健康局", "government_department"),
    ("县应急局", QINAN, "秦安县应急管理局", "government_department"),
    ("县文体旅局", QINAN, "秦安县文化体育和旅游局", "government_department"),
    ("县林业局", QINAN, "秦安县林业局", "government_department"),
    ("县生态环境分局", QINAN, "天水市生态环境局秦安分局", "government_department"),
    ("县税务局", QINAN, "国家税务总局秦安县税务局", "vertical_agency"),
    ("县消防救援大队", QINAN, "秦安县消防救援大队", "vertical_agency"),
    ("国网秦安县供电公司", QINAN, "国网秦安县供电公司", "state_owned_enterprise"),
    ("县法院", QINAN, "秦安县人民法院", "court_procuratorate"),
    ("团县委", QINAN, "共青团秦安县委员会", "mass_organisation"),
    ("县机关事务服务中心", QINAN, "秦安县机关事务服务中心", "public_institution"),
    ("区发展改革局", HUANGPU, "广州市黄埔区发展和改革局", "government_department"),
    ("区人力资源社会保障局", HUANGPU, "广州市黄埔区人力资源和社会保障局", "government_department"),
    ("区金融局", HUANGPU, "广州市黄埔区地方金融监督管理局", "government_department"),
    ("区投资促进局", HUANGPU, "广州市黄埔区投资促进局", "government_department"),
    ("区政务服务数据管理局", HUANGPU, "广州市黄埔区政务服务数据管理局", "government_department"),
    ("区文化广电旅游局", HUANGPU, "广州市黄埔区文化广电旅游局", "government_department"),
    ("区规划和自然资源局", HUANGPU, "广州市黄埔区规划和自然资源局", "government_department"),
    ("区新闻出版局", HUANGPU, "广州市黄埔区新闻出版局", "government_department"),
    ("区版权局", HUANGPU, "广州市黄埔区版权局", "government_department"),
    ("区检察院", HUANGPU, "广州市黄埔区人民检察院", "court_procuratorate"),
    ("区委组织部", HUANGPU, "中共广州市黄埔区委员会组织部", "party"),
    # national bodies under a national issuer
    ("交通运输部", "海关总署", "交通运输部", "government_department"),
    ("中国民航局", "海关总署", "中国民用航空局", "government_department"),
    ("民航局", "海关总署", "中国民用航空局", "government_department"),
    ("国家铁路局", "海关总署", "国家铁路局", "government_department"),
    ("国家铁路集团有限公司", "海关总署", "中国国家铁路集团有限公司", "state_owned_enterprise"),
    ("国家移民局", "海关总署", "国家移民管理局", "government_department"),
    ("市场监管总局", "国务院办公厅", "国家市场监督管理总局", "government_department"),
    ("人力资源社会保障部", "国务院办公厅", "人力资源和社会保障部", "government_department"),
    ("全国总工会", "国务院办公厅", "中华全国总工会", "mass_organisation"),
    ("最高法", "国务院办公厅", "最高人民法院", "court_procuratorate"),
    # collective terms
    ("各街道", HUANGPU, "各街道", "collective"),
    ("区直各部门", HUANGPU, "区直各部门", "collective"),
    ("各乡镇人民政府", QINAN, "各乡镇人民政府", "collective"),
    ("各区政府", GUANGZHOU, "各区政府", "collective"),
    ("省直有关单位", GANSU, "省直有关单位", "collective"),
]


def test_the_table_is_broad():
    raws = {raw for raw, *_ in TABLE}
    assert len(raws) >= 60
    issuers = {issuer for _, issuer, *_ in TABLE}
    assert {GANSU, TIANSHUI, QINAN, GUANGZHOU, HUANGPU, HANGZHOU, CHENGDU} <= issuers


@pytest.mark.parametrize("raw, issuer, canonical, kind", TABLE)
def test_table(raw, issuer, canonical, kind):
    r = resolve_unit(raw, issuer, DATE)
    assert (r.canonical, r.kind) == (canonical, kind)
    assert r.method in ("exact", "alias") and r.score == 100
    assert r.suggestions == ()


@pytest.mark.parametrize("raw, issuer, suggestions", [
    # the place fits several divisions and the notice does not choose
    ("朝阳区财政局", None, {"北京市朝阳区财政局", "长春市朝阳区财政局"}),
    ("白云区教育局", "国务院", {"广州市白云区教育局", "贵阳市白云区教育局"}),
    # the short form names several bodies (data: one alias, two keys)
    ("市城管局", HANGZHOU, {"杭州市城市管理局", "杭州市城市管理和综合执法局"}),
    ("市文广旅局", HANGZHOU, {"杭州市文化广电旅游局", "杭州市文化广电和旅游局"}),
    ("区政数局", HUANGPU, {"广州市黄埔区政务服务数据管理局", "广州市黄埔区政务服务和数据管理局"}),
])
def test_ambiguous_names_stay_unresolved_with_suggestions(raw, issuer, suggestions):
    r = resolve_unit(raw, issuer, DATE)
    assert r.canonical is None and r.confidence in ("low", "none")
    assert suggestions <= set(r.suggestions) and len(r.suggestions) <= 3


@pytest.mark.parametrize("raw, issuer, near", [
    ("市财务局", TIANSHUI, None),  # no such bureau
    ("市建委", HANGZHOU, "杭州市住房和城乡建设局"),  # low score: a suggestion, no answer
])
def test_low_scores_stay_unresolved(raw, issuer, near):
    r = resolve_unit(raw, issuer, DATE)
    assert r.canonical is None and r.method == "none" and 0 < r.score < 85
    assert len(r.suggestions) <= 3
    if near:
        assert near in r.suggestions


def test_a_wrong_guess_is_never_confident():
    """Every resolution either names a body or says it could not; fuzzy ones are never high."""
    for raw, issuer, *_ in TABLE:
        for variant in (raw[:-1] + "x", raw + "局"):
            r = resolve_unit(variant, issuer, DATE)
            assert r.method != "fuzzy" or r.confidence != "high"
            assert (r.canonical is None) == (r.method == "none" or r.suggestions != () or r.confidence == "low")


def test_methods_and_scores():
    assert resolve_unit("天水市发展和改革委员会", None, DATE).method == "exact"
    assert resolve_unit("市发改委", TIANSHUI, DATE).method == "alias"
    fuzzy = resolve_unit("市人力资源和社保局", TIANSHUI, DATE)
    assert fuzzy.method == "fuzzy" and 85 <= fuzzy.score < 100
    none = resolve_unit("天水火车站", TIANSHUI, DATE)
    assert none.method == "none" and none.canonical is None


def test_district_police_are_a_branch_of_the_city_bureau():
    r = resolve_unit("区公安分局", HUANGPU, DATE)
    assert (r.canonical, r.confidence) == ("广州市公安局黄埔区分局", "medium")
