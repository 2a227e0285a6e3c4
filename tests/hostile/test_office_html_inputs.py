"""Hostile Word and web files: zip bombs, XXE, broken zips, deep nesting — a clear answer, bounded cost."""
import io
import time
import zipfile


from pipeline.errors import PipelineError
from pipeline.run import parse_file

DOCUMENT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            '<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
                 'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
                 'main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx_bytes(document: str, extra=()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document)
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


def cases(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xxe = f'<!DOCTYPE w [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    yield "xxe.docx", docx_bytes(DOCUMENT.format(doctype=xxe, text="一、总体要求&xxe;")), "no-secret"
    billion = ('<!DOCTYPE w [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    yield "billion-laughs.docx", docx_bytes(DOCUMENT.format(doctype=billion, text="&d;&d;&d;")), "any"
    yield "zip-bomb.docx", docx_bytes(DOCUMENT.format(doctype="", text="一"), [("word/media/bomb.bin", b"\0" * 300_000_000)]), "E-LIMIT-PART"
    yield "truncated.docx", docx_bytes(DOCUMENT.format(doctype="", text="一、总体要求"))[:300], "E-READ"
    yield "not-word.docx", b"PK\x03\x04" + b"\0" * 100, "E-READ"
    yield "zip-of-csv.docx", _zip([("data.csv", "a,b")]), "E-READ-FORMAT"
    yield "bad-xml.docx", docx_bytes("<w:document><w:body><w:p>"), "E-READ"
    yield "deep.html", ("<html><body>" + "<div>" * 100_000 + "一、总体要求" + "</div>" * 100_000 + "</body></html>").encode(), "any"
    yield "xxe.html", (f'<?xml version="1.0"?>{xxe.replace("w [", "html [")}<html><body><p>一、总体要求&xxe;</p></body></html>').encode(), "no-secret"
    yield "script-only.html", b"<html><head><script>var a='\\u4e00';</script></head><body></body></html>", "any"
    yield "huge-table.html", ("<html><body><table>" + "".join(f"<tr><td>{i}</td><td>任务{i}</td><td>市财政局</td></tr>" for i in range(1, 20_001)) + "</table></body></html>").encode(), "any"
    yield "gbk-declared-utf8.html", '<html><head><meta charset="gbk"></head><body><p>一、总体要求</p></body></html>'.encode("utf-8"), "any"


def _zip(members) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def test_hostile_office_and_web_files(tmp_path):
    for name, data, expect in cases(tmp_path):
        path = tmp_path / name
        path.write_bytes(data)
        start = time.time()
        try:
            notice = parse_file(path)
        except PipelineError as exc:
            assert expect not in ("no-secret",), (name, exc)
            assert expect == "any" or exc.code.startswith(expect), (name, exc.code)
            assert name in str(exc)
        else:
            assert expect in ("any", "no-secret"), (name, "parsed but expected", expect)
            assert "TOP-SECRET" not in notice.text, name
        assert time.time() - start < 20, name
