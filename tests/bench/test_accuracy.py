"""The accuracy ratchet: no family on any set falls below the figures committed in bench/accuracy.json.

Needs ``../shared/corpus`` (CI has it; a user's fresh clone does not, and skips with the reason).
The scorer's own rules are tested on small hand-written cases, and its figures are checked
against the shared reference scorer run as a program.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import accuracy  # noqa: E402
from scoring import fold, numeral, score_document, split_roles  # noqa: E402

NO_CORPUS = f"needs the shared corpus at {accuracy.SHARED / 'corpus'} (CI has it; a fresh clone does not)"
needs_corpus = pytest.mark.skipif(not (accuracy.SHARED / "corpus").is_dir(), reason=NO_CORPUS)


@pytest.fixture(scope="module")
def measured():
    scored = accuracy.measure()
    unavailable = [f"{s.case.id} ({s.error})" for s in scored if s.error and "E-READ-DEPENDENCY" in s.error]
    if unavailable:
        pytest.skip(f"a reader's dependency is missing for {', '.join(unavailable)}")
    return scored


@needs_corpus
def test_no_family_falls_below_its_floor(measured):
    floor = json.loads(accuracy.FLOOR.read_text(encoding="utf-8"))
    fallen = accuracy.falls(accuracy.summarise(measured), floor)
    assert not fallen, "accuracy fell (raise a figure by committing bench/accuracy.json):\n" + "\n".join(fallen)


@needs_corpus
@pytest.mark.parametrize("name", ["dev", "real"])
def test_the_means_are_the_reference_scorers(measured, name, tmp_path):
    """The reference scorer, run on the same outputs, prints the same per-document means."""
    reference = accuracy.SHARED / "tools" / "score.py"
    docs = [s for s in measured if s.case.set == name]
    for s in docs:
        (tmp_path / f"{s.case.id}.json").write_text(json.dumps(s.pred or {}, ensure_ascii=False), encoding="utf-8")
    gold_dir = docs[0].case.gold.parent
    done = subprocess.run([sys.executable, str(reference), "--gold-dir", str(gold_dir), "--pred-dir", str(tmp_path),
                           "--json"], capture_output=True, text=True, check=True)
    want = json.loads(done.stdout)["mean"]
    ours = accuracy.summarise(measured)[name]
    names = {"inline_tasks.units_exact": "inline_units_exact", "targets.target_year": "target_year",
             "targets.unit": "target_unit", "table_tasks": "tasks", "table_tasks.units_exact": "task_units_exact",
             "table_tasks.text_exact": "task_text_exact", "table_tasks.roles_exact": "task_roles_exact",
             "instruments.kind": "instrument_kind"}
    for key, figures in ours.items():
        ref = names.get(key, key)
        if ref in want and figures.get("mean") is not None:
            assert figures["mean"] == pytest.approx(want[ref], abs=1e-3), key


def test_a_fallen_figure_is_named_with_its_set_and_family():
    floor = {"dev": {"inline_tasks": {"f1": 0.95, "mean": 0.9}, "outline": {"f1": 0.9, "mean": None}}}
    table = {"dev": {"inline_tasks": {"f1": 0.90, "mean": 0.897}, "outline": {"f1": 0.899, "mean": 0.5}}}
    assert accuracy.falls(table, floor) == ["dev: inline_tasks f1 fell from 0.9500 to 0.9000"]
    assert accuracy.falls({"dev": {}}, floor)[0] == "dev: inline_tasks f1 fell from 0.9500 to none"


@pytest.mark.parametrize("a, b", [
    ("天政发〔2022〕23号", "天政发[2022]23号"),
    ("《关于印发…的通知》。", "关于印发…的通知"),
    ("責任單位", "责任单位"),
    ("市 发展 改革委，", "市发展改革委"),
])
def test_text_folds_alike(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("number, value", [("二十七", 27), ("（3）", 3), ("十", 10), ("一百零五", 105), ("A", "A")])
def test_heading_numbers_as_values(number, value):
    assert numeral(number) == value


def test_roles_responsible_counts_as_lead_and_and_others_is_dropped():
    units = [{"raw": "市财政局", "role": "responsible"}, {"raw": "市发展改革委", "role": "lead"},
             {"raw": "各县区等相关部门", "role": "support"}]
    assert split_roles(units) == (["市发展改革委", "市财政局"], ["各县区"])


def test_a_document_scored_family_by_family():
    gold = {"metadata": {"issuer": "某市人民政府", "date": "2024-01-02", "note": None},
            "outline": [{"level": 1, "number": "一", "title": "总体要求"}, {"level": 2, "number": "二", "title": "任务"}],
            "targets": [{"text": "覆盖率达到39%", "value": 39, "unit": "%", "target_year": 2025},
                        {"text": "基本建成", "value": None, "optional": True}],
            "responsibilities": [{"anchor": "推进工业绿色升级", "lead": ["市工信局"], "support": ["市财政局"]}]}
    pred = {"metadata": {"issuer": "某市人民政府", "date": "2024-01-03", "note": ""},
            "outline": [{"level": 1, "number": "1", "title": "总体要求。"}, {"level": 1, "number": "二", "title": "任务"}],
            "targets": [{"text": "森林覆盖率达到39%", "value": 39.0, "unit": "%", "target_year": 2030},
                        {"text": "补贴200万元", "value": 200}],
            "tasks": [{"source": "inline", "text": "(三)推进工业绿色升级。",
                       "units": [{"raw": "市工信局", "role": "lead"}, {"raw": "市财政局", "role": "support"}]}]}
    result = score_document(gold, pred)
    f = result.figures
    assert (f["metadata"].right, f["metadata"].gold) == (2, 3)  # the date is a day off
    assert (f["outline"].hit, f["outline"].pred) == (1, 2)  # (二) is level 2 in the gold
    assert (f["targets"].recall, f["targets"].precision) == (1.0, 0.5)  # the optional goal costs nothing
    assert f["targets.target_year"].f1 == 0.0
    assert f["inline_tasks"].f1 == 1.0 and f["inline_tasks.units_exact"].f1 == 1.0
    assert "metadata.date: want '2024-01-02' got '2024-01-03'" in result.misses
