"""Pages opened in the system's headless Chromium, for the tests of the review, index and
comparison pages (tests/export/test_review.py, tests/export/test_comparison.py)."""
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# each character drawn with the page's font onto a canvas: with no CJK font they are all the same
# box (tofu), so distinct characters give as many distinct drawings as there are characters
GLYPHS = """(chars) => { const font = getComputedStyle(document.querySelector('h1')).font;
  return chars.split('').map(ch => { const c = document.createElement('canvas'); c.width = 40; c.height = 40;
    const g = c.getContext('2d'); g.font = font; g.fillText(ch, 4, 30); return c.toDataURL(); }); }"""


@contextmanager
def opened(path, width: int = 1500, height: int = 950):
    """The page at ``path`` in headless Chromium, ``width`` × ``height``."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(Path(path).as_uri())
            yield page
        finally:
            browser.close()
