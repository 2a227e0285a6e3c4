"""The GB/T 9704-2012 elements of a notice, and which part each block belongs to.

A notice is read top to bottom as the standard lays it out: 版头 (发文机关标志
``…文件``, 发文字号), 标题, 主送机关, 正文 (with 附件说明), 发文机关署名 and
成文日期, 附注, then the 附件 (each opened by a ``附件`` mark and its title).  A
notice that issues a plan (印发…方案的通知) carries the plan after its date,
under the plan's own title; the plan is body too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import patterns as P
from ..model import Block, Document, Metadata, Span, Warning
from .numbers import parse_date

HEADER_ZONE = 12  # blocks searched for the 版头 and 标题
TITLE_MAX_LINES = 4


@dataclass(frozen=True)
class Layout:
    """Metadata plus each block's role and part ("body" or "annex")."""

    metadata: Metadata
    roles: tuple[str, ...]  # per block: element name, or "text"/"table"
    parts: tuple[str, ...]  # per block: body | annex
    annex_nos: tuple[int, ...] = ()  # per block: which attachment it is in (0 in the body)
    annex_titles: tuple[tuple[int, str], ...] = ()  # (block index, title)
    warnings: tuple[Warning, ...] = field(default_factory=tuple)


def _is_para(b: Block) -> bool:
    return b.kind == "paragraph"


def _short_plain(text: str, limit: int = 40) -> bool:
    """A short line with no sentence punctuation: a title, a name, a signature."""
    return len(text) <= limit and not re.search(r"[。；;!?！？]", text)


def parse_layout(doc: Document) -> Layout:
    """Assign every block a GB/T 9704 role and a part; collect the metadata."""
    blocks = doc.blocks
    n = len(blocks)
    roles = ["text" if _is_para(b) else "table" for b in blocks]
    spans: dict[str, Span] = {}
    meta: dict = {"addressees": (), "attachments": ()}
    warnings: list[Warning] = []

    # ---- 版头 and 标题
    i, title_lines, title_idx = 0, [], []
    while i < min(n, HEADER_ZONE) and _is_para(blocks[i]):
        t = blocks[i].text.strip()
        if P.ISSUER_MARK.match(t) and not title_lines and "issuer" not in meta:
            meta["issuer"] = P.ISSUER_MARK.match(t).group("issuer")
            roles[i] = "issuer_mark"
            spans["issuer"] = blocks[i].span
        elif P.DOC_NUMBER_LINE.match(t) and "doc_number" not in meta:
            meta["doc_number"] = t.strip("()（）")
            roles[i] = "doc_number"
            spans["doc_number"] = blocks[i].span
        elif (P.ADDRESSEE_LINE.match(t) and title_lines) or P.ATTACHMENT_MARK.match(t):
            break
        elif _short_plain(t, 60) and len(title_lines) < TITLE_MAX_LINES and not P.DATE_LINE.match(t):
            if title_lines and title_lines[-1] and P.DOC_TYPE_END.search(title_lines[-1]):
                break  # the title already ended
            title_lines.append(t)
            title_idx.append(i)
        elif title_lines:
            break
        i += 1
    if title_lines and not P.DOC_TYPE_END.search(title_lines[-1]):
        # no line ended like a title: only the first line is trusted as one
        title_lines, title_idx = title_lines[:1], title_idx[:1]
        warnings.append(Warning("W-TITLE-UNCERTAIN", "no title line ends in a document type; "
                                "took the first line", blocks[title_idx[0]].span))
    if title_lines:
        meta["title"] = "".join(title_lines)
        for k in title_idx:
            roles[k] = "title"
        spans["title"] = Span(blocks[title_idx[0]].span.start, blocks[title_idx[-1]].span.end)
    head_end = max([k for k, r in enumerate(roles[:HEADER_ZONE]) if r != "text" and r != "table"] + [-1]) + 1

    # ---- 主送机关: the first line after the title ending in a colon
    body_start = head_end
    for k in range(head_end, min(n, head_end + 3)):
        t = blocks[k].text.strip()
        m = P.ADDRESSEE_LINE.match(t) if _is_para(blocks[k]) else None
        if m and _looks_like_addressees(m.group("list")):
            meta["addressees"] = tuple(a.strip() for a in P.ADDRESSEE_SPLIT.split(m.group("list")) if a.strip())
            roles[k] = "addressees"
            spans["addressees"] = blocks[k].span
            body_start = k + 1
            break

    # ---- 附件 marks: where each attachment opens
    annex_at = [k for k in range(body_start, n) if _is_para(blocks[k])
                and P.ATTACHMENT_MARK.match(blocks[k].text.strip())
                and k + 1 < n]
    first_annex = annex_at[0] if annex_at else n

    # ---- 署名 and 成文日期: the first date line after the body began
    date_idx = None
    for k in range(body_start, first_annex):
        if _is_para(blocks[k]) and P.DATE_LINE.match(blocks[k].text.strip()):
            date_idx = k
            break
    if date_idx is not None:
        meta["date"] = parse_date(blocks[date_idx].text)
        roles[date_idx] = "date"
        spans["date"] = blocks[date_idx].span
        sig = []
        k = date_idx - 1
        while k >= body_start and roles[k] == "text" and _is_signature(blocks[k].text.strip()) and len(sig) < 4:
            sig.insert(0, k)
            k -= 1
        if sig:
            meta["signature"] = "、".join(blocks[s].text.strip() for s in sig)
            for s in sig:
                roles[s] = "signature"
            spans["signature"] = Span(blocks[sig[0]].span.start, blocks[sig[-1]].span.end)
        # ---- 附注: (此件公开发布) right after the date
        k = date_idx + 1
        if k < first_annex and _is_para(blocks[k]):
            m = P.NOTE_LINE.match(blocks[k].text.strip())
            if m:
                meta["note"] = m.group("note")
                roles[k] = "note"
                spans["note"] = blocks[k].span
                k += 1
        # ---- the plan a 印发 notice issues starts with its own title
        if k < first_annex and _is_para(blocks[k]):
            t = blocks[k].text.strip()
            if _short_plain(t, 60) and P.DOC_TYPE_END.search(t) and not P.HEADING_FAMILIES[0][1].match(t):
                plan = [k]
                if k + 1 < first_annex and _is_para(blocks[k + 1]) and _short_plain(blocks[k + 1].text, 30) \
                        and P.DOC_TYPE_END.search(blocks[k + 1].text.strip()) and not P.DOC_TYPE_END.search(t[:-2]):
                    plan.append(k + 1)
                meta["plan_title"] = "".join(blocks[p].text.strip() for p in plan)
                for p in plan:
                    roles[p] = "plan_title"
                spans["plan_title"] = Span(blocks[plan[0]].span.start, blocks[plan[-1]].span.end)

    # ---- 附件说明: 附件:title, or 附件: followed by numbered titles
    attachments: list[str] = []
    for k in range(body_start, first_annex):
        if not _is_para(blocks[k]) or roles[k] != "text":
            continue
        m = P.ATTACHMENT_NOTE.match(blocks[k].text.strip())
        if not m:
            continue
        roles[k] = "attachment_note"
        rest = m.group("rest").strip()
        item = P.ATTACHMENT_ITEM.match(rest)
        attachments.append(item.group("title").strip() if item else rest) if rest else None
        j = k + 1
        while j < first_annex and _is_para(blocks[j]) and roles[j] == "text":
            item = P.ATTACHMENT_ITEM.match(blocks[j].text.strip())
            if not item or not _short_plain(item.group("title"), 80):
                break
            attachments.append(item.group("title").strip())
            roles[j] = "attachment_note"
            j += 1
        spans.setdefault("attachments", Span(blocks[k].span.start, blocks[j - 1].span.end))
    attachments = [a.rstrip("。.;；") for a in attachments if a]

    # ---- parts, and each attachment's title (the line after its mark)
    parts = ["body"] * n
    annex_titles = []
    for a_i, k in enumerate(annex_at):
        end = annex_at[a_i + 1] if a_i + 1 < len(annex_at) else n
        roles[k] = "attachment_mark"
        for j in range(k, end):
            parts[j] = "annex"
        last = k
        if k + 1 < end and _is_para(blocks[k + 1]) and _short_plain(blocks[k + 1].text, 80):
            roles[k + 1] = "annex_title"
            annex_titles.append((k + 1, blocks[k + 1].text.strip()))
            last = k + 1
        spans[f"attachment_{a_i + 1}"] = Span(blocks[k].span.start, blocks[last].span.end)
    if not attachments and annex_titles:
        attachments = [t for _, t in annex_titles]
    meta["attachments"] = tuple(attachments)

    # ---- 发文机关: the 文件 mark, else the head of the title, else the signature
    if "issuer" not in meta:
        m = P.TITLE_ISSUER.match(meta.get("title") or "")
        if m and P.ORGAN_SUFFIX.search(m.group("issuer")):
            meta["issuer"] = m.group("issuer")
            spans["issuer"] = spans["title"]
        elif meta.get("signature"):
            meta["issuer"] = meta["signature"]
            spans["issuer"] = spans["signature"]
    for key in ("title", "date", "issuer"):
        if not meta.get(key):
            warnings.append(Warning(f"W-NO-{key.upper()}", f"no {key} found"))
    annex_nos = [0] * n
    for a_i, k in enumerate(annex_at):
        for j in range(k, n):
            annex_nos[j] = a_i + 1
    return Layout(Metadata(spans=spans, **meta), tuple(roles), tuple(parts), tuple(annex_nos),
                  tuple(annex_titles), tuple(warnings))


def _looks_like_addressees(text: str) -> bool:
    """Organ names separated by 、，: each piece short, and no sentence words."""
    pieces = [p for p in P.ADDRESSEE_SPLIT.split(text) if p.strip()]
    return bool(pieces) and all(len(p) <= 20 for p in pieces) and not re.search(r"[“”《》]", text)


def _is_signature(text: str) -> bool:
    return _short_plain(text, 30) and bool(P.ORGAN_SUFFIX.search(text)) and not P.DOC_TYPE_END.search(text)
