"""The review page, opened in headless Chromium: tasks, highlights, click-to-source, Chinese that
renders, one language per page."""
import re
import shutil

import pytest
from lxml import html

from pipeline.export.records import digest
from pipeline.export.review import render_review, write_index, write_review
from browser import CHROMIUM, GLYPHS, opened



def test_page_is_self_contained(example):
    page = render_review(example, "tianshui")
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page
    assert page.count('class="row" id="task-') == 109
    assert page.count("k-TARGET") == len(example.targets)
    assert "<svg" in page and "责任矩阵" in page


def _without_spacy(monkeypatch):
    import sys

    for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")] + ["spacy"]:
        monkeypatch.setitem(sys.modules, name, None)  # import spacy: ImportError


def test_the_page_needs_no_spacy_regression_displacy_as_templater(example, monkeypatch):
    """spaCy was a hard dependency only for displaCy to split each line at its marks and escape it."""
    _without_spacy(monkeypatch)
    page = render_review(example, "tianshui")
    assert page.count("k-TARGET") == len(example.targets)
    first = example.targets[0]
    assert (f'<mark class="entity k-TARGET" id="src-target-1" style="background:#ffe3a3">{first.text}'
            '<a class="tag" href="#target-1" title="目标">目标</a></mark>') in page


@pytest.mark.parametrize("line, marks, want", [
    ("甲乙", [], '甲乙'),
    ("甲<乙>&丙", [(1, 4, "TARGET", "src-target-1", "target-1")],
     '甲<mark class="entity k-TARGET" id="src-target-1" style="background:#ffe3a3">&lt;乙&gt;'
     '<a class="tag" href="#target-1" title="target">target</a></mark>&amp;丙'),
    ('"市财政局"牵头', [(1, 5, "UNIT", "src-task-1-u1", "task-1")],
     '&quot;<mark class="entity k-UNIT" id="src-task-1-u1" style="background:#f6d2e1">市财政局'
     '<a class="tag" href="#task-1" title="unit">unit</a></mark>&quot;牵头'),
    ("一、总体要求", [(0, 2, "HEADING", "h", "h-1"), (2, 6, "TASK", "t", "task-1")],
     '<mark class="entity k-HEADING" id="h" style="background:#dbe7f3">一、<a class="tag" href="#h-1" title="heading">'
     'heading</a></mark><mark class="entity k-TASK" id="t" style="background:#e8e2f6">总体要求<a class="tag" '
     'href="#task-1" title="task">task</a></mark>'),
])
def test_a_line_is_split_at_its_marks_and_escaped(line, marks, want):
    from pipeline.export.review import _marked

    assert _marked(line, marks, "en") == f'<div class="entities" style="line-height: 2.5; direction: ltr">{want}</div>'


def _cjk(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def _page(notice, lang="zh"):
    return html.fromstring(render_review(notice, "tianshui", lang))


def test_headings_show_their_numbers_as_printed_regression_bare_numerals(example):
    """(一) was shown as 一: the tree shows each number as the notice prints it."""
    tree = [a.text_content() for a in _page(example).xpath('//ul[@class="tree"]//a')]
    assert tree[:3] == ["一、　总体目标", "二、　健全绿色低碳循环发展生产体系", "(一)　推进工业绿色升级"]


def test_annex_outline_has_a_divider_of_its_own(example):
    page = _page(example)
    parts = page.xpath('//h2[@id="outline"]/following-sibling::h3[@class="part"]')
    assert [h.text_content() for h in parts][:2] == ["正文", "附件"]
    trees = [h.getnext() for h in parts[:2]]
    assert trees[0].get("class") == "tree" and "总体目标" in trees[0].text_content()
    assert "重点任务" not in trees[0].text_content() and trees[1].get("class") == "tree"


def test_a_repeated_table_header_is_one_residue_line_regression_18_times(example):
    assert sum(r.reason == "table header" for r in example.residue) == 18  # the JSON keeps every one
    lines = [li.text_content() for li in _page(example).get_element_by_id("residue-list")]
    assert lines == ["表头(18处): 重点任务 | 责任单位"]


def test_chinese_page_names_warnings_in_chinese_regression_english_sentences(example):
    lines = [li.text_content() for li in _page(example).get_element_by_id("warning-list")]
    assert lines == ["W-UNIT-UNRESOLVED 单位未找到规范名称：天水火车站(2处)"]
    ui = _page(example).xpath("//nav//text() | //h2//text() | //th//text() | //dt//text() | //h3//text()")
    assert [t for t in ui if re.search(r"[A-Za-z]{2,}", t)] == []


def test_english_page_has_no_chinese_of_its_own(example):
    page = _page(example, "en")
    assert page.get("lang") == "en"
    ui = page.xpath("//nav//text() | //h2//text() | //th//text() | //dt//text() | //h3//text() "
                    "| //div[@class='legend']//text() | //header/div//text()")
    own = [t for t in ui if _cjk(t.replace(example.metadata.doc_number, "").replace(example.metadata.issuer, ""))]
    assert own == [] and "Policy instruments" in ui
    lines = [li.text_content() for li in page.get_element_by_id("warning-list")]
    assert lines == ["W-UNIT-UNRESOLVED no official name found for '天水火车站'(2 times)"]
    assert [li.text_content() for li in page.get_element_by_id("residue-list")] == [
        "table header(18 times): 重点任务 | 责任单位"]


@pytest.mark.parametrize("lang, columns", [
    ("zh", ["文件", "标题", "发文字号", "时效状态", "标题数", "任务", "目标", "政策工具", "提示"]),
    ("en", ["File", "Title", "Document number", "Status", "Headings", "Tasks", "Targets", "Policy instruments",
            "Warnings"])])
def test_index_in_one_language(example, tmp_path, lang, columns):
    path = write_index([("tianshui", digest(example, "tianshui"), None),
                        ("bad", None, "E-READ-FORMAT bad.pdf: not a PDF")],
                       tmp_path / "index.html", lang)
    page = html.fromstring(path.read_text(encoding="utf-8"))
    assert [th.text_content() for th in page.iter("th")] == columns
    rows = [[td.text_content() for td in tr.iter("td")] for tr in page.get_element_by_id("index-table").iter("tr")][1:]
    assert rows[0][:4] == ["tianshui", example.metadata.title, "天政发〔2022〕23号", {"zh": "未知", "en": "unknown"}[lang]]
    assert rows[1] == ["bad", {"zh": "失败：E-READ-FORMAT 不是可读取的格式", "en": "Failed: E-READ-FORMAT bad.pdf: not a PDF"}[lang]]


@pytest.mark.skipif(CHROMIUM is None, reason="needs the system chromium (see .ci/run)")
@pytest.mark.parametrize("which", ["review", "index"])
def test_chinese_renders_as_glyphs_not_boxes(example, tmp_path, which):
    """On a bare server every character was a box: the page needs a CJK font (fonts-noto-cjk, which
    .ci/run installs) and a font stack that finds it."""
    if which == "review":
        path = write_review(example, tmp_path / "review.html", "tianshui")
    else:
        path = write_index([("tianshui", digest(example, "tianshui"), None)], tmp_path / "index.html")
    with opened(path) as page:
        drawings = page.evaluate(GLYPHS, "天水绿色低碳")
    assert len(set(drawings)) == 6, "the Chinese characters render as identical boxes: no CJK font (fonts-noto-cjk)"


@pytest.mark.skipif(CHROMIUM is None, reason="needs the system chromium (see .ci/run)")
def test_review_layout_in_chromium_regression_narrow_task_column(example, tmp_path):
    """The task text was about six characters wide; the heatmap's last section label was cut off."""
    with opened(write_review(example, tmp_path / "review.html", "tianshui")) as page:
        table = page.locator("#task-table").bounding_box()
        text = page.locator("#task-1 td:nth-child(2)").bounding_box()
        assert text["width"] >= 0.4 * table["width"] and text["width"] > 20 * 14
        svg = page.locator("#heatmap + svg").bounding_box()
        labels = [page.locator("#heatmap + svg > text").nth(i).bounding_box() for i in range(6)]
    assert all(b["x"] + b["width"] <= svg["x"] + svg["width"] and b["y"] >= svg["y"] for b in labels)


@pytest.mark.skipif(CHROMIUM is None, reason="needs the system chromium (see .ci/run)")
def test_review_page_in_chromium(example, tmp_path):
    with opened(write_review(example, tmp_path / "review.html", "tianshui")) as page:
        assert page.locator("#task-table tbody tr").count() == 109
        assert page.locator("mark.k-TARGET").count() == len(example.targets)
        source = page.locator("#source")
        mark = page.locator("#src-task-80")
        assert not _visible_in(source, mark)
        page.click("#task-80")
        page.wait_for_timeout(300)
        assert _visible_in(source, mark)
        assert "flash" in (mark.get_attribute("class") or "")
        page.screenshot(path=str(tmp_path / "review.png"))
    assert (tmp_path / "review.png").stat().st_size > 10_000


def _visible_in(pane, element) -> bool:
    p, e = pane.bounding_box(), element.bounding_box()
    return p["y"] <= e["y"] and e["y"] + e["height"] <= p["y"] + p["height"]


def test_a_rerun_in_another_language_rewrites_the_pages(tmp_path, data_dir):
    from pipeline.batch import run_batch
    from pipeline.export.review import page_lang

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw)
    out = tmp_path / "out"
    assert [o.ok for o in run_batch(raw, out, ("json", "html"), lang="en")] == [True]
    assert page_lang(out / "hexi-county-2023-7" / "review.html") == "en" == page_lang(out / "index.html")
    again = list(run_batch(raw, out, ("json", "html"), lang="zh"))
    assert again[0].skipped  # the notice is unchanged: only its page is written again
    assert page_lang(out / "hexi-county-2023-7" / "review.html") == "zh" == page_lang(out / "index.html")
