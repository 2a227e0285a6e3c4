"""The units view of a batch (``policy-pipeline units OUT``): every distinct unit, unresolved first."""
import json

from pipeline.export.units_report import _width, format_report, unit_report


def _notice(units, no=1):
    return {"source": {"path": "/x/n1.txt"}, "tasks": [{"no": no, "units": units}]}


def test_unit_report_lists_every_distinct_unit(tmp_path):
    u = {"raw": "市工信局", "canonical": "天水市工业和信息化局", "kind": "government_department",
         "method": "alias", "score": 100, "confidence": "high", "successor": None, "suggestions": []}
    bad = {"raw": "市财务局", "canonical": None, "kind": None, "method": "none", "score": 67,
           "confidence": "none", "successor": None, "suggestions": ["天水市财政局"]}
    out = tmp_path / "out"
    (out / "n1").mkdir(parents=True)
    (out / "n1" / "document.json").write_text(json.dumps(_notice([u, bad])), encoding="utf-8")
    (out / "n2").mkdir()
    (out / "n2" / "document.json").write_text(json.dumps(_notice([u], no=None)), encoding="utf-8")
    rows = unit_report([out])
    assert [r["raw"] for r in rows] == ["市财务局", "市工信局"]  # unresolved first
    assert rows[1]["count"] == 2 and rows[1]["tasks"] == [("n1", "no 1"), ("n2", "seq 1")]
    assert rows[0]["suggestions"] == ["天水市财政局"]
    # the batch file holds the same notices: read alone, not twice
    (out / "notices.jsonl").write_text(json.dumps(_notice([u, bad])) + "\n", encoding="utf-8")
    assert sum(r["count"] for r in unit_report(out)) == 2
    text = format_report(rows)
    lines = text.splitlines()
    assert "? 天水市财政局" in text and lines[-1] == "2 units, 1 unresolved"
    # wide characters aligned: every row has the same display width up to its last column
    starts = {_width(line[:line.rindex("high" if "high" in line else "none")]) for line in lines[2:4]}
    assert len(starts) == 1
