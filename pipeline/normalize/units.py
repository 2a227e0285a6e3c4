"""Unit names to canonical full official names: 市工信局 → 天水市工业和信息化局.

A raw unit is read as [place][body]: the place is a division named in it
(天水市, 天水, 鞍山市立山区) or a bare level (市, 省, 区) that the issuer's own
place fills in; the body is looked up among the gazetteer's aliases, former
names, and, failing that, by fuzzy match.  A few vertical bodies carry the
place inside the name (人行天水市中心支行), read by templates.  Collective terms
(各有关单位) are kept as written.  Reforms are dated (successors.csv): the
canonical name is the one valid at the notice's date and ``successor`` names
today's body.  A name that fits several bodies or places, or matches none
well, stays unresolved with up to three suggestions.  All names come from
``pipeline/data`` or the user's unit file (``load_units``), which the caller passes
as ``units`` (from its Options); see ``pipeline/zh/gazetteer.py``.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import patterns as P
from ..zh.script import simplified
from ..options import NO_UNITS, Override, Units
from ..zh.gazetteer import KINDS, Alias, Division, Transition, divisions, gazetteer, load_units

__all__ = ["AS_WRITTEN", "KINDS", "Resolution", "resolve_unit", "load_units", "issuer_place"]

AS_WRITTEN = "as-written"  # no date given: each name is read in the era it was written in


@dataclass(frozen=True)
class Resolution:
    """A unit's canonical full name (simplified script), kind, level and how sure we are."""

    canonical: str | None
    kind: str | None
    level: str | None  # national | province | city | county | township
    confidence: str  # high | medium | low | none
    note: str | None = None  # e.g. "renamed 2019-01: 环保局 → 天水市生态环境局"
    successor_of: str | None = None  # the former name as written, when resolved to its successor
    successor: str | None = None  # today's body, where it has changed since the notice's date
    method: str = "none"  # exact (the written name is the canonical) | alias | fuzzy | none
    score: int = 0  # 0-100: how closely the written name matched the one it was resolved by
    suggestions: tuple[str, ...] = ()  # up to three candidates when unresolved


UNRESOLVED = Resolution(None, None, None, "none")
_RANK = {"high": 3, "medium": 2, "low": 1, "none": 0}

_BARE = "省市县区旗州盟"  # a bare level before a body: 市工信局
_BARE_WORDS = ("新区",)
_FUZZY_CUTOFF = 85


def _normalise(raw: str) -> str:
    s = simplified(P.NAME_SPACE.sub("", raw or ""))
    s = s.replace("(", "（").replace(")", "）")
    s = P.ROLE_NOTE.sub("", s)
    return P.UNIT_AND_OTHERS.sub("", s).strip("，,。.、；;：:")


# ---------------------------------------------------------------- places

@dataclass(frozen=True)
class _Place:
    division: Division | None  # None: no place could be given
    explicit: bool  # written in the unit (a name or a bare 市), not assumed from the issuer
    ambiguous: bool = False  # the name fits several divisions and nothing in the notice chose one
    loose: bool = False  # named by a county's short name (兴国): trusted only before an exact body
    alternatives: tuple[Division, ...] = ()  # the divisions a written name fits equally well


@lru_cache(maxsize=4096)
def issuer_place(issuer: str | None) -> tuple[Division | None, bool]:
    """The issuer's own division (the most specific one named) and whether it was ambiguous.

    Counties count only by their full name here: a two-character short name is too
    often an ordinary word in an organ's name.
    """
    if not issuer:
        return None, False
    s = simplified(P.NAME_SPACE.sub("", issuer))
    table = divisions()
    groups: list[list[Division]] = []
    i = 0
    while i < len(s):
        for k in range(min(table.max_len, len(s) - i), 1, -1):
            found = [d for d in table.by_name.get(s[i:i + k], [])
                     if d.level != "county" or d.name == s[i:i + k]]
            if found:
                groups.append(found)
                i += k
                break
        else:
            i += 1
    if not groups:
        return _synthetic(s), False
    best, best_score, tied = None, None, False
    for group in groups:
        for d in group:
            support = sum(any(table.contains(o, d) for o in g) for g in groups)
            score = (support, ("province", "city", "county").index(d.level), d.current)
            if best_score is None or score > best_score:
                best, best_score, tied = d, score, False
            elif score == best_score and d.code != best.code:
                tied = True
    return best, tied


def _synthetic(s: str) -> Division | None:
    """A place named by an issuer but missing from the table (a new or made-up division)."""
    m = P.SYNTHETIC_PLACE.search(s)
    if not m:
        return None
    name = m.group(1)
    level = {"省": "province", "市": "city", "州": "city", "盟": "city"}.get(name[-1], "county")
    return Division("?" + name, name, level, None, True, synthetic=True)


def _bare(char: str, home: Division | None) -> Division | None:
    """What a bare 市/省/县/区 means in a notice of ``home``'s government."""
    table = divisions()
    if home is None:
        return None
    if char == "省":
        return table.ancestor(home, "province") if not home.municipality else None
    if char == "市":
        if home.municipality or home.level == "city" and home.name.endswith("市"):
            return home
        if home.level == "county":
            if home.name.endswith("市"):  # a county-level city calls itself 市
                return home
            up = table.parent(home)
            return up if up is not None and (up.level == "city" or up.municipality) else None
        return None
    if char in ("县", "区", "旗"):
        if home.level == "county" and home.name.endswith(char):
            return home
        if char == "区" and home.level == "city" and home.name.endswith("区"):  # a new area's own departments
            return home
        return None
    # 州 / 盟: the prefecture the issuer belongs to
    city = table.ancestor(home, "city")
    return city if city is not None and city.name.endswith(char) else None


def _choose(found: list[Division], home: Division | None,
            within: Division | None) -> tuple[Division, tuple[Division, ...]] | None:
    """One division for a name: inside the previous place, then near the issuer, then current."""
    table = divisions()
    if within is not None:
        found = [d for d in found if table.contains(within, d) and d.code != within.code]
        if not found:
            return None
    if len(found) == 1:
        return found[0], ()

    def near(d: Division) -> int:
        if home is None:
            return 0
        for n, lv in enumerate(("county", "city", "province")):
            anc = table.ancestor(home, lv)
            if anc is not None and table.contains(anc, d):
                return 3 - n
        return 0

    def rank(d: Division) -> tuple:
        return near(d), d.current, -("province", "city", "county").index(d.level)

    ranked = sorted(found, key=rank, reverse=True)
    top = ranked[0]
    tied = tuple(d for d in ranked if rank(d) == rank(top) and d.code != top.code)
    return top, (top,) + tied if tied else ()


def _place_options(s: str, home: Division | None, home_ambiguous: bool,
                   whole: bool = False) -> list[tuple[_Place, str]]:
    """The ways ``s`` splits into [place][body], most place first; the last assumes the issuer's place.

    ``whole``: ``s`` is only a place (taken from inside a template), so the body may be empty.
    """
    table = divisions()
    out: list[tuple[_Place, str]] = []
    keep = 0 if whole else 1

    def named(pos: int, within: Division | None, ambiguous: bool) -> None:
        for k in range(min(table.max_len, len(s) - pos - keep), 1, -1):
            found = table.by_name.get(s[pos:pos + k])
            if not found:
                continue
            chosen = _choose(found, home, within)
            if chosen is None:
                continue
            d, tied = chosen
            named(pos + k, d, ambiguous or bool(tied))
            loose = d.level == "county" and d.name != s[pos:pos + k] and s[pos:pos + k] in table.county_short
            out.append((_Place(d, True, ambiguous or bool(tied), loose, tied), s[pos + k:]))

    named(0, None, False)
    if not whole and s in table.by_name:
        chosen = _choose(table.by_name[s], home, None)
        if chosen is not None:
            out.append((_Place(chosen[0], True, bool(chosen[1]), False, chosen[1]), ""))
    for token in _BARE_WORDS:  # 新区发改局: the issuer's own new area
        if s.startswith(token) and len(s) > len(token) and home is not None and home.name.endswith(token):
            out.append((_Place(home, True, home_ambiguous), s[len(token):]))
    if s[:1] in _BARE and len(s) > keep:
        d = _bare(s[0], home)
        out.append((_Place(d, True, home_ambiguous), s[1:]))
    out.append((_Place(home, False, home_ambiguous), s))
    return out


# ---------------------------------------------------------------- names

def _fill(full: str, d: Division | None) -> str | None:
    """A department's full-name pattern with the place filled in, or None when a slot cannot be."""
    if "{" not in full:
        return full
    if d is None:
        return None
    table = divisions()
    city = d if d.level == "city" or d.municipality else table.ancestor(d, "city")
    if city is None and table.parent(d) is not None and table.parent(d).municipality:
        city = table.parent(d)  # a municipality's district: the municipality acts as its city
    province = table.ancestor(d, "province")
    values = {"place": table.display(d), "name": d.name, "short": table.short_name(d),
              "city": table.display(city) if city else None, "city_short": table.short_name(city) if city else None,
              "province": province.name if province else None,
              "province_short": table.short_name(province) if province else None}
    try:
        out = full.format_map(values)
    except (KeyError, ValueError):
        return None
    return None if "None" in out else out


def _report_level(d: Division | None) -> str | None:
    return None if d is None else d.level


def _lookup(body: str) -> tuple[Alias, str] | None:
    """The alias a body is, as written or without a leading 政府 (市政府国资委 is 市 + 国资委)."""
    aliases = gazetteer().aliases
    if body in aliases:
        return aliases[body], body
    stripped = P.GOVERNMENT_PREFIX.sub("", body)
    if stripped != body and stripped in aliases:
        return aliases[stripped], stripped
    return None


def _weaker(a: str, b: str) -> str:
    return a if _RANK[a] <= _RANK[b] else b


# ---------------------------------------------------------------- dates

def _day(date: str) -> str:
    """A date or a reform's YYYY / YYYY-MM as a comparable YYYY-MM-DD."""
    return (date + "-01-01"[len(date) - 4:]) if len(date) < 10 else date[:10]


def _today() -> str:
    return datetime.date.today().isoformat()


@dataclass(frozen=True)
class _Stage:
    pattern: str | None  # the full-name pattern of the body in this era (None: not known)
    since: Transition | None  # the rename that began the era (None: the name as written)


def _stages(start: str | None, first: Transition | None, level: str | None) -> list[_Stage]:
    """The names a body had from the one written on: its dated renames (successors.csv) in order."""
    gaz = gazetteer()
    stages = [_Stage(start, None)]
    step, seen = first, set()
    while True:
        if step is None:
            rows = [t for t in gaz.forward.get(stages[-1].pattern or "", []) if t.applies(level)]
            step = rows[0] if rows else None
        if step is None or id(step) in seen or len(stages) > 8:
            return stages
        seen.add(id(step))
        if step.to in gaz.rows:
            dep, _ = gaz.row(step.to, level or "city")
            stages.append(_Stage(dep.full if dep else None, step))
        else:
            stages.append(_Stage(step.to, step))
        step = None


def _era(stages: list[_Stage], date: str) -> int:
    """The index of the stage valid at ``date`` (AS_WRITTEN: the written one)."""
    if date == AS_WRITTEN:
        return 0
    day = _day(date)
    now = 0
    for i, st in enumerate(stages[1:], start=1):
        if _day(st.since.date) <= day:
            now = i
    return now


# ---------------------------------------------------------------- resolutions

def _resolution(alias: Alias, body: str, place: _Place, confidence: str, date: str,
                written: str = "") -> Resolution:
    """The resolution of ``body`` (an alias) at ``place``, on ``date``."""
    gaz = gazetteer()
    key = alias.key
    national = gaz.national_only(key)
    d = None if national else place.division
    level = "national" if national else (d.row_level if d is not None else None)
    dep, exact_level = gaz.row(key, "national" if national else (level or "city"))
    if dep is None:
        return UNRESOLVED
    report_level = "national" if national else _report_level(d)
    if national and place.explicit and place.division is not None:
        confidence = _weaker(confidence, "medium")  # a national body needs no place; one written after a local place is odd
    if not national and place.alternatives:
        # 朝阳区财政局 with nothing to choose the 朝阳区: one suggestion per place, no answer
        names = [_resolution(alias, body, _Place(alt, True), confidence, date).canonical
                 for alt in place.alternatives]
        return Resolution(None, dep.kind, report_level, "low", "the place fits several divisions",
                          method="alias", score=100, suggestions=_top3(names))
    former = alias.transition(level)
    stages = _stages(former.source or None, former, level) if former else _stages(dep.full, None, level)
    era = _era(stages, date)
    note = _fill(dep.note, d) if dep.note else None
    pattern = stages[era].pattern
    canonical = _fill(pattern, d) if pattern else None
    if canonical is None:
        # the kind of body is known but not whose (省发改委 in a national notice), or its former name is not
        later = [_fill(st.pattern, d) for st in stages[era + 1:] if st.pattern]
        return Resolution(None, dep.kind, report_level, "low", note, method="alias", score=100,
                          suggestions=_top3(later[-1:]))
    if not national and (not place.explicit or place.ambiguous or place.loose or not exact_level
                         or (d is not None and d.synthetic)):
        confidence = _weaker(confidence, "medium")
    confidence = _weaker(confidence, dep.confidence)
    successor_of = None
    if era > 0:  # a former name read after its reform: the body it had become by then
        for st in stages[1:era + 1]:
            confidence = _weaker(confidence, st.since.confidence)
        t = stages[era].since
        successor_of = body
        note = f"renamed {t.date}: {body} → {canonical}" + (f" ({t.note})" if t.note else "")
    successor = None
    if era < len(stages) - 1 and stages[-1].pattern:
        successor = _fill(stages[-1].pattern, d)
        t = stages[-1].since
        sure = "" if all(st.since.confidence == "high" for st in stages[era + 1:]) else " in many places"
        later = f"since {t.date}{sure}: {successor}" + (f" ({t.note})" if t.note else "")
        note = f"{note}; {later}" if note else later
        if successor == canonical:
            successor = None
    method = "exact" if written and written == canonical else "alias"
    return Resolution(canonical, dep.kind, report_level, confidence, note, successor_of, successor, method, 100)


def _top3(names) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        if n and n not in out:
            out.append(n)
    return tuple(out[:3])


def _templates(s: str, home: Division | None, home_ambiguous: bool, date: str) -> Resolution | None:
    """Names with the place inside: 人行天水市中心支行, 国网天水供电公司, 团市委."""
    for rx, alias, _ in gazetteer().templates:
        m = rx.match(s)
        if not m:
            continue
        written = m.group("place")
        for place, rest in _place_options(written, home, home_ambiguous, whole=True):
            if rest == "" and place.explicit:
                return _resolution(alias, s, place, "high", date, s)
    return None


def _fuzzy_hits(body: str, cutoff: float) -> list[tuple[Alias, str, float]]:
    """The aliases nearest ``body``, best first, one per key."""
    from rapidfuzz import fuzz, process

    gaz = gazetteer()
    out, keys = [], set()
    for choice, score, _ in process.extract(body, gaz.fuzzy_choices, scorer=fuzz.ratio, limit=8,
                                            score_cutoff=cutoff):
        alias = gaz.aliases[choice]
        if alias.key not in keys:
            keys.add(alias.key)
            out.append((alias, choice, score))
    return out


def _fuzzy(body: str) -> tuple[Alias, str, float] | None:
    """The one alias a near-miss body stands for (typo, missing 和), when no other comes close."""
    if len(body) < 4:
        return None
    hits = _fuzzy_hits(body, _FUZZY_CUTOFF)
    if not hits or len(hits) > 1 and hits[1][2] >= hits[0][2] - 3:
        return None  # none, or two bureaus equally near: no guess
    return hits[0]


def _suggest(options: list[tuple[_Place, str]], date: str) -> tuple[tuple[str, ...], int]:
    """Up to three full names near an unresolved unit, and the best one's score."""
    scored: list[tuple[float, str]] = []
    gaz = gazetteer()
    for place, body in options:
        if place.loose or len(body) < 2:
            continue
        keys = gaz.ambiguous.get(body)
        if keys:
            scored += [(100, n) for n in _ambiguous_names(keys, body, place, date)]
            continue
        for alias, matched, score in _fuzzy_hits(body, _SUGGEST_CUTOFF):
            r = _resolution(alias, matched, replace(place, alternatives=()), "low", date)
            if r.canonical:
                scored.append((score, r.canonical))
        if place.explicit:  # an office inside a known body (广东省通信管理局广州市…办公室): the body
            for k in range(len(body) - 2, 2, -1):
                hit = _lookup(body[:k])
                if hit is not None:
                    r = _resolution(hit[0], hit[1], replace(place, alternatives=()), "low", date)
                    if r.canonical:
                        scored.append((_SUGGEST_CUTOFF, r.canonical))
                    break
    scored.sort(key=lambda x: -x[0])
    names = _top3(n for _, n in scored)
    return names, int(round(scored[0][0])) if scored else 0


def _ambiguous_names(keys: tuple[str, ...], body: str, place: _Place, date: str) -> list[str]:
    return [r.canonical for key in keys
            if (r := _resolution(Alias(key), body, replace(place, alternatives=()), "low", date)).canonical]


def _literal(place: _Place, body: str) -> Resolution | None:
    """Offices the gazetteer does not list but whose name is plain after the place."""
    d = place.division
    if not place.explicit or d is None or len(body) < 2 or place.alternatives:
        return None
    prefix = divisions().display(d)
    if P.GROUP_OFFICE.search(body):
        return Resolution(prefix + body, "other", d.level, "medium", "name as written after its place",
                          method="alias", score=100)
    if body.endswith("办") and len(body) >= 3:  # 智库办: only the literal expansion 办 → 办公室
        return Resolution(prefix + body + "公室", "other", d.level, "low", "literal expansion of 办",
                          method="alias", score=_LITERAL_SCORE)
    return None


@lru_cache(maxsize=8)
def _by_name(units: Units) -> dict[str, tuple[Override, ...]]:
    """The rows of a unit file by name, in file order (cached per file: ``Units`` hashes by its digest)."""
    out: dict[str, list[Override]] = {}
    for row in units.rows:
        out.setdefault(row.name, []).append(row)
    return {name: tuple(rows) for name, rows in out.items()}


def _override(options: list[tuple[_Place, str]], s: str, units: Units) -> Resolution | None:
    """A row of the user's unit file for this name, at this place (it wins over the built-in data)."""
    rows = _by_name(units)
    if not rows:
        return None
    for place, body in options:
        for row in rows.get(body, ()):
            d = place.division
            if row.place and not _within(d, row.place):
                continue
            canonical = _fill(row.canonical, d)
            if canonical is None:
                continue
            level = d.level if d is not None and "{" in row.canonical else None
            return Resolution(canonical, row.kind, level, "high", row.note or "from the user's unit file",
                              method="exact" if canonical == s else "alias", score=100)
    return None


def _within(d: Division | None, name: str) -> bool:
    table = divisions()
    while d is not None:
        if name in (d.name, table.display(d), table.short_name(d)):
            return True
        d = table.parent(d)
    return False


_SUGGEST_CUTOFF = 60
_LITERAL_SCORE = 60


@lru_cache(maxsize=65536)
def resolve_unit(raw: str, issuer: str | None, date: str | None = AS_WRITTEN, units: Units = NO_UNITS) -> Resolution:
    """The canonical full name of a unit as written in a notice by ``issuer`` on ``date``; a row of
    the user's ``units`` for it wins over the built-in data (the cache is keyed by them too).

    ``raw`` may carry 等相关部门, spaces or traditional script; ``issuer`` (the
    notice's issuing authority, possibly joint, or None) gives the place of a bare
    市/省/县/区.  ``date`` is the notice's "YYYY-MM-DD": the canonical name is the
    one valid then and ``successor`` today's; None means today; left out, each
    name is read in the era it was written in (天水银保监分局 stays the 银保监会's).
    Unresolved units get ``canonical=None`` rather than a guess, with suggestions.
    """
    date = _today() if date is None else date
    s = _normalise(raw)
    if len(s) < 2:
        return UNRESOLVED
    gaz = gazetteer()
    home, home_ambiguous = issuer_place(issuer)
    party = P.PARTY_PREFIX.match(s)
    text = s[party.end():] if party else s
    options = _place_options(text, home, home_ambiguous)
    found = _override(options, s, units) if units else None
    if found is not None:
        return found
    if any(p.search(s) for p in gaz.collective):
        return Resolution(s, "collective", None, "high", method="exact", score=100)
    found = _templates(s, home, home_ambiguous, date)
    if found is not None:
        return found
    for place, body in options:
        keys = gaz.ambiguous.get(body)
        if keys:  # 城管局: 城市管理局 or 城市管理和综合执法局, the name does not say
            names = _ambiguous_names(keys, body, place, date)
            kinds = {gaz.rows[k][0].kind for k in keys}
            return Resolution(None, kinds.pop() if len(kinds) == 1 else None, _report_level(place.division),
                              "low", f"{body} names several bodies", method="alias", score=100,
                              suggestions=_top3(names))
        hit = _lookup(body)
        if hit is not None:
            return _resolution(hit[0], hit[1], place, "high", date, s)
    for place, body in options:
        if body == "" and place.division is not None:  # a place alone: 天水 → 天水市
            table = divisions()
            if place.alternatives:
                return Resolution(None, "other", place.division.level, "low", "a place name that fits several",
                                  method="alias", score=100,
                                  suggestions=_top3(table.display(a) for a in place.alternatives))
            d = place.division
            name = table.display(d)
            return Resolution(name, "other", d.level, "medium" if place.ambiguous else "high", "a place name",
                              method="exact" if name == s else "alias", score=100)
    if P.TOWNSHIP.match(text):
        return Resolution(text, "government_department", "township", "medium", "township: name as written",
                          method="exact", score=100)
    if P.ZONE.search(text):
        return Resolution(text, "other", None, "medium", "development zone: name as written",
                          method="exact", score=100)
    best = None
    for place, body in options:
        if place.loose:
            continue
        hit = _fuzzy(body)
        if hit is not None and (best is None or hit[2] > best[2][2]):
            best = (place, body, hit)
    if best is not None:
        place, body, (alias, matched, score) = best
        r = _resolution(alias, matched, place, "medium", date)
        if r.canonical is not None:
            note = f"fuzzy match ({score:.0f}): {body} ≈ {matched}" + (f"; {r.note}" if r.note else "")
            return replace(r, confidence=_weaker(r.confidence, "medium"), note=note, method="fuzzy",
                           score=int(round(score)))
    for place, body in options:
        r = None if place.loose else _literal(place, body)
        if r is not None:
            return r
    suggestions, score = _suggest(options, date)
    if suggestions:
        return Resolution(None, None, None, "none", "no sure match", method="none", score=score,
                          suggestions=suggestions)
    return UNRESOLVED

