"""The plain-text reader: encodings, line endings, text tables, clear errors."""
import pytest

from pipeline.errors import ReadError, UnsupportedFormatError
from pipeline.model import Format
from pipeline.read import read_notice, sniff_format

SAMPLE = "临河市人民政府\n关于加强节能工作的通知\n临政发〔2024〕5号\n各县区人民政府：\n到2025年，单位GDP能耗下降13.5%。\n"


@pytest.mark.parametrize("encoding, label", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
    ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("big5", None),
])
def test_encodings_decode_to_the_same_text(tmp_path, encoding, label):
    text = SAMPLE if encoding != "big5" else "臨河市人民政府\n關於加強節能工作的通知\n到2025年，單位能耗下降13.5%。\n"
    path = tmp_path / "n.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_notice(path)
    assert doc.text.rstrip("\n") == text.rstrip("\n")
    if label:
        assert doc.encoding == label
    assert doc.format is Format.TXT


def test_crlf_is_handled(tmp_path):
    path = tmp_path / "n.txt"
    path.write_bytes(SAMPLE.replace("\n", "\r\n").encode("gb18030"))
    doc = read_notice(path)
    assert "\r" not in doc.text
    assert [b.text for b in doc.blocks][:2] == ["临河市人民政府", "关于加强节能工作的通知"]


def test_the_gb18030_example_reads_like_the_utf8_one(data_dir):
    a = read_notice(data_dir / "tianshui-2022-23.txt")
    b = read_notice(data_dir / "tianshui-2022-23.gb18030.txt")
    assert a.text == b.text
    assert b.encoding == "gb18030"


def test_undecodable_bytes_name_the_file(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(bytes(range(128, 256)) * 40 + b"\x81\x30\xff\xff" * 50)
    with pytest.raises(ReadError) as err:
        read_notice(path)
    assert "broken.txt" in str(err.value)


def test_empty_file_is_a_read_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(ReadError, match="empty"):
        read_notice(path)


def test_an_image_is_refused_by_what_it_is(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(UnsupportedFormatError, match="PNG"):
        read_notice(path)


@pytest.mark.parametrize("head, fmt", [
    (b"%PDF-1.7\n", Format.PDF), (b"<!DOCTYPE html><html>", Format.HTML),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Format.DOC), ("一、总体目标".encode(), Format.TXT),
])
def test_sniffing_reads_the_bytes_not_the_name(head, fmt):
    assert sniff_format(head, "notice.txt") is fmt


def test_pipe_table_rows_become_one_table(data_dir):
    doc = read_notice(data_dir / "tianshui-2022-23.txt")
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    rows = tables[0].rows
    assert [c.text for c in rows[0].cells] == ["重点任务", "责任单位"]
    # trailing padding separators are not cells
    assert [c.text for c in rows[2].cells][0] == "2" and len(rows[2].cells) == 3
    for row in rows:
        for cell in row.cells:
            assert doc.text[cell.span.start:cell.span.end] == cell.text


def test_a_group_cell_alone_on_its_line_joins_the_next_row(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("序号 | 任务 | 责任单位\n1 | 甲 | 市财政局\n二、第二部分\n| 2 | 乙 | 市商务局 |\n", encoding="utf-8")
    table = [b for b in read_notice(path).blocks if b.kind == "table"][0]
    assert [c.text for c in table.rows[2].cells] == ["二、第二部分", "2", "乙", "市商务局"]


def test_tab_separated_rows_are_a_table(data_dir):
    doc = read_notice(data_dir / "tianshui-2022-23.fullwidth.txt")
    table = [b for b in doc.blocks if b.kind == "table"][0]
    assert len(table.rows) == 127


def test_every_character_points_back_to_its_source(tmp_path):
    source = "\ufeff　　一、总体目标\r\n到２０２５年，覆盖率达到９０％。\r\n"
    path = tmp_path / "n.txt"
    path.write_bytes(source.encode("utf-8"))
    doc = read_notice(path)
    decoded = source.lstrip("\ufeff")
    at = doc.text.index("2025")
    assert decoded[doc.source_offset(at):doc.source_offset(at + 4)] == "２０２５"
    assert decoded[doc.source_offset(doc.text.index("一、"))] == "一"


@pytest.mark.parametrize("header", [["序号", "主要工作任务", "责任单位"], ["序 号", "内容与要求", "进展情况", "责任单位"]])
def test_a_table_flattened_one_cell_a_line_is_a_table(header):
    from pipeline.read.text import text_blocks

    rows = [["1", "地区生产总值增长6%左右。", "进展顺利。", "市发展改革委"],
            ["2", "研发投入强度达到3%。", "稳步推进。", "市科技局"]]
    rows = [[r[0], r[1], *r[2:len(header) - 1], r[-1]] for r in rows]
    lines = ["各单位:", *header, *(cell for row in rows for cell in row), "(此件公开发布)"]
    blocks = text_blocks("\n".join(lines))
    assert [b.kind for b in blocks] == ["paragraph", "table", "paragraph"]
    table = blocks[1]
    assert table.rows[0].header and [c.text for c in table.rows[0].cells] == header
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == rows


@pytest.mark.parametrize("lines", [
    ["序号", "主要工作任务", "责任单位", "一、总体要求"],            # no row follows the header
    ["序号", "任务", "1", "推进改革。", "市发改委"],                  # a header of one cell: a list, not a table
    ["序号", "主要工作任务", "责任单位", "1", "推进改革,深化放管服。"],  # the row is cut short
])
def test_lines_that_only_look_like_a_flattened_table(lines):
    from pipeline.read.text import text_blocks

    assert {b.kind for b in text_blocks("\n".join(lines))} == {"paragraph"}
