"""Accuracy on every notice with gold: the example in its forms, the dev pages, the real files.

    python bench/accuracy.py              the table (every family, every set) and the 15 worst documents
    python bench/accuracy.py --json       the same as JSON
    python bench/accuracy.py --show ID    one document's misses (ID: 017, gz-wjw-2023-1930, tianshui-2022-23.pdf)
    python bench/accuracy.py --save       write the figures to bench/accuracy.json (the ratchet's floor)

Needs ``../shared`` beside the project. Each family is pooled over a set
(recall = gold items found / gold items, precision = right output items / output
items) and also averaged per document as the reference scorer's MEAN row does.
The matching rules are those of ``../shared/tools/score.py`` (bench/scoring.py).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FLOOR = Path(__file__).with_name("accuracy.json")
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from scoring import Figure, score_document  # noqa: E402

SETS = ("example", "dev", "real")
# the example's forms that hold the whole notice (the scanned one holds pages 1-3 only)
EXAMPLE_FORMS = ("txt", "gb18030.txt", "fullwidth.txt", "docx", "pdf", "html", "gbk.html", "ofd")
# how far a figure may fall below its floor before the ratchet fails: run-to-run noise is nil,
# so this only forgives rounding
TOLERANCE = 0.005


@dataclass(frozen=True)
class Case:
    set: str
    id: str
    path: Path
    gold: Path


def cases(shared: Path = SHARED) -> list[Case]:
    """Every notice that has gold, by set."""
    out = []
    example_gold = shared / "gold" / "tianshui-2022-23.json"
    for form in EXAMPLE_FORMS:
        path = shared / "corpus" / "seed" / f"tianshui-2022-23.{form}"
        if path.exists():
            out.append(Case("example", path.name, path, example_gold))
    dev = shared / "corpus" / "dev"
    for gold in sorted((dev / "gold").glob("*.json")):
        out.append(Case("dev", gold.stem, dev / "raw" / f"{gold.stem}.txt", gold))
    real = shared / "corpus" / "real"
    inputs = {p.name.split(".")[0]: p for p in real.iterdir() if p.is_file() and p.suffix != ".md"}
    for gold in sorted((real / "gold").glob("*.json")):
        if gold.stem in inputs:
            out.append(Case("real", gold.stem, inputs[gold.stem], gold))
    return out


def parse_one(path: str) -> tuple[dict | None, str | None, str | None]:
    """(contract document as written to document.json, error code, error message)."""
    from pipeline.errors import PipelineError
    from pipeline.export.to_json import to_json_bytes
    from pipeline.run import parse_file

    try:
        return json.loads(to_json_bytes(parse_file(path))), None, None
    except PipelineError as exc:
        return None, exc.code, exc.message
    except Exception as exc:  # a crash is a finding to report, not a reason to stop measuring
        return None, "CRASH", f"{type(exc).__name__}: {exc}"


def parse_all(todo: list[Case], workers: int) -> list[tuple]:
    """Parse every case, the biggest files first so the slow scans do not come last."""
    import pipeline.run  # noqa: F401  (loaded once before the fork, shared by the workers)

    order = sorted(range(len(todo)), key=lambda k: -todo[k].path.stat().st_size)
    paths = [str(todo[k].path) for k in order]
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.map(parse_one, paths, chunksize=1)
    else:
        done = [parse_one(p) for p in paths]
    results = [None] * len(todo)
    for k, r in zip(order, done):
        results[k] = r
    return results


@dataclass
class Scored:
    case: Case
    figures: dict[str, Figure]
    misses: list[str]
    error: str | None
    pred: dict | None  # the contract document parsed, None when parsing failed

    def headline(self) -> dict[str, float]:
        return {k: f.f1 for k, f in self.figures.items() if f.f1 is not None}


def measure(shared: Path = SHARED, workers: int = 2, only: str | None = None) -> list[Scored]:
    todo = [c for c in cases(shared) if only is None or c.id == only or c.id.startswith(only)]
    out = []
    for case, (pred, code, message) in zip(todo, parse_all(todo, workers)):
        gold = json.loads(case.gold.read_text(encoding="utf-8"))
        result = score_document(gold, pred or {})
        out.append(Scored(case, result.figures, result.misses, f"{code}: {message}" if code else None, pred))
    return out


def _round(x):
    return None if x is None else round(x, 4)


def summarise(scored: list[Scored]) -> dict:
    """Per set and family: pooled recall, precision, F1 (or accuracy), the per-document mean, counts."""
    table: dict = {}
    for name in SETS:
        docs = [s for s in scored if s.case.set == name]
        pooled: dict[str, Figure] = {}
        means: dict[str, list[float]] = {}
        for s in docs:
            for k, f in s.figures.items():
                pooled[k] = pooled[k] + f if k in pooled else f
                if f.f1 is not None:
                    means.setdefault(k, []).append(f.f1)
        table[name] = {
            k: {"recall": _round(f.recall), "precision": _round(f.precision), "f1": _round(f.f1),
                "mean": _round(sum(means[k]) / len(means[k])) if k in means else None,
                "gold": f.gold, "pred": f.pred, "docs": len(means.get(k, []))}
            for k, f in sorted(pooled.items(), key=lambda kv: _family_order(kv[0]))}
        table[name]["_documents"] = len(docs)
        table[name]["_errors"] = sum(s.error is not None for s in docs)
    return table


_FAMILIES = ("metadata", "outline", "targets", "instruments", "inline_tasks", "table_tasks", "task_links",
             "unit_canonical", "citations")


def _family_order(key: str):
    family, _, attr = key.partition(".")
    return (_FAMILIES.index(family) if family in _FAMILIES else len(_FAMILIES), attr != "", attr)


def worst(scored: list[Scored], n: int = 15) -> list[Scored]:
    """The documents with the lowest mean figure (ties: more misses first)."""
    def key(s):
        h = s.headline()
        return (sum(h.values()) / len(h) if h else 0.0, -len(s.misses))
    return sorted((s for s in scored if s.misses or s.error), key=key)[:n]


def render(table: dict, scored: list[Scored], seconds: float) -> str:
    keys = sorted({k for t in table.values() for k in t if not k.startswith("_")}, key=_family_order)
    cols = "   R     P     F1   mean  "
    lines = ["".ljust(28) + "".join(f"{s} ({table[s]['_documents']} docs)".center(len(cols)) for s in SETS),
             "family".ljust(28) + cols * len(SETS)]
    for k in keys:
        family, _, attr = k.partition(".")
        label = f"  {attr}" if attr else k
        row = label.ljust(28)
        for s in SETS:
            f = table[s].get(k)
            if f is None:
                row += "".ljust(len(cols))
                continue
            cells = [f["recall"], f["precision"], f["f1"], f["mean"]]
            row += "".join(("" if v is None else f"{v:.3f}").rjust(6) for v in cells) + "  "
        lines.append(row.rstrip())
    lines.append("(R, P, F1 pooled over the set's items; an attribute row is an accuracy, in the F1 column;"
                 " mean = the per-document average, as score.py's MEAN)")
    errors = [s for s in scored if s.error]
    if errors:
        lines.append("")
        lines += [f"could not parse {s.case.set}/{s.case.id}: {s.error}" for s in errors]
    lines.append("")
    lines.append("The 15 worst documents and their misses (--show ID lists one document's):")
    for s in worst(scored):
        h = s.headline()
        low = ", ".join(f"{k} {v:.2f}" for k, v in sorted(h.items(), key=lambda kv: kv[1])[:4] if v < 1)
        lines.append(f"== {s.case.set}/{s.case.id}  {low}" + (f"  [{s.error}]" if s.error else ""))
        lines += [f"   {m}" for m in s.misses[:6]]
        if len(s.misses) > 6:
            lines.append(f"   … {len(s.misses) - 6} more")
    lines.append(f"\n{len(scored)} documents in {seconds:.1f} s")
    return "\n".join(lines)


def falls(table: dict, floor: dict, tolerance: float = TOLERANCE) -> list[str]:
    """Every figure more than ``tolerance`` below its floor, named by set and family."""
    out = []
    for name, families in floor.items():
        for key, want in families.items():
            if key.startswith("_"):
                continue
            got = table.get(name, {}).get(key, {})
            for figure in ("f1", "mean"):
                w, g = want.get(figure), got.get(figure)
                if w is not None and (g is None or g < w - tolerance):
                    out.append(f"{name}: {key} {figure} fell from {w:.4f} to {'none' if g is None else f'{g:.4f}'}")
    return out


def floor_of(table: dict) -> dict:
    """What the ratchet keeps of a table: each family's F1 and mean, per set."""
    return {s: {k: {"f1": v["f1"], "mean": v["mean"]} for k, v in fams.items() if not k.startswith("_")}
            for s, fams in table.items()}


def dump_floor(floor: dict) -> str:
    """The floor as JSON with one family a line, so a change to it reads as a diff of figures."""
    sets = []
    for name, families in floor.items():
        rows = ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in families.items())
        sets.append(f" {json.dumps(name)}: {{\n{rows}\n }}")
    return "{\n" + ",\n".join(sets) + "\n}\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="the figures as JSON")
    ap.add_argument("--show", metavar="ID", help="one document's misses")
    ap.add_argument("--save", action="store_true", help=f"write the figures to {FLOOR.name} (the ratchet's floor)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default ../shared)")
    a = ap.parse_args(argv)
    if not (a.shared / "corpus").is_dir():
        print(f"no corpus at {a.shared / 'corpus'}: accuracy needs the shared folder beside the project",
              file=sys.stderr)
        return 2
    start = time.perf_counter()
    scored = measure(a.shared, a.workers, a.show)
    if a.show:
        if not scored:
            print(f"no document {a.show!r} with gold", file=sys.stderr)
            return 2
        for s in scored:
            print(f"== {s.case.set}/{s.case.id}" + (f"  [{s.error}]" if s.error else ""))
            print("   " + "  ".join(f"{k} {v:.3f}" for k, v in s.headline().items()))
            print("\n".join(f"   {m}" for m in s.misses) or "   no misses")
        return 0
    table = summarise(scored)
    if a.save:
        FLOOR.write_text(dump_floor(floor_of(table)), encoding="utf-8")
    if a.json:
        docs = {f"{s.case.set}/{s.case.id}": {"headline": s.headline(), "misses": s.misses, "error": s.error}
                for s in scored}
        print(json.dumps({"sets": table, "documents": docs}, ensure_ascii=False, indent=1))
    else:
        print(render(table, scored, time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
