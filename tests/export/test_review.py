"""The review page, opened in headless Chromium: tasks, highlights, click-to-source."""
import shutil
from pathlib import Path

import pytest

from pipeline.export.review import render_review, write_review

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_page_is_self_contained(example):
    page = render_review(example, "tianshui")
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page
    assert page.count('class="row" id="task-') == 109
    assert page.count("k-TARGET") == len(example.targets)
    assert "<svg" in page and "责任矩阵" in page


@pytest.mark.skipif(CHROMIUM is None, reason="needs the system chromium (see .ci/run)")
def test_review_page_in_chromium(example, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    path = write_review(example, tmp_path / "review.html", "tianshui")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run"])
        page = browser.new_page(viewport={"width": 1500, "height": 950})
        page.goto(Path(path).as_uri())
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
        browser.close()
    assert (tmp_path / "review.png").stat().st_size > 10_000


def _visible_in(pane, element) -> bool:
    p, e = pane.bounding_box(), element.bounding_box()
    return p["y"] <= e["y"] and e["y"] + e["height"] <= p["y"] + p["height"]
