"""A batch's citation graph (``pipeline/graph.py``) and the repeals it carries into every output."""
import csv
import json
import sqlite3

import pytest

from pipeline.batch import run_batch
from pipeline.graph import doc_number_key, link_batch, repealed, title_keys
from pipeline.model import BatchMember
from plans import CITY, PROVINCE


@pytest.mark.parametrize("a, b", [
    ("甘政发〔2021〕62号", "甘政发[2021]62号"),
    ("甘政发〔2021〕62号", "甘政发（２０２１）62号"),  # full-width digits and brackets
    ("甘政發〔2021〕62號", "甘政发【2021】62号"),  # either script
    ("国办发„2009‟3号", "国办发〔2009〕3号"),
    ("甘政发 〔2021〕 62号", "甘政发〔2021〕62号"),
])
def test_doc_numbers_compare_in_one_form(a, b):
    assert doc_number_key(a) == doc_number_key(b)


@pytest.mark.parametrize("a, b", [("甘政发〔2021〕62号", "甘政发〔2021〕63号"), ("甘政发〔2021〕62号", "甘政办发〔2021〕62号")])
def test_other_doc_numbers_stay_apart(a, b):
    assert doc_number_key(a) != doc_number_key(b)


@pytest.mark.parametrize("title, key", [
    ("甘肃省人民政府关于印发甘肃省节水行动方案的通知", "甘肃省节水行动方案"),  # the plan it issues
    ("甘肃省人民政府关于加快发展的意见", "关于加快发展的意见"),  # without its issuer
    ("关于印发《某市节水办法》的通知", "某市节水办法"),
])
def test_a_title_is_found_by_what_it_is_cited_as(title, key):
    assert key in title_keys(title)


def test_short_titles_name_no_document():
    assert title_keys("《方案》") == set()


def _member(name, number=None, titles=(), named=()):
    return BatchMember(name, number, tuple(titles), tuple({"title": t, "doc_number": n, "relation": r}
                                                          for t, n, r in named))


def test_each_named_document_resolves_by_number_then_title_or_to_nothing():
    members = [_member("省", "甘政发〔2021〕62号", ["甘肃省人民政府关于印发甘肃省节水行动方案的通知", "甘肃省节水行动方案"]),
               _member("市", "天政发〔2022〕1号", ["天水市节水方案"], [
                   (None, "甘政发[2021]62号", "implements"),  # its number
                   ("甘肃省节水行动方案", None, "cites"),  # its plan's title
                   ("天水市节水方案", None, "cites"),  # itself: no edge to itself
                   ("中华人民共和国水法", None, "implements")]),  # outside the batch
               _member("市2", "天政发〔2022〕1号", ["天水市节水方案"])]  # a second form of 市
    edges = [(e["notice"], e["cited_notice"], e["relation"], e["matched_by"], e["candidates"]) for e in link_batch(members)]
    assert edges == [("市", "省", "implements", "doc_number", 1), ("市", "省", "cites", "title", 1),
                     ("市", "市2", "cites", "title", 1), ("市", None, "implements", None, 0)]


def test_a_repeal_marks_the_first_notice_that_repeals():
    edges = [{"notice": "b", "cited_notice": "old", "relation": "repeals"},
             {"notice": "a", "cited_notice": "old", "relation": "repeals"},
             {"notice": "a", "cited_notice": "x", "relation": "cites"},
             {"notice": "a", "cited_notice": None, "relation": "repeals"}]
    assert repealed(edges) == {"old": "a"}


OLD = """天水市人民政府
关于印发天水市节约用水管理办法的通知
天政发〔2019〕3号
各县区人民政府，市政府各部门：
现将《天水市节约用水管理办法》印发给你们，请认真贯彻执行。
天水市人民政府
2019年2月1日
天水市节约用水管理办法
第一条 为加强节约用水管理，制定本办法。
第二条 本办法自2019年3月1日起施行。
"""

NEW = """天水市人民政府
关于印发天水市节约用水管理规定的通知
天政发〔2024〕8号
各县区人民政府，市政府各部门：
现将《天水市节约用水管理规定》印发给你们，请认真贯彻执行。
天水市人民政府
2024年5月1日
天水市节约用水管理规定
第一条 为加强节约用水管理，根据《中华人民共和国水法》，制定本规定。
第二条 本规定自2024年6月1日起施行，原《天水市节约用水管理办法》（天政发〔2019〕3号）同时废止。
"""


@pytest.fixture
def raw(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in {"province": PROVINCE, "city": CITY, "old": OLD, "new": NEW}.items():
        (raw / f"{name}.txt").write_text(text, encoding="utf-8")
    return raw


def _edges_csv(out):
    with open(out / "edges.csv", encoding="utf-8-sig", newline="") as f:
        return [(r["notice"], r["cited_notice"], r["relation"], r["matched_by"]) for r in csv.DictReader(f)]


def _validity(out, name):
    return json.loads((out / name / "document.json").read_text(encoding="utf-8"))["validity"]


def test_a_batch_links_its_notices_and_marks_what_it_repeals(raw, tmp_path):
    out = tmp_path / "out"
    assert all(o.ok for o in run_batch(raw, out, ("json", "csv", "sqlite", "xlsx", "html")))
    assert _edges_csv(out) == [("city", "province", "implements", "doc_number"),
                               ("new", "", "implements", ""),  # 《中华人民共和国水法》: not in the batch
                               ("new", "old", "repeals", "doc_number")]
    assert _validity(out, "old")["status"] == "repealed" and _validity(out, "old")["repealed_by"] == "new"
    assert _validity(out, "new")["repealed_by"] is None
    line = {json.loads(x)["source"]["path"].rsplit("/", 1)[-1]: json.loads(x)
            for x in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()}
    assert line["old.txt"]["validity"]["repealed_by"] == "new"  # every output, not only its folder
    con = sqlite3.connect(out / "notices.sqlite")
    assert con.execute("SELECT validity_status, validity_repealed_by FROM notices WHERE notice_id = 'old'"
                       ).fetchone() == ("repealed", "new")
    assert con.execute("SELECT notice_id, cited_notice_id, relation FROM edges WHERE cited_notice_id IS NOT NULL "
                       "ORDER BY notice_id").fetchall() == [("city", "province", "implements"), ("new", "old", "repeals")]
    assert "已废止" in (out / "old" / "review.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<line class="edge') == 2 and 'class="edge repeals"' in index

    # the repealing notice leaves the batch: the old one is in force again, as its own text says
    (raw / "new.txt").unlink()
    list(run_batch(raw, out, ("json", "csv", "sqlite", "xlsx", "html")))
    assert _validity(out, "old")["repealed_by"] is None and _validity(out, "old")["status"] != "repealed"
    assert _edges_csv(out) == [("city", "province", "implements", "doc_number")]


def test_a_rerun_keeps_the_repeal_of_an_unchanged_notice(raw, tmp_path):
    out = tmp_path / "out"
    list(run_batch(raw, out, ("json", "csv")))
    (raw / "city.txt").write_text(CITY + "\n", encoding="utf-8")  # another notice changes
    again = {o.name: o for o in run_batch(raw, out, ("json", "csv"))}
    assert again["old"].skipped and _validity(out, "old")["repealed_by"] == "new"
    assert ("new", "old", "repeals", "doc_number") in _edges_csv(out)


def test_a_title_naming_another_issuer_or_a_number_no_notice_has_finds_nothing_regression_same_words():
    """国务院关于…的意见 (国发〔2015〕23号) is not 济宁市人民政府关于…的意见, nor is a cited 文号 the
    notice with another number, though their words after 关于 are the same."""
    city = _member("济宁", None, ["济宁市人民政府关于进一步做好新形势下就业创业工作的意见"])
    plan = _member("天水", "天政发〔2022〕23号", ["天水市人民政府关于加快建立健全绿色低碳循环发展经济体系实施方案的通知"])
    citing = _member("县", "县发〔2023〕1号", [], [
        ("国务院关于进一步做好新形势下就业创业工作的意见", "国发〔2015〕23号", "implements"),
        ("关于加快建立健全绿色低碳循环发展经济体系实施方案的通知", "甘政发〔2021〕62号", "implements"),
        ("关于进一步做好新形势下就业创业工作的意见", None, "cites")])  # without an issuer: the city's
    assert [e["cited_notice"] for e in link_batch([city, plan, citing]) if e["notice"] == "县"] == [None, None, "济宁"]


def test_compare_cited_compares_each_notice_with_the_plan_it_implements_and_corpus_reads_it_all(raw, tmp_path):
    import pipeline

    out = tmp_path / "out"
    assert all(o.ok for o in run_batch(raw, out, ("json", "csv", "xlsx"), compare_cited=True))
    assert sorted(p.name for p in (out / "compare").iterdir()) == ["province--city"]  # the city implements it
    assert {p.name for p in (out / "compare" / "province--city").iterdir()} >= {
        "measures.csv", "targets.csv", "bureaus.csv", "comparison.html", "pair.json"}
    c = pipeline.corpus(out)
    assert sorted(c["notices"]["notice"]) == ["city", "new", "old", "province"]
    assert c["notices"].set_index("notice").loc["old", "validity_repealed_by"] == "new"
    assert sorted(zip(c["edges"]["notice"], c["edges"]["cited_notice"].fillna(""), c["edges"]["relation"])) == [
        ("city", "province", "implements"), ("new", "", "implements"), ("new", "old", "repeals")]
    measures = c["comparisons"]["measures"]
    assert set(zip(measures["a_notice"], measures["b_notice"])) == {("province", "city")}
    assert "dropped" in set(measures["status"]) and "added" in set(measures["status"])
    targets = c["comparisons"]["targets"]
    assert set(targets["status"]) >= {"raised", "same"}
    assert len(c["tasks"]) and set(c["tasks"]["notice"]) >= {"city", "province"}
    from openpyxl import load_workbook

    book = load_workbook(out / "notices.xlsx", read_only=True)
    assert book.sheetnames[-3:] == ["措施对照", "目标对照", "部门任务对照"]
    sheet = list(book["措施对照"].values)
    assert sheet[0][:2] == ("文件A", "文件B") and {r[:2] for r in sheet[1:]} == {("province", "city")}
    assert len(sheet) - 1 == len(measures)


def test_compare_cited_removes_the_comparison_of_a_pair_no_longer_linked(raw, tmp_path):
    out = tmp_path / "out"
    list(run_batch(raw, out, ("json",), compare_cited=True))
    (raw / "province.txt").unlink()
    list(run_batch(raw, out, ("json",), compare_cited=True))
    assert list((out / "compare").iterdir()) == []


def test_corpus_of_a_folder_that_holds_no_batch_says_so(tmp_path):
    import pipeline
    from pipeline.errors import ReadError

    with pytest.raises(ReadError, match="no notices here"):
        pipeline.corpus(tmp_path)
