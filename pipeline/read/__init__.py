"""Stage 1, read: a file's bytes into a :class:`~pipeline.model.Document`.

Readers dispatch on the file's real format (sniffed from its bytes), one
module per format behind one signature: ``read(path, data, limits) -> Document``
(the run's limits, from the Options it was given).
"""
from __future__ import annotations

import os
import stat
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Callable

from ..errors import LimitError, ReadError, UnsupportedFormatError
from ..limits import MB, Limits
from ..model import Document, Format
from ..options import DEFAULT as DEFAULT_OPTIONS
from ..options import Options


# one reader per format, behind one signature: read(path, data, limits) -> Document.  Each imports its
# module (and that module's libraries: pdfplumber, lxml …) only when a file of its format is read.
def _text(path: Path, data: bytes, limits: Limits) -> Document:
    from .text import read
    return read(path, data, limits)


def _html(path: Path, data: bytes, limits: Limits) -> Document:
    from .html import read
    return read(path, data, limits)


def _docx(path: Path, data: bytes, limits: Limits) -> Document:
    from .docx import read
    return read(path, data, limits)


def _pdf(path: Path, data: bytes, limits: Limits) -> Document:
    from .pdf import read
    return read(path, data, limits)


def _doc(path: Path, data: bytes, limits: Limits) -> Document:
    from .doc import read
    return read(path, data, limits)


def _ofd(path: Path, data: bytes, limits: Limits) -> Document:
    from .ofd import read
    return read(path, data, limits)


READERS: dict[Format, Callable[[Path, bytes, Limits], Document]] = {
    Format.TXT: _text, Format.HTML: _html, Format.DOCX: _docx, Format.PDF: _pdf, Format.DOC: _doc, Format.OFD: _ofd,
}

SUFFIXES = {
    ".txt": Format.TXT, ".text": Format.TXT, ".htm": Format.HTML, ".html": Format.HTML,
    ".shtml": Format.HTML, ".xhtml": Format.HTML, ".docx": Format.DOCX, ".pdf": Format.PDF,
    ".doc": Format.DOC, ".wps": Format.DOC, ".ofd": Format.OFD,
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
        if any(n.replace("\\", "/").lstrip("/").lower() == "ofd.xml" for n in names):
            return Format.OFD
        raise UnsupportedFormatError("a zip archive that is neither a Word .docx nor an OFD file", str(path))
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


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is ("a character device" …), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes, within the size limit: only a regular file (a link is followed), and
    at most ``max_bytes + 1`` bytes are read whatever its size says (``/dev/zero`` and
    ``/proc`` files report 0); a device or FIFO is refused before it is opened."""
    bound = limits.max_bytes
    try:
        what = _not_regular(os.stat(path).st_mode)
        if what is not None:
            raise ReadError(f"{what}, not a regular file: only regular files are read", str(path))
        # O_NONBLOCK: were the file swapped for a FIFO since, opening it must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb", closefd=True) as fh:
            info = os.fstat(fh.fileno())
            what = _not_regular(info.st_mode)
            if what is not None:
                raise ReadError(f"{what}, not a regular file: only regular files are read", str(path))
            limits.check("file size", info.st_size, str(path))
            data = fh.read(bound + 1)
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})", str(path)) from None
    if len(data) > bound:  # bigger than its size said (a growing file, a /proc file)
        raise LimitError(f"file size is over the limit of {bound / MB:.0f} MB: more than {bound:,} bytes "
                         f"were read (raise it with --max-mb)", str(path), "E-LIMIT-SIZE")
    return data


def read_notice(path: str | Path, options: Options = DEFAULT_OPTIONS) -> Document:
    """Read one file of any supported format into a Document, within ``options.limits``."""
    path = Path(path)
    data = read_bytes(path, options.limits)
    if not data.strip():
        raise ReadError("the file is empty", str(path))
    fmt = sniff_format(data, path)
    reader = READERS.get(fmt)
    if reader is None:
        raise UnsupportedFormatError(f"{fmt.value} files are not supported yet", str(path))
    doc = reader(path, data, options.limits)
    options.limits.check("text length", len(doc.text), str(path))
    return doc
