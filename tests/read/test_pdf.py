"""The PDF reader: text layer, furniture, paragraphs, tables stitched over pages; scans."""
import re

import pytest

from pipeline.errors import MissingDependencyError, ReadError
from pipeline.model import Format
from pipeline.read import read_notice
from conftest import squash, txt_reference
from pdfgen import pdf_file


@pytest.fixture(scope="module")
def pdf_doc(data_dir):
    return read_notice(data_dir / "tianshui-2022-23.pdf")


def test_one_table_of_all_109_tasks_over_20_pages(pdf_doc, data_dir):
    _, expected = txt_reference(data_dir)
    tables = [b for b in pdf_doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    table = tables[0]
    rows = {}
    for row in table.rows:
        if row.header:
            continue
        cells = [c.text for c in row.cells]
        assert len(cells) == 5 and re.fullmatch(r"\d+", cells[2]), cells  # no fragment or header rows
        rows[int(cells[2])] = (squash(cells[3]), squash(cells[4]))
    assert rows == expected
    headers = [r for r in table.rows if r.header]
    assert len(headers) == 1 and table.rows[0].header
    assert [c.text for c in headers[0].cells] == ["重点任务", "责任单位"]
    assert {r.span.page for r in table.rows} == set(range(15, 35))


def test_group_cells_split_by_a_page_break_are_joined(pdf_doc):
    table = next(b for b in pdf_doc.blocks if b.kind == "table")
    groups = [c.text for r in table.rows for c in r.cells[:2] if c.text]
    assert "六、完善法规政策体系" in groups and "(十八)加大立法执法力度" in groups
    assert "体系" not in groups and "度" not in groups


def test_paragraphs_equal_the_text_form_without_furniture(pdf_doc, data_dir):
    expected, _ = txt_reference(data_dir)
    got = [squash(b.text) for b in pdf_doc.blocks if b.kind == "paragraph"]
    assert got[:3] == ["天水市人民政府文件", expected[3], "".join(expected[:3])]
    assert got[3:] == expected[4:]
    assert not re.search(r"—\s*\d+\s*—", pdf_doc.text)
    assert pdf_doc.pages == 34 and pdf_doc.format is Format.PDF


def test_pages_and_hints(pdf_doc):
    paragraphs = [b for b in pdf_doc.blocks if b.kind == "paragraph"]
    assert paragraphs[0].span.page == 1 and paragraphs[-1].span.page == 15
    date = next(b for b in paragraphs if b.text == "2022年4月26日")
    assert date.hints["align"] == "right"
    measure = next(b for b in paragraphs if b.text.startswith("(一)推进工业绿色升级。"))
    assert measure.text[:measure.hints["bold_prefix"]] == "(一)推进工业绿色升级。"
    for b in pdf_doc.blocks:
        assert pdf_doc.text[b.span.start:b.span.end] == b.text


def test_the_pdf_reads_like_the_docx(pdf_doc, data_dir):
    docx = read_notice(data_dir / "tianshui-2022-23.docx")
    assert [b.text for b in pdf_doc.blocks] == [b.text for b in docx.blocks]


# ------------------------------------------------------------------ built PDFs


def _pdf(pages: list[list[tuple[float, float, str]]], size=12, drawing: str = "", scale: float = 1) -> bytes:
    """A minimal PDF: each page a list of (x, top, text) lines in Helvetica, with ``drawing``
    (PDF path operators) on every page; ``scale`` sets the type at ``size / scale`` and a text
    matrix that scales it back (as WPS writes its PDFs)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        stream = drawing + "".join(f"BT /F1 {size / scale:g} Tf {scale:g} 0 0 {scale:g} {x} {842 - top} Tm ({text}) Tj ET\n"
                                   for x, top, text in lines)
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}endstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>")
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    return pdf_file(objects)


def _width(text, size=12):
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS["Helvetica"][1]
    return sum(widths.get(c, 500) for c in text) * size / 1000


def _fill(x, start, words, right):
    """A justified-looking line: words added while the line stays inside ``right``."""
    line = start
    for w in words:
        if x + _width(line + " " + w) > right:
            break
        line += " " + w
    return line


def test_furniture_and_wrapped_lines(tmp_path):
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split() * 3
    pages = []
    for n in range(1, 4):
        first = _fill(96, f"Part {n} begins", words, 520)
        second = _fill(72, "more", words, 520)
        pages.append([
            (72, 40, "City Government Bulletin"),              # running header
            (96, 220, first),
            (72, 236, second),
            (72, 252, "ut labore et dolore."),
            (280, 800, f"- {n} -"),                             # page number
        ])
    path = tmp_path / "built.pdf"
    path.write_bytes(_pdf(pages))
    doc = read_notice(path)
    texts = [b.text for b in doc.blocks]
    assert len(texts) == 3
    assert texts[0].startswith("Part 1 begins") and texts[0].endswith("ut labore et dolore.")
    assert " more lorem" in texts[0]  # Latin words wrapped over lines keep their space
    assert "Bulletin" not in doc.text and "- 2 -" not in doc.text
    assert [b.span.page for b in doc.blocks] == [1, 2, 3]


def test_a_ruled_frame_around_running_text_is_no_table(tmp_path):
    """A browser prints a web page's article inside a ruled box (two thin strips beside it make it a
    grid): its text is paragraphs, read line by line, not one table cell."""
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split() * 3
    lines = [(96, 120, _fill(96, "Notice begins", words, 500))]
    lines += [(72, 136 + 16 * i, _fill(72, f"line{i}", words, 500) + ("." if i == 5 else "")) for i in range(6)]
    lines += [(96, 260, _fill(96, "Second paragraph", words, 500) + ".")]
    # an outer frame, a strip along its top and one along its left: a 2 x 2 grid of ruling lines
    frame = "0.5 w 50 42 495 760 re S 50 792 m 545 792 l S 60 42 m 60 802 l S\n"
    path = tmp_path / "framed.pdf"
    path.write_bytes(_pdf([lines], drawing=frame))
    doc = read_notice(path)
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]
    assert doc.blocks[0].text.startswith("Notice begins") and doc.blocks[1].text.startswith("Second paragraph")


@pytest.mark.parametrize("scale", [1, 0.05])
def test_lines_keep_their_paragraphs_whatever_size_the_font_claims(tmp_path, scale):
    """WPS sets 12 pt type as 240 pt scaled down by the text matrix: the lines' own height counts,
    so a short line at the right margin stays a paragraph of its own."""
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split() * 3
    body = [(96, 140, _fill(96, "First", words, 520))] + [(72, 156 + 16 * i, _fill(72, f"w{i}", words, 520))
                                                         for i in range(6)] + [(72, 252, "end of it.")]
    lines = [(470, 100, "No. 71")] + body + [(96, 290, _fill(96, "Second", words, 520)), (72, 306, "done.")]
    path = tmp_path / "scaled.pdf"
    path.write_bytes(_pdf([lines], scale=scale))
    texts = [b.text for b in read_notice(path).blocks]
    assert texts[0] == "No. 71" and len(texts) == 3
    assert texts[1].startswith("First") and texts[1].endswith("end of it.") and texts[2].endswith("done.")


def test_a_damaged_pdf_is_a_read_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage")
    with pytest.raises(ReadError) as err:
        read_notice(path)
    assert "broken.pdf" in str(err.value)


def _image_pdf(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 500, 140), fill="black")
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=72)
    return path


def test_a_scan_without_ocr_says_how_to_install_it(tmp_path, monkeypatch):
    from pipeline.read import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(MissingDependencyError) as err:
        read_notice(_image_pdf(tmp_path))
    message = str(err.value)
    assert "scanned PDF" in message and "pip install -e .[ocr]" in message and "scan.pdf" in message


def test_a_scan_is_read_by_ocr(data_dir):
    pytest.importorskip("rapidocr")
    pytest.importorskip("pypdfium2")
    doc = read_notice(data_dir / "tianshui-2022-23.scanned-p1.pdf")
    texts = [squash(b.text) for b in doc.blocks]
    assert "天政发〔2022〕23号" in texts
    assert "天水市人民政府印发关于加快建立健全绿色低碳循环发展经济体系实施方案的通知" in texts
    assert any(t.startswith("现将《关于加快建立健全绿色低碳循环发展经济体系实施方案》印发你们") for t in texts)
    assert not any(re.fullmatch(r"[-—]?\d+[-—]?", t) for t in texts)  # the page number
    assert doc.pages == 1 and any(w.code == "W-OCR" for w in doc.warnings)
    assert all(w.span is None or w.span.page == 1 for w in doc.warnings)


# ------------------------------------------------------------- pages and spans


@pytest.fixture(scope="module")
def pdf_notice(data_dir):
    from pipeline.run import parse_file

    return parse_file(data_dir / "tianshui-2022-23.pdf")


@pytest.fixture(scope="module")
def plumber_pages(data_dir):
    """Each page's text as pdfplumber reads it (an independent witness), cleaned like the
    notice text and without whitespace."""
    import pdfplumber

    from pipeline.read.clean import clean

    with pdfplumber.open(data_dir / "tianshui-2022-23.pdf") as pdf:
        return [squash(clean(page.extract_text() or "")[0]) for page in pdf.pages]


def _pages_with(pages, text, size=14):
    """Pages whose text holds the first ``size`` characters of ``text`` (a table cell's
    first line is interleaved with its row's other cells, so its probe is shorter)."""
    probe = squash(text)[:size]
    return [n for n, page in enumerate(pages, 1) if probe in page]


def test_named_elements_point_at_their_page_and_text(pdf_notice, plumber_pages):
    n = pdf_notice
    task1 = next(t for t in n.tasks if t.no == 1)
    annex = [p for p in _pages_with(plumber_pages, task1.text, 10) if p >= 15]  # the body says it too
    assert task1.span.page == 15 and annex == [15]
    assert squash(task1.text) in squash(n.text[task1.span.start:task1.span.end])  # the span is its row
    last = max(n.tasks, key=lambda t: t.no or 0)
    assert last.no == 109 and [last.span.page] == _pages_with(plumber_pages, last.text, 10)[-1:] == [34]

    forest = next(t for t in n.targets if t.text == "森林覆盖率达到39%")
    assert n.text[forest.span.start:forest.span.end] == forest.text
    assert [forest.span.page] == _pages_with(plumber_pages, forest.text) == [2]

    safeguards = next(h for h in n.outline if h.number == "八" and h.title == "保障措施")
    assert n.text[safeguards.span.start:safeguards.span.end] == "八、保障措施"
    assert [safeguards.span.page] == _pages_with(plumber_pages, "八、保障措施")[:1] == [13]


def _true_pages(n, pages):
    """(element, its span's page, the one page pdfplumber finds its text on) for every target,
    heading and task whose text pdfplumber finds on exactly one page."""
    out = []
    for element in [*n.targets, *n.outline, *n.tasks]:
        if hasattr(element, "number"):
            text, size = element.title, 14
        else:
            text, size = element.text, 10 if hasattr(element, "units") else 14
        found = _pages_with(pages, text, size)
        if hasattr(element, "number") and element.part == "body":
            found = [p for p in found if p < 15]  # the annex table repeats the body's headings
        elif hasattr(element, "units") or hasattr(element, "number"):
            found = [p for p in found if p >= 15]  # and the body says the annex's groups and tasks
        if len(found) == 1:
            out.append((element, element.span.page, found[0]))
    return out


def test_every_span_holds_its_elements_text(pdf_notice):
    n = pdf_notice
    for t in n.targets:
        assert n.text[t.span.start:t.span.end] == t.text
    for h in n.outline:  # a heading's span is its section: the heading line, then its text
        first = n.text[h.span.start:h.span.end].split("\n")[0]
        assert h.number in first and h.title in first[:len(h.title) + 6], (first, h.title)
    for t in n.tasks:
        assert squash(t.text) in squash(n.text[t.span.start:t.span.end])  # a task's span is its table row


def test_elements_are_on_the_page_pdfplumber_finds_them(pdf_notice, plumber_pages):
    """Every element placeable on one page is on it, also past a page break inside its paragraph
    (regression: such targets used to take their paragraph's first page)."""
    n = pdf_notice
    checked = _true_pages(n, plumber_pages)
    assert len(checked) >= 0.7 * (len(n.targets) + len(n.outline) + len(n.tasks))
    wrong = [(e.text, page, true) for e, page, true in checked if page != true]
    assert not wrong, wrong
