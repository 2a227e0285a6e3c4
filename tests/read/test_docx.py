"""The .docx reader: the example notice reads like its text form; merges, headers, hints, numbering."""
import re

import pytest

from pipeline.errors import ReadError
from pipeline.model import Format
from pipeline.read import read_notice
from pipeline.read.docx import chinese_number, format_number
from conftest import squash, task_rows, txt_reference


@pytest.fixture(scope="module")
def docx_doc(data_dir):
    return read_notice(data_dir / "tianshui-2022-23.docx")


def test_the_docx_tasks_equal_the_text_forms(docx_doc, data_dir):
    _, expected = txt_reference(data_dir)
    table, rows = task_rows(docx_doc)
    assert len(rows) == 109
    assert rows == expected
    assert [r.header for r in table.rows].count(True) == 1 and table.rows[0].header
    assert [c.text for c in table.rows[0].cells] == ["重点任务", "责任单位"]
    assert table.rows[0].cells[0].colspan == 4


def test_the_docx_paragraphs_equal_the_text_forms(docx_doc, data_dir):
    expected, _ = txt_reference(data_dir)
    got = [squash(b.text) for b in docx_doc.blocks if b.kind == "paragraph"]
    # the title's three published lines are one paragraph (w:br joins)
    title = "".join(expected[:3])
    assert got[:3] == ["天水市人民政府文件", expected[3], title]
    assert got[3:] == expected[4:]
    assert docx_doc.format is Format.DOCX and docx_doc.pages is None


def test_vertical_merges_leave_empty_cells_and_a_rowspan(docx_doc):
    table, _ = task_rows(docx_doc)
    first = table.rows[1].cells
    assert first[0].text == "一、健全绿色低碳循环发展生产体系" and first[0].rowspan == 35
    assert first[1].text == "(一)推进工业绿色升级" and first[1].rowspan == 8
    assert [c.text for c in table.rows[2].cells[:2]] == ["", ""]


def test_hints_and_no_footer(docx_doc):
    blocks = [b for b in docx_doc.blocks if b.kind == "paragraph"]
    by_text = {b.text: b for b in blocks}
    assert by_text["天水市人民政府印发关于加快建立健全绿色低碳循环发展经济体系实施方案的通知"].hints["align"] == "center"
    assert by_text["2022年4月26日"].hints["align"] == "right"
    assert by_text["一、总体目标"].hints["font"] == "黑体"
    measure = next(b for b in blocks if b.text.startswith("(一)推进工业绿色升级。"))
    assert measure.text[:measure.hints["bold_prefix"]] == "(一)推进工业绿色升级。"
    assert not any(re.fullmatch(r"[—\s\d-]+", b.text) for b in blocks)
    assert "— 1 —" not in docx_doc.text
    # spans point into the text
    for b in docx_doc.blocks:
        assert docx_doc.text[b.span.start:b.span.end] == b.text


def _build_docx(tmp_path):
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.sections[0].footer.paragraphs[0].text = "— 1 —"
    p = d.add_paragraph()
    run = p.add_run("(一)加强领导。")
    run.bold = True
    p.add_run("各单位要落实责任。")
    d.add_paragraph("第一行").add_run().add_break()
    d.paragraphs[-1].add_run("第二行")
    table = d.add_table(rows=4, cols=3)
    hdr = table.rows[0]
    hdr._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell, text in zip(hdr.cells, ["分组", "任务", "单位"]):
        cell.text = text
    for i, (task, unit) in enumerate([("任务甲", "市财政局"), ("任务乙", "市商务局"), ("任务丙", "市统计局")], 1):
        table.cell(i, 1).text = task
        table.cell(i, 2).text = unit
    merged = table.cell(1, 0).merge(table.cell(3, 0))
    merged.text = "一、保障"
    # a list numbered by Word (chineseCounting "%1、")
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in [("总体要求", 0), ("目标", 1), ("原则", 1), ("重点任务", 0), ("产业", 1)]:
        para = d.add_paragraph(text)
        para._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    path = tmp_path / "built.docx"
    d.save(path)
    return path


def test_a_built_docx(tmp_path):
    doc = read_notice(_build_docx(tmp_path))
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs[0].text == "(一)加强领导。各单位要落实责任。"
    assert paragraphs[0].hints["bold_prefix"] == len("(一)加强领导。")
    assert paragraphs[1].text == "第一行第二行"
    assert [b.text for b in paragraphs[2:]] == ["一、总体要求", "(一)目标", "(二)原则", "二、重点任务", "(一)产业"]
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.rows[0].header and not table.rows[1].header
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [
        ["一、保障", "任务甲", "市财政局"], ["", "任务乙", "市商务局"], ["", "任务丙", "市统计局"]]
    assert table.rows[1].cells[0].rowspan == 3
    assert "— 1 —" not in doc.text


@pytest.mark.parametrize("n, fmt, out", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
    (27, "chineseCounting", "二十七"), (105, "chineseCountingThousand", "一百零五"), (3, "decimal", "3"),
    (2, "lowerLetter", "b"), (4, "upperRoman", "IV"), (3, "decimalEnclosedCircle", "③"),
])
def test_number_formats(n, fmt, out):
    assert format_number(n, fmt) == out


def test_chinese_number_edges():
    assert chinese_number(110) == "一百一十" and chinese_number(2005) == "二千零五"


def test_a_damaged_docx_is_a_read_error(tmp_path):
    import zipfile

    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<not-xml")
    with pytest.raises(ReadError) as err:
        read_notice(path)
    assert "bad.docx" in str(err.value)
