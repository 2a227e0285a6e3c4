"""Readers against small hostile inputs: no network, nothing lost without a word, limits
checked before the expensive thing, and time that grows with the input, not its square.

Every input is made here.  Peak memory is measured in a child process
(``ru_maxrss`` of its own), where one input's cost cannot hide behind another's.
"""
import http.server
import io
import json
import os
import shutil
import socketserver
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.limits import MB, Limits
from pipeline.options import Options
from pipeline.read import read_notice
from pipeline.run import parse_file

ROOT = Path(__file__).resolve().parents[2]
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NO_OFFICE = "needs LibreOffice (apt-get install libreoffice-writer-nogui)"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# runs one file through parse_file in a fresh interpreter: its outcome, seconds and peak memory
CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))  # a regression fails here, not the machine
from pipeline.run import parse_file
start = time.time()
try:
    notice = parse_file(sys.argv[1])
    out = {"code": "ok", "tasks": len(notice.tasks)}
except Exception as exc:
    out = {"code": getattr(exc, "code", type(exc).__name__), "message": str(exc)}
out["seconds"] = time.time() - start
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


# Linux keeps a process's peak across exec, and a child forked from pytest starts with
# pytest's: the child is started from this small launcher, whose peak is a few megabytes.
LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def in_child(path) -> dict:
    done = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, sys.executable, "-c", CHILD, str(path)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def docx_of(body: str, extra=(), level: int = 6) -> bytes:
    """A minimal .docx whose body is ``body`` (WordprocessingML)."""
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
             'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
             'main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        with z.open("word/document.xml", "w") as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for piece in ([body] if isinstance(body, str) else body):
                fh.write(piece.encode() if isinstance(piece, str) else piece)
            fh.write(b"</w:body></w:document>")
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


# ------------------------------------------------------------- 2. no network


class _Listener:
    """An HTTP server on 127.0.0.1 (a random port) in a thread, recording every request."""

    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self):
                hits.append((self.command, self.path))
                self.send_response(404)
                self.end_headers()

            do_GET = do_HEAD = do_OPTIONS = do_POST = do_PUT = do_PROPFIND = answer

            def log_message(self, *args):
                pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/seal.png"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


@pytest.fixture
def linked_picture_doc(tmp_path):
    """A Word 97 notice whose seal is a picture linked to a listener's URL (INCLUDEPICTURE), and the listener."""
    if OFFICE is None:
        pytest.skip(NO_OFFICE)
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    listener = _Listener()
    document = docx.Document()
    for text in ("某县人民政府关于做好防汛工作的通知", "各乡镇人民政府：", "一、压实防汛责任"):
        document.add_paragraph(text)
    document.add_picture(io.BytesIO(_png()))
    document.add_paragraph("二、加强监测预警")
    link = document.part.relate_to(listener.url, RT.IMAGE, is_external=True)
    for blip in document.element.body.iter(qn("a:blip")):
        del blip.attrib[qn("r:embed")]
        blip.set(qn("r:link"), link)
    source = tmp_path / "linked.docx"
    document.save(source)
    made = tmp_path / "made"
    subprocess.run([OFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(made), str(source)],
                   capture_output=True, timeout=180, check=False)
    doc = made / "linked.doc"
    if not doc.exists():
        pytest.fail("LibreOffice did not make the .doc")
    assert listener.url.encode() in doc.read_bytes()  # the link is in the Word 97 file
    time.sleep(0.5)
    listener.hits.clear()  # making the file may have fetched it; reading it must not
    yield doc, listener
    listener.close()


@pytest.mark.parametrize("isolation", ["network namespace", "profile only"])
def test_a_doc_with_a_linked_picture_makes_no_request(linked_picture_doc, isolation, monkeypatch):
    from pipeline.read import doc as doc_reader

    if isolation == "profile only":
        monkeypatch.setattr(doc_reader, "_NO_NETWORK", [])  # as where no namespace can be made
    elif not doc_reader.no_network_prefix():
        pytest.skip("this machine allows no network namespace (unshare --net)")
    path, listener = linked_picture_doc
    notice = parse_file(path)
    time.sleep(0.5)
    assert listener.hits == []
    assert [h.title for h in notice.outline] == ["压实防汛责任", "加强监测预警"]


def _live_members(group: int) -> list[str]:
    """Processes of process group ``group`` that still run (zombies left to an init that does not reap are not)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(stat)
    return alive


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see the processes")
def test_libreoffice_does_not_outlive_its_timeout(linked_picture_doc, tmp_path, monkeypatch):
    import tempfile

    from pipeline.read import doc as doc_reader

    started = []
    real = subprocess.Popen

    class Recorded(real):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self.pid)

    path, _ = linked_picture_doc
    doc_reader.no_network_prefix()  # found before the clock starts
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    monkeypatch.setattr(doc_reader, "CONVERT_SECONDS", 0.5)  # LibreOffice takes seconds to start
    monkeypatch.setattr(doc_reader.subprocess, "Popen", Recorded)
    with pytest.raises(PipelineError, match="did not convert the file within") as caught:
        read_notice(path)
    assert caught.value.code == "E-READ"
    time.sleep(0.5)
    assert started and all(_live_members(pid) == [] for pid in started)  # the whole group is gone
    assert list(work.iterdir()) == []  # and its folder with it


def _running_with(marker: str) -> list[str]:
    """Processes (not zombies) whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(f"{entry.name} {cmdline[:120]}")
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see the processes")
def test_libreoffice_dies_with_a_worker_killed_at_its_deadline(linked_picture_doc, tmp_path):
    from pipeline.read import doc as doc_reader

    if not (doc_reader.dies_with_us_prefix() and "--kill-child" in doc_reader.no_network_prefix()):
        pytest.skip("needs setpriv --pdeathsig and unshare --pid --kill-child")
    path, _ = linked_picture_doc
    work = tmp_path / "worker-tmp"
    work.mkdir()
    code = ("import sys, tempfile; tempfile.tempdir = sys.argv[2]; from pipeline.read import read_notice; "
            "read_notice(sys.argv[1])")
    worker = subprocess.Popen([sys.executable, "-c", code, str(path), str(work)], cwd=ROOT)
    try:
        deadline = time.time() + 60
        while not any("soffice.bin" in p for p in _running_with(str(work))) and time.time() < deadline:
            assert worker.poll() is None, "the conversion ended before the worker could be killed"
            time.sleep(0.05)
        assert _running_with(str(work)), "LibreOffice never started"
    finally:
        worker.kill()  # SIGKILL, as the batch's supervisor does at a deadline: no cleanup runs in it
        worker.wait()
    time.sleep(1.0)
    assert _running_with(str(work)) == []


# ------------------------------------------------- 4. nothing lost in silence


def measures_page(element: str = "", at: int = 50, n: int = 100) -> bytes:
    """A notice page of ``n`` measures with inline responsibilities, ``element`` before measure ``at``."""
    parts = ['<html><head><meta charset="utf-8"><title>某市人民政府关于加强管理的通知</title></head><body>',
             '<div class="nav"><a href="/">首页</a> &gt; <a href="/zw">政务公开</a></div>',
             '<div class="article"><h1>某市人民政府关于加强管理的通知</h1>',
             '<p>各区人民政府，市政府各部门：</p><p>为推进重点工作，现将有关事项通知如下。</p>']
    for i in range(1, n + 1):
        if i == at:
            parts.append(element)
        parts.append(f"<p>{i}.推进第{i}项重点工作。加强统筹协调，确保按期完成。（市发改委牵头，市财政局配合）</p>")
    parts.append('<p style="text-align:right">某市人民政府</p><p style="text-align:right">2024年5月6日</p></div>'
                 '<div class="footer">主办单位：某市人民政府办公室</div></body></html>')
    return "".join(parts).encode("utf-8")


@pytest.mark.parametrize("element", ['<embed src="/video/player.swf" width="400">', '<object data="a.swf">',
                                     '<iframe src="/share.html">', "<noscript>", '<script src="/js/count.js">',
                                     "<video src=/a.mp4>", "<select name=links>", "<title>分享"])
def test_an_unclosed_element_mid_article_loses_no_measure(tmp_path, element):
    path = tmp_path / "notice.html"
    path.write_bytes(measures_page(element))
    notice = parse_file(path)
    assert len(notice.tasks) == 100
    assert all(f"推进第{i}项重点工作" in notice.text for i in range(1, 101))
    assert notice.metadata.date == "2024-05-06"
    assert "W-HTML-TRUNCATED" not in [w.code for w in notice.warnings]


def test_a_script_closed_only_by_a_later_script_loses_no_measure(tmp_path):
    page = measures_page('<script src="/js/count.js">').replace(b"</div><div class", b"</div><script>var a=1;</script><div class")
    path = tmp_path / "notice.html"
    path.write_bytes(page)
    assert len(parse_file(path).tasks) == 100


def test_text_the_markup_hides_is_warned_of(tmp_path):
    path = tmp_path / "notice.html"
    path.write_bytes(measures_page("<!-- 旧版 "))  # a comment never closed: a browser shows nothing after it either
    notice = parse_file(path)
    [warning] = [w for w in notice.warnings if w.code == "W-HTML-TRUNCATED"]
    assert "of the" in warning.message
    path.write_bytes(measures_page("<!-- 旧版 -->"))
    assert "W-HTML-TRUNCATED" not in [w.code for w in parse_file(path).warnings]


# ------------------------------------------------ 5. limits before the cost


def test_a_1_kb_docx_with_a_gridspan_of_300_million(tmp_path):
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="{}"/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    table = ('<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
             f'<w:tr>{cell.format(300000000, "序号")}{cell.format(1, "重点任务")}</w:tr>'
             f'<w:tr>{cell.format(1, "1")}{cell.format("-5", "推进改革")}</w:tr></w:tbl>')
    data = docx_of(para("一、总体要求") + table)
    assert len(data) < 2000
    path = tmp_path / "gridspan.docx"
    path.write_bytes(data)
    doc = read_notice(path)
    [table] = [b for b in doc.blocks if b.kind == "table"]
    assert [c.colspan for c in table.rows[0].cells] == [2, 1]  # at most the table's two grid columns
    assert [c.colspan for c in table.rows[1].cells] == [1, 1]
    got = in_child(path)
    assert got["code"] in ("ok", "E-STRUCTURE") and got["seconds"] < 10 and got["peak_mb"] < 300, got


def test_a_link_to_dev_zero_is_not_read(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    link = tmp_path / "notice.txt"
    link.symlink_to("/dev/zero")
    start = time.time()
    with pytest.raises(PipelineError, match="character device") as caught:
        parse_file(link)
    assert caught.value.code == "E-READ" and time.time() - start < 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "notice.txt"
    os.mkfifo(fifo)
    start = time.time()
    with pytest.raises(PipelineError, match="FIFO") as caught:
        parse_file(fifo)
    assert caught.value.code == "E-READ" and time.time() - start < 2


def test_a_file_bigger_than_its_size_says_is_cut_at_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "notice.txt"
    path.write_bytes("一、总体要求\n".encode() * 1000)  # 19 KB
    real_fstat = os.fstat

    def fstat_says_zero(fd):  # as /proc files and devices do
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink, info.st_uid,
                               info.st_gid, 0, info.st_atime, info.st_mtime, info.st_ctime))

    monkeypatch.setattr(os, "fstat", fstat_says_zero)
    with pytest.raises(PipelineError, match="more than 10,000 bytes") as caught:
        read_notice(path, Options(Limits(max_bytes=10_000)))
    assert caught.value.code == "E-LIMIT-SIZE"


def test_a_43_mb_docx_over_the_text_limit_is_refused_before_it_is_parsed(tmp_path):
    import numpy as np

    codes = np.random.default_rng(7).integers(0x4E00, 0x4E00 + 3000, 280 * 4000, dtype=np.uint32)
    text = codes.tobytes().decode("utf-32-le")  # random characters: they compress as a real text does
    block = "".join(para(text[i:i + 280]) for i in range(0, len(text), 280)).encode()
    data = docx_of([block] * 20, level=1)  # 22 million characters
    assert 40e6 < len(data) < 50 * 1024 * 1024
    path = tmp_path / "big.docx"
    path.write_bytes(data)
    got = in_child(path)
    assert got["code"] == "E-LIMIT-CHARS" and "--max-chars" in got["message"], got
    assert got["peak_mb"] < 250 and got["seconds"] < 10, got  # was 1.5 GB and 10 s


def pdf_of_text(pages: int, chars_per_page: int, columns: int = 10, line: int = 100) -> bytes:
    """A PDF whose pages each show ``chars_per_page`` Latin characters in columns of 1-point
    type; every page shares one compressed content stream, so the file stays small."""
    per_column = chars_per_page // line // columns
    text = b"(" + b"abcdefghij" * (line // 10) + b") Tj "
    ops = [b"BT /F1 1 Tf "]
    for c in range(columns):
        ops.append(b"1 0 0 1 %d 830 Tm " % (5 + 58 * c) + b"0 -1 Td " + (b"0 -1 Td ".join([text] * per_column)))
    stream = zlib.compress(b"".join(ops) + b"ET", 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (4 + i) for i in range(pages)), pages),
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + pages)] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for k, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (k, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_12_kb_pdf_of_3_million_characters_is_refused_page_by_page(tmp_path):
    pytest.importorskip("pypdfium2")
    data = pdf_of_text(1, 3_100_000)
    assert len(data) < 15_000
    path = tmp_path / "dense.pdf"
    path.write_bytes(data)
    got = in_child(path)
    assert got["code"] == "E-LIMIT-CHARS", got
    # pdfium's own text page is most of what is left (about 130 bytes a character)
    assert got["peak_mb"] < 650 and got["seconds"] < 20, got  # was 1.6 GB and 56 s


def test_a_text_of_a_million_headings_is_refused_before_the_outline(tmp_path):
    path = tmp_path / "headings.txt"
    path.write_bytes("一、\n".encode() * 999_999 + "一、".encode())  # 2,999,999 characters: within --max-chars
    got = in_child(path)
    assert got["code"] == "E-LIMIT-CHARS" and "paragraph count 1,000,000" in got["message"], got
    assert got["peak_mb"] < 400 and got["seconds"] < 15, got  # was 1.7 GB and 50 s


def test_the_paragraph_limit_follows_max_chars(tmp_path):
    path = tmp_path / "headings.txt"
    path.write_text("一、总体要求\n" * 2000, encoding="utf-8")
    with pytest.raises(PipelineError, match="raise it with --max-chars") as caught:
        read_notice(path, Options(Limits(max_chars=20_000)))  # 1,000 paragraphs
    assert caught.value.code == "E-LIMIT-CHARS"
    assert len(read_notice(path, Options(Limits(max_chars=100_000))).blocks) == 2000


# ----------------------------------------------------- 9. linear HTML


def paragraphs_page(n: int) -> bytes:
    body = "".join(f"<p>第{i}段内容，加强管理。</p>" for i in range(n))
    return (f'<html><head><meta charset="utf-8"></head><body><div class="article">'
            f'<h1>某市人民政府关于加强管理的通知</h1>{body}</div></body></html>').encode()


TIMED = """
import json, sys, time
from pipeline.read import read_notice
def seconds(path):
    start = time.perf_counter()
    read_notice(path)
    return time.perf_counter() - start
print(json.dumps({path: min(seconds(path) for _ in range(int(sys.argv[1]))) for path in sys.argv[2:]}))
"""


def test_an_html_page_of_100000_paragraphs_reads_in_linear_time(tmp_path):
    paths = {}
    for n in (25_000, 50_000, 100_000):
        paths[n] = tmp_path / f"p{n}.html"
        paths[n].write_bytes(paragraphs_page(n))
    assert len(read_notice(paths[100_000]).blocks) == 100_001

    def timed(repeat, *ns):  # in a fresh interpreter: the time is the reader's, not this process's heap's
        done = subprocess.run([sys.executable, "-c", TIMED, str(repeat)] + [str(paths[n]) for n in ns],
                              capture_output=True, text=True, timeout=600, cwd=ROOT)
        assert done.returncode == 0, done.stderr[-2000:]
        got = json.loads(done.stdout)
        return [got[str(paths[n])] for n in ns]

    [whole] = timed(1, 100_000)
    assert whole < 15  # was over two minutes
    quarter, half = timed(3, 25_000, 50_000)
    assert half <= 3 * quarter, (quarter, half)  # twice the paragraphs, about twice the time


def test_regression_e_limit_part_advice_names_a_flag_that_helps(tmp_path):
    """A part that expands past the zip-bomb ratio is refused naming --max-part-mb; raising it reads the part."""
    import zipfile

    from pipeline.errors import LimitError
    from pipeline.read.docx import check_zip

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * 20_000_000)  # 20 MB of spaces: thousands of times smaller
    data = buf.getvalue()
    with pytest.raises(LimitError, match="--max-part-mb") as err:
        check_zip(data, "bomb.docx", Limits())
    assert err.value.code == "E-LIMIT-PART"
    check_zip(data, "bomb.docx", Limits(max_part_bytes=500 * MB))  # the flag the message names lets it through
