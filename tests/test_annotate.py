"""The spaCy annotation layer over the notice text."""


def test_elements_become_spans_and_entities(county):
    from pipeline.annotate import annotate

    doc = annotate(county)
    labels = {s.label_ for s in doc.spans["elements"]}
    assert labels == {"HEADING", "TARGET", "CITATION", "UNIT", "TASK"}
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("全县农村卫生厕所普及率达到85%以上", "TARGET") in ents
    assert ("县住建局", "UNIT") in ents
    assert doc.text == county.text
