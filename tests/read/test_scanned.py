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
