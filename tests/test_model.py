"""The data model: records' fields, copies with changes, and the round trip through plain data."""
import dataclasses

import pytest

from pipeline.model import Cell, Notice, Record, Span


def _records(value):
    """Every record inside ``value``, depth first."""
    if isinstance(value, Record):
        yield value
        for field in dataclasses.fields(value):
            yield from _records(getattr(value, field.name))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _records(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _records(v)


def test_shallow_holds_exactly_the_fields_in_order(example):
    """JSON output hands each record's ``__dict__`` to the encoder: it must be the fields, in order."""
    again = Notice.from_dict(example.as_dict())
    moved = example.tasks[0].evolve(no=7)
    for record in [*_records(example), *_records(again), moved]:
        names = [f.name for f in dataclasses.fields(record)]
        if type(record) in (Span, Notice):  # they shape their own JSON
            continue
        assert list(record.shallow()) == names, type(record).__name__


def test_evolve_makes_a_new_record_and_checks_its_fields(example):
    task = example.tasks[0]
    moved = task.evolve(outline_id="x", no=99)
    assert (moved.outline_id, moved.no, moved.text) == ("x", 99, task.text)
    assert task.outline_id != "x" and moved == dataclasses.replace(task, outline_id="x", no=99)
    with pytest.raises(TypeError, match="no field colour"):
        task.evolve(colour="red")
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.no = 1


def test_hand_made_inits_keep_defaults_equality_and_hash():
    assert Span(1, 2) == Span(1, 2, None) and hash(Span(1, 2)) == hash(Span(1, 2, None))
    assert list(Span(1, 2).__dict__) == ["start", "end", "page"]
    assert Cell("x", Span(0, 1)) == Cell("x", Span(0, 1), 1, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Span(1, 2).end = 3


def test_round_trip_through_plain_data(example):
    assert Notice.from_dict(example.as_dict()) == example
