"""The annotation layer: a spaCy Doc over the notice's text with every element as a span.

Targets, units, citations and headings become spans in ``doc.spans["elements"]``
(they may overlap) and, where they do not overlap, entities in ``doc.ents``,
so displaCy can render the source with each element highlighted.
"""
from __future__ import annotations

from .model import Notice
from .resources import blank_zh

LABELS = ("HEADING", "TARGET", "CITATION", "UNIT")


def element_spans(notice: Notice) -> list[tuple[int, int, str]]:
    """(start, end, label) of every extracted element that carries a span."""
    out = [(h.span.start, _title_end(notice.text, h), "HEADING") for h in notice.outline]
    out += [(t.span.start, t.span.end, "TARGET") for t in notice.targets]
    out += [(c.span.start, c.span.end, "CITATION") for c in notice.citations]
    out += [(u.span.start, u.span.end, "UNIT") for t in notice.tasks for u in t.units if u.span]
    return [(a, min(b, len(notice.text)), label) for a, b, label in out if a < b]


def _title_end(text: str, heading) -> int:
    at = text.find(heading.title, heading.span.start, heading.span.end)
    return at + len(heading.title) if at >= 0 else heading.span.end


def annotate(notice: Notice):
    """A spaCy Doc of the notice text carrying every element as a labelled span."""
    from spacy.tokens import SpanGroup
    from spacy.util import filter_spans

    doc = blank_zh()(notice.text)
    spans = []
    for start, end, label in element_spans(notice):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["elements"] = SpanGroup(doc, name="elements", spans=spans)
    doc.ents = filter_spans([s for s in spans if s.label_ != "HEADING"])
    return doc
