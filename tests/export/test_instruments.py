"""Contract 1.1 through every export: the instruments a notice sets and its validity, written and read back."""
import csv
import json
import sqlite3
from importlib import resources

import pytest

import pipeline

from pipeline.batch import export_batch, export_notice
from pipeline.export.labels import known, label
from pipeline.export.records import COLUMNS, digest
from pipeline.model import Evidence, Instrument, Notice, Span, Validity

ALL = ("json", "csv", "xlsx", "sqlite", "parquet", "html")
# appended to the example's text, so every span the parser made still points where it did
ADDED = ("\n对年营业收入首次超过1亿元的新引进的规上企业，给予最高不超过200万元奖励；贷款贴息比例为1%至3%。"
         "\n本方案自2025年1月1日起施行。")
AWARD, RATE, EFFECTIVE = "给予最高不超过200万元奖励", "贷款贴息比例为1%至3%", "本方案自2025年1月1日起施行"
REPEALED = "《天水市促进工业经济发展若干措施》"
# (instrument_seq, text, kind, value, value_max, unit, beneficiary, condition) of the two instruments
EXPECTED = [(1, AWARD, "cap", 200, None, "万元", "新引进的规上企业", "年营业收入首次超过1亿元的"),
            (2, RATE, "rate", 1, 3, "%", None, None)]
FIELDS = ("instrument_seq", "text", "kind", "value", "value_max", "unit", "beneficiary", "condition")
NUMERIC = {"instrument_seq", "value", "value_max", "start", "end", "page"}


def _span(text: str, phrase: str) -> Span:
    at = text.index(phrase)
    return Span(at, at + len(phrase))


@pytest.fixture(scope="module")
def notice(example):
    """The example with two instruments and a validity (the extractor may not find them yet)."""
    text = example.text + ADDED
    instruments = (Instrument(AWARD, "cap", 200, None, "万元", "新引进的规上企业", "年营业收入首次超过1亿元的",
                              example.outline[0].id, _span(text, AWARD)),
                   Instrument(RATE, "rate", 1, 3, "%", None, None, None, _span(text, RATE)))
    validity = Validity(effective="2025-01-01", status="in_force", repeals=(REPEALED,),
                        evidence=(Evidence(EFFECTIVE, _span(text, EFFECTIVE)),))
    return example.evolve(text=text, instruments=instruments, validity=validity)


@pytest.fixture(scope="module")
def out(notice, tmp_path_factory):
    """Every output of a one-notice batch: its own folder and the combined files."""
    out = tmp_path_factory.mktemp("out")
    summary = digest(notice, "tianshui")
    export_notice(notice, out / "tianshui", "tianshui", ALL, summary)
    export_batch([summary], [], out, ALL)
    return out


def _plain(column: str, value):
    """A cell as the notice holds it: empty and NaN/NA as None, figures as numbers (CSV gives text)."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if not isinstance(value, str):
        import pandas as pd

        if pd.isna(value):
            return None
    return float(value) if column in NUMERIC else value


def _csv(path):
    return list(csv.DictReader(open(path, encoding="utf-8-sig")))


def _xlsx(out):
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(out / "notices.xlsx")["政策工具"]
    values = list(sheet.values)
    assert list(values[0]) == ["文件", "发文字号", "工具序", "内容", "工具类型", "数值", "上限", "单位", "对象", "条件",
                               "条目编号", "起始位置", "结束位置", "页码"]
    rows = [dict(zip(COLUMNS["instruments"], row)) for row in values[1:]]
    # the Chinese workbook names each kind in Chinese (上限, not cap): read back to the code
    codes = {label("instrument_kind", k, "zh"): k for k in known("instrument_kind")}
    assert all(r["kind"] in codes for r in rows)
    return [{**r, "kind": codes[r["kind"]]} for r in rows]


def _sqlite(out):
    con = sqlite3.connect(out / "notices.sqlite")
    con.row_factory = sqlite3.Row
    # the table keys its rows by notice_id, as targets does; the 文号 is the notice's
    return [dict(r) for r in con.execute("SELECT i.*, i.notice_id AS notice, n.doc_number FROM instruments i "
                                         "JOIN notices n USING (notice_id) ORDER BY instrument_seq")]


def _parquet(out):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    return pd.read_parquet(out / "parquet" / "instruments.parquet").to_dict("records")


READERS = {
    "csv": lambda out, notice: _csv(out / "instruments.csv"),
    "csv of the notice": lambda out, notice: _csv(out / "tianshui" / "instruments.csv"),
    "xlsx": lambda out, notice: _xlsx(out),
    "sqlite": lambda out, notice: _sqlite(out),
    "parquet": lambda out, notice: _parquet(out),
    "dataframe": lambda out, notice: pipeline.tables(notice)["instruments"].to_dict("records"),
}


@pytest.mark.parametrize("fmt", READERS)
def test_every_table_export_holds_the_instruments(fmt, out, notice):
    rows = READERS[fmt](out, notice)
    assert [tuple(_plain(c, r[c]) for c in FIELDS) for r in rows] == EXPECTED
    assert [(_plain("start", r["start"]), _plain("end", r["end"])) for r in rows] == \
        [(i.span.start, i.span.end) for i in notice.instruments]
    assert [_plain("outline_id", r["outline_id"]) for r in rows] == [notice.outline[0].id, None]
    name = "tianshui-2022-23" if fmt == "dataframe" else "tianshui"  # pipeline.tables() names it by its file
    assert [(r["notice"], r["doc_number"]) for r in rows] == [(name, "天政发〔2022〕23号")] * 2


def test_json_carries_instruments_and_validity_and_validates(out, notice):
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads((out / "tianshui" / "document.json").read_text(encoding="utf-8"))
    line = json.loads((out / "notices.jsonl").read_text(encoding="utf-8"))
    assert doc == line
    assert doc["schema_version"] == "1.1"
    assert doc["instruments"][0] == {"text": AWARD, "kind": "cap", "value": 200, "value_max": None, "unit": "万元",
                                     "beneficiary": "新引进的规上企业", "condition": "年营业收入首次超过1亿元的",
                                     "outline_id": notice.outline[0].id,
                                     "span": {"start": notice.instruments[0].span.start,
                                              "end": notice.instruments[0].span.end}}
    at = notice.text.index(EFFECTIVE)
    assert doc["validity"] == {"effective": "2025-01-01", "expires": None, "status": "in_force",
                               "repeals": [REPEALED],
                               "evidence": [{"text": EFFECTIVE, "span": {"start": at, "end": at + len(EFFECTIVE)}}],
                               "repealed_by": None}  # no notice of a batch repeals it
    jsonschema.validate(doc, _schema())


def test_a_document_read_back_gives_the_same_rows(out, notice):
    """An unchanged notice of a re-run is read from its document.json: nothing of 1.1 may be lost on the way."""
    doc = json.loads((out / "tianshui" / "document.json").read_text(encoding="utf-8"))
    again = Notice.from_dict(doc)
    assert again.instruments == notice.instruments and again.validity == notice.validity
    assert digest(again, "tianshui") == digest(notice, "tianshui")


def _schema():
    return json.loads(resources.files("pipeline").joinpath("data/contract.schema.json").read_text(encoding="utf-8"))


def _drop(key):
    return lambda doc: doc.pop(key)


def _set(family, field, value):
    def change(doc):
        part = doc[family][0] if isinstance(doc[family], list) else doc[family]
        part[field] = value
    return change


@pytest.mark.parametrize("change", [
    _drop("instruments"),
    _drop("validity"),
    _set("instruments", "kind", "grant"),  # not a kind of the contract
    _set("instruments", "value", "200"),  # a figure as text
    _set("instruments", "span", {"start": -1, "end": 3}),
    _set("validity", "status", "valid"),
    _set("validity", "effective", "2025年1月1日"),  # not YYYY-MM-DD
    _set("validity", "repeals", REPEALED),  # a string, not a list
    _set("validity", "evidence", [{"text": EFFECTIVE}]),  # evidence without its span
], ids=["no instruments", "no validity", "kind", "value", "span", "status", "effective", "repeals", "evidence"])
def test_schema_rejects_a_bad_instrument_or_validity(notice, change):
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(json.dumps(notice.as_dict()))
    jsonschema.validate(doc, _schema())  # valid before the change
    change(doc)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, _schema())


def test_a_1_0_document_no_longer_validates(notice):
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(json.dumps(notice.as_dict()))
    doc["schema_version"] = "1.0"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, _schema())


VALIDITY = {"validity_effective": "2025-01-01", "validity_expires": None, "validity_status": "in_force",
            "validity_repeals": REPEALED}


def test_sqlite_has_validity_an_index_on_kind_and_answers_the_readme_question(out):
    con = sqlite3.connect(out / "notices.sqlite")
    con.row_factory = sqlite3.Row
    row = dict(con.execute(f"SELECT {', '.join(VALIDITY)} FROM notices").fetchone())
    assert row == VALIDITY
    assert [r["name"] for r in con.execute("PRAGMA index_info(instruments_kind)")] == ["kind", "unit"]
    readme = """SELECT n.doc_number, i.text, i.beneficiary FROM instruments i JOIN notices n USING (notice_id)
WHERE i.kind = 'cap' AND i.unit = '万元' AND i.value >= 100 AND n.validity_status = 'in_force'"""
    assert [tuple(r) for r in con.execute(readme)] == [("天政发〔2022〕23号", AWARD, "新引进的规上企业")]


def test_a_database_made_before_validity_gets_the_columns(tmp_path, notice):
    from pipeline.export.to_sqlite import write_sqlite

    db = tmp_path / "old.sqlite"
    con = sqlite3.connect(db)
    con.execute("""CREATE TABLE notices (notice_id TEXT PRIMARY KEY, path TEXT, format TEXT, sha256 TEXT,
        issuer TEXT, doc_number TEXT, title TEXT, date TEXT, signature TEXT, note TEXT, addressees TEXT,
        attachments TEXT, document TEXT)""")  # the notices table of contract 1.0
    con.execute("INSERT INTO notices (notice_id, title) VALUES ('older', '旧文件')")
    con.commit()
    con.close()
    write_sqlite([digest(notice, "tianshui")], db)
    con = sqlite3.connect(db)
    rows = con.execute(f"SELECT notice_id, {', '.join(VALIDITY)} FROM notices ORDER BY notice_id").fetchall()
    assert rows == [("older", None, None, None, None), ("tianshui", *VALIDITY.values())]
    assert con.execute("SELECT COUNT(*) FROM instruments").fetchone()[0] == 2


def test_workbook_has_the_instruments_sheet_and_validity(out):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(out / "notices.xlsx")
    assert book.sheetnames == ["文件", "任务", "目标", "政策工具", "结构", "单位", "引用", "引用关系", "责任矩阵"]
    header, row = list(book["文件"].values)
    cells = dict(zip(header, row))
    assert {k: cells[k] for k in ("施行日期", "失效日期", "时效状态", "废止文件", "政策工具")} == \
        {"施行日期": "2025-01-01", "失效日期": None, "时效状态": "有效", "废止文件": REPEALED, "政策工具": 2}


def test_english_workbook_keeps_the_column_names(tmp_path, notice):
    openpyxl = pytest.importorskip("openpyxl")
    from pipeline.export.to_xlsx import write_xlsx

    write_xlsx([digest(notice, "tianshui")], tmp_path / "en.xlsx", lang="en")
    book = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert [c.value for c in book["instruments"][1]] == COLUMNS["instruments"]
    header = [c.value for c in book["notices"][1]]
    assert {"validity_effective", "validity_expires", "validity_status", "validity_repeals", "instruments"} <= \
        set(header)


def test_parquet_notices_carry_validity(out):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    row = pd.read_parquet(out / "parquet" / "notices.parquet").iloc[0]
    assert {k: _plain(k, row[k]) for k in VALIDITY} == VALIDITY and row["instruments"] == 2


def _html(path):
    from lxml import html

    return html.fromstring(path.read_text(encoding="utf-8"))


def test_review_page_shows_instruments_and_validity(out, notice):
    page = _html(out / "tianshui" / "review.html")
    table = page.get_element_by_id("instrument-table")
    assert [th.text_content() for th in table.iter("th")] == ["原文", "类型", "数值", "单位", "对象", "条件"]
    rows = [[td.text_content() for td in tr.iter("td")] for tr in table.find("tbody").iter("tr")]
    assert rows == [[AWARD, "上限", "200", "万元", "新引进的规上企业", "年营业收入首次超过1亿元的"],
                    [RATE, "比例", "1–3", "%", "", ""]]
    # each row jumps to its own highlight in the source
    marks = page.xpath('//mark[contains(@class, "k-INSTRUMENT")]')
    assert [m.get("id") for m in marks] == ["src-instrument-1", "src-instrument-2"]
    assert [m.text for m in marks] == [AWARD, RATE]
    assert [tr.get("data-src") for tr in table.find("tbody").iter("tr")] == ["src-instrument-1", "src-instrument-2"]
    assert page.xpath('//nav/a[@href="#instruments"]')[0].text == "政策工具"
    assert "2 项政策工具" in page.find(".//header").text_content()
    card = page.xpath('//dl[@class="card"]')[0]
    fields = dict(zip([dt.text for dt in card.iter("dt")], [dd.text_content() for dd in card.iter("dd")]))
    assert {k: fields.get(k) for k in ("施行日期", "失效日期", "时效状态", "废止文件", "时效依据")} == \
        {"施行日期": "2025-01-01", "失效日期": None, "时效状态": "有效", "废止文件": REPEALED, "时效依据": EFFECTIVE}
    line = notice.text.count("\n", 0, notice.text.index(EFFECTIVE))
    assert card.xpath("dd[last()]")[0].get("data-src") == f"L{line}"


def test_batch_index_counts_instruments(out):
    page = _html(out / "index.html")
    header = [th.text_content() for th in page.iter("th")]
    row = [td.text_content() for td in page.find(".//tbody").iter("td")]
    assert dict(zip(header, row))["政策工具"] == "2"


def test_annotation_layer_carries_instruments(notice):
    from pipeline.annotate import annotate

    doc = annotate(notice)
    assert [s.text for s in doc.spans["elements"] if s.label_ == "INSTRUMENT"] == [AWARD, RATE]
