"""Unit names to canonical full official names: 市工信局 → 天水市工业和信息化局.

A raw unit is read as [place][body]: the place is a division named in it
(天水市, 天水, 鞍山市立山区) or a bare level (市, 省, 区) that the issuer's own
place fills in; the body is looked up among the gazetteer's aliases, former
names (with their successor), and, failing that, by fuzzy match.  A few
vertical bodies carry the place inside the name (人行天水市中心支行), read by
templates.  Collective terms (各有关单位) are kept as written.  All names come
from ``pipeline/data``; see ``gazetteer.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..extract.script import simplified
from .gazetteer import Alias, Division, divisions, gazetteer

KINDS = ("government_department", "court", "procuratorate", "vertical", "state_owned_enterprise",
         "mass_organisation", "party", "collective", "other")


@dataclass(frozen=True)
class Resolution:
    """A unit's canonical full name (simplified script), kind, level and how sure we are."""

    canonical: str | None
    kind: str | None
    level: str | None  # national | province | city | county | township
    confidence: str  # high | medium | low | none
    note: str | None = None  # e.g. "renamed 2018: 环保局 → 生态环境局"
    successor_of: str | None = None  # the former name as written, when resolved to its successor


UNRESOLVED = Resolution(None, None, None, "none")
_RANK = {"high": 3, "medium": 2, "low": 1, "none": 0}

_AND_OTHERS = re.compile(r"(?<=..)等(?:相关|有关|其他|其它|各)?(?:部门|单位|机构)?$")
_ROLE_NOTE = re.compile(r"[（(][^（）()]*(?:牵头|配合|负责|责任|主办|协办|参与)[^（）()]*[)）]$")
_SPACE = re.compile(r"[\s\u3000]+")
_BARE = "省市县区旗州盟"  # a bare level before a body: 市工信局
_BARE_WORDS = ("新区",)
_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党)")
_GOVERNMENT_PREFIX = re.compile(r"^(?:人民政府|政府)(?=.)")
_TOWNSHIP = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:镇|乡|街道办事处|街道)(?:人民政府|政府|党委)?$")
_ZONE = re.compile(r"(?:经济技术开发区|高新技术产业开发区|经济开发区|开发区|高新区|新区|工业园区|产业园区|园区|示范区|试验区|保税区)"
                   r"(?:管委会|管理委员会)?$")
_GROUP_OFFICE = re.compile(r"(?:领导小组|指挥部|联席会议|委员会)办公室$")
_FUZZY_CUTOFF = 85


def _normalise(raw: str) -> str:
    s = simplified(_SPACE.sub("", raw or ""))
    s = s.replace("(", "（").replace(")", "）")
    s = _ROLE_NOTE.sub("", s)
    return _AND_OTHERS.sub("", s).strip("，,。.、；;：:")


# ---------------------------------------------------------------- places

@dataclass(frozen=True)
class _Place:
    division: Division | None  # None: no place could be given
    explicit: bool  # written in the unit (a name or a bare 市), not assumed from the issuer
    ambiguous: bool = False  # the name fits several divisions and nothing in the notice chose one
    loose: bool = False  # named by a county's short name (兴国): trusted only before an exact body


@lru_cache(maxsize=4096)
def issuer_place(issuer: str | None) -> tuple[Division | None, bool]:
    """The issuer's own division (the most specific one named) and whether it was ambiguous.

    Counties count only by their full name here: a two-character short name is too
    often an ordinary word in an organ's name.
    """
    if not issuer:
        return None, False
    s = simplified(_SPACE.sub("", issuer))
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


_SYNTHETIC = re.compile(r"([\u4e00-\u9fff]{2,8}?[省市县区旗州盟])(?:人民政府|政府|委员会|党委|委)")


def _synthetic(s: str) -> Division | None:
    """A place named by an issuer but missing from the table (a new or made-up division)."""
    m = _SYNTHETIC.search(s)
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


def _choose(found: list[Division], home: Division | None, within: Division | None) -> tuple[Division, bool] | None:
    """One division for a name: inside the previous place, then near the issuer, then current."""
    table = divisions()
    if within is not None:
        found = [d for d in found if table.contains(within, d) and d.code != within.code]
        if not found:
            return None
    if len(found) == 1:
        return found[0], False

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
    return top, any(rank(d) == rank(top) and d.code != top.code for d in ranked[1:])


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
            named(pos + k, d, ambiguous or tied)
            loose = d.level == "county" and d.name != s[pos:pos + k] and s[pos:pos + k] in table.county_short
            out.append((_Place(d, True, ambiguous or tied, loose), s[pos + k:]))

    named(0, None, False)
    if not whole and s in table.by_name:
        chosen = _choose(table.by_name[s], home, None)
        if chosen is not None:
            out.append((_Place(chosen[0], True, chosen[1]), ""))
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
    province = table.ancestor(d, "province")
    values = {"place": table.display(d), "short": table.short_name(d),
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
    stripped = _GOVERNMENT_PREFIX.sub("", body)
    if stripped != body and stripped in aliases:
        return aliases[stripped], stripped
    return None


def _resolution(alias: Alias, body: str, place: _Place, confidence: str) -> Resolution:
    gaz = gazetteer()
    key = alias.key
    if gaz.national_only(key):
        dep, _ = gaz.row(key, "national")
        # a national body needs no place; one written after a local place is odd
        conf = _weaker(confidence, "medium") if place.explicit and place.division is not None else confidence
        return _with_successor(Resolution(dep.full, dep.kind, "national", conf, dep.note), alias, body)
    d = place.division
    level = d.row_level if d is not None else None
    dep, exact_level = gaz.row(key, level or "city")
    if dep is None:
        return UNRESOLVED
    canonical = _fill(dep.full, d)
    note = _fill(dep.note, d) if dep.note else None
    if canonical is None:
        # the kind of body is known but not whose: 省发改委 in a national notice
        return _with_successor(Resolution(None, dep.kind, _report_level(d), "low", note), alias, body)
    if not place.explicit or place.ambiguous or place.loose or not exact_level or (d is not None and d.synthetic):
        confidence = _weaker(confidence, "medium")
    return _with_successor(Resolution(canonical, dep.kind, _report_level(d), confidence, note), alias, body)


def _with_successor(r: Resolution, alias: Alias, body: str) -> Resolution:
    if alias.successor is None or r.canonical is None and r.kind is None:
        return r
    s = alias.successor
    note = f"renamed {s['year']}: {body} → {r.canonical or '?'}" + (f" ({s['note']})" if s["note"] else "")
    return Resolution(r.canonical, r.kind, r.level, _weaker(r.confidence, s["confidence"]), note, body)


def _weaker(a: str, b: str) -> str:
    return a if _RANK[a] <= _RANK[b] else b


def _templates(s: str, home: Division | None, home_ambiguous: bool) -> Resolution | None:
    """Names with the place inside: 人行天水市中心支行, 国网天水供电公司, 团市委."""
    for rx, alias, _ in gazetteer().templates:
        m = rx.match(s)
        if not m:
            continue
        written = m.group("place")
        for place, rest in _place_options(written, home, home_ambiguous, whole=True):
            if rest == "" and place.explicit:
                return _resolution(alias, s, place, "high")
    return None


def _fuzzy(body: str) -> tuple[Alias, str, float] | None:
    """The one alias a near-miss body stands for (typo, missing 和), when no other comes close."""
    if len(body) < 4:
        return None
    from rapidfuzz import fuzz, process

    gaz = gazetteer()
    hits = process.extract(body, gaz.fuzzy_choices, scorer=fuzz.ratio, limit=5, score_cutoff=_FUZZY_CUTOFF)
    if not hits:
        return None
    best = hits[0]
    key = gaz.aliases[best[0]].key
    if any(gaz.aliases[h[0]].key != key and h[1] >= best[1] - 3 for h in hits[1:]):
        return None  # two bureaus equally near: no guess
    return gaz.aliases[best[0]], best[0], best[1]


def _literal(place: _Place, body: str) -> Resolution | None:
    """Offices the gazetteer does not list but whose name is plain after the place."""
    d = place.division
    if not place.explicit or d is None or len(body) < 2:
        return None
    prefix = divisions().display(d)
    if _GROUP_OFFICE.search(body):
        return Resolution(prefix + body, "other", d.level, "medium")
    if body.endswith("办") and len(body) >= 3:  # 智库办: only the literal expansion 办 → 办公室
        return Resolution(prefix + body + "公室", "other", d.level, "low", "literal expansion of 办")
    return None


@lru_cache(maxsize=65536)
def resolve_unit(raw: str, issuer: str | None) -> Resolution:
    """The canonical full name of a unit as written in a notice by ``issuer``.

    ``raw`` may carry 等相关部门, spaces or traditional script; ``issuer`` (the
    notice's issuing authority, possibly joint, or None) gives the place of a bare
    市/省/县/区.  Unresolved units get ``canonical=None`` rather than a guess.
    """
    s = _normalise(raw)
    if len(s) < 2:
        return UNRESOLVED
    gaz = gazetteer()
    if any(p.search(s) for p in gaz.collective):
        return Resolution(s, "collective", None, "high")
    home, home_ambiguous = issuer_place(issuer)
    found = _templates(s, home, home_ambiguous)
    if found is not None:
        return found
    party = _PARTY_PREFIX.match(s)
    text = s[party.end():] if party else s
    options = _place_options(text, home, home_ambiguous)
    for place, body in options:
        hit = _lookup(body)
        if hit is not None:
            return _resolution(hit[0], hit[1], place, "high")
    for place, body in options:
        if body == "" and place.division is not None:  # a place alone: 天水 → 天水市
            d = place.division
            return Resolution(divisions().display(d), "other", d.level,
                              "medium" if place.ambiguous else "high", "a place name")
    if _TOWNSHIP.match(text):
        return Resolution(text, "government_department", "township", "medium", "township: name as written")
    if _ZONE.search(text):
        return Resolution(text, "other", None, "medium", "development zone: name as written")
    best = None
    for place, body in options:
        if place.loose:
            continue
        hit = _fuzzy(body)
        if hit is not None and (best is None or hit[2] > best[2][2]):
            best = (place, body, hit)
    if best is not None:
        place, body, (alias, matched, score) = best
        r = _resolution(alias, matched, place, "medium")
        note = f"fuzzy match ({score:.0f}): {body} ≈ {matched}" + (f"; {r.note}" if r.note else "")
        return Resolution(r.canonical, r.kind, r.level, _weaker(r.confidence, "medium"), note, r.successor_of)
    for place, body in options:
        r = None if place.loose else _literal(place, body)
        if r is not None:
            return r
    return UNRESOLVED
