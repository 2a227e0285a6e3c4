"""Hostile PDFs: each gets a named error or a result with warnings, never a traceback,
in bounded time.  Every file is built here, from bytes written by hand (no pikepdf)."""
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.limits import Limits
from pipeline.options import DEFAULT, Options
from pipeline.read import read_notice

SECONDS = 10


def _pdf(pages: list[str], encrypt: bytes | None = None, trailer_extra: str = "") -> bytes:
    """A PDF whose pages show the given ASCII lines in Helvetica (one line per page here).

    ``encrypt``: the /Encrypt dictionary's object body, streams then being encrypted by
    ``_encrypt_stream`` (see ``_rc4_pdf``)."""
    objects: list[str | bytes] = ["<< /Type /Catalog /Pages 2 0 R >>", "",
                                  "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 700 Td ({text}) Tj ET\n".encode() if text else b""
        objects.append(stream)  # placeholder: streams are written below, possibly encrypted
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    if encrypt is not None:
        objects.append(encrypt)
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        if isinstance(body, bytes):
            data = _ENCRYPT_STREAM(number, body) if encrypt is not None and _ENCRYPT_STREAM else body
            out += b"%d 0 obj\n<< /Length %d >>\nstream\n" % (number, len(data)) + data + b"\nendstream\nendobj\n"
        else:
            out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    extra = f" /Encrypt {len(objects)} 0 R" if encrypt is not None else ""
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{extra}{trailer_extra} >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("latin-1")
    return out


_ENCRYPT_STREAM = None
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_ID = bytes(range(16))


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _rc4_pdf(pages: list[str], user: bytes, owner: bytes) -> bytes:
    """A PDF encrypted with the standard security handler, revision 2 (40-bit RC4),
    following the PDF reference's algorithms 3.2-3.4."""
    global _ENCRYPT_STREAM
    p = -44  # permissions: printing and copying not allowed
    o = _rc4(hashlib.md5((owner + _PAD)[:32]).digest()[:5], (user + _PAD)[:32])
    key = hashlib.md5((user + _PAD)[:32] + o + p.to_bytes(4, "little", signed=True) + _ID).digest()[:5]
    u = _rc4(key, _PAD)

    def encrypt_stream(number: int, data: bytes) -> bytes:
        return _rc4(hashlib.md5(key + number.to_bytes(3, "little") + b"\0\0").digest()[:10], data)

    _ENCRYPT_STREAM = encrypt_stream
    try:
        body = f"<< /Filter /Standard /V 1 /R 2 /O <{o.hex()}> /U <{u.hex()}> /P {p} >>"
        return _pdf(pages, encrypt=body, trailer_extra=f" /ID [<{_ID.hex()}> <{_ID.hex()}>]")
    finally:
        _ENCRYPT_STREAM = None


def _image_pdf() -> bytes:
    from io import BytesIO

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 500, 140), fill="black")
    out = BytesIO()
    image.save(out, "PDF", resolution=72)
    return out.getvalue()


def _many_empty_pages(n: int) -> bytes:
    """``n`` blank pages that all refer to one page object (a small file, a huge count)."""
    head = b"%PDF-1.4\n"
    bodies = ["<< /Type /Catalog /Pages 2 0 R >>",
              f"<< /Type /Pages /Kids [{' 3 0 R' * n}] /Count {n} >>",
              "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out, offsets = head, []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    return out + f"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


TEXT = ["Notice on green development", "Article one applies to all bureaus"]


def _broken_xref() -> bytes:
    data = _pdf(TEXT)
    # every offset of the table shifted: the table no longer points at its objects
    return re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data)


def _zero_pages() -> bytes:
    return _pdf([]).replace(b"/Kids []", b"/Kids [ ]")


# name -> (bytes, expected error code or None for a result, warnings the result must carry)
CASES = {
    "password.pdf": (lambda: _rc4_pdf(TEXT, b"secret", b"owner"), "E-READ-ENCRYPTED", ()),
    "broken-xref.pdf": (_broken_xref, None, ("W-PDF-XREF",)),
    "truncated.pdf": (lambda: (d := _pdf(TEXT * 20))[:len(d) // 2], "E-READ-DAMAGED", ()),
    "zero-pages.pdf": (_zero_pages, "E-READ-EMPTY", ()),
    "png-renamed.pdf": (lambda: b"\x89PNG\r\n\x1a\n" + os.urandom(4000), "E-READ-FORMAT", ()),
    "huge-empty.pdf": (lambda: _many_empty_pages(200_000), "E-LIMIT-PAGES", ()),
    "empty-pages.pdf": (lambda: _many_empty_pages(400), "E-READ-EMPTY", ()),
    "garbage-after-header.pdf": (lambda: b"%PDF-1.7\n" + os.urandom(50_000), "E-READ-DAMAGED", ()),
}


def _outcome(path: Path, options: Options = DEFAULT):
    start = time.monotonic()
    try:
        doc = read_notice(path, options)
    except PipelineError as exc:
        return exc.code, (), time.monotonic() - start, str(exc)
    return None, tuple(w.code for w in doc.warnings), time.monotonic() - start, doc.text


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_pdf_gets_a_named_answer_quickly(tmp_path, name):
    build, code, warnings = CASES[name]
    path = tmp_path / name
    path.write_bytes(build())
    got, got_warnings, seconds, detail = _outcome(path)
    assert got == code, (name, got, detail)
    assert set(warnings) <= set(got_warnings), got_warnings
    if code:
        assert name in detail  # the message names the file
    assert seconds < SECONDS, seconds


def test_the_encryption_is_real_an_owner_password_alone_still_reads(tmp_path):
    """The hand-made encryption is genuine: with an empty user password pdfium decrypts it."""
    path = tmp_path / "owner-only.pdf"
    path.write_bytes(_rc4_pdf(TEXT, b"", b"owner"))
    assert b"/Encrypt" in path.read_bytes() and b"Notice on" not in path.read_bytes()
    assert "Notice on green development" in read_notice(path).text


def test_a_scan_without_the_ocr_extra_is_a_dependency_error(tmp_path, monkeypatch):
    from pipeline.read import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_pdf())
    got, _, seconds, detail = _outcome(path)
    assert got == "E-READ-DEPENDENCY" and "pip install -e .[ocr]" in detail and seconds < SECONDS


def test_the_page_limit_is_checked_before_any_page_is_read(tmp_path, monkeypatch):
    from pipeline.read import pdf

    def no_reading(*_args):
        raise AssertionError("a page was read")

    monkeypatch.setattr(pdf, "_read_page", no_reading)
    path = tmp_path / "ten.pdf"
    path.write_bytes(_pdf(TEXT * 5))
    got, _, _, detail = _outcome(path, Options(Limits(max_pages=3)))
    assert got == "E-LIMIT-PAGES" and "--max-pages" in detail and "10" in detail


def test_the_command_line_names_each_failure_without_a_traceback(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    expected = {}
    for name, (build, code, _) in CASES.items():
        (raw / name).write_bytes(build())
        expected[name] = code
    (raw / "ten.pdf").write_bytes(_pdf(TEXT * 5))
    expected["ten.pdf"] = expected["empty-pages.pdf"] = "E-LIMIT-PAGES"  # over --max-pages 5
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(raw), str(tmp_path / "out"),
                             "--workers", "1", "--format", "json", "--max-pages", "5"],
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    for name, code in expected.items():
        if code is None:
            continue  # read with warnings; a notice of two lines may still fail to structure
        line = next((ln for ln in output.splitlines() if name in ln), "")
        assert code in line, (name, output)
