"""Link each annex task to the body measure it implements.

An annex often numbers its sections differently from the body (its 一、 is
the body's 二、) and words some titles differently, so a group heading is
matched to the body heading of the same level by title similarity, with the
same number as a bonus; a task with no group heading is matched by its text.
"""
from __future__ import annotations


from ..model import Heading, Task
from ..zh.numbers import cn_to_int

SAME_NUMBER_BONUS = 25
MIN_TITLE_SCORE = 60  # rapidfuzz ratio, 0-100
MIN_TEXT_SCORE = 70


def link_tasks(tasks: list[Task], outline: list[Heading]) -> list[Task]:
    """New tasks with ``outline_id`` set to the body heading each implements, where one fits."""
    from rapidfuzz import fuzz

    body = [h for h in outline if h.part == "body"]
    by_id = {h.id: h for h in outline}
    cache: dict[str, str | None] = {}

    def best_heading(annex: Heading) -> str | None:
        best, best_score = None, 0.0
        for h in body:
            if h.level != annex.level:
                continue
            ratio = fuzz.ratio(h.title, annex.title)
            same = cn_to_int(h.number) is not None and cn_to_int(h.number) == cn_to_int(annex.number)
            if ratio < MIN_TITLE_SCORE and not (same and ratio >= MIN_TITLE_SCORE - SAME_NUMBER_BONUS):
                continue
            score = ratio + (SAME_NUMBER_BONUS if same else 0)
            if score > best_score:
                best, best_score = h.id, score
        return best

    def by_text(task: Task) -> str | None:
        best, best_score = None, MIN_TEXT_SCORE
        for h in body:
            score = fuzz.partial_ratio(task.text, h.text) if task.text and h.text else 0
            if score > best_score or (score == best_score and best and h.level > by_id[best].level):
                best, best_score = h.id, score
        return best

    out = []
    for task in tasks:
        target = None
        if task.annex_outline_id:
            if task.annex_outline_id not in cache:
                cache[task.annex_outline_id] = best_heading(by_id[task.annex_outline_id])
            target = cache[task.annex_outline_id]
        if target is None and task.source == "table":
            target = by_text(task)
        out.append(task.evolve(outline_id=target) if target else task)
    return out
