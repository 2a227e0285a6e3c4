"""Reference data for unit names: divisions, departments, aliases, successors.

Everything here is read once from ``pipeline/data/*.csv`` (see the README there
for columns and sources) and cached; no names live in code.  A user's own unit
file is loaded by :func:`load_units` into a ``Units`` record that travels in the
run's Options: it is never cached here.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .. import patterns as P
from ..options import Override, Units

LEVELS = ("national", "province", "municipality", "city", "county")
KINDS = ("government_department", "vertical_agency", "court_procuratorate", "state_owned_enterprise",
         "mass_organisation", "public_institution", "party", "collective", "other")


def _rows(name: str) -> list[dict]:
    with resources.files("pipeline").joinpath("data", name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- divisions

@dataclass(frozen=True)
class Division:
    """One administrative division (province, prefecture-level city or county-level unit)."""

    code: str
    name: str
    level: str  # province | city | county
    parent: str | None
    current: bool
    municipality: bool = False  # 北京 上海 天津 重庆: a province whose departments are named like a city's
    synthetic: bool = False  # read from an issuer's name, not found in the table

    @property
    def row_level(self) -> str:
        """The level whose department rows apply (a municipality has its own)."""
        return "municipality" if self.municipality else self.level


@dataclass
class Divisions:
    by_code: dict[str, Division]
    by_name: dict[str, list[Division]] = field(default_factory=dict)  # full and short names
    short: dict[str, str] = field(default_factory=dict)  # code -> short name
    county_short: set[str] = field(default_factory=set)  # 秦安, 兴国: too word-like to trust alone
    max_len: int = 0

    def parent(self, d: Division | None) -> Division | None:
        return self.by_code.get(d.parent) if d is not None and d.parent else None

    def ancestor(self, d: Division | None, level: str) -> Division | None:
        while d is not None and d.level != level:
            d = self.parent(d)
        return d

    def contains(self, outer: Division, inner: Division) -> bool:
        d: Division | None = inner
        while d is not None:
            if d.code == outer.code:
                return True
            d = self.parent(d)
        return False

    def display(self, d: Division) -> str:
        """The place as it opens an official name: a municipal district carries its city (鞍山市立山区)."""
        if d.level == "county" and d.name.endswith("区") and not d.synthetic:
            up = self.parent(d)
            if up is not None and (up.level == "city" or up.municipality):
                return up.name + d.name
        return d.name

    def short_name(self, d: Division) -> str:
        return self.short.get(d.code) or short_name(d.name, d.level)


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    names = [r["name"] for r in _rows("nations.csv")]
    # an autonomous area's name may drop 族 (新疆维吾尔自治区); longest first so 哈尼族 wins over 尼
    forms = {n for n in names} | {n[:-1] for n in names if n.endswith("族") and len(n) > 2}
    return tuple(sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=1)
def _autonomy_suffix() -> re.Pattern:
    nations = "|".join(map(re.escape, _nations()))
    return re.compile(rf"(?:(?:{nations})族?)+自治(?:区|州|县|旗)$")


_PLAIN_SUFFIX = {
    "province": ("特别行政区", "自治区", "省", "市"),
    "city": ("自治州", "地区", "新区", "市", "盟", "州"),
    "county": ("自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗"),
}


def short_name(name: str, level: str) -> str:
    """The name without its administrative suffix (天水市 → 天水, 甘南藏族自治州 → 甘南), or itself.

    A short name keeps at least two characters: 和县 and 城区 stay whole.
    """
    m = _autonomy_suffix().search(name)
    if m and m.start() >= 2:
        return name[: m.start()]
    for suffix in _PLAIN_SUFFIX.get(level, ()):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """The divisions table, with every full and short name indexed."""
    by_code: dict[str, Division] = {}
    rows = _rows("divisions.csv")
    for r in rows:
        current = r["status"] == "current"
        code = r["adcode"]
        if code in by_code and not current:
            code = code + "-" + r["name"]  # a former name of a code that lives on under a new one
        by_code[code] = Division(code, r["name"], r["level"], r["parent"] or None, current)
    # a municipality has no city row of its own: its districts hang on the province
    munis = {d.code for d in by_code.values() if d.level == "county" and d.parent in by_code
             and by_code[d.parent].level == "province" and d.name.endswith("区")}
    for code in munis:
        d = by_code[code]
        province = by_code[d.parent]
        if province.name.endswith("市"):
            by_code[province.code] = Division(province.code, province.name, "province", None, True, True)
    table = Divisions(by_code)
    for d in by_code.values():
        short = short_name(d.name, d.level)
        table.short[d.code] = short
        names = {d.name, short}
        if short != d.name and d.name.endswith(("自治州", "自治县", "自治旗")):
            names.add(short + d.name[-1])  # 甘南州, 张家川县: the usual short form keeps the last character
        for n in names:
            table.by_name.setdefault(n, []).append(d)
        if d.level == "county" and short != d.name:
            table.county_short.add(short)
    table.max_len = max(map(len, table.by_name))
    return table


# ---------------------------------------------------------------- departments

@dataclass(frozen=True)
class Department:
    key: str
    levels: tuple[str, ...]
    kind: str
    full: str  # pattern: {place} {name} {short} {city} {city_short} {province} {province_short}
    note: str | None
    confidence: str = "high"  # medium where the pattern is right only in most places


@dataclass(frozen=True)
class Transition:
    """One dated rename or merge (a successors.csv row): the body named ``source`` became ``to``."""

    old: str  # the former body as written (an alias), or "" for a rename of a body still listed
    source: str  # the former full-name pattern ("from"); "" when unknown
    to: str  # a departments.csv key, or the full-name pattern of another former body (a chain)
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD: from when the new name applies
    levels: tuple[str, ...]  # where the row applies; empty: everywhere
    confidence: str
    note: str | None

    def applies(self, level: str | None) -> bool:
        return not self.levels or level is None or level in self.levels


@dataclass(frozen=True)
class Alias:
    key: str
    former: tuple[Transition, ...] = ()  # the successors.csv rows when the alias is a former name

    def transition(self, level: str | None) -> Transition | None:
        """The row for a place's level (a former name may differ by level: 环保局, 环保厅)."""
        for t in self.former:
            if t.applies(level):
                return t
        return self.former[0] if self.former else None


@dataclass
class Gazetteer:
    rows: dict[str, list[Department]]  # key -> rows
    aliases: dict[str, Alias]  # body after the place -> key
    templates: list[tuple[re.Pattern, Alias, str]]  # names with the place inside (人行{place}中心支行)
    fuzzy_choices: list[str]
    collective: list[re.Pattern]
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a body naming several keys
    forward: dict[str, list[Transition]] = field(default_factory=dict)  # former full pattern -> its renames

    def row(self, key: str, level: str) -> tuple[Department | None, bool]:
        """The department row of ``key`` for a place's level, and whether it is the exact level."""
        rows = self.rows.get(key, [])
        for r in rows:
            if level in r.levels:
                return r, True
        fallback = {"municipality": ("city", "province"), "county": ("city",), "city": ("county", "municipality"),
                    "province": ("municipality", "city")}.get(level, ())
        for lv in fallback:
            for r in rows:
                if lv in r.levels:
                    return r, False
        return (rows[0], False) if rows else (None, False)

    def national_only(self, key: str) -> bool:
        return all(r.levels == ("national",) for r in self.rows.get(key, []))


def _variants(alias: str) -> set[str]:
    """The written forms of one alias: officials often drop the 和 of a full name (林业草原局)."""
    out = {alias}
    if "和" in alias and not alias.startswith("和"):
        out.add(alias.replace("和", ""))
    return out


def _template(pattern: str) -> re.Pattern | None:
    """A name with the place inside it as a regex: one named group ``place``; other slots match loosely."""
    parts, seen_place, pos = [], False, 0
    for m in P.TEMPLATE_SLOT.finditer(pattern):
        parts.append(re.escape(pattern[pos:m.start()]))
        if m.group(1) in ("place", "name", "short", "city", "city_short") and not seen_place:
            parts.append(r"(?P<place>[\u4e00-\u9fff]{1,12}?)")
            seen_place = True
        else:
            parts.append(r"[\u4e00-\u9fff]{2,12}?")
        pos = m.end()
    parts.append(re.escape(pattern[pos:]))
    return re.compile("^" + "".join(parts) + "$") if seen_place else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Departments, aliases and successor names, indexed for lookup."""
    rows: dict[str, list[Department]] = {}
    for r in _rows("departments.csv"):
        rows.setdefault(r["key"], []).append(
            Department(r["key"], tuple(r["level"].split("|")), r["kind"], r["full"], r["note"] or None,
                       r.get("confidence") or "high"))
    aliases: dict[str, Alias] = {}
    templates: list[tuple[re.Pattern, Alias, str]] = []

    def add(text: str, alias: Alias) -> None:
        for form in _variants(text):
            if "{" in form:
                if form.startswith("{place}") and form.count("{") == 1:
                    aliases.setdefault(form[len("{place}"):], alias)
                elif (rx := _template(form)) is not None:
                    templates.append((rx, alias, form))
            else:
                aliases.setdefault(form, alias)

    written: dict[str, list[str]] = {}
    for r in _rows("aliases.csv"):
        written.setdefault(r["alias"], []).append(r["key"])
    # an alias listed for several keys is ambiguous (文广旅局): never resolved, only suggested
    ambiguous = {a: tuple(keys) for a, keys in written.items() if len(set(keys)) > 1}
    for alias, keys in written.items():
        if alias not in ambiguous:
            add(alias, Alias(keys[0]))
    for key, deps in rows.items():  # every full name is its own alias
        for d in deps:
            add(d.full, Alias(key))
    transitions = [Transition(r["old"], r["from"], r["to"], r["date"], tuple(filter(None, r["levels"].split("|"))),
                              r["confidence"], r["note"] or None) for r in _rows("successors.csv")]
    forward: dict[str, list[Transition]] = {}
    for t in transitions:
        if t.source:
            forward.setdefault(t.source, []).append(t)
    by_old: dict[str, list[Transition]] = {}
    for t in transitions:
        if t.old:
            by_old.setdefault(t.old, []).append(t)
    for old, ts in by_old.items():
        add(old, Alias(_final_key(ts[0].to, forward, rows), tuple(ts)))
    for form in ambiguous:
        aliases.pop(form, None)
    # longer templates first: 中国人民银行{place}中心支行 before 人民银行{place}支行
    templates.sort(key=lambda t: -len(t[2]))
    collective = [re.compile(r["pattern"]) for r in _rows("collectives.csv")]
    # the most generic bodies (人民政府, 委) are never the target of a near miss
    fuzzy = sorted(a for a, al in aliases.items() if al.key not in _NO_FUZZY and len(a) >= 3)
    return Gazetteer(rows, aliases, templates, fuzzy, collective, ambiguous, forward)


_NO_FUZZY = {"government", "party_committee"}


def _final_key(to: str, forward: dict[str, list[Transition]], rows: dict) -> str:
    """The departments.csv key a chain of renames ends at (卫生局 → 卫计委 → health)."""
    seen = set()
    while to not in rows and to in forward and to not in seen:
        seen.add(to)
        to = forward[to][0].to
    if to not in rows:
        raise ValueError(f"successors.csv: {to!r} is neither a departments.csv key nor a former name's pattern")
    return to


def jieba_words() -> list[str]:
    """Bureau names for jieba's user dictionary, so segmentation keeps them whole.

    The place-free bodies (工业和信息化局, 市场监管局), the same after a bare level
    (市工信局, 县教育局) and national names; a user's unit names join them in
    ``pipeline.resources`` (per unit file).
    """
    gaz = gazetteer()
    bodies = {a for a in gaz.aliases if len(a) >= 3 and "{" not in a} | {a for a in gaz.ambiguous if len(a) >= 3}
    words = set(bodies)
    for body in bodies:
        key = gaz.aliases[body].key if body in gaz.aliases else None
        if key is None or not gaz.national_only(key):
            words.update(level + body for level in "省市县区")
    return sorted(words)


# ---------------------------------------------------------------- user overrides

OVERRIDE_COLUMNS = ("name", "canonical", "kind", "place", "note")


def load_units(path: str | os.PathLike) -> Units:
    """A user's unit file (see pipeline/data/README.md), read once into the record the Options
    carry; raises ValueError naming the line of a bad row."""
    from .script import simplified

    out: list[Override] = []
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"name", "canonical"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}; "
                             f"expected {', '.join(OVERRIDE_COLUMNS)}")
        for line, r in enumerate(reader, start=2):
            name = simplified(P.WHITESPACE.sub("", r.get("name") or ""))
            canonical = (r.get("canonical") or "").strip()
            kind = (r.get("kind") or "").strip() or "other"
            if not name or not canonical:
                raise ValueError(f"{path}:{line}: name and canonical are required")
            if kind not in KINDS:
                raise ValueError(f"{path}:{line}: kind {kind!r} is not one of {', '.join(KINDS)}")
            out.append(
                Override(name, canonical, kind, (r.get("place") or "").strip(), (r.get("note") or "").strip() or None))
    return Units(tuple(out), os.fspath(path))
