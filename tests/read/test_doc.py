"""Legacy Word (.doc): LibreOffice converts it, the .docx reader reads it."""
import shutil

import pytest

from pipeline.errors import MissingDependencyError
from pipeline.read import read_notice

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(OFFICE is None, reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)")
def test_a_legacy_word_notice(data_dir, tmp_path, monkeypatch):
    import tempfile

    from pipeline.run import parse_file

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # conversion happens here, and is cleaned
    notice = parse_file(data_dir / "hainan-nongji-2024.doc")
    m = notice.metadata
    assert notice.source.format == "doc"
    assert m.signature == "海南省农业农村厅、海南省财政厅" and m.issuer == m.signature
    assert (m.date, m.note, m.doc_number) == ("2024-07-01", "此件主动公开", None)
    assert m.attachments == ("2024—2026年海南省农机购置与应用补贴机具种类范围",)
    assert [h.title for h in notice.outline[:3]] == ["总体要求", "实施重点", "在支持重点方面着力突出稳产保供"]
    assert ("农办机〔2024〕3号") in [c.doc_number for c in notice.citations]
    assert list(tmp_path.iterdir()) == []  # nothing left behind


def test_without_libreoffice_a_clear_message(data_dir, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError, match="LibreOffice"):
        read_notice(data_dir / "hainan-nongji-2024.doc")
