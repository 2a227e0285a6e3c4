"""Benchmark: unit-name resolutions per second, cold and warm.

    python bench/units.py [--names 10000] [--no-write]

A realistic mix of 10,000 names from notices at every level: short forms after a
bare level (市工信局) under city, county and province issuers, explicit names
(甘肃省财政厅, 国家税务总局天水市税务局), former names with a date, collective
terms, near misses and unknowns.  Cold: every name resolved afresh (caches cleared,
the gazetteer already loaded, as in a batch worker); warm: the same names again
(the resolver's cache).  Appends the figures to bench/README.md under
"## Unit resolution".  Not a test: nothing here fails a build.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.zh.gazetteer import divisions, gazetteer  # noqa: E402
from pipeline.normalize.units import issuer_place, resolve_unit  # noqa: E402

SHORT = ["发改委", "工信局", "教育局", "科技局", "财政局", "人社局", "自然资源局", "生态环境局", "住建局", "交通运输局",
         "农业农村局", "商务局", "文旅局", "卫健委", "应急局", "市场监管局", "统计局", "医保局", "税务局", "气象局",
         "法院", "检察院", "妇联", "总工会", "委组织部", "委宣传部", "政府办", "国资委", "林草局", "公安局"]
PROVINCE_SHORT = ["发改委", "工信厅", "教育厅", "财政厅", "人社厅", "住建厅", "交通运输厅", "卫健委", "市场监管局", "税务局"]
FORMER = ["环保局", "工商局", "卫计委", "扶贫办", "安监局", "国土资源局", "地税局", "食药监局"]
COLLECTIVE = ["各有关单位", "各县区人民政府", "市直各部门", "各乡镇人民政府", "区直有关部门", "县（市、区）政府"]
NATIONAL = ["国家发展改革委", "工业和信息化部", "财政部", "海关总署", "中国民航局", "市场监管总局", "国家移民局"]
UNKNOWN = ["市某某办", "天水火车站", "市财务局", "生物岛管委会", "市工业和信息局", "区城管局", "xyz中心"]


def names(n: int, seed: int = 7) -> list[tuple[str, str | None, str | None]]:
    """``n`` (raw, issuer, date) triples in the proportions a batch of plans shows."""
    rng = random.Random(seed)
    table = divisions()
    cities = [d for d in table.by_code.values() if d.level == "city" and d.current and d.name.endswith("市")]
    counties = [d for d in table.by_code.values() if d.level == "county" and d.current and d.name.endswith(("县", "区"))]
    provinces = [d for d in table.by_code.values() if d.level == "province" and d.current and not d.municipality]
    out = []
    for _ in range(n):
        roll = rng.random()
        date = rng.choice([None, "2017-05-01", "2020-03-15", "2022-04-26", "2024-09-01"])
        if roll < 0.40:
            city = rng.choice(cities)
            out.append(("市" + rng.choice(SHORT), city.name + "人民政府", date))
        elif roll < 0.55:
            county = rng.choice(counties)
            out.append((county.name[-1] + rng.choice(SHORT), table.display(county) + "人民政府", date))
        elif roll < 0.62:
            province = rng.choice(provinces)
            out.append(("省" + rng.choice(PROVINCE_SHORT), province.name + "人民政府", date))
        elif roll < 0.72:
            city = rng.choice(cities)
            out.append((city.name + rng.choice(SHORT).replace("委组织部", "委"), None, date))
        elif roll < 0.78:
            city = rng.choice(cities)
            out.append(("市" + rng.choice(FORMER), city.name + "人民政府", date))
        elif roll < 0.86:
            out.append((rng.choice(COLLECTIVE), rng.choice(cities).name + "人民政府", date))
        elif roll < 0.93:
            out.append((rng.choice(NATIONAL), "国务院办公厅", date))
        else:
            out.append((rng.choice(UNKNOWN), rng.choice(cities).name + "人民政府", date))
    return out


def run(batch) -> float:
    start = time.perf_counter()
    for raw, issuer, date in batch:
        resolve_unit(raw, issuer, date)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", type=int, default=10_000)
    ap.add_argument("--no-write", action="store_true", help="print only, leave bench/README.md alone")
    args = ap.parse_args()
    start = time.perf_counter()
    gazetteer(), divisions()
    load = time.perf_counter() - start
    batch = names(args.names)
    distinct = len(set(batch))
    resolve_unit.cache_clear(), issuer_place.cache_clear()
    cold = run(batch)
    warm = run(batch)
    resolved = sum(resolve_unit(*b).canonical is not None for b in batch)
    rows = [
        ("gazetteer load (once per process)", f"{load * 1000:.0f} ms"),
        (f"{args.names:,} names ({distinct:,} distinct), cold", f"{args.names / cold:,.0f} names/s ({cold:.2f} s)"),
        ("same, warm (cache)", f"{args.names / warm:,.0f} names/s ({warm * 1000:.0f} ms)"),
        ("resolved (canonical given)", f"{resolved / args.names:.0%}"),
    ]
    for what, figure in rows:
        print(f"{what:45} {figure}")
    if not args.no_write:
        write(rows)


def write(rows) -> None:
    """Replace the "## Unit resolution" section of bench/README.md (append it the first time)."""
    readme = ROOT / "bench" / "README.md"
    text = readme.read_text(encoding="utf-8")
    section = ["## Unit resolution", "",
               "`python bench/units.py` resolves a mix of 10,000 unit names (short forms under city, county",
               "and province issuers, explicit names, former names with dates, collective terms, national",
               "bodies, near misses and unknowns) with `pipeline.normalize.units.resolve_unit`. Cold: caches",
               "cleared (gazetteer loaded); warm: the same names again. Latest run:", "",
               "| what | figure |", "| --- | --- |"] + [f"| {w} | {f} |" for w, f in rows] + [""]
    head, sep, tail = text.partition("## Unit resolution")
    if sep:  # keep whatever section follows ours
        nxt = tail.find("\n## ")
        tail = tail[nxt + 1:] if nxt >= 0 else ""
        text = head + "\n".join(section) + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(section)
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
