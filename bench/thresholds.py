"""The comparison's thresholds (pipeline/compare.py) measured on real plans, not on the example alone.

    python bench/thresholds.py                 score bands and the pairs near each threshold
    python bench/thresholds.py --near 10       show pairs within 10 points of a threshold (default 5)

Every pair of development notices (``../shared/corpus/dev/raw``) is compared as ``compare`` would:
each measure of one against each of the other, each target indicator, each bureau function.  No
two of them are a province's plan and the city plan implementing it, but many are plans of one
genre by different issuers (节能减排 plans, 工作规则, 政府工作报告 task lists), whose counterparts
(指导思想 / 总体要求, 主要目标, a closing 保障 measure) are reworded much as a city rewords its
province.  The bands show where counterparts and strangers fall; the pairs near a threshold are
for reading by eye.  It also checks whether the one-to-one pairing taken best-first differs from
an optimal assignment (scipy's ``linear_sum_assignment``, when installed) on any pair of notices.
"""
from __future__ import annotations

import argparse
import collections
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import compare as C  # noqa: E402
from pipeline.errors import PipelineError  # noqa: E402
from pipeline.run import parse_file  # noqa: E402


def notices(folder: Path) -> dict:
    out = {}
    for path in sorted(folder.iterdir()):
        try:
            out[path.stem] = parse_file(path)
        except PipelineError as e:
            print(f"skipped {path.name}: {e}", file=sys.stderr)
    return out


def measure_pairs(docs: dict):
    """(score, a, b, a title, b title) of every measure pair scoring 20 or more; and the pairs of
    notices on which best-first and optimal pairing differ (None when scipy is not installed)."""
    try:
        import numpy as np
        from scipy.optimize import linear_sum_assignment
    except ImportError:
        linear_sum_assignment = None
    rows, differ = [], []
    for x, y in itertools.combinations(sorted(docs), 2):
        a, b = docs[x], docs[y]
        ma, mb = C.measures(a), C.measures(b)
        if not ma or not mb:
            continue
        same = C.equivalence(a, b)
        scores = C.content_scores([C._tokens(C.normalised(C.measure_text(a, h), same)) for h in ma],
                                  [C._tokens(C.normalised(C.measure_text(b, h), same)) for h in mb])
        rows += [(scores[i][j], x, y, ma[i].title, mb[j].title)
                 for i in range(len(ma)) for j in range(len(mb)) if scores[i][j] >= 20]
        if linear_sum_assignment is not None:
            greedy = {(i, j) for i, j, _ in C.align(scores, C.MEASURE_THRESHOLD)}
            m = np.array(scores)
            kept = np.where(m >= C.MEASURE_THRESHOLD, m, 0)
            best = {(int(i), int(j)) for i, j in zip(*linear_sum_assignment(kept, maximize=True)) if kept[i, j] > 0}
            if greedy != best:
                differ.append((x, y))
    return rows, (differ if linear_sum_assignment is not None else None)


def indicator_pairs(docs: dict):
    seen, rows = set(), []
    for x, y in itertools.combinations(sorted(docs), 2):
        a, b = docs[x], docs[y]
        same = C.equivalence(a, b)
        scores = C.indicator_scores(a.targets, b.targets, same)
        for i, ta in enumerate(a.targets):
            for j, tb in enumerate(b.targets):
                ia, ib = C.normalised(ta.indicator, same), C.normalised(tb.indicator, same)
                if ia != ib and (ia, ib) not in seen:
                    seen.add((ia, ib))
                    rows.append((scores[i][j], x, y, ta.indicator, tb.indicator))
    return rows


def bureau_pairs(docs: dict):
    from rapidfuzz import fuzz

    rows = []
    for x, y in itertools.combinations(sorted(docs), 2):
        a, b = docs[x], docs[y]
        na, nb = list(C.loads(a)), list(C.loads(b))
        ka = dict(zip(C.functions(na, a.metadata.issuer)[1], na))
        kb = dict(zip(C.functions(nb, b.metadata.issuer)[1], nb))
        rows += [(fuzz.ratio(p, q), x, y, ka[p], kb[q]) for p in ka for q in kb if p != q]
    return rows


def report(name: str, rows, threshold: float, near: float) -> None:
    bands = collections.Counter(int(r[0] // 10 * 10) for r in rows if r[0] >= 20)
    print(f"\n## {name}: threshold {threshold}")
    print("| score | pairs |\n| --- | --- |")
    for band in sorted(bands):
        print(f"| {band}-{band + 9} | {bands[band]} |")
    print(f"\npairs within {near} of the threshold (score, notices, A, B):")
    for r in sorted(r for r in rows if abs(r[0] - threshold) <= near):
        print(f"  {r[0]:5.1f} {r[1]}-{r[2]}  {r[3][:30]} | {r[4][:30]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--near", type=float, default=5)
    args = ap.parse_args()
    folder = args.shared / "corpus" / "dev" / "raw"
    if not folder.is_dir():
        print(f"no development notices at {folder}", file=sys.stderr)
        return 2
    docs = notices(folder)
    print(f"{len(docs)} notices, {len(docs) * (len(docs) - 1) // 2} pairs")
    rows, differ = measure_pairs(docs)
    report("measures", rows, C.MEASURE_THRESHOLD, args.near)
    if differ is None:
        print("\nbest-first against optimal pairing: scipy is not installed, not checked")
    else:
        print(f"\nbest-first against optimal pairing: {len(differ)} pairs of notices differ {differ[:10]}")
    report("target indicators", indicator_pairs(docs), C.TARGET_THRESHOLD, args.near)
    report("bureau functions", bureau_pairs(docs), C.BUREAU_THRESHOLD, args.near)
    return 0


if __name__ == "__main__":
    sys.exit(main())
