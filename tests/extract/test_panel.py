"""A page's information panel as labelled fields, in every layout a site prints it."""
import pytest

from conftest import parse_text
from pipeline.extract.panel import fields_in_row, fields_in_text
from pipeline.zh.script import simplified


def text_fields(line):
    work = simplified(line)
    return [(f.label, f.field, line[f.start:f.end]) for f in fields_in_text(work)]


@pytest.mark.parametrize("line, want", [
    ("发布机构: 亳州市人民政府办公室 主题分类: 综合政务 / 公民 / 通知",
     [("发布机构", "issuer", "亳州市人民政府办公室"), ("主题分类", "other", "综合政务 / 公民 / 通知")]),
    ("發文機關: 國務院辦公廳 成文日期: 2019年04月17日",
     [("发文机关", "issuer", "國務院辦公廳"), ("成文日期", "date", "2019年04月17日")]),
    ("名称: 某市人民政府关于印发方案的通知 文号: 某政办〔2025〕1号",
     [("名称", "title", "某市人民政府关于印发方案的通知"), ("文号", "doc_number", "某政办〔2025〕1号")]),
    ("【发布文号】新政发[1994]103号", [("发布文号", "doc_number", "新政发[1994]103号")]),
    ("- 发文字号:阿行发〔2021〕42号", [("发文字号", "doc_number", "阿行发〔2021〕42号")]),
    ("索 引 号: 000014349/2020-105482 发布日期: 2020-06-28",
     [("索引号", "other", "000014349/2020-105482"), ("发布日期", "other", "2020-06-28")]),
    ("文 号: 文件分类: 综合政务", [("文号", "doc_number", ""), ("文件分类", "other", "综合政务")]),
    ("信息来源:市政府办公室", [("信息来源", "other", "市政府办公室")]),  # not 来源 inside 信息来源
    ("发布机构:亳州市人民政府办公室主题分类:综合政务",  # run together once cleaning took the space
     [("发布机构", "issuer", "亳州市人民政府办公室"), ("主题分类", "other", "综合政务")]),
    ("为加强管理,发文机关要严格把关。", []),  # a label inside a sentence has no colon
])
def test_fields_of_a_line(line, want):
    assert text_fields(line) == want


def test_fields_of_a_table_row():
    assert fields_in_row(["发布机构:", "生成日期:", "2022-12-02 08:54:33", ""]) == [
        ("发布机构", "issuer", ""), ("生成日期", "other", "2022-12-02 08:54:33")]
    assert fields_in_row(["文 号", "蔡政办〔2026〕1号", "有 效 性", "有效"]) == [
        ("文号", "doc_number", "蔡政办〔2026〕1号"), ("有效性", "status", "有效")]


def test_a_panel_fills_the_number_and_date_but_never_the_issuer(tmp_path):
    text = ("索引号: 11341729/202301-00044 发布机构: 某县人民政府办公室 发文字号: 某政〔2023〕1号\n"
            "成文日期: 2023-01-05 发布日期: 2023-01-09\n2023年县政府重点工作任务\n各乡镇人民政府:\n请抓好落实。\n")
    m = parse_text(tmp_path, text).metadata
    assert (m.doc_number, m.date, m.issuer) == ("某政〔2023〕1号", "2023-01-05", None)
    assert m.panel["发布机构"] == "某县人民政府办公室"


def test_a_panel_value_that_is_no_doc_number_is_not_one(tmp_path):
    text = "文 号: 文件分类: 综合政务\n某区人民政府关于加强管理的通知\n各街道:\n请落实。\n"
    assert parse_text(tmp_path, text).metadata.doc_number is None
