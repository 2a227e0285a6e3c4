"""The spaCy annotation layer over the notice text."""
import sys

import pytest

from pipeline.errors import MissingDependencyError


def test_elements_become_spans_and_entities(county):
    from pipeline.annotate import annotate

    doc = annotate(county)
    labels = {s.label_ for s in doc.spans["elements"]}
    # INSTRUMENT spans come only where the extractor finds instruments (tests/export/test_instruments.py)
    assert labels - {"INSTRUMENT"} == {"HEADING", "TARGET", "CITATION", "UNIT", "TASK"}
    assert ("INSTRUMENT" in labels) == bool(county.instruments)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("全县农村卫生厕所普及率达到85%以上", "TARGET") in ents
    assert ("县住建局", "UNIT") in ents
    assert doc.text == county.text


def test_without_spacy_the_view_names_its_extra(county, monkeypatch):
    """spaCy is the optional extra [spacy]: without it, annotate says what to install."""
    from pipeline.annotate import annotate, element_spans

    for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")] + ["spacy"]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingDependencyError) as err:
        annotate(county)
    assert "pip install -e .[spacy]" in err.value.message and err.value.code == "E-READ-DEPENDENCY"
    assert element_spans(county)  # the elements themselves need no spaCy
