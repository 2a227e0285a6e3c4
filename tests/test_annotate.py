"""The spaCy annotation layer over the notice text."""


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
