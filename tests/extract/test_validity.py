"""Validity: effective and expiry dates, repeals and status, from the text and the page panel."""
import pytest

from pipeline.extract.validity import extract_validity
from pipeline.model import Metadata

TODAY = "2026-12-02"


def validity(text, date=None, panel=None):
    v = extract_validity(text, Metadata(date=date, panel=panel), TODAY)
    return v.effective, v.expires, v.status, list(v.repeals)


@pytest.mark.parametrize("text, date, want", [
    ("本办法自2025年1月1日起施行，有效期5年。", None, ("2025-01-01", "2029-12-31", "in_force", [])),
    ("本辦法自2025年1月1日起施行，有效期5年。", None, ("2025-01-01", "2029-12-31", "in_force", [])),  # traditional
    ("本方案自印发之日起施行。", "2024-03-01", ("2024-03-01", None, "in_force", [])),
    ("本通知自印发之日起实施，有效期至2027年12月31日。", "2024-03-01", ("2024-03-01", "2027-12-31", "in_force", [])),
    ("本办法自二〇二〇年一月一日起施行，试行二年。", None, ("2020-01-01", "2021-12-31", "expired", [])),
    ("本規定自2020年1月1日起施行，有效期至2022年12月31日。", None, ("2020-01-01", "2022-12-31", "expired", [])),
    ("本办法自2027年1月1日起施行。", None, ("2027-01-01", None, "unknown", [])),  # not yet in force
    ("本办法自2025年1月1日起施行，原《某市扶持办法》(某政发〔2019〕3号)同时废止。", None,
     ("2025-01-01", None, "in_force", ["《某市扶持办法》"])),
    ("原《甲办法》和《乙规定》同時廢止。", None, (None, None, "unknown", ["《甲办法》", "《乙规定》"])),
    ("各地要认真贯彻执行。", "2024-03-01", (None, None, "unknown", [])),  # nothing said
])
def test_validity_from_the_text(text, date, want):
    assert validity(text, date) == want


@pytest.mark.parametrize("panel, want", [
    ({"实施日期": "2025-09-12", "失效日期": "2027-12-31"}, ("2025-09-12", "2027-12-31", "in_force", [])),
    ({"时效性": "现行有效"}, (None, None, "in_force", [])),
    ({"文件状态": "已废止"}, (None, None, "repealed", [])),
    ({"效力状态": "已修改"}, (None, None, "amended", [])),
    ({"有效性": "失效"}, (None, None, "expired", [])),
    ({"時效性": "已失效"}, (None, None, "expired", [])),  # traditional label
])
def test_validity_from_the_page_panel(panel, want):
    assert validity("各地要认真贯彻执行。", None, panel) == want


def test_the_panels_status_wins_over_the_dates():
    assert validity("本办法自2025年1月1日起施行。", None, {"时效性": "已废止"})[2] == "repealed"


def test_every_finding_keeps_its_phrase_and_span():
    text = "一、总则\n本办法自2025年1月1日起施行，有效期5年。"
    v = extract_validity(text, Metadata(), TODAY)
    assert [e.text for e in v.evidence] == ["自2025年1月1日起施行", "有效期5年"]
    assert all(text[e.span.start:e.span.end] == e.text for e in v.evidence)


@pytest.mark.parametrize("text, date, panel, want", [
    # 自发布之日起: the panel's exact 实施日期 beats the notice's date; 有效期5年 runs from it
    ("本通知自发布之日起施行，有效期5年。", "2025-09-10", {"实施日期": "2025年09月12日"}, ("2025-09-12", "2030-09-11")),
    # a panel's earlier 失效日期 stands: the site knows the notice was cut short
    ("本通知自印发之日起施行，有效期5年。", "2021-04-13", {"实施日期": "2021年04月16日", "失效日期": "2023年06月01日"},
     ("2021-04-16", "2023-06-01")),
    # a date the text states wins over the panel's
    ("本办法自2025年1月1日起施行。", None, {"实施日期": "2025-01-05"}, ("2025-01-01", None)),
])
def test_the_text_and_the_panel_together(text, date, panel, want):
    assert validity(text, date, panel)[:2] == want
