"""Benchmark: per-stage time for one notice, OCR, the peers, batch throughput, memory, cold starts.

    python bench/run.py [--notices 1000] [--quick] [--shared ../shared]

Figures are measured side by side in one run (machines are noisy, so ratios
matter more than absolute times).  Not a test: nothing here fails a build.
"""
from __future__ import annotations

import argparse
import gc
import json
import logging
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT))

CITIES = [("兰州市", "甘肃省", "兰政发"), ("西宁市", "青海省", "宁政发"), ("宝鸡市", "陕西省", "宝政发"),
          ("赣州市", "江西省", "赣市府发"), ("绵阳市", "四川省", "绵府发"), ("曲靖市", "云南省", "曲政发"),
          ("洛阳市", "河南省", "洛政"), ("徐州市", "江苏省", "徐政发")]


def timed(fn, *args, repeat=5):
    """Median wall time of ``fn(*args)`` in milliseconds, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def stages(path: Path) -> dict:
    """Per-stage milliseconds for one notice: read, structure, extract+normalise, export (JSON, CSV)."""
    from pipeline.export.to_csv import write_csv
    from pipeline.export.to_json import write_json
    from pipeline.extract.outline import parse_outline
    from pipeline.extract.structure import parse_layout
    from pipeline.read import read_notice
    from pipeline.run import parse_document

    read_ms, doc = timed(read_notice, path)
    layout_ms, layout = timed(parse_layout, doc)
    outline_ms, _ = timed(parse_outline, doc, layout)
    total_ms, notice = timed(parse_document, doc)
    out = Path(tempfile.mkdtemp())
    json_ms, _ = timed(write_json, notice, out / "document.json")
    csv_ms, _ = timed(write_csv, notice, out)
    # the whole path in one go: read, extract, normalise, document.json written
    end_ms, _ = timed(lambda: write_json(parse_document(read_notice(path)), out / "again.json"), repeat=9)
    shutil.rmtree(out)
    return {"read": read_ms, "structure": layout_ms + outline_ms,
            "extract+normalise": total_ms - layout_ms - outline_ms, "export_json": json_ms, "export_csv": csv_ms,
            "end_to_end": end_ms}


def make_corpus(folder: Path, n: int) -> None:
    """``n`` text notices varied from the example and the county fixture: cities, issuers, numbers."""
    rnd = random.Random(7)
    seeds = [(DATA / "tianshui-2022-23.txt").read_text(encoding="utf-8"),
             (DATA / "hexi-county-2023-7.txt").read_text(encoding="utf-8")]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = seeds[i % 2]
        city, province, agency = CITIES[i % len(CITIES)]
        text = text.replace("天水市", city).replace("天水", city[:-1]).replace("甘肃省", province)
        text = text.replace("天政发", agency).replace("河西县", city[:-1] + "县")
        text = re.sub(r"(\d+)%", lambda m: f"{min(99, int(m.group(1)) + rnd.randint(-5, 5))}%", text)
        (folder / f"n{i:04d}.txt").write_text(text, encoding="utf-8")


def batch(folder: Path, workers: int, formats=("json",)) -> tuple[float, float, float]:
    """Notices per second, peak memory (MB) of a worker and of the parent, for a batch run in a subprocess.

    With one worker the parent is the worker."""
    out = Path(tempfile.mkdtemp())
    code = ("import resource,sys,time;from pipeline.batch import run_batch;t=time.perf_counter();"
            f"n=sum(1 for _ in run_batch({str(folder)!r},{str(out)!r},{tuple(formats)!r},workers={workers}));"
            "d=time.perf_counter()-t;"
            "s=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;c=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
            "print(n/d, (c if c else s)/1024, s/1024)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    shutil.rmtree(out)
    rate, worker_mb, parent_mb = map(float, res.stdout.split())
    return rate, worker_mb, parent_mb


def batches(folder: Path, workers: tuple[int, ...], formats=("json",), repeat: int = 3) -> dict:
    """``batch`` ``repeat`` times for each number of workers, interleaved (1, 2, 1, 2 …) so that
    every setting meets the machine in the same moods: the median rate, its range, peak memory."""
    runs: dict[int, list] = {w: [] for w in workers}
    for _ in range(repeat):
        for w in workers:
            runs[w].append(batch(folder, w, formats))
    out = {}
    for w, results in runs.items():
        rates = sorted(r[0] for r in results)
        out[w] = {"notices_per_s": round(statistics.median(rates), 1),
                  "range": [round(rates[0], 1), round(rates[-1], 1)], "worker_peak_mb": round(max(r[1] for r in results)),
                  "parent_peak_mb": round(max(r[2] for r in results))}
    return out


def rerun(folder: Path, formats=("json", "csv")) -> dict:
    """Seconds to parse a batch, then to run it again with nothing changed (both with 2 workers,
    in this process): the ratio is what a re-run saves (#19: at least 10×)."""
    from pipeline.batch import run_batch

    out = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    list(run_batch(folder, out, formats, workers=2))
    parse_s = time.perf_counter() - start
    start = time.perf_counter()
    skipped = sum(o.skipped for o in run_batch(folder, out, formats, workers=2))
    again_s = time.perf_counter() - start
    # one notice in a hundred edited: the others' rows come from their .digest.json
    edited = sorted(folder.glob("*.txt"))[::100]
    for path in edited:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    start = time.perf_counter()
    redone = sum(not o.skipped for o in run_batch(folder, out, formats, workers=2))
    some_s = time.perf_counter() - start
    for path in edited:
        path.write_text(path.read_text(encoding="utf-8")[:-1], encoding="utf-8")
    shutil.rmtree(out)
    return {"parse_s": round(parse_s, 2), "rerun_s": round(again_s, 3), "skipped": skipped,
            "ratio": round(parse_s / again_s, 1), "one_in_100_changed_s": round(some_s, 2), "redone": redone,
            "ratio_one_in_100_changed": round(parse_s / some_s, 1)}


def scaling(path: Path, times=(1, 8, 32)) -> dict:
    """Milliseconds to parse the example with its body repeated 1, 8 and 32 times, with the garbage
    collector on and off, and each length's cost over the example's (#19: 32× at most 36×)."""
    from pipeline.run import parse_file

    text = path.read_text(encoding="utf-8")
    head, body = text[:600], text[600:]  # the cover notice's head once, its measures repeated
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in times:
            longer = Path(tmp) / f"x{k}.txt"
            longer.write_text(head + body * k, encoding="utf-8")
            for collector in (True, False):
                gc.enable() if collector else gc.disable()
                try:
                    out[f"{k}x_gc_{'on' if collector else 'off'}"], _ = timed(parse_file, longer, repeat=3)
                finally:
                    gc.enable()
    for k in times[1:]:
        out[f"{k}x_over_1x_gc_on"] = out[f"{k}x_gc_on"] / out["1x_gc_on"]
    return {key: round(v, 1) for key, v in out.items()}


def cold(args: list[str]) -> float:
    """Milliseconds of a fresh process running ``args`` (median of three)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, cwd=ROOT, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def pdf_peers() -> tuple[dict, list[str]]:
    """The other readers of a PDF's text layer that are installed here, {name: fn(path)}, and a
    note for each that is not.  pymupdf is AGPL: installed by hand for the benchmark, never a
    dependency of the project."""
    peers, notes = {}, []
    try:
        import pypdfium2

        def pdfium(pdf):  # the floor: pdfium's characters in page order, nothing else
            doc = pypdfium2.PdfDocument(str(pdf))
            for page in doc:
                page.get_textpage().get_text_range()
            doc.close()
        peers["pypdfium2 text"] = pdfium
    except ImportError:
        notes.append("pypdfium2 not installed: skipped")
    try:
        import pymupdf
    except ImportError:
        try:
            import fitz as pymupdf
        except ImportError:
            pymupdf = None
            notes.append("pymupdf not installed (AGPL; `pip install pymupdf` for the benchmark only): skipped")
    if pymupdf is not None:
        def mupdf(pdf):
            with pymupdf.open(pdf) as doc:
                for page in doc:
                    page.get_text()
        peers["pymupdf get_text"] = mupdf
    try:
        import pdfplumber

        # pdfminer logs a warning per glyph of a font without a bounding box (nhc-lflk-2022-71)
        logging.getLogger("pdfminer").setLevel(logging.ERROR)

        def plumber_text(pdf):
            with pdfplumber.open(pdf) as doc:
                for page in doc.pages:
                    page.extract_text()

        def plumber_tables(pdf):
            with pdfplumber.open(pdf) as doc:
                for page in doc.pages:
                    page.extract_text()
                    page.extract_tables()
        peers["pdfplumber text"] = plumber_text
        peers["pdfplumber text+tables"] = plumber_tables
    except ImportError:
        notes.append("pdfplumber not installed: skipped")
    return peers, notes


def office_peers() -> tuple[dict, list[str]]:
    """docling's converters for DOCX and HTML when installed ({name: fn(path)}), else a note."""
    try:
        from docling.document_converter import DocumentConverter
    except ImportError:
        return {}, ["docling not installed (not installed for the benchmark either): docx/html peers skipped"]
    converter = DocumentConverter()
    return {"docling convert": lambda path: converter.convert(path)}, []


def against_peers(files: list[Path], peers: dict, repeat: int) -> dict:
    """For each file: milliseconds of our reader (``read_notice``: text, blocks, tables), of our
    whole pipeline (``parse_file`` and the contract JSON written: #19 asks at most 2.5× pypdfium2's
    bare text on the example PDF, 3× on the real ones) and of each peer, timed in turn in the same
    rounds (ours, peer 1, peer 2 …, again) so that all meet the machine in the same moods;
    medians, and ours ÷ peer (under 1: ours is faster)."""
    from pipeline.export.to_json import write_json
    from pipeline.read import read_notice
    from pipeline.run import parse_file

    with tempfile.TemporaryDirectory() as tmp:
        def end_to_end(path):
            write_json(parse_file(path), Path(tmp) / "document.json")

        ours = {"ours": read_notice, "ours end to end": end_to_end}
        readers = {**ours, **peers}
        out = {}
        for path in files:
            for fn in readers.values():
                fn(path)  # warm: imports, caches, the file in the page cache
            times: dict[str, list[float]] = {name: [] for name in readers}
            for _ in range(repeat):
                for name, fn in readers.items():
                    gc.collect()  # what the reader before left is not this one's to collect
                    start = time.perf_counter()
                    fn(path)
                    times[name].append((time.perf_counter() - start) * 1000)
            ms = {name: round(statistics.median(t), 1) for name, t in times.items()}
            out[path.name] = {"ms": ms, **{f"{name.replace(' ', '_')}_over": {
                peer: round(ms[name] / ms[peer], 2) for peer in peers} for name in ours}}
    return out


def peers(shared: Path, quick: bool) -> dict:
    """Ours against the other readers: the example PDF, every real text-layer PDF of the shared
    corpus (when it is there), the example's DOCX and HTML."""
    pdf_peers_, notes = pdf_peers()
    pdfs = [DATA / "tianshui-2022-23.pdf"]
    real = shared / "corpus" / "real"
    if real.is_dir():
        pdfs += sorted(p for p in real.glob("*.pdf") if ".scanned." not in p.name)
    else:
        notes.append(f"no shared corpus at {shared}: the example PDF only")
    report = {"pdf": against_peers(pdfs, pdf_peers_, 3 if quick else 7)}
    office, more = office_peers()
    notes += more
    if office:
        report["docx_html"] = against_peers([DATA / "tianshui-2022-23.docx", DATA / "tianshui-2022-23.html"],
                                            office, 1 if quick else 3)
    report["notes"] = notes
    return report


OCR_CODE = """
import json, resource, sys, time
from pathlib import Path
from pipeline.read import read_notice
read_notice(Path(sys.argv[1]))  # loads the OCR engine and its models: timed apart
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
pages, times, cpus = 0, [], []
for _ in range(int(sys.argv[3])):
    start, cpu0 = time.perf_counter(), cpu()
    pages = read_notice(Path(sys.argv[2])).pages
    times.append(time.perf_counter() - start)
    cpus.append(cpu() - cpu0)
print(json.dumps({"pages": pages, "times": times, "cpus": cpus,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def ocr(scanned: Path, first_page: Path, repeat: int, env: dict | None = None) -> dict:
    """Seconds per page and peak resident MB of reading a scanned PDF by OCR (#19: at most 2 s and
    600 MB), in a fresh process so that the peak is the OCR's own and not this benchmark's.  The
    engine is loaded first, on a one-page scan, and the whole load measured apart."""
    start = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", OCR_CODE, str(first_page), str(scanned), str(repeat)],
                         capture_output=True, text=True, cwd=ROOT, check=True, env=env)
    total = time.perf_counter() - start
    got = json.loads(res.stdout.splitlines()[-1])
    per_page = [t / got["pages"] for t in got["times"]]
    return {"file": scanned.name, "pages": got["pages"], "s_per_page": round(statistics.median(per_page), 2),
            "range": [round(min(per_page), 2), round(max(per_page), 2)], "peak_mb": round(got["peak_mb"]),
            # CPU seconds (all threads) per page: steadier than wall time on a shared machine
            "cpu_s_per_page": round(statistics.median(c / got["pages"] for c in got["cpus"]), 2),
            "process_s": round(total, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="100 notices, fewer repeats")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                    help="the shared corpus, for the real PDFs read against the peers")
    args = ap.parse_args()
    n = 100 if args.quick else args.notices
    report: dict = {"stages_ms": {}}
    samples = {"txt": DATA / "tianshui-2022-23.txt", "docx": DATA / "tianshui-2022-23.docx",
               "pdf": DATA / "tianshui-2022-23.pdf", "html": DATA / "tianshui-2022-23.html"}
    for fmt, path in samples.items():
        if path.exists():
            try:
                report["stages_ms"][fmt] = {k: round(v, 1) for k, v in stages(path).items()}
            except Exception as exc:  # a reader not available here: say so, go on
                report["stages_ms"][fmt] = f"unavailable: {exc}"
    report["length_scaling_ms"] = scaling(samples["txt"])
    scanned = DATA / "tianshui-2022-23.scanned.pdf"
    if scanned.exists():
        try:
            report["ocr"] = ocr(scanned, DATA / "tianshui-2022-23.scanned-p1.pdf", 1 if args.quick else 3)
        except subprocess.CalledProcessError as exc:  # the OCR extra not installed here: say so, go on
            report["ocr"] = f"unavailable: {exc.stderr.strip().splitlines()[-1]}"
    report["peers"] = peers(args.shared, args.quick)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, n)
        # JSON (document.json per notice, notices.jsonl) and CSV, with 1 and 2 workers (#19: 2 at least 1.7×)
        both = batches(corpus, (1, 2), ("json", "csv"), 1 if args.quick else 5)
        for workers, figures in both.items():
            report[f"batch_{n}_workers_{workers}_json+csv"] = figures
        report[f"batch_{n}_speedup_2_over_1_json+csv"] = round(both[2]["notices_per_s"] / both[1]["notices_per_s"], 2)
        from pipeline.formats import DEFAULT_FORMATS

        report[f"batch_{n}_workers_2_{'+'.join(DEFAULT_FORMATS)}"] = batches(corpus, (2,), DEFAULT_FORMATS, 1)[2]
        for formats in (("json", "csv"), DEFAULT_FORMATS):
            report[f"rerun_{n}_unchanged_{'+'.join(formats)}"] = rerun(corpus, formats)
    report["cold_ms"] = {"policy-pipeline --help": round(cold([sys.executable, "-m", "pipeline", "--help"])),
                         "parse one notice": round(cold([sys.executable, "-m", "pipeline", "parse",
                                                         str(samples["txt"])]))}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
