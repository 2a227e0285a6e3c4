"""Legacy Word (.doc): LibreOffice converts it, the .docx reader reads it.

The .doc under test is made here: a short county notice written with python-docx,
saved as Word 97 by LibreOffice once per session.  A real notice from shared/corpus
is parsed too when that folder is beside the repository.
"""
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.errors import MissingDependencyError
from pipeline.read import read_notice

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NO_OFFICE = "needs LibreOffice (apt-get install libreoffice-writer-nogui)"
REAL_DOC = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real" / "hainan-nongji-2024.doc"

NOTICE = [  # (text, centred)
    ("清河县农业农村局", True),
    ("清河农发〔2024〕3号", True),
    ("清河县农业农村局关于做好2024年秋季农机化生产工作的通知", True),
    ("各乡镇人民政府：", False),
    ("为抓好秋季农业机械化生产，根据《河北省农业农村厅关于做好2024年农业机械化工作的通知》"
     "（冀农机〔2024〕5号）要求，现将有关事项通知如下。", False),
    ("一、总体要求", False),
    ("（一）明确工作目标。到2025年，全县主要农作物耕种收综合机械化率达到90%以上。", False),
    ("（二）落实工作责任。各乡镇要把农机化生产摆上重要位置，细化工作措施。", False),
    ("二、重点任务", False),
    ("（一）做好机具检修。组织农机合作社开展机具检修，保障机具以良好状态投入作业。", False),
    ("（二）强化安全生产。加强农机安全宣传教育，严防农机事故发生。", False),
    ("附件：2024年秋季农机化生产重点机具清单", False),
    ("清河县农业农村局", True),
    ("2024年7月1日", True),
    ("（此件主动公开）", False),
]


@pytest.fixture(scope="session")
def legacy_doc(tmp_path_factory) -> Path:
    """The notice above as a Word 97 .doc, converted by LibreOffice once per session."""
    if OFFICE is None:
        pytest.skip(NO_OFFICE)
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    folder = tmp_path_factory.mktemp("legacy-doc")
    document = docx.Document()
    for text, centred in NOTICE:
        paragraph = document.add_paragraph(text)
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    source = folder / "qinghe-nongfa-2024-3.docx"
    document.save(source)
    done = subprocess.run([OFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                           "--convert-to", "doc:MS Word 97", "--outdir", str(folder / "out"), str(source)],
                          capture_output=True, text=True, timeout=180, check=False)
    converted = folder / "out" / "qinghe-nongfa-2024-3.doc"
    if not converted.exists():
        pytest.fail(f"LibreOffice did not make the .doc: {done.stdout}{done.stderr}")
    assert converted.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # a real OLE (Word 97) file
    return converted


def parse_in(tmp_path, monkeypatch, path):
    import tempfile

    from pipeline.run import parse_file

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # conversion happens here, and is cleaned
    notice = parse_file(path)
    assert list(tmp_path.iterdir()) == []  # nothing left behind
    return notice


def test_a_legacy_word_notice(legacy_doc, tmp_path, monkeypatch):
    notice = parse_in(tmp_path, monkeypatch, legacy_doc)
    m = notice.metadata
    assert notice.source.format == "doc"
    assert m.issuer == "清河县农业农村局" and m.signature == m.issuer
    assert m.doc_number == "清河农发〔2024〕3号"
    assert m.doc_number_parts == {"agency": "清河农发", "year": 2024, "serial": 3}
    assert m.title == "清河县农业农村局关于做好2024年秋季农机化生产工作的通知"
    assert m.addressees == ("各乡镇人民政府",)
    assert (m.date, m.note) == ("2024-07-01", "此件主动公开")
    assert m.attachments == ("2024年秋季农机化生产重点机具清单",)
    assert [(h.level, h.title) for h in notice.outline] == [
        (1, "总体要求"), (2, "明确工作目标"), (2, "落实工作责任"),
        (1, "重点任务"), (2, "做好机具检修"), (2, "强化安全生产")]
    [target] = notice.targets
    assert (target.indicator, target.comparator, target.value, target.unit, target.target_year) == (
        "全县主要农作物耕种收综合机械化率", ">=", 90, "%", 2025)
    assert target.outline_id == notice.outline[1].id
    assert "冀农机〔2024〕5号" in [c.doc_number for c in notice.citations]


@pytest.mark.skipif(OFFICE is None, reason=NO_OFFICE)
@pytest.mark.skipif(not REAL_DOC.exists(), reason=f"the real notice is not there: {REAL_DOC}")
def test_a_real_legacy_word_notice(tmp_path, monkeypatch):
    notice = parse_in(tmp_path, monkeypatch, REAL_DOC)
    m = notice.metadata
    assert notice.source.format == "doc"
    assert m.signature == "海南省农业农村厅、海南省财政厅" and m.issuer == m.signature
    assert (m.date, m.note, m.doc_number) == ("2024-07-01", "此件主动公开", None)
    assert m.attachments == ("2024—2026年海南省农机购置与应用补贴机具种类范围",)
    assert [h.title for h in notice.outline[:3]] == ["总体要求", "实施重点", "在支持重点方面着力突出稳产保供"]
    assert "农办机〔2024〕3号" in [c.doc_number for c in notice.citations]


def test_without_libreoffice_a_clear_message(tmp_path, monkeypatch):
    # the reader names what to install before converting anything, so a file that only looks
    # like Word 97 (the OLE signature and a WordDocument stream name) is enough, on every machine
    stub = tmp_path / "notice.doc"
    stub.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le"))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError, match="LibreOffice") as caught:
        read_notice(stub)
    assert caught.value.code == "E-READ-DEPENDENCY"
