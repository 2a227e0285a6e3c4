"""Citations: 《》 titles and document numbers, not the notice itself."""
import pytest

from conftest import parse_text
from pipeline.extract.citations import extract_citations
from pipeline.model import Metadata


def cites(text, **meta):
    return [(c.title, c.doc_number) for c in extract_citations(text, Metadata(**meta))]


@pytest.mark.parametrize("text, want", [
    ("贯彻省政府《关于加快发展的通知》(甘政发〔2021〕62号)精神", [("关于加快发展的通知", "甘政发〔2021〕62号")]),
    ("根据发改地区[2016]2664号文件", [(None, "发改地区[2016]2664号")]),
    ("按照国办发„2009‟3号要求", [(None, "国办发„2009‟3号")]),
    ("落实《条例》和《条例》", [("条例", None)]),  # once each
    ("印发《关于印发〈某某办法〉的通知》", [("关于印发〈某某办法〉的通知", None)]),
])
def test_citations(text, want):
    assert cites(text) == want


@pytest.mark.parametrize("text, want", [
    ("为认真贯彻省政府《关于加快发展的通知》(甘政发〔2021〕62号)精神，现提出如下意见。", ["implements"]),
    ("根据《中华人民共和国大气污染防治法》，制定本办法。", ["implements"]),
    ("按照《某省节能规划》要求，加快推进。", ["implements"]),
    ("本办法自2025年1月1日起施行，原《某市节水管理办法》(某政发〔2019〕3号)同时废止。", ["repeals"]),
    ("《某市旧办法》自本办法施行之日起停止执行。", ["repeals"]),
    ("参照《某县工作指引》开展工作，", ["cites"]),
    # each title its own clause: the first carried out, the second repealed
    ("落实《甲规划》部署，《乙办法》同时废止。", ["implements", "repeals"]),
    # traditional script: the cues are matched on the simplified text
    ("為貫徹《關於加快發展的通知》精神，", ["implements"]),
    ("依照國辦發〔2019〕3號規定，", ["implements"]),  # a number alone
])
def test_a_citation_says_what_the_notice_does_with_it(text, want):
    assert [c.relation for c in extract_citations(text, Metadata())] == want


@pytest.mark.parametrize("text, want", [
    # the short form's mention is the full title's: the notice carries it out
    ("国务院印发了《关于加快发展的指导意见》（以下简称《意见》）。为贯彻落实《意见》精神，现提出如下措施。",
     [("关于加快发展的指导意见", "implements")]),
    # cited twice: the strongest mention counts
    ("参照《某市旧办法》执行。本办法施行后，《某市旧办法》同时废止。", [("某市旧办法", "repeals")]),
    # a short form defined for a plan it issues stands for nothing cited
    ("现将《某市行动方案》（以下简称《方案》）印发给你们，请按照《方案》要求抓好落实。", []),
])
def test_every_mention_of_a_citation_counts_for_its_relation(text, want):
    assert [(c.title, c.relation) for c in extract_citations(text, Metadata())] == want


def test_the_notice_itself_is_not_a_citation():
    text = "现将《某市节水行动方案》印发给你们。某政发〔2023〕1号"
    meta = dict(title="某市人民政府关于印发某市节水行动方案的通知", doc_number="某政发〔2023〕1号")
    assert cites(text, **meta) == []


def test_county_citation_pairs_title_and_number(county):
    assert [(c.title, c.doc_number) for c in county.citations] == [
        ("农村人居环境整治提升五年行动方案(2021—2025年)", "中办发〔2021〕66号")]


@pytest.mark.parametrize("text", [
    "《甲方案》《乙措施》已经市政府常务会议研究通过,现印发给你们,请认真贯彻落实。",  # plans it issues
    "现将《方案》(以下简称《方案》)印发给你们。",
    "认真对照《主要指标分解表》(附件1)抓好落实。",  # its own attachment
])
def test_what_the_notice_issues_is_not_cited(text):
    assert cites(text, attachments=("主要指标分解表",)) == []


def test_short_forms_are_not_citations():
    assert cites("经国务院同意,现将《促进中部地区崛起规划》(以下简称《规划》)印发你们。落实《规划》要求。") == []


def test_traditional_script_numbers():
    assert cites("根據《國務院關於加強就業工作的通知》(國辦發〔2009〕3號)精神") == [
        ("國務院關於加強就業工作的通知", "國辦發〔2009〕3號")]


def test_a_number_after_以_has_no_sentence_in_its_agency(tmp_path):
    text = "某省实施方案\n2013年12月30日,某省人民政府以皖政〔2013〕89号印发《某省实施方案》。\n依据国发〔2013〕37号。\n"
    notice = parse_text(tmp_path, text)
    assert "皖政〔2013〕89号" in [c.doc_number for c in notice.citations]


def test_issue_19_a_citation_looks_for_its_clause_nearby():
    """The clause's ends were searched for over the whole text, once per citation: a notice
    32 times longer cost 36 times as much.  Now the search stays within ``REACH`` of the
    citation, and a cue past a clause end there still does not count."""
    from pipeline.extract.citations import REACH, relation

    filler = "开展工作" * (REACH // 2)  # a clause longer than the reach, no mark in it
    work = f"根据{filler}《某办法》{filler}同时废止。"
    at = work.index("《")
    assert relation(work, at, work.index("》") + 1) == "cites"  # 根据 and 同时废止 both out of reach
    near = f"{filler}。根据《某办法》，{filler}同时废止。"
    assert relation(near, near.index("《"), near.index("》") + 1) == "implements"
    repeated = ("参照《甲办法》执行。" + filler + "\n") * 40
    assert [c.relation for c in extract_citations(repeated, Metadata())] == ["cites"]
