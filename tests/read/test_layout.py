"""``pipeline.read.layout``: which pages are searched for ruled tables; how wrapped pieces join."""
import pytest

pytest.importorskip("pdfplumber")

from pipeline.read.layout import Line, join_text, page_tables  # noqa: E402
from pipeline.read.pdfium_page import Page  # noqa: E402


def _edge(orientation, x0, top, x1, bottom):
    return {"object_type": "line", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "width": x1 - x0, "height": bottom - top}


def _char(text, x0, top, size=10):
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "doctop": top,
            "size": size, "fontname": "F", "upright": True}


def _rules(xs, ys):
    """Horizontal rules at ``ys`` and vertical ones at ``xs``, each spanning the others."""
    return ([_edge("h", xs[0], y, xs[-1], y) for y in ys] if len(xs) > 1 else []) + \
           ([_edge("v", x, ys[0], x, ys[-1]) for x in xs] if len(ys) > 1 else [])


# one character in each quarter of the area 100..300 × 100..200
CHARS = [_char(t, x, y) for t, x, y in [("甲", 140, 120), ("乙", 240, 120), ("丙", 140, 170), ("丁", 240, 170)]]


@pytest.mark.parametrize("xs, ys, tables", [
    ([100, 200, 300], [100, 150, 200], [[["甲", "乙"], ["丙", "丁"]]]),  # three lines each way: a 2 × 2 grid
    ([100, 300], [100, 200], []),  # a box round a paragraph: two lines each way
    ([100, 200, 300], [100, 200], []),  # one row of two cells
    ([100, 300], [100, 150, 200], []),  # two rows of one cell
    ([100], [100, 150, 200], []),  # rules under the red header, no verticals
])
def test_a_table_needs_three_ruling_lines_each_way(xs, ys, tables):
    page = Page(1, 400, 400, CHARS, _rules(xs, ys), 0)
    assert [[[cell.text for cell in row] for row in table.grid] for _box, table in page_tables(page)] == tables


@pytest.mark.parametrize("a, b, joined", [
    ("推进绿色", "低碳发展", "推进绿色低碳发展"),
    ("reduce carbon", "emissions", "reduce carbon emissions"),  # two Latin words: a space
    ("GDP", "增长", "GDP增长"),
    ("达到", "COVID-19", "达到COVID-19"),
    ("2025", "year", "2025year"),  # a digit is no word end
    ("  ", "text", "text"),
    ("", "", ""),
])
def test_join_text(a, b, joined):
    assert join_text(a, b) == joined


def test_a_lines_fonts_are_runs_of_one_font_without_subset_tags():
    chars = [{**_char(t, 10 * k, 100), "fontname": f} for k, (t, f) in enumerate(
        [("(", "ABCDEF+KaiTi"), ("一", "ABCDEF+KaiTi"), (")", "ABCDEF+KaiTi"), ("推", "GHIJKL+FangSong"),
         (" ", "GHIJKL+FangSong"), ("进", "GHIJKL+FangSong"), ("1", "Times"), ("。", "GHIJKL+FangSong")])]
    raw = {"text": "(一)推 进1。", "chars": chars, "x0": 0, "x1": 80, "top": 100, "bottom": 110}
    line = Line(raw, 1)
    assert line.fonts == [("KaiTi", "(一)"), ("FangSong", "推进"), ("Times", "1"), ("FangSong", "。")]
    assert line.size == 10
