"""The annotation layer: a spaCy Doc over the notice's text with every element as a span
(spaCy is the optional extra ``[spacy]``; :func:`element_spans`, which the review page uses, needs none).

Targets, instruments, units, citations, headings and task texts become spans in ``doc.spans["elements"]``
(they may overlap) and, where they do not overlap, entities in ``doc.ents``,
so displaCy can render the source with each element highlighted.
"""
from __future__ import annotations

from .errors import MissingDependencyError
from .model import Notice
from .resources import blank_zh

LABELS = ("HEADING", "TARGET", "INSTRUMENT", "CITATION", "UNIT", "TASK")


def element_spans(notice: Notice) -> list[tuple[int, int, str, str]]:
    """(start, end, label, ref) of every extracted element that carries a span.

    ``ref`` names the element: ``h-<id>``, ``target-<n>``, ``instrument-<n>``, ``cite-<n>``,
    ``task-<n>`` (the task's text), ``task-<n>-u<m>`` (its m-th unit)."""
    text = notice.text
    out = []
    for h in notice.outline:
        at = text.find(h.title, h.span.start, h.span.end) if h.title else -1
        if at >= 0:
            out.append((at, at + len(h.title), "HEADING", f"h-{h.id}"))
    out += [(t.span.start, t.span.end, "TARGET", f"target-{i}") for i, t in enumerate(notice.targets, 1)]
    out += [(x.span.start, x.span.end, "INSTRUMENT", f"instrument-{i}") for i, x in enumerate(notice.instruments, 1)]
    out += [(c.span.start, c.span.end, "CITATION", f"cite-{i}") for i, c in enumerate(notice.citations, 1)]
    for i, t in enumerate(notice.tasks, 1):
        at = text.find(t.text, t.span.start, t.span.end) if t.text else -1
        if at >= 0:
            out.append((at, at + len(t.text), "TASK", f"task-{i}"))
        out += [(u.span.start, u.span.end, "UNIT", f"task-{i}-u{j}") for j, u in enumerate(t.units, 1) if u.span]
    return [(a, min(b, len(text)), label, ref) for a, b, label, ref in out if a < b]


def annotate(notice: Notice):
    """A spaCy Doc of the notice text carrying every element as a labelled span."""
    try:
        from spacy.tokens import SpanGroup
        from spacy.util import filter_spans
    except ImportError as exc:
        raise MissingDependencyError(f"the spaCy view of a notice needs spaCy: `pip install -e .[spacy]` ({exc})",
                                     notice.source.path) from None

    doc = blank_zh()(notice.text)
    spans = []
    for start, end, label, _ in element_spans(notice):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["elements"] = SpanGroup(doc, name="elements", spans=spans)
    doc.ents = filter_spans([s for s in spans if s.label_ not in ("HEADING", "TASK")])
    return doc
