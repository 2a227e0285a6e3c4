"""Plan B read against plan A: which measures a city copied from its province, which it reworded,
added or dropped; which targets it raised or lowered; which bureaus carry the load in each.

A **measure** is a heading of the outline with text of its own: every leaf (一、总体目标 with its
paragraph, (一)推进工业绿色升级。…), and a parent whose paragraph says more than its title.  A parent
that only groups its children (二、重点任务) says nothing its children do not, and its title would
pair with any heading of the same words.  That is the unit a researcher reads a plan by, and the
one a city copies.  The body's outline is used; a notice whose plan is all in an annex, the annex's.
The headings of an annex beside a body outline (a task list grouped by the body's headings) repeat
it and are left out.

Measures are aligned **by their content**: the text in simplified script, without its assignments
(asides and labelled lines: who does it is compared in the bureau table, 省财政厅 is a city's
市财政局), without white space and punctuation, and with the two issuers' places (甘肃省, 甘肃, 天水市,
天水) and level words (省, 市: 全省 is a city's 全市) made one placeholder each; then split into words
by jieba and scored with rapidfuzz over the word sequences (``content_scores``).  The pairs are
taken one to one, best score first (greedy: a measure copied with a few words changed scores far
above any other pairing, so the order of taking decides only among near ties, which go to the pair
nearer the same position; on every pair of the development notices it gives the pairs an optimal
assignment gives, ``bench/thresholds.py``).

Targets are paired by their indicator's name (normalised as above) and bureaus by their function:
the name without the issuer's place, with a bureau's rank word that differs between levels (a
province's 厅 is a city's 局, its 办公厅 a city's 办公室) made one placeholder.  The level and rank
words are data, ``pipeline/data/levels.csv``.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import patterns as P
from .extract.inline import without_assignments
from .model import (BureauLoad, Comparison, Heading, MeasureMatch, Notice, PlanRef, Target, TargetMatch,
                    TaskUnit)
from .normalize.units import issuer_place
from .resources import segment
from .zh.gazetteer import divisions
from .zh.script import simplified

# Two measures scoring below this are not one measure reworded but two measures.  Measured on two
# sets (bench/README.md, "Comparison thresholds"): the two example plans, where unrelated measures
# peak at 32 (two 保障措施 paragraphs sharing 各县区、各有关部门和单位要…) and a measure the city
# extended to three times its length scores 73; and every pair of the 130 development notices,
# where plans of one genre by different issuers (节能减排 plans of a province and a city, two
# 工作规则) pair their counterparts at 40-80 and, above 40, almost nothing else.
MEASURE_THRESHOLD = 40
# Indicator names: one indicator written with or without 全市/主要 scores 80 or more
# (全^森林覆盖率 against 森林覆盖率: 83); two indicators sharing a tail (…综合利用率) score under 60.
# On the development notices: 地区生产总值 / 生产总值 80 are one, 城镇调查失业率 / 城镇登记失业率 71 two.
TARGET_THRESHOLD = 75
# Bureau functions are short names that differ by a word: 卫生健康委员会 / 卫生和健康委员会 (93) is one
# bureau, 财政⟨机⟩ / 民政⟨机⟩ (67) and 生态环境⟨机⟩ / 生态环境保护⟨机⟩ (83) are not safely one.
BUREAU_THRESHOLD = 85
# A measure found whole inside another counts as copied and extended up to this many times its
# length; past it the share found counts less and less: 市政府 inside a 200-word paragraph, or a
# one-line target inside a year's work plan, is a phrase that recurs, not a measure kept.
CONTAINED_LENGTHS = 4

PLACE = "\u2460"  # ① stands for any issuer's place name: not a word character, never in a notice's words
LEVEL = "\u2461"  # ② for a level word (省, 市)
ORGAN = "\u2462"  # ③ for a bureau's rank word (厅, 局)
NOT_WORD = re.compile(r"[\W_]+")  # white space and punctuation, full-width or not: 。，、（）《》“” and spaces

# every status of each table of a comparison, in the order a reader takes them
STATUSES = {"measures": ("kept", "reworded", "added", "dropped"),
            "targets": ("raised", "lowered", "same", "changed", "new", "dropped"),
            "bureaus": ("both", "only_a", "only_b")}
METHODS = ("exact", "fuzzy")  # how two bureaus were matched

# which way a goal is more ambitious, by its comparator (a contract code): +1 a higher figure
# (达到, 不低于, 提高; 下降11% → 13% cuts more), -1 a lower one (控制在, 不超过), None no direction
AMBITION = {">=": 1, "reach": 1, "increase_by": 1, "reduce_by": 1, "<=": -1, "=": None, "range": None,
            "qualitative": None}


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    """The words of ``levels.csv`` by kind (``level``, ``organ``, ``word``), longest first."""
    with resources.files("pipeline").joinpath("data", "levels.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    kinds: dict[str, list[str]] = {}
    for r in rows:
        kinds.setdefault(r["kind"], []).append(r["word"])
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in kinds.items()}


def level_words(place: str | None) -> tuple[str, ...]:
    """The level words a place's name ends with, longest first: 甘肃省 → 省, 甘南藏族自治州 → 自治州, 州."""
    if not place:
        return ()
    return tuple(w for w in _words()["level"] if place.endswith(w))


def place_names(place_of) -> tuple[str, ...]:
    """The names a division goes by — full, as it opens an official name, short — and those of the
    divisions above it (甘肃省天水市…), longest first."""
    table = divisions()
    names: set[str] = set()
    d = place_of
    while d is not None:
        names |= {d.name, table.display(d), table.short_name(d)}
        d = table.parent(d)
    return tuple(sorted((n for n in names if len(n) >= 2), key=len, reverse=True))


@dataclass(frozen=True)
class Equivalence:
    """What counts as the same word in two plans: their issuers' place names and level words."""

    places: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()


def equivalence(a: Notice, b: Notice) -> Equivalence:
    """The place names (each issuer's own, not those above it: a city plan citing 甘肃省 means the
    province) and level words of the two issuers."""
    places: set[str] = set()
    levels: set[str] = set()
    table = divisions()
    for notice in (a, b):
        d, _ = issuer_place(notice.metadata.issuer)
        if d is None:
            continue
        places |= {n for n in (d.name, table.display(d), table.short_name(d)) if len(n) >= 2}
        levels |= set(level_words(d.name))
    return Equivalence(tuple(sorted(places, key=len, reverse=True)), tuple(sorted(levels, key=len, reverse=True)))


def normalised(text: str | None, same: Equivalence) -> str:
    """``text`` as two plans are compared: no white space or punctuation, each issuer's place one
    placeholder and each issuer's level word another (甘肃省… 全省 and 天水市… 全市 read alike), in
    simplified script (a plan published in traditional script, or one page of it converted, reads as
    its simplified twin)."""
    s = NOT_WORD.sub("", simplified(text or ""))
    for name in same.places:  # longest first: 天水市 before 天水
        s = s.replace(name, PLACE)
    for word in same.levels:
        s = s.replace(word, LEVEL)
    return s


# --------------------------------------------------------------------------- measures


def measures(notice: Notice) -> tuple[Heading, ...]:
    """The headings that are measures (see the module's words): leaves, and parents with a paragraph."""
    outline = [h for h in notice.outline if h.part == "body"] or list(notice.outline)
    parents = {h.parent for h in outline if h.parent}
    return tuple(h for h in outline if h.id not in parents or NOT_WORD.sub("", h.text) != NOT_WORD.sub("", h.title))


def measure_text(notice: Notice, heading: Heading) -> str:
    """The heading's text without its assignments (its asides and labelled lines, labels and role
    words too: 牵头单位：… would make any two short measures alike) and without the names of the
    bureaus assigned inside it elsewhere: which bureau does it is the bureau table's business, and a
    city's names differ."""
    names = {u.raw for t in notice.tasks if heading.span.start <= t.span.start < heading.span.end
             for u in t.units if u.span is not None and heading.span.start <= u.span.start < heading.span.end}
    text = without_assignments(heading.text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return text


def _tokens(text: str) -> list[str]:
    return [w for w in segment(text) if w.strip()]


def content_scores(a: list[list[str]], b: list[list[str]]):
    """Every A word sequence against every B one, 0-100: the mean of the Indel similarity (2·LCS over
    both lengths) and the share of the shorter sequence found in order in the longer (LCS over the
    shorter length).  Indel alone halves a measure a city copied and extended to three times its
    length (47); the share alone would make a two-word measure part of any long one.  ``[[]]`` for
    none on either side."""
    from rapidfuzz import process
    from rapidfuzz.distance import LCSseq

    if not a or not b:
        return []
    common = process.cdist(a, b, scorer=LCSseq.similarity).tolist()
    out = []
    for i, x in enumerate(a):
        row = []
        for j, y in enumerate(b):
            lcs, shorter, longer = common[i][j], min(len(x), len(y)), max(len(x), len(y))
            if not shorter:
                row.append(0.0)
                continue
            found = min(1.0, CONTAINED_LENGTHS * shorter / longer)
            row.append(50 * (2 * lcs / (len(x) + len(y))) + 50 * found * (lcs / shorter))
        out.append(row)
    return out


def align(scores, threshold: float) -> list[tuple[int, int, float]]:
    """A one-to-one pairing of rows and columns of ``scores`` (a matrix of 0-100): best score first,
    near ties to the pair nearer the same relative position; pairs under ``threshold`` are left out."""
    rows = len(scores)
    cols = len(scores[0]) if rows else 0
    pairs = [(float(scores[i][j]), i, j) for i in range(rows) for j in range(cols) if scores[i][j] >= threshold]
    pairs.sort(key=lambda p: (-round(p[0], 6), abs(p[1] / max(rows, 1) - p[2] / max(cols, 1)), p[1], p[2]))
    used_a, used_b, out = set(), set(), []
    for score, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j, score))
    return out


def merged_order(n_a: int, n_b: int, pairs) -> list[tuple[int | None, int | None]]:
    """(a, b) index pairs in reading order: B's items in order, each of A's unpaired items just before
    the first B item paired with a later A item (where it stood), the rest of A's at the end."""
    a_of_b = {j: i for i, j, *_ in pairs}
    paired_a = set(a_of_b.values())
    out: list[tuple[int | None, int | None]] = []
    next_a = 0
    for j in range(n_b):
        i = a_of_b.get(j)
        if i is not None:
            while next_a < i:
                if next_a not in paired_a:
                    out.append((next_a, None))
                next_a += 1
            next_a = max(next_a, i + 1)
        out.append((i, j))
    out += [(i, None) for i in range(next_a, n_a) if i not in paired_a]
    return out


def compare_measures(a: Notice, b: Notice, same: Equivalence) -> tuple[MeasureMatch, ...]:
    """Each measure of A beside its counterpart in B: kept, reworded, added or dropped."""
    ma, mb = measures(a), measures(b)
    ta = [normalised(measure_text(a, h), same) for h in ma]
    tb = [normalised(measure_text(b, h), same) for h in mb]
    scores = content_scores([_tokens(t) for t in ta], [_tokens(t) for t in tb])
    pairs = align(scores, MEASURE_THRESHOLD)
    score_of = {(i, j): s for i, j, s in pairs}
    out = []
    for i, j in merged_order(len(ma), len(mb), pairs):
        ha, hb = (ma[i] if i is not None else None), (mb[j] if j is not None else None)
        if ha is not None and hb is not None:
            status = "kept" if ta[i] == tb[j] else "reworded"
            score = 100 if status == "kept" else min(99, round(score_of[i, j]))
        else:
            status, score = ("dropped" if hb is None else "added"), None
        out.append(MeasureMatch(status, score, *_heading(ha), *_heading(hb)))
    return tuple(out)


def _heading(h: Heading | None) -> tuple:
    return (h.id, h.number, h.title, h.text) if h is not None else (None, None, None, None)


# --------------------------------------------------------------------------- targets


def _figure(t: Target) -> tuple:
    return (t.value, t.value_max if t.value_max is not None else t.value)


def target_status(a: Target, b: Target, same: Equivalence) -> tuple[str, bool | None]:
    """(status, stricter) of B's target against A's of the same indicator.

    ``raised`` / ``lowered`` / ``same`` go by the figure itself (the value, then the range's top);
    ``changed`` where the figures cannot be set side by side (other units, a figure on one side
    only, a qualitative goal reworded).  ``stricter`` says whether B asks more, with the sense of
    the comparator: a higher floor (达到39% against 35%) or a deeper cut (下降13% against 11%) is
    stricter, a higher cap (控制在…以内) is not; None where the two goals do not share a sense."""
    if a.unit and b.unit and a.unit != b.unit:
        return "changed", None
    if a.value is None or b.value is None:
        if a.value is None and b.value is None and normalised(a.text, same) == normalised(b.text, same):
            return "same", None
        return "changed", None
    fa, fb = _figure(a), _figure(b)
    if fa == fb:
        return "same", None
    status = "raised" if fb > fa else "lowered"
    sense_a, sense_b = AMBITION.get(a.comparator), AMBITION.get(b.comparator)
    if sense_a is None or sense_a != sense_b:
        return status, None
    return status, (status == "raised") == (sense_a > 0)


def indicator_scores(a: tuple[Target, ...], b: tuple[Target, ...], same: Equivalence) -> list[list[float]]:
    """Every indicator name of ``a`` against every one of ``b``, 0-100 (rapidfuzz's ratio after
    ``normalised``); a gloss in brackets may be on one side only (空气质量优良天数比例(AQI达标率) /
    空气质量优良天数比率), so the names without their glosses count too."""
    from rapidfuzz import fuzz, process

    if not a or not b:
        return []
    names = [[normalised(t.indicator, same) for t in side] for side in (a, b)]
    scores = process.cdist(*names, scorer=fuzz.ratio).tolist()
    bare = [[normalised(P.INDICATOR_GLOSS.sub("", t.indicator or ""), same) for t in side] for side in (a, b)]
    if bare != names:
        scores = [[max(x, y) for x, y in zip(row, other)]
                  for row, other in zip(scores, process.cdist(*bare, scorer=fuzz.ratio).tolist())]
    return scores


def compare_targets(a: Notice, b: Notice, same: Equivalence) -> tuple[TargetMatch, ...]:
    """A's targets beside B's of the same indicator (fuzzy names), and those of one side only."""
    scores = indicator_scores(a.targets, b.targets, same)
    # the same indicator with another year (2025 and 2035 goals): a pair of one year goes first
    for i, ta in enumerate(a.targets):
        for j, tb in enumerate(b.targets):
            if scores[i][j] >= TARGET_THRESHOLD:
                scores[i][j] += 0.5 * (ta.target_year == tb.target_year) + 0.25 * (ta.unit == tb.unit)
    pairs = align(scores, TARGET_THRESHOLD)
    score_of = {(i, j): s for i, j, s in pairs}
    out = []
    for i, j in merged_order(len(a.targets), len(b.targets), pairs):
        ta = a.targets[i] if i is not None else None
        tb = b.targets[j] if j is not None else None
        if ta is not None and tb is not None:
            status, stricter = target_status(ta, tb, same)
            score = min(100, int(score_of[i, j]))
        else:
            status, stricter, score = ("dropped" if tb is None else "new"), None, None
        out.append(TargetMatch(status, stricter, score, *_target(ta), *_target(tb)))
    return tuple(out)


def _target(t: Target | None) -> tuple:
    if t is None:
        return (None,) * 9
    return (t.indicator, t.comparator, t.value, t.value_max, t.unit, t.target_year, t.baseline_year, t.text,
            t.outline_id)


# --------------------------------------------------------------------------- bureaus


def bureau_name(unit: TaskUnit) -> str:
    """A unit's official name where it was resolved, as written otherwise."""
    return unit.canonical or unit.raw


def loads(notice: Notice) -> dict[str, tuple[int, int, int]]:
    """Each bureau's (tasks, as lead, as support) in the notice; a task naming a bureau twice counts once,
    in its strongest role (lead over support over responsible)."""
    rank = {"lead": 2, "support": 1}
    counts: dict[str, list[int]] = {}
    for task in notice.tasks:
        roles: dict[str, int] = {}
        for u in task.units:
            name = bureau_name(u)
            roles[name] = max(roles.get(name, 0), rank.get(u.role, 0))
        for name, r in roles.items():
            c = counts.setdefault(name, [0, 0, 0])
            c[0] += 1
            c[1] += r == 2
            c[2] += r == 1
    return {name: (c[0], c[1], c[2]) for name, c in counts.items()}


def function(name: str, issuer: str | None) -> str:
    """A bureau's name without its issuer's place or the place it names itself (天水市财政局 →
    财政局; 甘肃省天水市… too; 甘肃省财政厅 in a city's plan → 财政厅), and a
    leading bare level word of that place where the name was left as written (市财政局 → 财政局; not
    the 市 of 市场监管局: the ``word`` rows of levels.csv open with a level word and are none).  Of a
    notice whose issuer names no place, any level word: its 市财政局 is its own city's."""
    name = simplified(name)
    d, _ = issuer_place(issuer)
    own, _ = issuer_place(name)  # the place the name itself names: 甘肃省 of 甘肃省财政厅
    if d is not None and own is not None and own.name not in place_names(d):
        own = None  # a place below the issuer's (秦州区人民政府 in 天水市's plan) is part of the name
    names = sorted({*place_names(d), *place_names(own)}, key=len, reverse=True)
    s = name
    stripped = True
    while stripped:
        stripped = False
        for n in names:
            if s.startswith(n) and len(s) > len(n):
                s, stripped = s[len(n):], True
                break
    if s == name and not s.startswith(_words().get("word", ())):  # 市场监管局 is no 市 + 场监管局
        for word in (level_words(d.name) if d is not None else _words()["level"]):
            if s.startswith(word) and len(s) > len(word) + 1:
                s = s[len(word):]
                break
    return s


def function_key(fn: str, issuer: str | None = None) -> str:
    """A function with its trailing rank word as one placeholder (财政厅 and 财政局 are one key) and
    the issuer's place inside it as another: a bureau under a national one (国家税务总局天水市税务局)
    names its place in the middle.  Of a notice whose issuer names no place, the place it names."""
    d, _ = issuer_place(issuer)
    for name in place_names(d if d is not None else issuer_place(fn)[0]):
        fn = fn.replace(name, PLACE)
    for word in _words().get("organ", ()):
        if fn.endswith(word) and len(fn) > len(word):
            return fn[: -len(word)] + ORGAN
    return fn


def functions(names, issuer: str | None) -> tuple[list[str], list[str]]:
    """The function of each bureau name (as shown) and its key (as compared), for one issuer."""
    shown = [function(n, issuer) for n in names]
    return shown, [function_key(f, issuer) for f in shown]


def compare_bureaus(a: Notice, b: Notice) -> tuple[BureauLoad, ...]:
    """Every bureau of either plan with its tasks in each, A's and B's bureau of one function side by side."""
    from rapidfuzz import fuzz

    la, lb = loads(a), loads(b)
    na, nb = list(la), list(lb)
    fa, ka = functions(na, a.metadata.issuer)
    fb, kb = functions(nb, b.metadata.issuer)
    scores = [[100.0 if x == y else fuzz.ratio(x, y) for y in kb] for x in ka]
    # among equal functions, the heavier bureaus pair first (a tie otherwise goes by position)
    for i in range(len(na)):
        for j in range(len(nb)):
            if scores[i][j] >= BUREAU_THRESHOLD:
                scores[i][j] += min(la[na[i]][0], lb[nb[j]][0]) / 1000
    pairs = align(scores, BUREAU_THRESHOLD)
    out = []
    for i, j, score in pairs:
        shown = fa[i] if fa[i] == fb[j] else f"{fa[i]} / {fb[j]}"
        method = "exact" if ka[i] == kb[j] else "fuzzy"
        out.append(BureauLoad(shown, "both", method, min(100, int(score)), na[i], *la[na[i]], nb[j], *lb[nb[j]]))
    paired_a, paired_b = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    out += [BureauLoad(fa[i], "only_a", None, None, na[i], *la[na[i]], None, 0, 0, 0)
            for i in range(len(na)) if i not in paired_a]
    out += [BureauLoad(fb[j], "only_b", None, None, None, 0, 0, 0, nb[j], *lb[nb[j]])
            for j in range(len(nb)) if j not in paired_b]
    out.sort(key=lambda r: (-(r.a_total + r.b_total), -r.b_total, r.function))
    return tuple(out)


# --------------------------------------------------------------------------- the comparison


def plan_ref(notice: Notice) -> PlanRef:
    m = notice.metadata
    d, _ = issuer_place(m.issuer)
    return PlanRef(notice.source.path, m.issuer, m.doc_number, m.title, m.plan_title, m.date,
                   d.name if d is not None else None)


def compare_notices(a: Notice, b: Notice) -> Comparison:
    """Plan ``b`` (a city's, say) read against plan ``a`` (its province's): measures, targets, bureaus."""
    same = equivalence(a, b)
    return Comparison(plan_ref(a), plan_ref(b), compare_measures(a, b, same), compare_targets(a, b, same),
                      compare_bureaus(a, b))
