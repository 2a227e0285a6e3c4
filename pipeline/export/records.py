"""A notice's records as flat rows: the one source of every tabular export (CSV, Excel,
SQLite, Parquet, DataFrames)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson

from ..graph import named_documents
from ..model import Notice
from .atomic import atomic_path
from .labels import label
from .to_json import to_json_bytes

FORMULA_START = ("=", "+", "-", "@")  # a cell starting so would run as a formula in a spreadsheet

COLUMNS = {
    "tasks": ["notice", "doc_number", "task_seq", "task_no", "source", "section", "subsection", "text",
              "unit_seq", "unit_raw", "unit_canonical", "role", "kind", "and_others", "deadline", "outline_id",
              "measure", "plan_section", "start", "end", "page"],
    "targets": ["notice", "doc_number", "target_seq", "text", "indicator", "comparator", "value", "value_max",
                "unit", "target_year", "baseline_year", "outline_id", "start", "end", "page"],
    "instruments": ["notice", "doc_number", "instrument_seq", "text", "kind", "value", "value_max", "unit",
                    "beneficiary", "condition", "outline_id", "start", "end", "page"],
    "outline": ["notice", "id", "part", "level", "number", "title", "parent", "text", "start", "end", "page"],
    "citations": ["notice", "citation_seq", "title", "doc_number", "relation", "start", "end"],
    "units": ["notice", "canonical", "aliases", "kind", "tasks"],
}
# the batch's citation graph (pipeline.graph.link_batch): one row per document a notice names
EDGE_COLUMNS = ["notice", "cited_notice", "title", "doc_number", "relation", "matched_by", "candidates"]
INT_COLUMNS = ("task_seq", "task_no", "unit_seq", "target_seq", "instrument_seq", "citation_seq", "target_year",
               "baseline_year", "level", "start", "end", "page", "candidates")

def notice_rows(notice: Notice, name: str) -> dict:
    """The notice's metadata as one row."""
    m, v = notice.metadata, notice.validity
    return {"notice": name, "path": notice.source.path, "format": notice.source.format,
            "sha256": notice.source.sha256, "issuer": m.issuer, "doc_number": m.doc_number, "title": m.title,
            "date": m.date, "signature": m.signature, "note": m.note, "addressees": "、".join(m.addressees),
            "attachments": "；".join(m.attachments), "validity_effective": v.effective,
            "validity_expires": v.expires, "validity_status": v.status, "validity_repeals": "；".join(v.repeals),
            "validity_repealed_by": v.repealed_by,
            "tasks": len(notice.tasks), "targets": len(notice.targets), "instruments": len(notice.instruments),
            "warnings": len(notice.warnings)}


def tables(notice: Notice, name: str) -> dict[str, list[dict]]:
    """The notice's records as flat rows, one list per table; ``name`` identifies the notice."""
    number = notice.metadata.doc_number
    by_id = {h.id: h for h in notice.outline}

    def top(hid):
        while hid in by_id and by_id[hid].parent in by_id:
            hid = by_id[hid].parent
        return by_id[hid].title if hid in by_id else None

    tasks = []
    for seq, t in enumerate(notice.tasks, 1):
        base = {"notice": name, "doc_number": number, "task_seq": seq, "task_no": t.no, "source": t.source,
                "section": t.section, "subsection": t.subsection, "text": t.text, "outline_id": t.outline_id,
                "measure": by_id[t.outline_id].title if t.outline_id in by_id else None,
                "plan_section": top(t.outline_id) or t.section, "deadline": t.deadline,
                "start": t.span.start, "end": t.span.end, "page": t.span.page}
        for u_seq, u in enumerate(t.units or [None], 1):
            tasks.append({**base, "unit_seq": u_seq if u else None, "unit_raw": u and u.raw,
                          "unit_canonical": u and u.canonical, "role": u and u.role, "kind": u and u.kind,
                          "and_others": u and u.and_others})
    targets = [{"notice": name, "doc_number": number, "target_seq": seq, "text": t.text, "indicator": t.indicator,
                "comparator": t.comparator, "value": t.value, "value_max": t.value_max, "unit": t.unit,
                "target_year": t.target_year, "baseline_year": t.baseline_year, "outline_id": t.outline_id,
                "start": t.span.start, "end": t.span.end, "page": t.span.page}
               for seq, t in enumerate(notice.targets, 1)]
    instruments = [{"notice": name, "doc_number": number, "instrument_seq": seq, "text": i.text, "kind": i.kind,
                    "value": i.value, "value_max": i.value_max, "unit": i.unit, "beneficiary": i.beneficiary,
                    "condition": i.condition, "outline_id": i.outline_id, "start": i.span.start, "end": i.span.end,
                    "page": i.span.page} for seq, i in enumerate(notice.instruments, 1)]
    outline = [{"notice": name, "id": h.id, "part": h.part, "level": h.level, "number": h.number,
                "title": h.title, "parent": h.parent, "text": h.text, "start": h.span.start,
                "end": h.span.end, "page": h.span.page} for h in notice.outline]
    citations = [{"notice": name, "citation_seq": seq, "title": c.title, "doc_number": c.doc_number,
                  "relation": c.relation, "start": c.span.start, "end": c.span.end} for seq, c in enumerate(notice.citations, 1)]
    units = [{"notice": name, "canonical": u.canonical, "aliases": "、".join(u.aliases), "kind": u.kind,
              "tasks": ",".join(map(str, u.tasks))} for u in notice.units]
    return {"tasks": tasks, "targets": targets, "instruments": instruments, "outline": outline,
            "citations": citations, "units": units}


@dataclass(frozen=True)
class Digest:
    """What the combined outputs of a batch need of one notice: its contract JSON on one
    line, its flat rows (``tables`` plus ``notices``) and the counts an index shows.

    A batch worker sends this back instead of the Notice: a fraction of the size
    to pickle, and the parent keeps no notice objects."""

    name: str
    line: bytes  # the contract JSON on one line, UTF-8
    rows: dict[str, list[dict]] = field(default_factory=dict)
    title: str | None = None
    doc_number: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    path: str = ""  # the input file, as the notice's source names it
    sha256: str = ""  # of the input's bytes: with the path, what a re-run compares
    links: dict = field(default_factory=dict)  # its 文号, titles and the documents it names: the batch's graph


def digest(notice: Notice, name: str, rows: bool = True) -> Digest:
    """The Digest of ``notice``; ``rows=False`` leaves out the flat rows (no table output wanted)."""
    flat = {**tables(notice, name), "notices": [notice_rows(notice, name)]} if rows else {}
    counts = {k: len(getattr(notice, k)) for k in ("outline", "targets", "instruments", "tasks", "citations",
                                                       "warnings")}
    m = notice.metadata
    links = {"doc_number": m.doc_number, "titles": [t for t in (m.title, m.plan_title) if t],
             "named": named_documents(notice), "repealed_by": notice.validity.repealed_by}
    return Digest(name, to_json_bytes(notice, indent=False), flat, m.title, m.doc_number, counts, notice.source.path,
                  notice.source.sha256, links)


def save_digest(d: Digest, path: str | Path) -> None:
    """Write ``d`` but its JSON line (document.json holds that) beside the notice's outputs: a
    re-run that finds the notice unchanged takes its rows from here instead of reading the
    notice back and flattening it again (a tenth of the time)."""
    stored = asdict(d)
    del stored["line"]
    with atomic_path(path) as tmp:
        tmp.write_bytes(orjson.dumps(stored))


def load_digest(path: str | Path, document: dict, name: str, rows: bool) -> Digest | None:
    """The Digest ``save_digest`` wrote, for the notice whose contract document is ``document``
    under ``name``; None when there is none, it is another notice's (its input's path and
    hash), another name's, or it lacks the rows a run with table outputs needs."""
    try:
        stored = orjson.loads(Path(path).read_bytes())
        source = document["source"]
        if stored["name"] != name or stored["path"] != source["path"] or stored["sha256"] != source["sha256"] \
                or (rows and not stored["rows"]) or not stored["links"]:
            return None
        return Digest(line=orjson.dumps(document), **stored)
    except (OSError, ValueError, KeyError, TypeError):  # orjson.JSONDecodeError is a ValueError
        return None


def safe(value):
    """Neutralise spreadsheet formula injection (for CSV and Excel only, never the JSON)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def frames(digests, edges: list[dict] | None = None) -> dict:
    """Combined DataFrames of every table over the notices' Digests, plus ``notices``, and ``edges``
    (the batch's citation graph) when given."""
    import pandas as pd

    rows: dict[str, list[dict]] = {k: [] for k in COLUMNS}
    notices = []
    for d in digests:
        for table in COLUMNS:
            rows[table].extend(d.rows[table])
        notices.extend(d.rows["notices"])
    tables = {**COLUMNS, "edges": EDGE_COLUMNS} if edges is not None else COLUMNS
    if edges is not None:
        rows["edges"] = edges
    out = {}
    for table, items in rows.items():
        frame = pd.DataFrame(items, columns=tables[table])
        for col in INT_COLUMNS:
            if col in frame:
                frame[col] = frame[col].astype("Int64")
        out[table] = frame
    out["notices"] = pd.DataFrame(notices)
    return out


def matrix(tasks_frame, lang: str = "zh"):
    """The responsibility matrix: bureaus × plan sections, task counts, with lead and support totals.

    Its own columns are ``bureau``, ``total``, ``lead``, ``support``, ``responsible`` (headers are the
    exporter's choice of language); tasks under no plan section are counted under ``lang``'s word for that."""
    import pandas as pd

    frame = tasks_frame.dropna(subset=["unit_raw"]).copy()
    if frame.empty:
        return pd.DataFrame(columns=["bureau"])
    frame["bureau"] = frame["unit_canonical"].fillna(frame["unit_raw"])
    frame["plan_section"] = frame["plan_section"].fillna(label("matrix", "unsorted", lang))
    counts = pd.crosstab(frame["bureau"], frame["plan_section"])
    counts = counts[list(dict.fromkeys(frame["plan_section"]))]
    counts["total"] = counts.sum(axis=1)
    for role in ("lead", "support", "responsible"):
        counts[role] = frame[frame["role"] == role].groupby("bureau").size().reindex(counts.index, fill_value=0)
    return counts.sort_values("total", ascending=False).reset_index()


MATRIX_COLUMNS = ("bureau", "total", "lead", "support", "responsible")  # the rest are plan sections
