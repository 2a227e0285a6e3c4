"""The OFD reader (GB/T 33190-2016): runs joined into lines, paragraphs, ruled tables over pages,
furniture, the seal as a hint; schema deviations; hostile packages.

The OFD files under test are written here (``OfdWriter``: a zip of OFD.xml, Document.xml,
PublicRes.xml and one Content.xml a page, with TextObjects placed as WPS or Suwell place them,
one per run of one font).  The example notice and a real OFD from ``shared/corpus`` are read too
when that folder is beside the repository.
"""
from __future__ import annotations

import json
import io
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.errors import PipelineError, UnsupportedFormatError
from pipeline.limits import Limits
from pipeline.model import Format
from pipeline.options import Options
from pipeline.read import read_notice, sniff_format
from pipeline.read.clean import clean
from pipeline.read.ofd import _delta_x
from pipeline.run import parse_file
from conftest import squash, task_rows, txt_reference

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED_OFD = SHARED / "corpus" / "seed" / "tianshui-2022-23.ofd"
BENGBU_OFD = SHARED / "corpus" / "real" / "bengbu-zrzy-2023.ofd"
NO_SHARED = f"needs the shared corpus at {SHARED / 'corpus'} (CI has it; a fresh clone does not)"

NS = "http://www.ofdspec.org/2016"
SIZE = 5.6444  # 三号 (16 pt) in mm
LEFT, RIGHT = 28.0, 180.4  # the text block: 27 characters of 三号
FONTS = {1: "方正小标宋简体", 2: "仿宋_GB2312", 3: "黑体", 4: "楷体_GB2312", 5: "Times New Roman"}


def _advance(ch: str, size: float) -> float:
    return size if unicodedata.east_asian_width(ch) in "WF" else size / 2


class OfdWriter:
    """A minimal OFD package.  Objects are XML with ``§`` where the namespace prefix goes."""

    def __init__(self):
        self.pages: list[list[str]] = []
        self.next_id = 100

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def page(self) -> "OfdWriter":
        self.pages.append([])
        return self

    def run(self, x: float, baseline: float, text: str, font: int = 2, size: float = SIZE,
            delta: str | None = "g", color: str | None = None) -> float:
        """One TextObject (one run of one font); returns where the next run starts.
        ``delta``: ``g`` abbreviated, ``list`` written out, None left out."""
        advances = [_advance(ch, size) for ch in text]
        width = sum(advances)
        top = baseline - size * 0.9
        code_attrs = f'X="0" Y="{size * 0.9:.4f}"'
        if delta and len(text) > 1:
            steps = advances[:-1]
            if delta == "g" and len(set(steps)) == 1 and len(steps) >= 2:
                code_attrs += f' DeltaX="g {len(steps)} {steps[0]:.4f}"'
            else:
                code_attrs += f' DeltaX="{" ".join(f"{a:.4f}" for a in steps)}"'
        fill = f'<§FillColor Value="{color}"/>' if color else ""
        self.pages[-1].append(
            f'<§TextObject ID="{self._id()}" Boundary="{x:.4f} {top:.4f} {width:.4f} {size * 1.15:.4f}" '
            f'Font="{font}" Size="{size:.4f}">{fill}<§TextCode {code_attrs}>{text}</§TextCode></§TextObject>')
        return x + width

    def line(self, x: float, baseline: float, text: str, font: int = 2, size: float = SIZE, **kw) -> float:
        """A line as WPS writes it: one run per font, ASCII in Times New Roman."""
        pieces: list[tuple[str, int]] = []
        for ch in text:
            f = 5 if ch.isascii() and ch != " " else font
            if pieces and pieces[-1][1] == f:
                pieces[-1] = (pieces[-1][0] + ch, f)
            else:
                pieces.append((ch, f))
        for piece, f in pieces:
            x = self.run(x, baseline, piece, f, size, **kw)
        return x

    def centred(self, baseline: float, text: str, font: int = 2, size: float = SIZE, **kw) -> None:
        width = sum(_advance(ch, size) for ch in text)
        self.line(105 - width / 2, baseline, text, font, size, **kw)

    def right(self, baseline: float, text: str, right: float = RIGHT - 4 * SIZE) -> None:
        self.line(right - sum(_advance(ch, SIZE) for ch in text), baseline, text)

    def paragraph(self, baseline: float, text: str, prefix_font: tuple[str, int] | None = None) -> float:
        """A justified paragraph: a two-character indent, lines full to the right margin; returns the
        next baseline.  ``prefix_font``: a run-in heading (its text, its font)."""
        x, first, pitch = LEFT + 2 * SIZE, True, 10.23
        lines, current, width = [], "", 0.0
        for ch in text:
            w = _advance(ch, SIZE)
            room = RIGHT - (LEFT + 2 * SIZE if first else LEFT)
            if width + w > room + 0.01:
                lines.append(current)
                current, width, first = "", 0.0, False
            current += ch
            width += w
        lines.append(current)
        done = 0
        for k, ln in enumerate(lines):
            x = LEFT + 2 * SIZE if k == 0 else LEFT
            if prefix_font and done < len(prefix_font[0]):
                head = prefix_font[0][done:][:len(ln)]
                x = self.line(x, baseline, head, prefix_font[1])
                ln = ln[len(head):]
                done += len(head)
            if ln:
                self.line(x, baseline, ln)
            baseline += pitch
        return baseline

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.18, color: str = "0 0 0") -> None:
        """A ruling line as one PathObject (``M … L …`` relative to its Boundary)."""
        bx, by = min(x0, x1) - width / 2, min(y0, y1) - width / 2
        w, h = abs(x1 - x0) + width, abs(y1 - y0) + width
        self.pages[-1].append(
            f'<§PathObject ID="{self._id()}" Boundary="{bx:.3f} {by:.3f} {w:.3f} {h:.3f}" LineWidth="{width}">'
            f'<§StrokeColor Value="{color}"/><§AbbreviatedData>M {x0 - bx:.3f} {y0 - by:.3f} '
            f'L {x1 - bx:.3f} {y1 - by:.3f}</§AbbreviatedData></§PathObject>')

    def grid(self, xs: list[float], ys: list[float]) -> None:
        for y in ys:
            self.rule(xs[0], y, xs[-1], y)
        for x in xs:
            self.rule(x, ys[0], x, ys[-1])

    def image(self, x: float, y: float, w: float, h: float) -> None:
        self.pages[-1].append(f'<§ImageObject ID="{self._id()}" Boundary="{x} {y} {w} {h}" '
                              f'CTM="{w} 0 0 {h} 0 0" ResourceID="6"/>')

    def parts(self, prefix: str = "ofd:", declare: bool = True, commas: bool = False,
              docinfo_extra: str = "") -> dict[str, str]:
        """Package member -> XML text."""
        xmlns = (f' xmlns:{prefix[:-1]}="{NS}"' if prefix else f' xmlns="{NS}"') if declare else ""

        def xml(body: str) -> str:
            body = body.replace("§", prefix)
            if commas:  # Boundary="x,y,w,h", as some writers put it
                import re

                body = re.sub(r'Boundary="([^"]+)"', lambda m: 'Boundary="%s"' % ",".join(m.group(1).split()), body)
            first = body.index(">")
            if body[first - 1] == "/":
                first -= 1
            return '<?xml version="1.0" encoding="UTF-8"?>\n' + body[:first] + xmlns + body[first:]

        out = {
            "OFD.xml": xml('<§OFD Version="1.0" DocType="OFD"><§DocBody><§DocInfo><§DocID>test</§DocID>'
                           '<§Title>清河县人民政府关于做好秋季农机化生产工作的通知</§Title><§Author>清河县人民政府办公室</§Author>'
                           f'<§CreationDate>2024-07-01</§CreationDate>{docinfo_extra}</§DocInfo>'
                           '<§DocRoot>Doc_0/Document.xml</§DocRoot></§DocBody></§OFD>'),
            "Doc_0/PublicRes.xml": xml('<§Res BaseLoc="Res"><§Fonts>' + "".join(
                f'<§Font ID="{k}" FontName="{v}" FamilyName="{v}"/>' for k, v in FONTS.items())
                + '</§Fonts></§Res>'),
            "Doc_0/DocumentRes.xml": xml('<§Res BaseLoc="Res"><§MultiMedias><§MultiMedia ID="6" Type="Image">'
                                         '<§MediaFile>seal.png</§MediaFile></§MultiMedia></§MultiMedias></§Res>'),
            "Doc_0/Document.xml": xml(
                '<§Document><§CommonData><§MaxUnitID>9999</§MaxUnitID><§PageArea><§PhysicalBox>0 0 210 297'
                '</§PhysicalBox></§PageArea><§PublicRes>PublicRes.xml</§PublicRes><§DocumentRes>DocumentRes.xml'
                '</§DocumentRes></§CommonData><§Pages>' + "".join(
                    f'<§Page ID="{k + 1}" BaseLoc="Pages/Page_{k}/Content.xml"/>' for k in range(len(self.pages)))
                + '</§Pages></§Document>'),
        }
        for k, objects in enumerate(self.pages):
            out[f"Doc_0/Pages/Page_{k}/Content.xml"] = xml(
                '<§Page><§Content><§Layer ID="%d" Type="Body">%s</§Layer></§Content></§Page>'
                % (self._id(), "".join(objects)))
        return out

    def build(self, parts: dict[str, str | bytes] | None = None, **kw) -> bytes:
        parts = self.parts(**kw) if parts is None else parts
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, body in parts.items():
                z.writestr(name, body)
            z.writestr("Doc_0/Res/seal.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        return buf.getvalue()


TITLE = ("清河县人民政府关于做好秋季", "农机化生产工作的通知")
BODY = ("为抓好秋季农业机械化生产，确保颗粒归仓，根据省农业农村厅有关要求，现将有关事项通知如下，"
        "请各乡镇认真贯彻执行。")
MEASURE = ("（一）明确工作目标。", "到2025年，全县主要农作物耕种收综合机械化率达到90%以上，"
           "农机作业服务组织达到120个。")
ROWS = [("1", "做好机具检修，组织农机合作社开展机具检修，保障机具以良好状态投入作业。", "县农业农村局"),
        ("2", "强化安全生产，加强农机安全宣传教育。", "县应急管理局、县农业农村局"),
        ("3", "做好信息报送，及时报送秋季农机化生产进度。", "县农业农村局")]


def _cell(w: OfdWriter, x0: float, x1: float, top: float, text: str) -> None:
    """A cell's text wrapped inside its borders, line by line from ``top``."""
    room, line, baseline = x1 - x0 - 2, "", top + 6.5
    for ch in text:
        if sum(_advance(c, SIZE * 0.75) for c in line + ch) > room:
            w.line(x0 + 1, baseline, line, size=SIZE * 0.75)
            line, baseline = "", baseline + 5.5
        line += ch
    if line:
        w.line(x0 + 1, baseline, line, size=SIZE * 0.75)


def notice_writer(delta: str | None = "g") -> OfdWriter:
    """清河县 notice: three pages, the annex table over pages 2 and 3 with its header repeated."""
    w = OfdWriter().page()
    w.centred(70, "清河县人民政府文件", font=1, size=14.8, color="255 0 0")
    w.centred(100, "清河政发〔2024〕5号")
    w.rule(LEFT, 104, RIGHT + 3, 104, width=0.79, color="255 0 0")
    w.centred(120, TITLE[0], font=1, size=7.76)
    w.centred(132, TITLE[1], font=1, size=7.76)
    w.line(LEFT, 150, "各乡镇人民政府，县直各部门：")
    y = w.paragraph(160.23, BODY)
    w.line(LEFT + 2 * SIZE, y, "一、总体要求", font=3)
    y = w.paragraph(y + 10.23, "".join(MEASURE), prefix_font=(MEASURE[0], 4))
    w.image(118, y - 8, 42, 42)  # the seal, stamped over the signature and date
    w.right(y + 20, "清河县人民政府")
    w.right(y + 30.23, "2024年7月1日", right=RIGHT - 3 * SIZE)
    w.line(160, 275, "— 1 —", size=4.94)
    xs = [LEFT, 46, 140, RIGHT + 3]
    for number, rows in ((2, ROWS[:2]), (3, ROWS[2:])):
        w.page()
        top = 40
        if number == 2:
            w.line(LEFT, 40, "附件", font=3)
            w.centred(58, "秋季农机化生产重点任务清单", font=1, size=7.76)
            top = 70
        ys = [top, top + 10]
        for _ in rows:
            ys.append(ys[-1] + 20)
        w.grid(xs, ys)
        for (x0, x1), text in zip(zip(xs, xs[1:]), ("序号", "重点任务", "责任单位")):
            _cell(w, x0, x1, ys[0], text)
        for row, top_y in zip(rows, ys[1:]):
            for (x0, x1), text in zip(zip(xs, xs[1:]), row):
                _cell(w, x0, x1, top_y, text)
        w.line(28 if number % 2 == 0 else 160, 275, f"— {number} —", size=4.94)
    if delta is None:
        for objects in w.pages:
            objects[:] = [o.replace(' DeltaX="', ' data-x="') for o in objects]
    return w


# the paragraphs as the clean-up leaves them (（一） becomes (一), as in every format)
EXPECTED = [clean(t)[0] for t in ("清河县人民政府文件", "清河政发〔2024〕5号", "".join(TITLE), "各乡镇人民政府，县直各部门：",
                                  BODY, "一、总体要求", "".join(MEASURE), "清河县人民政府", "2024年7月1日", "附件",
                                  "秋季农机化生产重点任务清单")]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return _write(tmp_path_factory.mktemp("ofd"), "qinghe-2024-5.ofd", notice_writer().build())


def test_the_built_notice_reads_in_order(built):
    doc = read_notice(built)
    assert doc.format is Format.OFD and doc.pages == 3
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    assert [b.text for b in paragraphs] == EXPECTED
    assert "—" not in doc.text  # the page-number footers are furniture
    for b in doc.blocks:
        assert doc.text[b.span.start:b.span.end] == b.text
    assert [doc.page_at(b.span.start) for b in paragraphs] == [1] * 9 + [2, 2]


def test_hints_from_the_layout(built):
    doc = read_notice(built)
    by_text = {b.text: b for b in doc.blocks if b.kind == "paragraph"}
    assert by_text["".join(TITLE)].hints["align"] == "center"
    assert by_text["".join(TITLE)].hints["font"] == "方正小标宋简体"
    assert by_text["2024年7月1日"].hints["align"] == "right"
    measure = by_text[EXPECTED[6]]
    assert measure.text[:measure.hints["bold_prefix"]] == clean(MEASURE[0])[0]
    assert measure.hints["font"] == "楷体_GB2312"
    assert by_text["一、总体要求"].hints["font"] == "黑体"


def test_the_seal_is_a_hint_never_text(built):
    doc = read_notice(built)
    sealed = [b.text for b in doc.blocks if b.hints.get("seal")]
    assert sealed == ["清河县人民政府", "2024年7月1日"]
    (seal,) = doc.hints["seals"]
    assert seal["page"] == 1 and seal["source"] == "image" and seal["box"][0] == 118 and seal["box"][2:] == [42, 42]
    assert "signed" not in doc.hints  # an image is no digital signature
    assert doc.hints["docinfo"]["author"] == "清河县人民政府办公室"
    assert doc.hints["docinfo"]["creation_date"] == "2024-07-01"


def test_a_ruled_table_over_two_pages_is_one_table(built):
    doc = read_notice(built)
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    rows = tables[0].rows
    assert [[c.text for c in r.cells] for r in rows] == [["序号", "重点任务", "责任单位"]] + [list(r) for r in ROWS]
    assert [r.header for r in rows] == [True, False, False, False]  # the header repeated on page 3 is dropped
    assert [r.span.page for r in rows] == [2, 2, 2, 3]


def test_the_built_notice_parses(built):
    notice = parse_file(built)
    m = notice.metadata
    assert notice.source.format == "ofd" and notice.source.pages == 3
    assert m.issuer == "清河县人民政府" and m.doc_number == "清河政发〔2024〕5号"
    assert m.title == "".join(TITLE) and m.date == "2024-07-01"
    assert m.addressees == ("各乡镇人民政府", "县直各部门")
    assert [t.text for t in notice.tasks if t.text.startswith("做好机具检修")]


def test_templates_annotations_and_signatures(tmp_path, built):
    """A template's objects are drawn on every page (a running header there is furniture); a Stamp
    annotation and a signature's StampAnnot are seals, never text."""
    writer = notice_writer()
    parts = writer.parts()
    header = OfdWriter().page()
    header.line(LEFT, 30, "清河县人民政府办公室内部资料")
    parts["Doc_0/Tpls/Tpl_0/Content.xml"] = header.parts()["Doc_0/Pages/Page_0/Content.xml"]
    parts["Doc_0/Document.xml"] = parts["Doc_0/Document.xml"].replace(
        "</ofd:CommonData>", '<ofd:TemplatePage ID="900" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>').replace(
        "</ofd:Pages>", "</ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>")
    for k in range(3):
        name = f"Doc_0/Pages/Page_{k}/Content.xml"
        parts[name] = parts[name].replace("<ofd:Content>", '<ofd:Template TemplateID="900"/><ofd:Content>', 1)
    parts["Doc_0/Annots/Annotations.xml"] = (
        f'<ofd:Annotations xmlns:ofd="{NS}"><ofd:Page PageID="2"><ofd:FileLoc>Page_1/Annotation.xml</ofd:FileLoc>'
        '</ofd:Page></ofd:Annotations>')
    parts["Doc_0/Annots/Page_1/Annotation.xml"] = (
        f'<ofd:PageAnnot xmlns:ofd="{NS}"><ofd:Annot ID="950" Type="Stamp"><ofd:Appearance Boundary="120 200 40 40">'
        '<ofd:TextObject ID="951" Boundary="0 0 40 10" Font="2" Size="5"><ofd:TextCode X="0" Y="5">印章文字'
        '</ofd:TextCode></ofd:TextObject></ofd:Appearance></ofd:Annot></ofd:PageAnnot>')
    parts["OFD.xml"] = parts["OFD.xml"].replace("</ofd:DocBody>", "<ofd:Signatures>Doc_0/Signs/Signatures.xml"
                                                                  "</ofd:Signatures></ofd:DocBody>")
    parts["Doc_0/Signs/Signatures.xml"] = (f'<ofd:Signatures xmlns:ofd="{NS}"><ofd:Signature ID="1" '
                                           'BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>')
    x, y, w, h = read_notice(built).hints["seals"][0]["box"]  # the electronic seal where the image is
    parts["Doc_0/Signs/Sign_0/Signature.xml"] = (
        f'<ofd:Signature xmlns:ofd="{NS}"><ofd:SignedInfo><ofd:StampAnnot ID="1" PageRef="1" '
        f'Boundary="{x} {y} {w} {h}"/></ofd:SignedInfo></ofd:Signature>')
    doc = read_notice(_write(tmp_path, "templated.ofd", writer.build(parts)))
    assert [b.text for b in doc.blocks] == [b.text for b in read_notice(built).blocks]
    assert "内部资料" not in doc.text and "印章文字" not in doc.text
    assert [(s["page"], s["source"]) for s in doc.hints["seals"]] == [(1, "signature"), (1, "image"),
                                                                       (2, "annotation")]
    assert doc.hints["signed"] is True
    # the stamp on page 2 stands far from any paragraph: it marks none
    assert [b.text for b in doc.blocks if b.hints.get("seal")] == ["清河县人民政府", "2024年7月1日"]


@pytest.mark.parametrize("variant", ["no DeltaX", "no namespace", "undeclared prefix", "no prefix",
                                     "commas in Boundary"])
def test_schema_deviations_read_the_same(tmp_path, built, variant):
    writer = notice_writer(delta=None if variant == "no DeltaX" else "g")
    kw = {"no namespace": {"prefix": "", "declare": False}, "undeclared prefix": {"declare": False},
          "no prefix": {"prefix": ""}, "commas in Boundary": {"commas": True}}.get(variant, {})
    doc = read_notice(_write(tmp_path, "variant.ofd", writer.build(**kw)))
    want = read_notice(built)
    assert [b.text for b in doc.blocks] == [b.text for b in want.blocks]
    assert [[c.text for c in r.cells] for b in doc.blocks for r in b.rows] == \
        [[c.text for c in r.cells] for b in want.blocks for r in b.rows]


def test_delta_x_with_the_g_abbreviation():
    assert _delta_x("g 3 2.5 1 g 2 4", 10) == [2.5, 2.5, 2.5, 1, 4, 4]
    assert _delta_x("5.6301 5.6726 g 2 5.6301 5.6726", 5) == [5.6301, 5.6726, 5.6301, 5.6301, 5.6726]
    assert _delta_x("1,2,3", 2) == [1, 2]
    assert _delta_x("g 1000000000 1", 3) == [1, 1, 1]  # never more than the text needs
    assert _delta_x(None, 4) == [] and _delta_x("g x y", 2) == []


def test_sniffing(built):
    assert sniff_format(built.read_bytes(), "notice.bin") is Format.OFD
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.csv", "a,b")
    with pytest.raises(UnsupportedFormatError):
        sniff_format(buf.getvalue(), "data.zip")


# ------------------------------------------------------------------ hostile packages


def _patched_size(data: bytes, member: str, size: int) -> bytes:
    """``data`` with ``member``'s uncompressed size in the central directory set to ``size``."""
    name = member.encode()
    at = data.index(b"PK\x01\x02")
    while True:
        at = data.index(b"PK\x01\x02", at)
        name_len = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_len] == name:
            return data[:at + 24] + size.to_bytes(4, "little") + data[at + 28:]
        at += 4


def _damaged_member(data: bytes, member: str) -> bytes:
    """``data`` with the compressed bytes of ``member`` overwritten."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return data[:start + 5] + b"\xff" * 40 + data[start + 45:]


def hostile_cases(tmp_path: Path):
    """(name, bytes, the error code it must give, or "no-secret" / "any")."""
    writer = notice_writer()
    parts = writer.parts()
    content = "Doc_0/Pages/Page_0/Content.xml"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")

    def with_parts(**changes) -> bytes:
        p = dict(parts)
        for k, v in changes.items():
            if v is None:
                p.pop(k.replace("__", "/"), None)
            else:
                p[k.replace("__", "/")] = v
        return writer.build(p)

    xxe = parts[content].replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                 f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>')
    xxe = xxe.replace("各乡镇人民政府", "各乡镇人民政府&xxe;", 1)
    yield "xxe.ofd", with_parts(**{content.replace("/", "__"): xxe}), "no-secret"
    laughs = parts[content].replace(
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    yield "billion-laughs.ofd", with_parts(**{content.replace("/", "__"): laughs.replace("。", "&d;&d;", 1)}), "any"
    yield "zip-bomb.ofd", with_parts(**{"Doc_0__Res__bomb.bin": b"\0" * 30_000_000}), "E-LIMIT-PART"
    yield "declared-huge.ofd", _patched_size(with_parts(), content, 0xFFFFFF00), "E-LIMIT-PART"
    good = with_parts()
    yield "truncated.ofd", good[:len(good) // 2], "E-READ-FORMAT"
    yield "damaged-member.ofd", _damaged_member(good, content), "E-READ-FORMAT"
    yield "no-content.ofd", with_parts(**{content.replace("/", "__"): None}), "E-READ-FORMAT"
    yield "no-document.ofd", with_parts(**{"Doc_0__Document.xml": None}), "E-READ-FORMAT"
    yield "bad-xml.ofd", with_parts(**{content.replace("/", "__"): "<ofd:Page><ofd:Content>"}), "E-READ-FORMAT"
    yield "encrypted-entry.ofd", writer.build(docinfo_extra="</ofd:DocInfo><ofd:Encryptions>Encryptions.xml"
                                                             "</ofd:Encryptions><ofd:DocInfo>"), "E-READ-ENCRYPTED"
    yield "encrypt-xml.ofd", with_parts(**{"encrypt.xml": "<Encryptions/>"}), "E-READ-ENCRYPTED"
    scan = OfdWriter().page()
    scan.image(0, 0, 210, 297)
    yield "scan.ofd", scan.build(), "E-READ-EMPTY"
    yield "deep.ofd", with_parts(**{content.replace("/", "__"): "<a>" * 100_000 + "</a>" * 100_000}), "E-READ-FORMAT"
    yield "nan-numbers.ofd", with_parts(**{content.replace("/", "__"): parts[content].replace(
        'Boundary="', 'Boundary="nan inf 1e999 ').replace('DeltaX="', 'DeltaX="g 99999999999 ')}), "any"


def test_hostile_packages_get_their_codes(tmp_path):
    for name, data, expect in hostile_cases(tmp_path):
        path = _write(tmp_path, name, data)
        start = time.time()
        try:
            notice = parse_file(path)
        except PipelineError as exc:
            assert expect != "no-secret", (name, exc)
            assert expect == "any" or exc.code == expect, (name, exc.code, str(exc))
            assert name in str(exc)
        else:
            assert expect in ("any", "no-secret"), (name, "parsed but expected", expect)
            assert "TOP-SECRET" not in notice.text, name
        assert time.time() - start < 20, name


FUZZ_ATTRS = ("Boundary", "DeltaX", "DeltaY", "X", "Y", "Size", "CTM", "Font", "LineWidth", "Alpha", "Stroke")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(FUZZ_ATTRS + ("AbbreviatedData", "TextCode")), st.integers(0, 40),
                                st.text(alphabet="0123456789 .,-+eEgGMSLQBACnaif", max_size=40)), max_size=6))
def test_fuzzed_objects_give_a_record_or_a_pipeline_error(tmp_path, edits):
    """Numbers and path data of a good package replaced with junk: never a crash."""
    import re

    writer = notice_writer()
    parts = writer.parts()
    content = "Doc_0/Pages/Page_0/Content.xml"
    xml = parts[content]
    for name, k, value in edits:
        value = value.replace("<", "").replace("&", "")
        if name in FUZZ_ATTRS:
            found = list(re.finditer(rf'\b{name}="[^"]*"', xml))
            if found:
                m = found[k % len(found)]
                xml = xml[:m.start()] + f'{name}="{value}"' + xml[m.end():]
        else:
            found = list(re.finditer(rf"(<ofd:{name}[^>]*>)[^<]*(</ofd:{name}>)", xml))
            if found:
                m = found[k % len(found)]
                xml = xml[:m.start()] + m.group(1) + value + m.group(2) + xml[m.end():]
    parts[content] = xml
    path = _write(tmp_path, "fuzzed.ofd", writer.build(parts))
    try:
        parse_file(path)
    except PipelineError:
        pass


def test_a_part_over_the_limit_is_refused(tmp_path, built):
    with pytest.raises(PipelineError) as err:
        read_notice(built, Options(Limits(max_part_bytes=2_000)))  # page 1 is about 6 KB
    assert err.value.code == "E-LIMIT-PART" and "--max-part-mb" in str(err.value)


def test_the_command_line_names_the_error_without_a_traceback(tmp_path):
    path = _write(tmp_path, "locked.ofd", notice_writer().build(
        docinfo_extra="</ofd:DocInfo><ofd:Encryptions>x</ofd:Encryptions><ofd:DocInfo>"))
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 1
    assert "E-READ-ENCRYPTED" in result.output and "locked.ofd" in result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ the shared corpus


@pytest.fixture(scope="module")
def seed_ofd():
    if not SEED_OFD.exists():
        pytest.skip(NO_SHARED)
    return read_notice(SEED_OFD)


def test_the_example_ofd_reads_like_the_pdf(seed_ofd, data_dir):
    pdf = read_notice(data_dir / "tianshui-2022-23.pdf")
    assert [b.text for b in seed_ofd.blocks] == [b.text for b in pdf.blocks]
    assert seed_ofd.page_map == pdf.page_map and seed_ofd.pages == 34


def test_the_example_ofds_tasks_equal_the_text_forms(seed_ofd, data_dir):
    _, expected = txt_reference(data_dir)
    table, rows = task_rows(seed_ofd)
    assert rows == expected
    assert [c.text for c in table.rows[0].cells] == ["重点任务", "责任单位"] and table.rows[0].header
    assert {r.span.page for r in table.rows} == set(range(15, 35))


def test_the_example_ofds_seal_and_docinfo(seed_ofd):
    assert [b.text for b in seed_ofd.blocks if b.hints.get("seal")] == ["天水市人民政府", "2022年4月26日"]
    assert seed_ofd.hints["docinfo"]["subject"] == "天政发〔2022〕23号"
    assert not any("seal" in squash(b.text) for b in seed_ofd.blocks)


def test_a_real_ofd_from_suwell():
    if not BENGBU_OFD.exists():
        pytest.skip(NO_SHARED)
    notice = parse_file(BENGBU_OFD)
    m = notice.metadata
    assert m.title == "关于加快南货场铁路涵洞下穿建设的函"
    assert m.addressees == ("蚌山区政府",)
    assert m.date == "2023-07-12"
    assert m.doc_number is None  # the page prints none; the issuer's mark is drawn as paths
    assert "7月7日张铭副市长主持召开" in notice.text


def test_a_batch_mixing_ofd_with_other_formats_runs_in_parallel(tmp_path, built, data_dir):
    from pipeline.batch import run_batch

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / built.name).write_bytes(built.read_bytes())
    (raw / "tianshui.txt").write_bytes((data_dir / "tianshui-2022-23.txt").read_bytes())
    outcomes = list(run_batch(raw, tmp_path / "out", formats=("json",), workers=2))
    assert sorted((o.path.name, o.ok) for o in outcomes) == [(built.name, True), ("tianshui.txt", True)]
    lines = (tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["source"]["format"] for line in lines) == ["ofd", "txt"]
