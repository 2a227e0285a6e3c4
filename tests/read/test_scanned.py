"""A scanned notice, through OCR, to the contract: metadata and the headings of its pages."""
import subprocess
import sys

import pytest


def test_scanned_notice_with_the_ocr_extra(data_dir):
    pytest.importorskip("rapidocr")
    from pipeline.run import parse_file

    notice = parse_file(data_dir / "tianshui-2022-23.scanned.pdf")
    m = notice.metadata
    assert (m.issuer, m.doc_number, m.date) == ("天水市人民政府", "天政发〔2022〕23号", "2022-04-26")
    assert m.title == "天水市人民政府印发关于加快建立健全绿色低碳循环发展经济体系实施方案的通知"
    assert [(h.level, h.title, h.span.page) for h in notice.outline] == [
        (1, "总体目标", 2), (1, "健全绿色低碳循环发展生产体系", 2), (2, "推进工业绿色升级", 2), (2, "加快农业绿色发展", 3)]
    assert "森林覆盖率达到39%" in [t.text for t in notice.targets]
    assert any(w.code == "W-OCR" for w in notice.warnings)


def test_scanned_notice_without_ocr_is_one_line_and_a_failure(tmp_path, data_dir):
    # run with the OCR engine hidden, as on a machine without the extra
    code = ("import sys,builtins;real=builtins.__import__\n"
            "def imp(n,*a,**k):\n"
            "    if n.startswith('rapidocr'): raise ImportError(n)\n"
            "    return real(n,*a,**k)\n"
            "builtins.__import__=imp\n"
            "from pipeline.cli import main;sys.argv=['policy-pipeline','parse',sys.argv[1]];main()")
    result = subprocess.run([sys.executable, "-c", code, str(data_dir / "tianshui-2022-23.scanned.pdf")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "pip install -e .[ocr]" in lines[0] and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def scanned_annex(tmp_path_factory, data_dir):
    """Two pages of the example's annex table, as a scanner gives them (a grayscale image per
    page at 200 dpi, JPEG, no text layer), and the same two pages with their text layer."""
    pytest.importorskip("rapidocr")
    import pypdfium2 as pdfium

    folder = tmp_path_factory.mktemp("scan")
    source = pdfium.PdfDocument(data_dir / "tianshui-2022-23.pdf")
    pages = [i for i in range(len(source)) if "责任单位" in source[i].get_textpage().get_text_range()][:2]
    images = [source[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L") for i in pages]
    images[0].save(folder / "annex.scanned.pdf", save_all=True, append_images=images[1:], resolution=200, quality=85)
    text = pdfium.PdfDocument.new()
    text.import_pages(source, pages)
    text.save(folder / "annex.pdf")
    return folder / "annex.scanned.pdf", folder / "annex.pdf"


def test_a_ruled_table_in_a_scan_is_read_as_a_table(scanned_annex):
    from pipeline.options import Options
    from pipeline.read import read_notice

    doc = read_notice(scanned_annex[0], Options())
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1  # the two pages' pieces stitched, as a text layer's are
    assert tables[0].text.splitlines()[0] == "重点任务\t责任单位"


def test_a_scanned_tables_tasks_are_the_text_layers(scanned_annex):
    from pipeline.run import parse_file

    scanned, text = (parse_file(p) for p in scanned_annex)
    assert len(scanned.tasks) == len(text.tasks) >= 10
    for a, b in zip(scanned.tasks, text.tasks):
        assert a.no == b.no and a.source == b.source == "table"
        assert [u.canonical for u in a.units] == [u.canonical for u in b.units]
        # OCR reads a comma full-width where the text layer has it half-width, now and then
        assert a.text.replace("，", ",") == b.text.replace("，", ",")
