"""The HTML reader: article body found among site furniture, charsets, rowspan tables, metadata box."""

import pytest

from pipeline.model import Format
from pipeline.read import read_notice
from conftest import squash, task_rows, txt_reference


@pytest.fixture(scope="module")
def page(data_dir):
    return read_notice(data_dir / "tianshui-2022-23.html")


def test_tasks_equal_the_text_forms(page, data_dir):
    _, expected = txt_reference(data_dir)
    table, rows = task_rows(page)  # rowspans resolved: every row has its five columns
    assert rows == expected
    assert table.rows[0].header and [c.text for c in table.rows[0].cells] == ["重点任务", "责任单位"]
    first = table.rows[1].cells
    assert first[0].rowspan == 35 and first[1].rowspan == 8
    assert [c.text for c in table.rows[2].cells[:2]] == ["", ""]


def test_paragraphs_equal_the_text_forms_and_no_site_clutter(page, data_dir):
    expected, _ = txt_reference(data_dir)
    paragraphs = [b for b in page.blocks if b.kind == "paragraph"]
    got = [squash(b.text) for b in paragraphs]
    assert got[0] == "".join(expected[:3]) and paragraphs[0].hints["role"] == "page_title"
    assert got[1:] == expected[3:]
    for clutter in ("网站地图", "ICP备", "首页", "打印本页", "相关链接", "主办单位", "浏览次数"):
        assert clutter not in page.text
    assert page.format is Format.HTML and page.encoding == "utf-8"


def test_the_metadata_box_is_a_table_block_first(page):
    meta = page.blocks[0]
    assert meta.kind == "table" and meta.hints == {"role": "page_metadata"}
    pairs = {r.cells[0].text: r.cells[1].text for r in meta.rows}
    assert pairs["发文字号"] == "天政发〔2022〕23号"
    assert pairs["发文机关"] == "天水市人民政府" and pairs["成文日期"] == "2022-04-26"
    assert pairs["标题"].endswith("实施方案的通知")


def test_hints_from_styles(page):
    by_text = {b.text: b for b in page.blocks if b.kind == "paragraph"}
    assert by_text["天政发〔2022〕23号"].hints["align"] == "center"
    assert by_text["2022年4月26日"].hints["align"] == "right"
    assert by_text["一、总体目标"].hints["font"] == "黑体"
    measure = next(b for t, b in by_text.items() if t.startswith("(一)推进工业绿色升级。"))
    assert measure.text[:measure.hints["bold_prefix"]] == "(一)推进工业绿色升级。"


def test_the_gbk_page_reads_like_the_utf8_page(page, data_dir):
    gbk = read_notice(data_dir / "tianshui-2022-23.gbk.html")
    assert gbk.encoding == "gb18030"
    assert gbk.text == page.text
    assert [(b.kind, b.text, b.hints) for b in gbk.blocks] == [(b.kind, b.text, b.hints) for b in page.blocks]


def test_the_html_reads_like_the_docx(page, data_dir):
    docx = read_notice(data_dir / "tianshui-2022-23.docx")
    html_table = next(b for b in page.blocks if b.kind == "table" and not b.hints.get("role"))
    docx_table = next(b for b in docx.blocks if b.kind == "table")
    assert [[c.text for c in r.cells] for r in html_table.rows] == [[c.text for c in r.cells] for r in docx_table.rows]


BODY = "各有关单位：现将有关事项通知如下，请认真贯彻执行，确保各项任务落到实处。"


def _page(tmp_path, html, name="p.html", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return read_notice(path)


def test_escaped_copies_in_scripts_are_ignored(tmp_path):
    escaped = "".join(f"\\u{ord(c):04x}" for c in BODY)
    html = (f"<html><head><script>window._CONFIG={{DETAIL:\"{escaped}\"}};</script></head><body>"
            f"<div class='nav'><a href='/'>首页</a> <a href='/a'>政务公开</a></div>"
            f"<div class='box'><h1>关于开展节能检查的通知</h1><div class='content'>"
            f"<p>{BODY}</p><p>一、检查范围</p><p>全市重点用能单位均纳入检查范围，逐户建立台账。</p></div></div>"
            f"<script>var s = \"{escaped}\";</script><div class='footer'>网站标识码 1234</div></body></html>")
    doc = _page(tmp_path, html)
    texts = [b.text for b in doc.blocks]
    assert texts == ["关于开展节能检查的通知", BODY, "一、检查范围", "全市重点用能单位均纳入检查范围，逐户建立台账。"]
    assert "\\u" not in doc.text and "网站标识码" not in doc.text


def test_http_equiv_charset_and_br_lines(tmp_path):
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
            f'<body><div id="zoom"><p align="center">临政发〔2024〕5号</p><div>{BODY}<br>第二段内容在这里继续说明。</div>'
            '</div></body></html>')
    doc = _page(tmp_path, html, encoding="gbk")
    assert doc.encoding == "gb18030"
    assert [b.text for b in doc.blocks] == ["临政发〔2024〕5号", BODY, "第二段内容在这里继续说明。"]
    assert doc.blocks[0].hints["align"] == "center"


def test_header_rows_by_th_and_by_repetition(tmp_path):
    rows = "".join(f"<tr><td>{i}</td><td>任务{i}的内容说明</td><td>市财政局</td></tr>" for i in range(1, 4))
    head = "<tr><th>序号</th><th>重点任务</th><th>责任单位</th></tr>"
    html = f"<html><body><div><p>{BODY}</p><table>{head}{rows}{head}{rows}</table></div></body></html>"
    doc = _page(tmp_path, html)
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [r.header for r in table.rows] == [True, False, False, False, True, False, False, False]
