"""Legacy Word (.doc, .wps): converted to .docx by LibreOffice headless, then read as .docx.

LibreOffice is a system package (Debian: ``libreoffice-writer-nogui``); without
it a .doc gets a clear error saying so.  The conversion runs in a private
temporary folder with its own LibreOffice profile, removed afterwards, so
reading writes nowhere else.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import MissingDependencyError, ReadError, UnsupportedFormatError
from ..model import Document, Format
from .document import sha256

CONVERT_SECONDS = 120
WORD_STREAM = "WordDocument".encode("utf-16-le")  # the stream every Word (and WPS-saved) .doc holds


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: Path, data: bytes) -> Document:
    """Convert a legacy Word file to .docx with LibreOffice and read that."""
    if WORD_STREAM not in data[:1_000_000] and WORD_STREAM not in data[-1_000_000:]:
        # an OLE container (also Excel, PowerPoint, MSI …) without a Word stream: no use converting it
        raise UnsupportedFormatError("an OLE file that is not a Word document", str(path))
    office = _office()
    if office is None:
        raise MissingDependencyError("a legacy Word file needs LibreOffice to convert it "
                                     "(apt-get install libreoffice-writer-nogui)", str(path))
    with tempfile.TemporaryDirectory(prefix="policy-pipeline-") as tmp:
        tmp = Path(tmp)
        source = tmp / ("input" + (path.suffix.lower() if path.suffix.lower() in (".doc", ".wps") else ".doc"))
        source.write_bytes(data)
        try:
            subprocess.run([office, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp / "out"), str(source)],
                           capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ReadError(f"LibreOffice did not convert the file within {CONVERT_SECONDS} s", str(path)) from None
        converted = tmp / "out" / "input.docx"
        if not converted.exists():
            raise ReadError("LibreOffice could not convert the file (damaged or not a Word document)", str(path))
        from .docx import read as read_docx

        doc = read_docx(path, converted.read_bytes())
    # the record names the file as given and its own bytes
    return replace(doc, format=Format.DOC, sha256=sha256(data))
