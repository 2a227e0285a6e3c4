"""Scoring contract JSON against gold: the matching rules of the shared reference scorer.

The reference (``../shared/tools/score.py``) is the judge of record; this module
applies the same rules (text folding, greedy pairing, what counts as a hit) so
that ``bench/accuracy.py`` gives the same figures, but keeps the raw counts of
every family so that a set of documents can be pooled, not only averaged.

``score_document(gold, pred)`` returns a :class:`Result`: one :class:`Figure`
per family and attribute, and the misses, each a line a reader can act on.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

try:  # traditional pages are compared folded to simplified script, as the reference does
    import opencc

    _t2s = opencc.OpenCC("t2s").convert
except Exception:  # without opencc, traditional pages only score stricter
    def _t2s(s: str) -> str:
        return s

# trailing punctuation that never makes two strings differ
_TRAILING = "。；;，,.:：、 "
_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "［": "[", "］": "]", "【": "[", "】": "]",
                           "„": "[", "‟": "]", "《": None, "》": None})
_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9)))
# a trailing 等相关部门 ("and others") is no part of a unit's name
_AND_OTHERS = re.compile(r"等(相关|有关|其他)?(部门|单位)$")
META_FIELDS = ("issuer", "doc_number", "title", "signature", "date", "addressees", "attachments", "note")


def fold(s) -> str:
    """A string as compared: NFKC, simplified script, one bracket style, no white space or trailing punctuation."""
    if s is None:
        return ""
    s = _t2s(unicodedata.normalize("NFKC", str(s))).translate(_BRACKETS)
    return re.sub(r"\s+", "", s).strip(_TRAILING)


def similarity(a, b) -> float:
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def numeral(s):
    """A heading number as a value: '二十七' and '27' are both 27; anything else stays folded text."""
    s = fold(s).strip("()（）.、")
    if s.isdigit():
        return int(s)
    if s and all(c in _DIGITS or c in "十百" for c in s):
        total = digit = 0
        for c in s:
            if c in "十百":
                total += (digit or 1) * (10 if c == "十" else 100)
                digit = 0
            else:
                digit = _DIGITS[c]
        return total + digit
    return s


def pair_greedily(gold: list, pred: list, accepts) -> list[tuple]:
    """Each gold item with the first unused output item ``accepts(gold, pred)`` allows."""
    used, pairs = set(), []
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and accepts(g, p):
                used.add(j)
                pairs.append((g, p))
                break
    return pairs


@dataclass
class Figure:
    """Counts behind one family's recall and precision, or behind an accuracy (``right`` of ``of``)."""

    hit: int = 0      # gold items found (recall's numerator)
    gold: int = 0
    right: int = 0    # output items that are right (precision's numerator)
    pred: int = 0
    accuracy: bool = False  # an accuracy: right of ``gold`` checks, recall and precision mean nothing

    def __add__(self, other: "Figure") -> "Figure":
        return Figure(self.hit + other.hit, self.gold + other.gold, self.right + other.right,
                      self.pred + other.pred, self.accuracy)

    @property
    def recall(self) -> float | None:
        if self.accuracy:
            return None
        return self.hit / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float | None:
        if self.accuracy:
            return None
        if self.pred:
            return self.right / self.pred
        return 1.0 if not self.gold else 0.0

    @property
    def f1(self) -> float | None:
        """F1, or the accuracy; None when nothing was checked."""
        if self.accuracy:
            return self.right / self.gold if self.gold else None
        r, p = self.recall, self.precision
        return 2 * p * r / (p + r) if p + r else 0.0


def _acc(right: int, of: int) -> Figure:
    return Figure(right=right, gold=of, accuracy=True)


@dataclass
class Result:
    figures: dict[str, Figure] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def _metadata(gold: dict, pred: dict, out: Result) -> None:
    got_all = pred.get("metadata") or {}
    right = checked = 0
    for key in META_FIELDS:
        if key not in gold:
            continue
        want, got = gold[key], got_all.get(key)
        if key == "addressees":  # a 、 list may be one addressee or several: compare the pieces
            def pieces(xs):
                return sorted(p for x in xs or [] for p in re.split(r"[、,，;；]", fold(x)) if p)
            ok = pieces(want) == pieces(got)
        elif isinstance(want, list):
            ok = sorted(map(fold, want)) == sorted(map(fold, got or []))
        else:
            ok = fold(want) == fold(got)
        ok = ok or (want in (None, []) and got in (None, [], ""))
        out.figures[f"metadata.{key}"] = _acc(int(ok), 1)
        right, checked = right + ok, checked + 1
        if not ok:
            out.misses.append(f"metadata.{key}: want {want!r} got {got!r}")
    out.figures["metadata"] = _acc(right, checked)


def _outline(gold: list, pred: list, out: Result) -> list[tuple]:
    if gold and all(g.get("part") == "body" for g in gold):  # a body-only gold: annex headings not counted
        pred = [p for p in pred if p.get("part", "body") != "annex"]

    def accepts(g, p):
        return (p.get("level") == g.get("level") and numeral(p.get("number")) == numeral(g.get("number"))
                and similarity(p.get("title"), g.get("title")) >= 0.85)
    pairs = pair_greedily(gold, pred, accepts)
    found = {id(g) for g, _ in pairs}
    out.misses += [f"outline: missing level {g.get('level')} {g.get('number')} {g.get('title')}"
                   for g in gold if id(g) not in found]
    out.figures["outline"] = Figure(len(pairs), len(gold), len(pairs), len(pred))
    return pairs


def _same_value(a, b) -> bool:
    try:
        return b is not None and abs(float(a) - float(b)) <= 1e-9
    except (TypeError, ValueError):
        return False


def _contains(a, b) -> bool:
    a, b = fold(a), fold(b)
    return bool(a and b) and (a in b or b in a)


def _extras(family: str, pred: list, pairs: list) -> list[str]:
    """What the pipeline reported that no gold item took: precision's misses."""
    taken = {id(p) for _, p in pairs}
    return [f"{family}: extra {p.get('text')!r} ({p.get('value')!r})" for p in pred if id(p) not in taken]


def _targets(gold: list, pred: list, out: Result) -> None:
    """Optional gold goals (vague aims) count when found and cost nothing when missed."""
    def accepts(g, p):
        if g.get("value") is None:
            return p.get("value") is None and (_contains(g.get("text"), p.get("text"))
                                               or similarity(g.get("text"), p.get("text")) >= 0.7)
        if not _same_value(g["value"], p.get("value")):
            return False
        return _contains(g.get("text"), p.get("text")) or similarity(g.get("indicator"), p.get("indicator")) >= 0.6
    pairs = pair_greedily(gold, pred, accepts)
    found = {id(g) for g, _ in pairs}
    required = [g for g in gold if not g.get("optional")]
    out.misses += [f"target: missing {g.get('text')!r}" for g in required if id(g) not in found]
    out.misses += _extras("target", pred, pairs)
    out.figures["targets"] = Figure(sum(id(g) in found for g in required), len(required), len(pairs), len(pred))
    for key in ("target_year", "unit", "baseline_year", "comparator", "value_max"):
        right = 0
        for g, p in pairs:
            if fold(g.get(key)) == fold(p.get(key)):
                right += 1
            else:
                out.misses.append(f"target {g.get('text')!r}: {key} want {g.get(key)!r} got {p.get(key)!r}")
        out.figures[f"targets.{key}"] = _acc(right, len(pairs))


def _instruments(gold: list, pred: list, out: Result) -> None:
    """Matched by phrase, and by value where the gold gives one; kind is an attribute.
    An empty gold list makes every output item wrong."""
    def accepts(g, p):
        if not (_contains(g.get("text"), p.get("text")) or similarity(g.get("text"), p.get("text")) >= 0.7):
            return False
        return g.get("value") is None or _same_value(g["value"], p.get("value"))
    pairs = pair_greedily(gold, pred, accepts)
    found = {id(g) for g, _ in pairs}
    out.misses += [f"instrument: missing {g.get('text')!r}" for g in gold if id(g) not in found]
    out.misses += _extras("instrument", pred, pairs)
    out.figures["instruments"] = Figure(len(pairs), len(gold), len(pairs), len(pred))
    right = 0
    for g, p in pairs:
        if fold(g.get("kind")) == fold(p.get("kind")):
            right += 1
        else:
            out.misses.append(f"instrument {g.get('text')!r}: kind want {g.get('kind')!r} got {p.get('kind')!r}")
    out.figures["instruments.kind"] = _acc(right, len(pairs))


def _not_targets(phrases: list, pred: list, out: Result) -> None:
    """Look-alikes the gold names: each reported as a target is one miss (the reference counts them apart)."""
    for phrase in phrases:
        n = fold(phrase)
        if n and any(n in fold(p.get("text")) and len(fold(p.get("text"))) <= len(n) + 12 for p in pred):
            out.misses.append(f"target: {phrase!r} must not be a target")


def unit_name(u) -> str:
    return _AND_OTHERS.sub("", fold(u.get("raw") if isinstance(u, dict) else u))


def unit_names(units) -> list[str]:
    return sorted(unit_name(u) for u in units or [])


def split_roles(units) -> tuple[list[str], list[str]]:
    """(leads, the rest); a unit plainly 'responsible' leads, as the gold reads (A、B负责)."""
    units = units or []
    lead = sorted(unit_name(u) for u in units if u.get("role") in ("lead", "responsible"))
    rest = sorted(unit_name(u) for u in units if u.get("role") not in ("lead", "responsible"))
    return lead, rest


def _table_tasks(gold: list, doc: dict, out: Result) -> dict:
    """Table rows: paired by number and similar text, else by the most similar text anywhere."""
    pred = [t for t in doc.get("tasks") or [] if t.get("source", "table") == "table"]
    used: set[int] = set()

    def match(g):
        best, best_score = None, 0.0
        for j, t in enumerate(pred):
            if j in used:
                continue
            sim = similarity(g["text"], t.get("text"))
            if t.get("no") == g["no"] and sim >= 0.6 and sim + 1 > best_score:
                best, best_score = j, sim + 1  # the same number ranks above any text alone
            elif sim >= 0.9 and sim > best_score:
                best, best_score = j, sim
        if best is not None:
            used.add(best)
            return pred[best]
        return None
    counts = dict.fromkeys(("found", "text", "units", "section", "subsection", "roles"), 0)
    with_roles = sum("lead_units" in g for g in gold)
    for g in gold:
        p = match(g)
        if p is None:
            out.misses.append(f"task {g['no']}: missing")
            continue
        counts["found"] += 1
        if similarity(g["text"], p.get("text")) >= 0.95:
            counts["text"] += 1
        else:
            out.misses.append(f"task {g['no']}: text want {g['text']!r} got {p.get('text')!r}")
        if unit_names(g.get("units_raw")) == unit_names(p.get("units")):
            counts["units"] += 1
        else:
            out.misses.append(f"task {g['no']}: units want {g.get('units_raw')} "
                              f"got {[u.get('raw') for u in p.get('units') or []]}")
        if "lead_units" in g:
            if split_roles(p.get("units")) == (unit_names(g["lead_units"]), unit_names(g.get("support_units"))):
                counts["roles"] += 1
            else:
                out.misses.append(f"task {g['no']}: roles want lead {g['lead_units']} support {g.get('support_units')}")
        counts["section"] += fold(g.get("section")) == fold(p.get("section"))
        counts["subsection"] += fold(g.get("subsection")) == fold(p.get("subsection"))
    n = len(gold)
    out.figures["table_tasks"] = Figure(counts["found"], n, counts["found"], len(pred))
    out.figures["table_tasks.text_exact"] = _acc(counts["text"], n)
    out.figures["table_tasks.units_exact"] = _acc(counts["units"], n)
    for key in ("section", "subsection"):
        if key in gold[0]:
            out.figures[f"table_tasks.{key}"] = _acc(counts[key], n)
    if with_roles:
        out.figures["table_tasks.roles_exact"] = _acc(counts["roles"], with_roles)
    return counts


def _links(links: dict, outline_pairs: list, doc: dict, out: Result) -> None:
    """Task -> body measure links, compared through the matched outline items."""
    to_pred = {g.get("id"): p.get("id") for g, p in outline_pairs}
    by_no = {t.get("no"): t for t in doc.get("tasks") or [] if t.get("source", "table") == "table"}
    right = 0
    for no, gid in links.items():
        t = by_no.get(int(no))
        if t is not None and t.get("outline_id") is not None and t.get("outline_id") == to_pred.get(gid):
            right += 1
        else:
            out.misses.append(f"task {no}: link want {gid} got {t and t.get('outline_id')}")
    out.figures["task_links"] = _acc(right, len(links))


def _canonical(units: list, doc: dict, out: Result) -> None:
    """Only units whose gold name is certain (confidence high, or unstated) count."""
    units = [u for u in units if u.get("confidence", "high") == "high"]
    seen: dict[str, str | None] = {}
    for t in doc.get("tasks") or []:
        for u in t.get("units") or []:
            seen.setdefault(unit_name(u), u.get("canonical"))
    right = 0
    for u in units:
        got = seen.get(unit_name(u))
        if fold(got) in {fold(c) for c in [u["canonical"], *u.get("also", [])]}:
            right += 1
        else:
            out.misses.append(f"unit {u['raw']!r}: canonical want {u['canonical']!r} got {got!r}")
    out.figures["unit_canonical"] = _acc(right, len(units))


def _inline(gold: list, doc: dict, has_table_gold: bool, out: Result) -> None:
    """Responsibilities attached to measures, paired by the anchor's first ten characters. Where the gold
    has no table rows, a task read as a table row counts too (a flattened table is still a table)."""
    pred = [t for t in doc.get("tasks") or [] if t.get("source") == "inline" or not has_table_gold]

    def accepts(g, p):
        anchor = fold(g.get("anchor"))[:10]
        return bool(anchor) and anchor in fold(p.get("text"))
    pairs = pair_greedily(gold, pred, accepts)
    exact = 0
    for g, p in pairs:
        if split_roles(p.get("units")) == (unit_names(g.get("lead")), unit_names(g.get("support"))):
            exact += 1
        else:
            out.misses.append(f"inline {g.get('anchor')!r}: want lead {g.get('lead')} support {g.get('support')}, "
                              f"got {[(u.get('raw'), u.get('role')) for u in p.get('units') or []]}")
    found = {id(g) for g, _ in pairs}
    out.misses += [f"inline: missing {g.get('anchor')!r}" for g in gold if id(g) not in found]
    out.figures["inline_tasks"] = Figure(len(pairs), len(gold), len(pairs), len(pred))
    out.figures["inline_tasks.units_exact"] = _acc(exact, len(gold))


def _citations(gold: list, pred: list, out: Result) -> None:
    def keys(items):
        found = set()
        for c in items or []:
            if c.get("doc_number"):
                found.add(("no", fold(c["doc_number"])))
            if c.get("title"):
                found.add(("title", fold(c["title"])))
        return found
    want, got = keys([c for c in gold if not c.get("self_reference")]), keys(pred)
    out.misses += [f"citation: missing {k[1]}" for k in sorted(want - got)]
    hit = len(want & got)
    out.figures["citations"] = Figure(hit, len(want), hit, len(got))


def score_document(gold: dict, pred: dict) -> Result:
    """Every family the gold annotates, scored; the families it leaves out are not."""
    out = Result()
    if "metadata" in gold:
        _metadata(gold["metadata"], pred, out)
    outline_pairs = _outline(gold["outline"], pred.get("outline") or [], out) if "outline" in gold else []
    if "targets" in gold:
        _targets(gold["targets"], pred.get("targets") or [], out)
    if "instruments" in gold:
        _instruments(gold["instruments"], pred.get("instruments") or [], out)
    if gold.get("not_targets"):
        _not_targets(gold["not_targets"], pred.get("targets") or [], out)
    if gold.get("tasks"):
        _table_tasks(gold["tasks"], pred, out)
    if gold.get("task_measure_links"):
        _links(gold["task_measure_links"], outline_pairs, pred, out)
    if gold.get("units"):
        _canonical(gold["units"], pred, out)
    if gold.get("responsibilities"):
        _inline(gold["responsibilities"], pred, bool(gold.get("tasks")), out)
    if gold.get("citations"):
        _citations(gold["citations"], pred.get("citations"), out)
    return out
