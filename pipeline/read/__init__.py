"""Stage 1, read: a file's bytes into a :class:`~pipeline.model.Document`.

Readers dispatch on the file's real format (sniffed from its bytes), one
module per format behind one signature: ``read(path, data) -> Document``.
"""
from __future__ import annotations

import importlib
import zipfile
from io import BytesIO
from pathlib import Path

from .. import limits
from ..errors import ReadError, UnsupportedFormatError
from ..model import Document, Format

# format -> module in this package whose read(path, data) handles it
READERS = {
    Format.TXT: "text",
    Format.HTML: "html",
    Format.DOCX: "docx",
    Format.PDF: "pdf",
    Format.DOC: "doc",
}
SUFFIXES = {
    ".txt": Format.TXT, ".text": Format.TXT, ".htm": Format.HTML, ".html": Format.HTML,
    ".shtml": Format.HTML, ".xhtml": Format.HTML, ".docx": Format.DOCX, ".pdf": Format.PDF,
    ".doc": Format.DOC, ".wps": Format.DOC,
}
_IMAGE_MAGIC = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image"}


def sniff_format(data: bytes, path: str | Path = "") -> Format:
    """The file's real format from its leading bytes; the extension only breaks ties."""
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return Format.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise UnsupportedFormatError(f"a damaged zip archive ({exc})", str(path)) from None
        if "word/document.xml" in names:
            return Format.DOCX
        raise UnsupportedFormatError("a zip archive that is not a Word .docx file", str(path))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return Format.DOC
    for magic, what in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedFormatError(f"{what}, not a notice (convert it to PDF for OCR)", str(path))
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or (b"<body" in lowered and b"<p" in lowered):
        return Format.HTML
    suffix = SUFFIXES.get(Path(path).suffix.lower())
    if suffix is Format.HTML and b"<" in head:
        return Format.HTML
    return Format.TXT


def read_notice(path: str | Path) -> Document:
    """Read one file of any supported format into a Document."""
    path = Path(path)
    try:
        limits.current().check("file size", path.stat().st_size, str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})", str(path)) from None
    if not data.strip():
        raise ReadError("the file is empty", str(path))
    fmt = sniff_format(data, path)
    try:
        module = importlib.import_module(f".{READERS[fmt]}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(__name__):
            raise UnsupportedFormatError(f"{fmt.value} files are not supported yet", str(path)) from None
        raise
    doc = module.read(path, data)
    limits.current().check("text length", len(doc.text), str(path))
    return doc
