"""Linking annex tasks to the body measures they implement."""
from pipeline.model import Heading, Span, Task
from pipeline.normalize.link import link_tasks


def heading(hid, part, level, number, title, text=""):
    return Heading(hid, part, level, number, title, None, text or title, Span(0, 1))


def test_renumbered_sections_and_reworded_titles_still_link():
    outline = [
        heading("body.1", "body", 1, "一", "总体目标"),
        heading("body.2", "body", 1, "二", "发展绿色产业"),
        heading("body.2.1", "body", 2, "一", "培育壮大绿色环保产业"),
        heading("body.2.2", "body", 2, "二", "构建绿色供应链"),
        heading("annex.1.1", "annex", 1, "一", "发展绿色产业"),
        heading("annex.1.1.1", "annex", 2, "一", "培育壮大绿色环保企业"),
        heading("annex.1.1.2", "annex", 2, "二", "构建绿色供应链"),
    ]
    tasks = [Task(1, "table", None, None, "甲", None, None, (), Span(0, 1), "annex.1.1.1"),
             Task(2, "table", None, None, "乙", None, None, (), Span(0, 1), "annex.1.1.2"),
             Task(3, "table", None, None, "丙", None, None, (), Span(0, 1), "annex.1.1")]
    linked = link_tasks(tasks, outline)
    assert [t.outline_id for t in linked] == ["body.2.1", "body.2.2", "body.2"]
    assert tasks[0].outline_id is None  # the input is left as it was


def test_example_links_follow_the_subsection_not_the_position(example, gold):
    ids = {(h.level, h.title): h.id for h in example.outline if h.part == "body"}
    gold_ids = {g["id"]: ids[(g["level"], g["title"])] for g in gold["outline"]}
    by_no = {t.no: t for t in example.tasks}
    for no, gid in gold["task_measure_links"].items():
        assert by_no[int(no)].outline_id == gold_ids[gid], no
