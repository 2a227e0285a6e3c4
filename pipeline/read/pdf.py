"""PDF reader: the text layer; image-only (scanned) files go to OCR.

pdfium parses the file and gives each page's characters and ruling edges in pdfplumber's
shapes, and pdfplumber's algorithms make words, lines and ruled tables of them: all of that
is ``pdfium_page``, the bridge between the two (its docstring has the contract).  A file
pdfium cannot open gets a named error (encrypted, damaged, no pages); one it opens only by
rebuilding it gets a warning; the page limit is checked before any page is read, and the
text limit on each page before its characters are built.

Per page the text lines outside ruled tables are read top to bottom; then ``layout`` drops
the page furniture, rejoins lines into paragraphs from their geometry and stitches a table
that goes on over the next page into one (its docstring says how).
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import patterns as P
from ..errors import DamagedPdfError, EmptyPdfError, EncryptedPdfError, LimitError, MissingDependencyError, ReadError
from ..limits import Limits
from ..model import Format, Warning
from . import layout
from .document import RawBlock, assemble, check_paragraphs
from .layout import Line
from .pdfium_page import OpenError, Page, PdfiumPage, open_document, require, text_lines

# fewer visible characters than this on a page that shows an image: the page is a scan
# (scanner apps stamp a small watermark such as "扫描全能王 创建" in the text layer)
SCAN_CHARS_PER_PAGE = 30
# characters read from pdfium (whole pages) before their lines and tables are made: each step then
# runs over several pages with its code and data in the processor's caches (pdfium's loading of a
# page evicts them: the steps after it ran at half speed), while what is kept at once stays bounded
# (a character's dict is about 500 bytes: some 25 MB)
WINDOW_CHARS = 50_000


def read(path: Path, data: bytes, limits: Limits):
    """Read a PDF: its text layer, or OCR for an image-only scan."""
    try:
        require()
    except ImportError as exc:
        raise MissingDependencyError(f"reading PDF needs pdfplumber and pypdfium2 ({exc})", str(path)) from None
    warnings = _damage_warnings(data)
    try:
        pdf = open_document(data)
    except OpenError as exc:
        raise _open_error(exc, str(path), data) from None
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise EmptyPdfError("the PDF has no pages", str(path))
        limits.check("page count", n_pages, str(path))
        scanned, pages_items = [], []
        chars = lines = 0  # so far: the text limit is checked page by page, before a page's characters are kept
        window, held = [], 0  # pages read and not yet laid out, and their characters
        for index in range(n_pages):
            page = _read_page(pdf, index, str(path), limits, chars)
            chars += page.visible
            scanned.append(_is_scanned_page(page))
            window.append(page)
            held += len(page.chars)
            if held < WINDOW_CHARS and index + 1 < n_pages:
                continue
            for kept in window:
                try:
                    items = _page_items(kept)
                except Exception as exc:  # noqa: BLE001
                    raise ReadError(f"cannot read the PDF's text layer on page {kept.page_number} "
                                    f"({type(exc).__name__}: {exc})", str(path)) from None
                pages_items.append((kept, items))
                lines += len(items)
                check_paragraphs(lines, path, limits)
                kept.chars = kept.edges = ()  # keep only the lines and tables: memory stays per window
            window, held = [], 0
    finally:
        pdf.close()
    if sum(scanned) > n_pages / 2:
        from .ocr import read_scanned

        return read_scanned(path, data, n_pages, limits)
    warnings += [Warning("W-PDF-IMAGE-PAGE", f"page {n} is an image without a text layer; its text is missing")
                 for n, is_scan in enumerate(scanned, 1) if is_scan]
    try:
        raw = _text_layer(pages_items)
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"cannot read the PDF's text layer ({type(exc).__name__}: {exc})", str(path)) from None
    if not any(b.text.strip() or b.rows for b in raw):
        raise EmptyPdfError("the PDF has no readable text", str(path))
    return assemble(path, Format.PDF, data, raw, encoding=None, pages=n_pages, warnings=tuple(warnings),
                    limits=limits)


def _open_error(exc: OpenError, path: str, data: bytes) -> ReadError:
    if exc.reason == "password":
        return EncryptedPdfError("the PDF is encrypted (a password is needed)", path)
    if exc.reason == "security":
        return EncryptedPdfError("the PDF uses an unsupported security handler", path)
    if b"%%EOF" not in data[-2048:]:
        return DamagedPdfError("the PDF is cut short (it has no end marker: saved or downloaded half-way?) "
                               "and cannot be repaired", path)
    if _declares_no_pages(data):
        # pdfium refuses a document whose page tree is empty
        return EmptyPdfError("the PDF has no pages", path)
    return DamagedPdfError(f"not a readable PDF, even after repair ({exc})", path)


def _declares_no_pages(data: bytes) -> bool:
    return (P.PDF_PAGES_TYPE.search(data) is not None and P.PDF_ZERO_COUNT.search(data) is not None
            and P.PDF_PAGE_TYPE.search(data) is None)


def _damage_warnings(data: bytes) -> list[Warning]:
    """Warnings for a file pdfium can still open by rebuilding it: no end marker (saved
    half-way), or a cross-reference table whose offsets do not point at their objects."""
    out = []
    tail = data[-2048:]
    if b"%%EOF" not in tail:
        out.append(Warning("W-PDF-TRUNCATED", "the PDF has no end marker (cut short?); pages or text may be missing"))
    found = list(P.PDF_STARTXREF.finditer(tail))
    if found and not _xref_ok(data, int(found[-1].group(1))):
        out.append(Warning("W-PDF-XREF", "the PDF's cross-reference table is damaged; it was rebuilt from the objects"))
    return out


def _xref_ok(data: bytes, at: int, sample: int = 8) -> bool:
    """Whether ``startxref`` points at an xref table (whose first entries point at their
    objects) or at an xref stream object."""
    head = data[at:at + 64]
    if P.PDF_OBJECT_HEADER.match(head):
        return True  # a cross-reference stream
    if not head.startswith(b"xref"):
        return False
    m = P.PDF_XREF_SECTION.match(data[at:at + 64])
    if not m:
        return False
    first, pos, checked = int(m.group(1)), at + m.end(), 0
    for k in range(min(int(m.group(2)), 200)):
        entry = P.PDF_XREF_ENTRY.match(data[pos + 20 * k:pos + 20 * k + 18])
        if entry is None:
            return False
        if entry.group(3) == b"n":
            offset, obj = int(entry.group(1)), first + k
            if not re.match(rb"\s*%d\s+%d\s+obj" % (obj, int(entry.group(2))), data[offset:offset + 32]):
                return False
            checked += 1
            if checked >= sample:
                break
    return True


def _is_scanned_page(page: Page) -> bool:
    # images first: counting a page's characters costs a pass over all of them
    return page.images > 0 and sum(1 for c in page.chars if c["text"].strip()) < SCAN_CHARS_PER_PAGE


# ------------------------------------------------------------------ one page


def _read_page(pdf, index: int, path: str, limits: Limits, before: int = 0) -> Page:
    """Page ``index``; ``before`` characters were read on the pages before it."""
    try:
        page = PdfiumPage(pdf, index)
    except Exception as exc:  # noqa: BLE001 - pdfium fails on a page object it cannot parse
        raise DamagedPdfError(f"cannot read page {index + 1} ({type(exc).__name__}: {exc})", path) from None
    try:
        chars, visible = _chars(page, limits, before, path)
        edges, images = page.edges_and_images()
        result = Page(index + 1, page.width, page.height, chars, edges, images)
        result.visible = visible
        return result
    except LimitError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DamagedPdfError(f"cannot read page {index + 1} ({type(exc).__name__}: {exc})", path) from None
    finally:
        page.close()


_BLANKS = " \r\n\t\u3000\xa0"  # white space pdfium gives: not counted against the text limit


def _chars(page: PdfiumPage, limits: Limits, before: int = 0, path: str | None = None) -> tuple[list[dict], int]:
    """The page's characters as pdfplumber char dicts, and how many of them are not white space.

    The text limit is checked first, with the ``before`` characters of the pages before: a
    dict per character is about 500 bytes, so one page of three million characters (11 KB
    of compressed content) would take 1.5 GB before the document's length were known."""
    text = page.text()
    if not text:
        return [], 0
    visible = len(text) - sum(map(text.count, _BLANKS))
    limits.check("text length", before + visible, path)
    return page.chars(text), visible


def _page_items(page: Page) -> list[tuple]:
    """The page's text lines outside its ruled tables, and the tables, top to bottom."""
    number = page.page_number
    return layout.page_items(page, lambda chars: [Line(raw, number) for raw in text_lines(chars)
                                                  if raw["text"].strip()])


def _text_layer(pages_items) -> list[RawBlock]:
    layout.drop_furniture(pages_items)
    items = [it for _, page_items in pages_items for it in page_items]
    geometry = layout.geometry([it[2] for it in items if it[0] == "line"])
    return layout.blocks(items, geometry)
