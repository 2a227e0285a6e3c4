"""The worked example against its hand-checked gold (tests/data/gold)."""

import pytest

from conftest import squash
from pipeline.zh.numbers import cn_to_int


FORMS = ["tianshui-2022-23.txt", "tianshui-2022-23.gb18030.txt", "tianshui-2022-23.fullwidth.txt",
         "tianshui-2022-23.docx", "tianshui-2022-23.pdf", "tianshui-2022-23.html", "tianshui-2022-23.gbk.html"]


@pytest.fixture(scope="module", params=FORMS)
def form(request, data_dir):
    """The worked example in each of the seven forms it arrives in, parsed."""
    from pipeline.run import parse_file

    return parse_file(data_dir / request.param)


def test_metadata(form, gold):
    example = form
    m, g = example.metadata, gold["metadata"]
    assert m.title and m.title.startswith(g["issuer"])
    for key in ("issuer", "doc_number", "title", "signature", "date", "note", "plan_title"):
        assert getattr(m, key) == g[key], key
    assert list(m.addressees) == g["addressees"]
    assert list(m.attachments) == g["attachments"]


def test_body_outline(form, gold):
    example = form
    body = [(h.level, cn_to_int(h.number), h.title) for h in example.outline if h.part == "body"]
    assert body == [(g["level"], cn_to_int(g["number"]), g["title"]) for g in gold["outline"]]
    parents = {h.id: h for h in example.outline}
    for h in example.outline:
        if h.level == 2 and h.part == "body":
            assert parents[h.parent].level == 1


def test_annex_outline_from_the_table_groups(form, gold):
    example = form
    for level in (1, 2):
        annex = [(cn_to_int(h.number), h.title) for h in example.outline if h.part == "annex" and h.level == level]
        assert annex == [(cn_to_int(g["number"]), squash(g["title"])) for g in gold["annex_outline"]
                         if g["level"] == level]


def test_targets_are_the_gold(form, gold):
    example = form
    """Every required goal, and nothing that is not in the gold (vague aims are optional there)."""
    got = {squash(t.text): t for t in example.targets}
    assert {squash(g["text"]) for g in gold["targets"] if not g.get("optional")} <= set(got)
    assert set(got) <= {squash(g["text"]) for g in gold["targets"]}
    ids = {h.title: h.id for h in example.outline if h.part == "body"}
    gold_ids = {g["id"]: ids[g["title"]] for g in gold["outline"]}
    for g in gold["targets"]:
        t = got.get(squash(g["text"]))
        if t is None:
            continue
        assert (t.comparator, t.value, t.value_max, t.unit, t.target_year, t.baseline_year) == \
            (g["comparator"], g["value"], g["value_max"], g["unit"], g["target_year"], g["baseline_year"]), g["text"]
        assert t.outline_id == gold_ids[g["outline_id"]]
        assert example.text[t.span.start:t.span.end] == t.text


def test_no_target_from_the_not_targets(form, gold):
    example = form
    for bad in gold["not_targets"]:
        assert not any(squash(bad["text"]) in squash(t.text) for t in example.targets), bad["text"]


def test_tasks(form, gold):
    example = form
    canonical = {u["raw"]: u["canonical"] for u in gold["units"] if u.get("confidence", "high") == "high"}
    assert [t.no for t in example.tasks] == [g["no"] for g in gold["tasks"]]
    for t, g in zip(example.tasks, gold["tasks"]):
        assert squash(t.text) == squash(g["text"]), g["no"]
        assert [squash(u.raw) for u in t.units] == [squash(u) for u in g["units_raw"]], g["no"]
        assert squash(t.section) == squash(g["section"]) and squash(t.subsection) == squash(g["subsection"])
        assert {u.role for u in t.units} == {"responsible"}
        assert any(u.and_others for u in t.units) == g["and_others"]
        for u in t.units:
            if squash(u.raw) in canonical:
                assert u.canonical == canonical[squash(u.raw)], u.raw


def test_citations(form, gold):
    example = form
    want = [(squash(c["title"]), c["doc_number"]) for c in gold["citations"] if not c["self_reference"]]
    assert [(squash(c.title), c.doc_number) for c in example.citations] == want


def test_residue_is_only_the_repeated_table_headers(example, gold):
    assert len(example.residue) == gold["counts"]["annex_page_headers"]
    assert {r.reason for r in example.residue} == {"table header"}


def test_nothing_of_the_source_is_lost(example):
    """Every line of the text is inside some element's span (metadata, headings, preamble, tasks, residue)."""
    spans = [s for s in example.metadata.spans.values()]
    spans += [h.span for h in example.outline] + [p.span for p in example.preamble]
    spans += [t.span for t in example.tasks] + [r.span for r in example.residue]
    covered = bytearray(len(example.text))
    for s in spans:
        covered[s.start:s.end] = b"\1" * (s.end - s.start)
    lost = [line for line, start in _lines(example.text) if line.strip() and not any(covered[start:start + len(line)])]
    assert lost == []


def _lines(text):
    pos = 0
    for line in text.split("\n"):
        yield line, pos
        pos += len(line) + 1


@pytest.mark.parametrize("variant", ["tianshui-2022-23.gb18030.txt", "tianshui-2022-23.fullwidth.txt"])
def test_variants_parse_alike(example, data_dir, variant):
    from pipeline.run import parse_file

    other = parse_file(data_dir / variant)
    assert other.metadata.title == example.metadata.title and other.metadata.date == example.metadata.date
    assert [(h.level, h.title) for h in other.outline] == [(h.level, h.title) for h in example.outline]
    assert [(t.no, squash(t.text), [u.raw for u in t.units]) for t in other.tasks] == \
        [(t.no, squash(t.text), [u.raw for u in t.units]) for t in example.tasks]
    assert [(t.comparator, t.value, t.target_year) for t in other.targets] == \
        [(t.comparator, t.value, t.target_year) for t in example.targets]
