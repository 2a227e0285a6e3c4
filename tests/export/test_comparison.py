"""The outputs of a comparison: a CSV per table, the workbook, and the page of the two plans side by
side, which opens in headless Chromium."""
import csv
import re
from pathlib import Path

import pytest
from lxml import html

from pipeline.compare import METHODS, STATUSES, compare_notices
from pipeline.export.comparison import COLUMNS, FILES, render_comparison, write_comparison
from pipeline.export.labels import header, known, label
from pipeline.model import Comparison, MeasureMatch, PlanRef
from plans import parsed
from browser import CHROMIUM, GLYPHS, opened



@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> Comparison:
    return compare_notices(*parsed(tmp_path_factory.mktemp("plans")))


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))


def test_write_comparison_writes_every_file(comparison, tmp_path):
    written = write_comparison(comparison, tmp_path / "new" / "folder")
    assert [p.name for p in written] == list(FILES) and all(p.exists() for p in written)
    assert not [p for p in (tmp_path / "new" / "folder").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("table", list(COLUMNS))
def test_each_csv_has_the_records_fields_and_a_bom(comparison, tmp_path, table):
    write_comparison(comparison, tmp_path)
    path = tmp_path / f"{table}.csv"
    assert path.read_bytes().startswith("\ufeff".encode("utf-8"))
    rows = _csv(path)
    assert tuple(rows[0]) == COLUMNS[table] and len(rows) == 1 + len(getattr(comparison, table))


@pytest.mark.parametrize("table, at, cells", [
    ("measures", 1, {"status": "kept", "score": "100", "a_id": "body.2.1", "b_id": "body.2.1"}),
    ("measures", 3, {"status": "dropped", "score": "", "a_title": "加强生态保护修复", "b_id": ""}),
    ("targets", 0, {"status": "raised", "stricter": "True", "a_value": "35", "b_value": "39", "a_unit": "%"}),
    ("targets", 2, {"status": "lowered", "stricter": "False", "a_comparator": "reduce_by", "b_value": "11"}),
    ("bureaus", 0, {"function": "发展和改革委员会", "a_total": "2", "b_lead": "1", "method": "exact"}),
])
def test_csv_cells_keep_the_codes(comparison, tmp_path, table, at, cells):
    write_comparison(comparison, tmp_path, "zh")
    rows = _csv(tmp_path / f"{table}.csv")
    row = dict(zip(rows[0], rows[1 + at]))
    assert {k: row[k] for k in cells} == cells


def _hostile() -> Comparison:
    """A comparison whose texts would run as formulas, or as markup."""
    plan = PlanRef("a.txt", "=甘肃省人民政府", "甘政发〔2023〕1号", "<b>标题</b>", None, None, None)
    measure = MeasureMatch("reworded", 80, "body.1", "一", "=SUM(A1)", "=SUM(A1)<script>alert(1)</script>",
                           "body.1", "一", "@x", "<img src=x onerror=alert(1)>")
    return Comparison(plan, plan, (measure,))


def test_formulas_are_neutralised_in_the_csv_and_the_workbook(tmp_path):
    from openpyxl import load_workbook

    write_comparison(_hostile(), tmp_path)
    row = dict(zip(*_csv(tmp_path / "measures.csv")[:2]))
    assert row["a_title"] == "'=SUM(A1)" and row["b_title"] == "'@x"
    sheet = load_workbook(tmp_path / "comparison.xlsx")["措施对照"]
    assert sheet.cell(2, 5).value == "'=SUM(A1)"


def test_the_page_escapes_everything():
    page = render_comparison(_hostile())
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>标题</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("lang, sheets, status", [
    ("zh", ["对照文件", "措施对照", "目标对照", "部门任务对照"], "沿用"),
    ("en", ["plans", "measures", "targets", "bureaus"], "kept"),
])
def test_the_workbook_in_each_language(comparison, tmp_path, lang, sheets, status):
    from openpyxl import load_workbook

    write_comparison(comparison, tmp_path, lang)
    book = load_workbook(tmp_path / "comparison.xlsx")
    assert book.sheetnames == sheets
    measures = book[sheets[1]]
    heads = [c.value for c in measures[1]]
    assert heads == [header("measures", c, lang) for c in COLUMNS["measures"]]
    assert measures.cell(3, 1).value == status and measures.freeze_panes == "A2"
    plans = book[sheets[0]]
    assert [plans.cell(r, 4).value for r in (2, 3)] == ["甘政发〔2023〕10号", "天政发〔2023〕15号"]


@pytest.mark.parametrize("table", list(COLUMNS))
def test_every_column_has_chinese_words(table):
    zh = [header(table, c, "zh") for c in COLUMNS[table]]
    assert all(re.search(r"[\u4e00-\u9fff]", h) for h in zh), zh


@pytest.mark.parametrize("group, codes", [("measure_status", STATUSES["measures"]),
                                          ("target_status", STATUSES["targets"]),
                                          ("bureau_status", STATUSES["bureaus"]), ("bureau_method", METHODS)])
def test_every_status_has_its_words(group, codes):
    assert set(codes) <= known(group)
    assert all(re.search(r"[\u4e00-\u9fff]", label(group, c, "zh")) for c in codes)


def test_the_page_shows_both_plans_and_each_alignment(comparison):
    page = html.fromstring(render_comparison(comparison))
    plans = [page.get_element_by_id(f"plan-{side}").text_content() for side in "ab"]
    assert "甘肃省生态环境保护三年行动方案" in plans[0] and "甘政发〔2023〕10号" in plans[0]
    assert "天水市生态环境保护三年行动方案" in plans[1] and "天政发〔2023〕15号" in plans[1]
    rows = page.xpath('//table[@id="measure-table"]/tbody/tr')
    assert [r.get("class") for r in rows] == [f"m-{m.status}" for m in comparison.measures]
    statuses = [r.xpath("./td")[1].get("data-status") for r in rows]
    assert statuses == ["reworded", "kept", "reworded", "dropped", "reworded", "added"]
    cells = [[td.text_content() for td in r.xpath("./td")] for r in rows]
    assert "加强生态保护修复" in cells[3][0] and cells[3][2] == "(无)" and cells[5][0] == "(无)"
    assert len(page.xpath('//table[@id="target-table"]/tbody/tr')) == len(comparison.targets)
    assert len(page.xpath('//table[@id="bureau-table"]/tbody/tr')) == len(comparison.bureaus)


def test_the_page_is_self_contained(comparison):
    page = render_comparison(comparison)
    assert "http://" not in page and "https://" not in page and "<link" not in page and "src=" not in page


def test_the_english_page_has_no_chinese_of_its_own(comparison):
    empty = Comparison(PlanRef("a.txt", None, None, None, None, None, None),
                       PlanRef("b.txt", None, None, None, None, None, None))
    assert not re.search(r"[\u4e00-\u9fff]", render_comparison(empty, "en").split("<style>")[0] +
                         render_comparison(empty, "en").split("</style>")[1])
    assert "Plan comparison" in render_comparison(comparison, "en")


@pytest.mark.skipif(CHROMIUM is None, reason="needs the system chromium (see .ci/run)")
def test_the_page_in_chromium(comparison, tmp_path):
    write_comparison(comparison, tmp_path)
    with opened(tmp_path / "comparison.html", 1400, 900) as page:
        rows = page.locator("#measure-table tbody tr")
        assert rows.count() == len(comparison.measures)
        colours = {page.locator(f"#measure-{i} td.status").evaluate("e => getComputedStyle(e).backgroundColor")
                   for i in range(1, rows.count() + 1)}
        assert len(colours) == 4  # one per status: kept, reworded, dropped, added
        # A's measure left, B's right, the status between them, on one line
        a, status, b = (page.locator(f"#measure-2 td:nth-child({k})").bounding_box() for k in (1, 2, 3))
        assert a["x"] + a["width"] <= status["x"] + 1 and status["x"] + status["width"] <= b["x"] + 1
        assert abs(a["y"] - b["y"]) < 1 and a["width"] > 400 and b["width"] > 400
        drawings = page.evaluate(GLYPHS, "甘肃天水对照")
        page.screenshot(path=str(tmp_path / "comparison.png"), full_page=True)
    assert len(set(drawings)) == 6, "the Chinese characters render as identical boxes: no CJK font (fonts-noto-cjk)"
    assert (tmp_path / "comparison.png").stat().st_size > 10_000
