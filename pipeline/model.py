"""The data model: every record the stages pass along, as frozen dataclasses.

Stages never mutate a record they were given; they build new ones
(``dataclasses.replace``).  ``as_dict()`` gives the plain JSON shape of
``CONTRACT.md`` (version 1) plus the keys this project adds.
"""
from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.1"  # 1.1 adds instruments and validity


class Format(str, enum.Enum):
    """Input formats, decided by sniffing the bytes (the extension only breaks ties)."""

    TXT = "txt"
    DOCX = "docx"
    PDF = "pdf"
    HTML = "html"
    DOC = "doc"
    OFD = "ofd"


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _plain(value: Any) -> Any:
    """A value as plain JSON data (records through their ``shallow()`` fields)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Record):
        return value.as_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin: ``as_dict()`` over every field, recursively, and ``from_dict()`` back."""

    def shallow(self) -> dict:
        """Field name -> value, one level deep (what a JSON encoder walks on its own): a copy of
        the record's ``__dict__``, which holds exactly its fields in their order (a third of the
        time ``dataclasses.fields`` takes: 0.41 against 1.0 ms to write the example's JSON)."""
        return dict(self.__dict__)

    def evolve(self, **changes):
        """A copy with ``changes``: ``dataclasses.replace`` without re-running ``__init__``, which
        goes through ``object.__setattr__`` per field (0.64 against 2.7 µs for a Task; a notice makes
        about 600 copies, some 8% of parsing the example's text).  No record has a ``__post_init__``
        to skip; a frozen record's fields live in its ``__dict__``, filled here only on the new copy."""
        cls = type(self)
        if not changes.keys() <= self.__dict__.keys():
            raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(changes.keys() - self.__dict__.keys()))}")
        new = object.__new__(cls)
        fields = new.__dict__  # a frozen record's fields live in its __dict__
        fields.update(self.__dict__)
        fields.update(changes)
        return new

    def as_dict(self) -> dict:
        return {name: _plain(value) for name, value in self.shallow().items()}

    @classmethod
    def from_dict(cls, data: dict):
        """The record ``as_dict()`` gave (keys it does not know are ignored)."""
        hints = _hints(cls)
        return cls(**{name: _typed(hints[name], data[name]) for name in _field_names(cls) if name in data})


@functools.lru_cache(maxsize=None)
def _hints(cls) -> dict:
    """A record class's resolved field types: ``get_type_hints`` evaluates every annotation string
    anew, and reading a notice back asked it a thousand times: 68 ms for the example, 8.5 ms cached."""
    return typing.get_type_hints(cls)


def _typed(hint, value):
    """``value`` (plain JSON) as the type ``hint`` names: records, tuples, enums, optionals."""
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next((a for a in args if a is not type(None)), hint)
        return _typed(hint, value)
    if origin is tuple:
        return tuple(_typed(args[0], v) for v in value)
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_dict(value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    return value


# --------------------------------------------------------------------------- read


@dataclass(frozen=True)
class Span(Record):
    """Character offsets into the normalised full text, plus the page for paged formats."""

    start: int
    end: int
    page: int | None = None

    def shallow(self) -> dict:
        out = {"start": self.start, "end": self.end}
        if self.page is not None:
            out["page"] = self.page
        return out


@dataclass(frozen=True)
class Cell(Record):
    text: str
    span: Span
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Row(Record):
    cells: tuple[Cell, ...]
    span: Span
    header: bool = False  # a header row as the source marks it (docx tblHeader, <th>)


@dataclass(frozen=True)
class Block(Record):
    """One paragraph or one table of the source, in reading order.

    ``hints`` carries what the format knows about the block's role: ``align``
    (``center``/``right``), ``bold_prefix`` (length of a bold run-in heading),
    ``font``, ``style``.  Plain text has none.
    """

    kind: str  # "paragraph" | "table"
    text: str
    span: Span
    rows: tuple[Row, ...] = ()
    hints: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Document(Record):
    """What a reader gives the later stages: the normalised text and its blocks."""

    path: str
    format: Format
    sha256: str
    encoding: str | None
    pages: int | None
    text: str  # normalised full text; every span points into it
    blocks: tuple[Block, ...]
    offsets: tuple[int, ...] = ()  # offsets[i] = index in the decoded source of text[i]
    warnings: tuple["Warning", ...] = ()
    page_map: tuple[tuple[int, int], ...] = ()  # (offset, page) where pages begin, for paged formats
    # what the format knows about the whole file: an OFD's ``docinfo`` (its DocInfo) and ``seals``
    # (seal images, stamp annotations and signatures, each with its page and box in mm), ``signed``
    hints: dict = field(default_factory=dict)

    def page_at(self, offset: int) -> int | None:
        """The page the character at ``offset`` stands on (None for formats without pages)."""
        if not self.page_map:
            return None
        from bisect import bisect_right

        k = bisect_right(self.page_map, (offset, float("inf"))) - 1
        return self.page_map[max(k, 0)][1]

    def source_offset(self, i: int) -> int:
        """Where character ``i`` of the normalised text stands in the decoded source."""
        if not self.offsets:
            return i
        return self.offsets[i] if i < len(self.offsets) else self.offsets[-1] + 1


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class Warning(Record):  # noqa: A001 - a record, not the builtin category
    """An uncertain decision, kept as data: what, where, and why."""

    code: str
    message: str
    span: Span | None = None


@dataclass(frozen=True)
class Metadata(Record):
    issuer: str | None = None
    doc_number: str | None = None
    title: str | None = None
    addressees: tuple[str, ...] = ()
    signature: str | None = None
    date: str | None = None
    attachments: tuple[str, ...] = ()
    note: str | None = None
    plan_title: str | None = None  # the plan a 印发 notice issues
    doc_number_parts: dict | None = None  # {"agency": 机关代字, "year": int, "serial": int}
    copy_number: str | None = None  # 份号
    classification: str | None = None  # 密级和保密期限
    urgency: str | None = None  # 紧急程度
    signer: str | None = None  # 签发人
    copy_to: tuple[str, ...] = ()  # 抄送机关
    printed_by: str | None = None  # 印发机关
    printed_date: str | None = None  # 印发日期
    panel: dict | None = None  # a web page's information panel, as the page gives it
    spans: dict = field(default_factory=dict)  # element name -> Span


@dataclass(frozen=True)
class Heading(Record):
    id: str
    part: str  # "body" | "annex"
    level: int
    number: str
    title: str
    parent: str | None
    text: str
    span: Span


@dataclass(frozen=True)
class Target(Record):
    text: str
    indicator: str
    comparator: str
    value: float | int | None
    value_max: float | int | None
    unit: str | None
    target_year: int | None
    baseline_year: int | None
    outline_id: str | None
    span: Span


@dataclass(frozen=True)
class Instrument(Record):
    """A policy parameter the notice sets for others (a subsidy, a cap, an eligibility bar): never a goal."""

    text: str
    kind: str  # subsidy | award | cap | threshold | rate | period | deadline | quota | other
    value: float | int | None
    value_max: float | int | None
    unit: str | None
    beneficiary: str | None  # who gets it or whom it binds, where the sentence says
    condition: str | None  # the qualifying condition as written
    outline_id: str | None
    span: Span


@dataclass(frozen=True)
class Evidence(Record):
    text: str
    span: Span


@dataclass(frozen=True)
class Validity(Record):
    """When the notice's rules apply (contract 1.1): unknown until its text or panel says."""

    effective: str | None = None  # YYYY-MM-DD
    expires: str | None = None
    status: str = "unknown"  # in_force | expired | repealed | amended | unknown
    repeals: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    repealed_by: str | None = None  # the notice of the same batch that repeals this one (its output name)


@dataclass(frozen=True)
class TaskUnit(Record):
    raw: str
    canonical: str | None = None
    role: str = "responsible"  # lead | support | responsible
    kind: str | None = None
    and_others: bool = False  # the cell said 等相关部门
    span: Span | None = None
    confidence: str | None = None  # how sure the canonical name is: high | medium | low | none
    note: str | None = None  # e.g. a former name resolved to its successor
    method: str | None = None  # exact | alias | fuzzy | none
    score: int | None = None  # 0-100
    successor: str | None = None  # today's body, where the name has changed since the notice
    suggestions: tuple[str, ...] = ()  # for an unresolved name: the nearest official names


@dataclass(frozen=True)
class Task(Record):
    no: int | None
    source: str  # "table" | "inline"
    section: str | None
    subsection: str | None
    text: str
    outline_id: str | None
    deadline: str | None
    units: tuple[TaskUnit, ...]
    span: Span
    annex_outline_id: str | None = None  # the annex group heading the row stands under
    cells: dict = field(default_factory=dict)  # unit columns as written: role -> cell text


@dataclass(frozen=True)
class Citation(Record):
    title: str | None
    doc_number: str | None
    span: Span
    relation: str = "cites"  # implements | repeals | cites: what the notice does with it (its clause says)


@dataclass(frozen=True)
class BatchMember(Record):
    """A notice of a batch as its citation graph sees it (``pipeline.graph``): its output name,
    文号, titles (its own and the plan it issues) and the documents it names (``named_documents``)."""

    name: str
    doc_number: str | None
    titles: tuple[str, ...]
    named: tuple[dict, ...]


@dataclass(frozen=True)
class Unit(Record):
    canonical: str
    aliases: tuple[str, ...]
    kind: str | None
    tasks: tuple[Any, ...]


@dataclass(frozen=True)
class Passage(Record):
    """A stretch of source text: a preamble paragraph, or residue no element took."""

    text: str
    span: Span
    part: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Source(Record):
    path: str
    format: str
    sha256: str
    encoding: str | None
    pages: int | None


@dataclass(frozen=True)
class Layout(Record):
    """What the structure step read of a Document: its metadata plus each block's role and part
    ("body" or "annex"), which the outline and the other extractors work from."""

    metadata: Metadata
    roles: tuple[str, ...]  # per block: element name, or "text"/"table"/"clutter"
    parts: tuple[str, ...]  # per block: body | annex
    annex_nos: tuple[int, ...] = ()  # per block: which attachment it is in (0 in the body)
    annex_titles: tuple[tuple[int, str], ...] = ()  # (block index, title)
    warnings: tuple[Warning, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Extracted(Record):
    """What the extract stage found in one Document, names as written: the normalize stage
    resolves its bureaus, links its tasks and makes the Notice of it."""

    metadata: Metadata
    outline: tuple[Heading, ...] = ()
    articles: tuple[Heading, ...] = ()
    preamble: tuple[Passage, ...] = ()
    targets: tuple[Target, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    tasks: tuple[Task, ...] = ()
    citations: tuple[Citation, ...] = ()
    validity: Validity = Validity()
    residue: tuple[Passage, ...] = ()
    warnings: tuple[Warning, ...] = ()
    first_leads: bool = False  # the notice says the first unit of each list leads (列第一位者为牵头单位)


@dataclass(frozen=True)
class Notice(Record):
    """One parsed notice: the contract document."""

    source: Source
    metadata: Metadata
    outline: tuple[Heading, ...] = ()
    targets: tuple[Target, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    tasks: tuple[Task, ...] = ()
    citations: tuple[Citation, ...] = ()
    units: tuple[Unit, ...] = ()
    residue: tuple[Passage, ...] = ()
    preamble: tuple[Passage, ...] = ()
    articles: tuple[Heading, ...] = ()  # 第X章/节/条 of a regulation, apart from the numbered outline
    warnings: tuple[Warning, ...] = ()
    validity: Validity = Validity()
    text: str = ""
    pipeline_version: str = ""  # the version that made it: a re-run redoes notices of another version
    schema_version: str = SCHEMA_VERSION

    @classmethod
    def from_dict(cls, data: dict) -> "Notice":
        """A Notice from its contract document (as written by ``as_dict``)."""
        notice = super().from_dict(data)
        spans = {k: Span.from_dict(v) for k, v in (data["metadata"].get("spans") or {}).items()}
        return dataclasses.replace(notice, metadata=dataclasses.replace(notice.metadata, spans=spans))

    def shallow(self) -> dict:
        out = {"schema_version": self.schema_version}  # first, as the contract shows it
        out.update((name, getattr(self, name)) for name in _field_names(type(self)) if name != "schema_version")
        return out


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class PlanRef(Record):
    """Which notice one side of a comparison is: its file and the head elements a reader checks."""

    path: str
    issuer: str | None
    doc_number: str | None
    title: str | None
    plan_title: str | None
    date: str | None
    place: str | None  # the issuer's division (天水市), whose name the comparison treats as any place's


@dataclass(frozen=True)
class MeasureMatch(Record):
    """One measure of plan A beside the measure of plan B it was aligned with (or beside nothing)."""

    status: str  # kept | reworded | added (only in B) | dropped (only in A)
    score: int | None  # content similarity of the pair, 0-100 (None for added/dropped)
    a_id: str | None
    a_number: str | None
    a_title: str | None
    a_text: str | None
    b_id: str | None
    b_number: str | None
    b_title: str | None
    b_text: str | None


@dataclass(frozen=True)
class TargetMatch(Record):
    """A target of plan A beside plan B's target of the same indicator."""

    status: str  # raised | lowered | same | changed | new (only in B) | dropped (only in A)
    stricter: bool | None  # B's goal is more ambitious (True) or less (False); None: same or no direction
    score: int | None  # similarity of the indicator names, 0-100
    a_indicator: str | None
    a_comparator: str | None
    a_value: float | int | None
    a_value_max: float | int | None
    a_unit: str | None
    a_target_year: int | None
    a_baseline_year: int | None
    a_text: str | None
    a_outline_id: str | None
    b_indicator: str | None
    b_comparator: str | None
    b_value: float | int | None
    b_value_max: float | int | None
    b_unit: str | None
    b_target_year: int | None
    b_baseline_year: int | None
    b_text: str | None
    b_outline_id: str | None


@dataclass(frozen=True)
class BureauLoad(Record):
    """One bureau's tasks in both plans, matched by its function (its name without the place)."""

    function: str  # the name without the issuer's place: 发展和改革委员会 (厅 / 局 where the ranks differ)
    status: str  # both | only_a | only_b
    method: str | None  # exact (the same function) | fuzzy (near names) | None (one side only)
    score: int | None  # similarity of the two functions, 0-100
    a_bureau: str | None
    a_total: int
    a_lead: int
    a_support: int
    b_bureau: str | None
    b_total: int
    b_lead: int
    b_support: int


@dataclass(frozen=True)
class Comparison(Record):
    """Plan B read against plan A: measures aligned by content, targets by indicator, bureaus by function."""

    a: PlanRef
    b: PlanRef
    measures: tuple[MeasureMatch, ...] = ()
    targets: tuple[TargetMatch, ...] = ()
    bureaus: tuple[BureauLoad, ...] = ()
