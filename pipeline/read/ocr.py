"""OCR of a scanned (image-only) PDF: pages rendered with pypdfium2, read by RapidOCR.

Both come from the optional ``ocr`` extra (``pip install -e .[ocr]``); the
RapidOCR wheel ships its Chinese detection, direction and recognition models,
so nothing is downloaded at run time.  OCR lines then go through the same
furniture removal and paragraph rejoining as a PDF text layer.  Each line
carries RapidOCR's confidence; a line under ``LOW_CONFIDENCE`` gives a
``W-OCR-LOW-CONFIDENCE`` warning pointing at its text.

A ruled table in a scan is read as a table where its ruling lines show: the page image's long
straight runs of ink (OpenCV, which RapidOCR brings) become edges, each OCR line becomes
characters spread over its box, and the page goes through the PDF reader's own table finding
(``layout.page_tables``); the OCR lines inside a table are its cells' text, the rest stay lines.
"""
from __future__ import annotations

import ctypes
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import MissingDependencyError, ReadError
from ..limits import Limits
from ..model import Format, Span, Warning
from . import layout
from .clean import clean
from .document import assemble
from .pdfium_page import Page, outside

LOW_CONFIDENCE = 0.8
# Pages are rendered at the resolution the recogniser reads, no more: it scales every text box
# to 48 px high (RapidOCR's Rec.rec_img_shape), and a box of 16 pt body type (三号, the body
# size of GB/T 9704 notices) with the detector's margin is about 1.5 × 16 pt, so 2 px per
# point gives 48 px boxes.  More pixels were only scaled down again, at a cost in time.
PX_PER_PT = 2.0
# ... and never with a long side over RapidOCR's own limit (Global.max_side_len), which
# would shrink a larger image anyway
LONG_SIDE_PX = 2000
# Text detection (DB) finds line boxes on the page scaled to this long side, PaddleOCR's
# own default for it (limit_type "max"): body lines are still ~20 px high there.  With
# RapidOCR's default (short side at least 736) an A4 page is detected at 1408 × 2016 px,
# which took 55 % of the time and 600 MB; the boxes are mapped back and cut from the
# full page image, so recognition is not coarser for it.
DET_LONG_SIDE_PX = 960
# Lines are recognised one at a time, each by one thread, on as many threads as there are
# cores: one line per inference because a batch is padded to its widest line and the
# recogniser's memory grows with batch × width (6 full-width lines peaked ~300 MB over one);
# lines side by side because the recogniser's operators are too small to share well
# between threads (two intra-op threads on a line spent 1.6× the CPU of one).
REC_THREADS_PER_LINE = 1
# A ruling line is a straight run of ink at least this long (points): longer than a character's
# widest stroke (一 of 16 pt type is ~15 pt) and shorter than a cell's side (a one-line row is
# ~25 pt tall; a column's rule runs down the whole table).
RULE_MIN_PT = 20
# keep weak lines (they are flagged, not dropped): RapidOCR's own floor is 0.5
TEXT_SCORE = 0.3
# scans of notices are upright: no direction classifier
_COMMON = {"Global.log_level": "error", "Global.text_score": TEXT_SCORE, "Global.use_cls": False,
           "EngineConfig.onnxruntime.inter_op_num_threads": 1}

_DETECTOR = None
_POOL = None
_LOCAL = threading.local()
_LIBC = None  # glibc's malloc_trim, False where there is none


def available() -> bool:
    """Whether the OCR extra is installed."""
    try:
        import pypdfium2  # noqa: F401
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


def _cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _detector():
    """RapidOCR for line boxes only; detection is one large inference, run on every core."""
    global _DETECTOR
    if _DETECTOR is None:
        from rapidocr import RapidOCR

        _DETECTOR = RapidOCR(params={
            **_COMMON, "Global.use_rec": False,
            "Det.limit_type": "max", "Det.limit_side_len": DET_LONG_SIDE_PX,
            "EngineConfig.onnxruntime.intra_op_num_threads": _cores()})
    return _DETECTOR


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=_cores(), thread_name_prefix="ocr-rec")
    return _POOL


def _recognise(crop) -> tuple[str, float]:
    """One line image's text and confidence, by this thread's own recogniser (a RapidOCR
    object keeps per-call state, so threads do not share one)."""
    engine = getattr(_LOCAL, "engine", None)
    if engine is None:
        from rapidocr import RapidOCR

        # the crop is the line as detected: no page resizing, no detection
        engine = _LOCAL.engine = RapidOCR(params={
            **_COMMON, "Global.use_det": False, "Global.use_preprocess_img": False,
            "EngineConfig.onnxruntime.intra_op_num_threads": REC_THREADS_PER_LINE})
    result = engine(crop)
    return result.txts[0], float(result.scores[0])


def _page_image(page):
    """The page as a grayscale image at the recogniser's resolution, and its pixels per point.

    Grayscale: scans of notices are black type (red heads and seals read as grey), and one
    channel is a third of the memory; RapidOCR makes its three channels itself."""
    width, height = page.get_size()
    scale = min(PX_PER_PT, LONG_SIDE_PX / max(width, height, 1))
    bitmap = page.render(scale=scale, grayscale=True)
    image = bitmap.to_numpy().copy()  # a view of pdfium's buffer until copied
    bitmap.close()
    return image, scale


def _release_freed_memory() -> None:
    """Hand memory freed by inference back to the system (glibc only; elsewhere nothing).

    onnxruntime runs here without its own arena (RapidOCR's setting), so each inference's
    buffers come from malloc, which keeps what is freed for reuse, and per thread: the
    detection's hundreds of MB sat unused while the recognition threads took their own
    (peak 560–610 MB against ~420 MB with it returned)."""
    global _LIBC
    if _LIBC is None:
        try:
            _LIBC = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _LIBC = False
    if _LIBC:
        _LIBC(0)


def _read_page(page, number: int) -> tuple[list[_OcrLine], list[dict]]:
    """One page's OCR lines, top to bottom, and its ruling edges.  The page image, RapidOCR's
    result (which holds the image again) and the line images are released on return, before
    the next page."""
    from rapidocr.utils.process_img import get_rotate_crop_image

    image, scale = _page_image(page)
    edges = ruling_edges(image, scale)
    boxes = _detector()(image).boxes
    _release_freed_memory()  # detection's buffers, before the recognisers' threads ask for theirs
    if boxes is None:
        return [], edges
    crops = [get_rotate_crop_image(image, box.copy()) for box in boxes]
    lines = []
    for box, (text, score) in zip(boxes, _pool().map(_recognise, crops)):
        if text.strip() and score >= TEXT_SCORE:
            lines.append(_OcrLine(text, box, scale, number, score))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines, edges


def ruling_edges(image, scale: float) -> list[dict]:
    """The horizontal and vertical ruling lines of a grayscale page image, as the PDF reader's
    edges (points, top-left origin; see ``pdfium_page``): the ink (dark against its
    neighbourhood, so a grey scan background is none) opened with a line of ``RULE_MIN_PT``
    each way keeps only runs that long, and each connected run is one edge along its middle."""
    import cv2

    ink = cv2.adaptiveThreshold(image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)
    run = max(2, round(RULE_MIN_PT * scale))
    out = []
    for orientation, kernel in (("h", (run, 1)), ("v", (1, run))):
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        _n, _labels, stats, _centres = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for x, y, w, h, _area in stats[1:].tolist():
            if orientation == "h":
                x0, x1 = x / scale, (x + w) / scale
                top = bottom = (y + h / 2) / scale
            else:
                x0 = x1 = (x + w / 2) / scale
                top, bottom = y / scale, (y + h) / scale
            out.append({"object_type": "line", "orientation": orientation, "x0": x0, "x1": x1,
                        "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top})
    return out


def line_chars(lines: list[_OcrLine]) -> list[dict]:
    """Each OCR line's characters as the PDF reader's, spread evenly over its box (a line of
    Chinese type is one advance per character), so that the table finder can put each in its
    cell by its midpoint as it does a text layer's."""
    out = []
    for ln in lines:
        n = len(ln.text)
        step = (ln.x1 - ln.x0) / max(n, 1)
        for k, ch in enumerate(ln.text):
            out.append({"text": ch, "x0": ln.x0 + k * step, "x1": ln.x0 + (k + 1) * step, "top": ln.top,
                        "bottom": ln.bottom, "doctop": ln.top, "size": ln.size, "fontname": "", "upright": True})
    return out


def page_items(number: int, size: tuple[float, float], lines: list[_OcrLine], edges: list[dict]) -> list[tuple]:
    """The page's items, top to bottom: its ruled tables (from ``edges`` and the lines' characters)
    and the OCR lines outside them."""
    tables = layout.page_tables(Page(number, size[0], size[1], line_chars(lines), edges, 0)) if edges else []
    boxes = [bbox for bbox, _ in tables]
    items = [("line", ln.top, ln) for ln in lines if outside(boxes, ln.x0, ln.top, ln.x1, ln.bottom)]
    items += [("table", t.top, t) for _, t in tables]
    items.sort(key=lambda it: it[1])
    return items


class _OcrLine:
    """An OCR line with the attributes of a ``layout.Line`` (PDF points, top-left origin)."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "fonts", "page", "score")

    def __init__(self, text, box, scale, page, score):
        xs = [float(p[0]) / scale for p in box]
        ys = [float(p[1]) / scale for p in box]
        self.text = text
        self.x0, self.x1, self.top, self.bottom = min(xs), max(xs), min(ys), max(ys)
        # a text box is a little taller than the type: about 0.85 of its height
        self.size = (self.bottom - self.top) * 0.85
        self.fonts = []
        self.page = page
        self.score = float(score)


class _PageSize:
    """All of a page that ``layout.drop_furniture`` reads."""

    def __init__(self, height):
        self.height = height


def read_scanned(path: Path, data: bytes, n_pages: int, limits: Limits):
    """OCR every page of an image-only PDF into a Document."""
    if not available():
        raise MissingDependencyError(
            "this is a scanned PDF without a text layer; its text needs OCR: "
            "install OCR support with `pip install -e .[ocr]` (rapidocr, onnxruntime, pypdfium2)",
            str(path))
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"cannot render the scanned PDF ({exc})", str(path)) from None
    pages_items = []
    in_tables: list[_OcrLine] = []  # the OCR lines that are a table's cells
    try:
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            size = page.get_size()
            lines, edges = _read_page(page, number)
            page.close()
            items = page_items(number, size, lines, edges)
            flowing = {id(it[2]) for it in items if it[0] == "line"}
            in_tables.extend(ln for ln in lines if id(ln) not in flowing)
            pages_items.append((_PageSize(size[1]), items))
    except Exception as exc:  # noqa: BLE001 - a render or inference failure on one bad file
        raise ReadError(f"OCR failed ({type(exc).__name__}: {exc})", str(path)) from None
    finally:
        pdf.close()
    layout.drop_furniture(pages_items)
    items = [it for _, page_items in pages_items for it in page_items]
    kept = [it[2] for it in items if it[0] == "line"]
    geometry = layout.geometry(kept, tolerance=0.4)  # OCR box heights vary with the glyphs in a line
    raw = layout.blocks(items, geometry)
    if not raw:
        raise ReadError("OCR found no text in the scanned PDF", str(path))
    doc = assemble(path, Format.PDF, data, raw, encoding=None, pages=n_pages,
                   warnings=(Warning("W-OCR", f"text read by OCR from {n_pages} scanned page(s)"),), limits=limits)
    low = []
    for ln in kept + in_tables:
        if ln.score < LOW_CONFIDENCE:
            needle = clean(ln.text)[0].strip()
            start = doc.text.find(needle) if needle else -1
            span = Span(start, start + len(needle), ln.page) if start >= 0 else None
            low.append(Warning("W-OCR-LOW-CONFIDENCE",
                               f"page {ln.page}: {ln.text!r} read with confidence {ln.score:.2f}", span))
    if low:
        from dataclasses import replace

        doc = replace(doc, warnings=doc.warnings + tuple(low))
    return doc
