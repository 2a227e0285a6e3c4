"""GB/T 9704 elements of notices unlike the example."""
import pytest

from conftest import parse_text


def test_county_notice_metadata(county):
    m = county.metadata
    assert m.issuer == "河西县人民政府办公室"  # from the 文件 mark
    assert m.doc_number == "河县政办发〔2023〕7号"
    assert m.title == "河西县人民政府办公室关于印发河西县农村人居环境整治提升行动方案的通知"  # two lines joined
    assert list(m.addressees) == ["各乡镇人民政府", "县直各部门"]
    assert m.signature == "河西县人民政府办公室"
    assert m.date == "2023-03-15"  # 二〇二三年三月十五日
    assert m.note == "此件公开发布"
    assert list(m.attachments) == ["河西县农村人居环境整治重点任务清单"]
    assert m.plan_title == "河西县农村人居环境整治提升行动方案"


def test_spans_point_at_the_elements(county):
    text, spans = county.text, county.metadata.spans
    assert text[spans["doc_number"].start:spans["doc_number"].end] == "河县政办发〔2023〕7号"
    assert text[spans["date"].start:spans["date"].end] == "二〇二三年三月十五日"


@pytest.mark.parametrize("date_line, iso", [
    ("2022年4月26日", "2022-04-26"),
    ("二〇二二年四月二十六日", "2022-04-26"),
    ("二○一二年一月九日", "2012-01-09"),
    ("2024年12月31日", "2024-12-31"),
])
def test_dates_in_digits_and_chinese_numerals(tmp_path, date_line, iso):
    notice = parse_text(tmp_path, f"关于做好防汛工作的通知\n各区县：\n请做好防汛工作。\n某市应急管理局\n{date_line}\n")
    assert notice.metadata.date == iso
    assert notice.metadata.signature == "某市应急管理局"
    assert notice.metadata.issuer == "某市应急管理局"  # no 文件 mark, no issuer in the title


def test_several_attachments_are_listed(tmp_path):
    text = ("关于开展安全检查的通知\n各镇街：\n现将有关事项通知如下。\n附件：1.检查表\n2.汇总表\n"
            "某区安委会办公室\n2023年5月6日\n附件1\n检查表\n内容\n附件2\n汇总表\n内容\n")
    notice = parse_text(tmp_path, text)
    assert list(notice.metadata.attachments) == ["检查表", "汇总表"]
    assert notice.metadata.date == "2023-05-06"


def test_the_issuer_comes_from_the_head_of_the_title(tmp_path):
    notice = parse_text(tmp_path, "某省人民政府关于加强耕地保护的意见\n各市人民政府：\n耕地是粮食生产的命根子。\n")
    assert notice.metadata.issuer == "某省人民政府"
    assert notice.metadata.title == "某省人民政府关于加强耕地保护的意见"


def test_missing_elements_are_warned_not_guessed(tmp_path):
    notice = parse_text(tmp_path, "一、加强领导\n各部门要高度重视。\n")
    assert notice.metadata.date is None
    assert any(w.code == "W-NO-DATE" for w in notice.warnings)
