"""Every hostile file of every format in one batch beside a good notice: the good one is written,
each bad one is recorded with its code, nothing half-written, memory bounded."""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

from hostile.test_office_html_inputs import cases as office_cases
from hostile.test_pdf_inputs import CASES as PDF_CASES
from hostile.test_text_inputs import _cases as text_cases


def test_one_batch_of_every_hostile_file(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    names = []
    for name, data in text_cases(tmp_path):
        (raw / name).write_bytes(data)
        names.append(name)
    for name, data, _ in office_cases(tmp_path):
        if name != "zip-bomb.docx":  # 300 MB to write; its own test covers it
            (raw / name).write_bytes(data)
            names.append(name)
    for name, (build, _code, _warnings) in PDF_CASES.items():
        (raw / name).write_bytes(build())
        names.append(name)
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / "good.txt")
    assert len(names) >= 30
    out = tmp_path / "out"
    code = ("import resource,subprocess,sys;r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
            "sys.stdout.write(r.stdout+r.stderr);print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "pipeline", "run", str(raw), str(out),
                             "--workers", "2", "--format", "json,csv,sqlite", "--max-pages", "50", "--timeout", "60"],
                            capture_output=True, text=True, timeout=600)
    assert "Traceback" not in result.stdout
    assert int(result.stdout.rsplit("PEAK", 1)[1]) / 1024 < 1000
    good = json.loads((out / "good" / "document.json").read_text(encoding="utf-8"))
    assert good["metadata"]["doc_number"] == "河县政办发〔2023〕7号"
    errors = list(csv.DictReader(open(out / "errors.csv", encoding="utf-8-sig")))
    assert errors and all(r["code"].startswith("E-") and r["code"] != "E-INTERNAL" for r in errors), errors
    written = list(out.glob("*/document.json"))
    failed = {Path(r["file"]).name for r in errors}
    assert len(written) + len(failed) == len(names) + 1 and "good.txt" not in failed  # every file accounted for
    assert not list(out.rglob("*.tmp"))
