"""The GB/T 9704-2012 elements of a notice, and which part each block belongs to.

A notice is read as the standard lays it out: 版头 (发文机关标志 ``…文件``,
发文字号), 标题, 主送机关, 正文 (with 附件说明), 发文机关署名 and 成文日期,
附注, then the 附件 (each opened by a ``附件`` mark and its title).  A notice
that issues a plan (印发…方案的通知) carries the plan after its date, under
the plan's own title.

Pages copied from the web wrap the notice in clutter (navigation, 发布时间
lines, file names).  The 主送机关 line anchors the head: the title, number
and mark are looked for just above it, and what stands before them is
residue.  Rules match a simplified working copy of each line, so traditional
script parses alike; values are cut from the source at the same offsets.
"""
from __future__ import annotations

import re

from .. import patterns as P
from ..model import Document, Layout, Metadata, Span, Warning
from ..zh.numbers import parse_date, repair_date
from .outline import match_heading
from .panel import fields_in_row, fields_in_text, label_alone
from ..zh.script import simplified

HEAD_SEARCH = 30  # blocks searched for the 主送机关 line
HEAD_SKIP = 4  # clutter lines tolerated between the title and the 主送机关
TITLE_MAX_LINES = 4
ISSUER_LINES = 3  # joint issuers written one per line above 关于…
TOP_HEADING_MIN = 6  # characters: a shorter line atop a page is a label, not its heading
PROSE_LINE = 40  # characters: a head line longer than this that ends in 。 is prose, not page chrome


def _short_plain(text: str, limit: int = 40) -> bool:
    """A short line with no sentence punctuation: a title, a name, a signature."""
    return 0 < len(text) <= limit and not P.TITLE_END.search(text)


def _title_like(w: str) -> bool:
    """A line that can be part of a title: short, no colon, no number or date in it."""
    return (_short_plain(w, 80) and not P.COLON_OR_BAR.search(w) and not P.DOC_NUMBER.search(w)
            and not P.DATE.search(w) and not P.ISSUER_MARK.match(w) and not P.ATTACHMENT_MARK.match(w)
            and not w.isascii() and not P.BREADCRUMB.search(w))


def _is_clutter(w: str) -> bool:
    """Web-page furniture: key: value lines, file names, run-together number+title lines."""
    if "。" in w:
        return False  # a sentence is prose
    starts_with_number = P.DOC_NUMBER.match(w) and not P.DOC_NUMBER_LINE.match(w)
    return bool(P.COLON_OR_BAR.search(w) or w.isascii() or starts_with_number or len(w) <= 4
                or P.BREADCRUMB.search(w))


def _prose_line(w: str) -> bool:
    """Running prose: a long line of sentences ending in a full stop."""
    return len(w) > PROSE_LINE and w.endswith("。") and not P.COLON_OR_BAR.search(w[:12])


def _is_organ(w: str) -> bool:
    # a labelled field (来源:云南省财政厅) names the page's source, not an issuer of the notice
    return _short_plain(w, 30) and bool(P.ORGAN_SUFFIX.search(w)) and not P.DOC_TYPE_END.search(w) \
        and not P.COLON_OR_BAR.search(w)


class _Reader:
    """The blocks with their source and working (simplified) texts, and what each became."""

    def __init__(self, doc: Document):
        self.blocks = doc.blocks
        self.n = len(doc.blocks)
        self.src = [b.text.strip() if b.kind == "paragraph" else "" for b in doc.blocks]
        self.work = [simplified(t) for t in self.src]
        self.roles = ["text" if b.kind == "paragraph" else "table" for b in doc.blocks]
        self.spans: dict[str, Span] = {}
        self.meta: dict = {"addressees": (), "attachments": ()}
        self.numbered: set[int] = set()  # lines a 发文字号 in brackets followed: titles

    def para(self, k: int) -> bool:
        return 0 <= k < self.n and self.blocks[k].kind == "paragraph" and bool(self.src[k])

    def take(self, role: str, ks: list[int], key: str | None = None, value=None):
        for k in ks:
            self.roles[k] = role
        if key is not None:
            self.meta[key] = value
            self.spans[key] = Span(self.blocks[ks[0]].span.start, self.blocks[ks[-1]].span.end)

    def cut(self, k: int, m: re.Match, group: str | int = 0) -> str:
        """The source text of a match made on the working copy of block ``k``."""
        return self.src[k][m.start(group):m.end(group)]


def parse_layout(doc: Document) -> Layout:
    """Assign every block a GB/T 9704 role and a part; collect the metadata."""
    r = _Reader(doc)
    warnings: list[Warning] = []
    _head_lines_as_printed(r)
    body_start = _head(r)
    _number_under_title_again(r, body_start)
    first_annex = _annexes_start(r, body_start)
    _signature_block(r, body_start, first_annex, warnings)
    _attachment_notes(r, body_start, first_annex)
    _note_alone(r, body_start, first_annex)
    parts, annex_nos, annex_titles = _annexes(r, body_start)
    if not r.meta["attachments"] and annex_titles:
        r.meta["attachments"] = tuple(t for _, t in annex_titles)
    _record(r)
    fills = _panel(r, body_start)
    _fill(r, fills, ("title", "doc_number", "date"), warnings)
    _issuer(r)  # the 文件 mark, the title or the signature: a page panel's 发布机构 is the site's, not the 发文机关
    _doc_number_parts(r, warnings)
    for key, code in (("title", "W-NO-TITLE"), ("date", "W-NO-DATE"), ("issuer", "W-NO-ISSUER")):
        if not r.meta.get(key):  # left null, not guessed
            warnings.append(Warning(code, f"no {key} found"))
    return Layout(Metadata(spans=r.spans, **r.meta), tuple(r.roles), tuple(parts), tuple(annex_nos),
                  tuple(annex_titles), tuple(warnings))


# ---------------------------------------------------------------- 版头, 标题, 主送机关


def _head_lines_as_printed(r: _Reader) -> None:
    """Head lines as pages print them, read as the elements they hold: a 发文字号 in brackets after
    the title (…的通知(岳办发〔2017〕2号)) or with its date ((宁政办发〔2001〕99号 2001年5月29日)), a
    number run into the title (梁政发【2023】7号关于印发…的通知), a title in 《》.  The number is
    taken, and the line is read without it, as the title or number line it then is."""
    numbered = False  # a number line above: a line that opens with the number again is a repeat
    for k in range(min(r.n, HEAD_SEARCH)):
        if not r.para(k):
            continue
        bracketed = P.BRACKETED_NUMBER_HEAD.match(r.work[k])
        if bracketed and "doc_number" not in r.meta:  # (新政发〔1994〕103号)伊犁哈萨克自治州,…: the number, then the line
            _take_number(r, k, r.cut(k, bracketed, "number"))
            r.src[k], r.work[k] = r.src[k][bracketed.end():], r.work[k][bracketed.end():]
        order = P.ORDER_MARK.match(r.work[k])
        if order and "doc_number" not in r.meta and (order.group("number") or (
                r.para(k + 1) and P.ORDER_NUMBER.match(r.work[k + 1]))):
            # 中华人民共和国国务院令 / 第227号: the issuer's order and its number
            # 广西壮族自治区土地整治办法 广西壮族自治区人民政府令: the issuer after the regulation's title
            r.take("issuer_mark", [k], "issuer", r.cut(k, order, "issuer")[_after_title(order.group("issuer")):])
            if order.group("number"):
                _take_number(r, k, r.cut(k, order, "number"))
            else:
                r.take("doc_number", [k + 1], "doc_number", r.src[k + 1].strip())
            continue
        numbered = numbered or bool(P.DOC_NUMBER_LINE.match(r.work[k]))
        lead = P.NUMBER_HEAD.match(r.work[k])
        if lead and not numbered and "doc_number" not in r.meta and P.DOC_TYPE_END.search(r.work[k].rstrip("》")):
            _take_number(r, k, r.cut(k, lead, "number"))
            r.src[k], r.work[k] = r.src[k][lead.end():], r.work[k][lead.end():]
        inner = r.work[k][1:-1]
        if P.BOOK_TITLE_LINE.match(r.work[k]) and P.DOC_TYPE_END.search(inner) and P.TITLE_OPENER.search(inner):
            # 《某市人民政府关于…的通知》: the title without its marks (not 《…办法》, a book a title lists)
            r.src[k], r.work[k] = r.src[k][1:-1], inner
        m = P.NUMBER_TAIL.search(r.work[k])
        if m is None or "doc_number" in r.meta:
            continue
        before = r.work[k][:m.start()]
        if before and (not _title_like(before) or before.endswith(("》", "〉"))):
            continue  # a sentence, or a citation: 《…意见》(国发〔2015〕23号)
        if before:  # its role is for the title scan to decide; the number is taken now
            _take_number(r, k, r.cut(k, m, "number"))
            r.src[k], r.work[k] = r.src[k][:m.start()], before
            r.numbered.add(k)  # 2021年县政府重点工作任务(华政发〔2021〕2号): a title, whatever its last word
        elif m.group("date"):  # the number line keeps its number and brackets, the date is the 成文日期's business
            cut, end = m.start("date"), m.end("date")
            r.src[k], r.work[k] = r.src[k][:cut] + r.src[k][end:], r.work[k][:cut] + r.work[k][end:]


def _after_title(name: str) -> int:
    """Where an organ's name starts after a title run into it (…土地整治办法广西壮族自治区人民政府): 0 if none."""
    m = None
    for m in P.DOC_TYPE_WORD.finditer(name):
        pass
    return m.end() if m and m.end() < len(name) else 0


def _take_number(r: _Reader, k: int, number: str) -> None:
    r.meta["doc_number"] = number.strip()
    r.spans["doc_number"] = r.blocks[k].span


def _head(r: _Reader) -> int:
    """Find the head elements; return the index where the body starts."""
    # the head ends where the first attachment opens
    limit = next((k for k in range(min(r.n, HEAD_SEARCH)) if r.para(k) and P.ATTACHMENT_MARK.match(r.work[k])),
                 min(r.n, HEAD_SEARCH))
    addressee = next((k for k in range(limit) if r.para(k) and _addressee_lines(r, k)), None)
    if addressee is None and r.n and r.para(0) and P.HEADING_FAMILIES[0][1].match(r.work[0]):
        return 0
    if addressee is not None:
        title_end = _scan_up_to_title(r, addressee - 1)
        body_start = _addressees(r, addressee)
    else:
        first = next((k for k in range(min(limit, HEAD_SEARCH // 2)) if r.para(k) and _title_like(r.work[k])
                      and P.DOC_TYPE_END.search(r.work[k])), None)
        top = _top_heading(r, limit) if first is None else None
        if top is not None:  # a page's own heading: the line, never the furniture above it; an organ
            lines = [top - 1, top] if r.para(top - 1) and _is_organ(r.work[top - 1]) else [top]  # opening it
            r.take("title", lines, "title", "".join(r.src[j] for j in lines))
            first = top
        if first is None:
            return _numbers_and_marks(r, 0)
        title_end = first
        if r.para(first + 1) and P.TITLE_QUALIFIER.match(r.work[first + 1]):
            title_end = first + 1  # 全民健身实施计划 / (2021—2025年)
        body_start = title_end + 1
        # below a title with no 主送机关: its number, or page furniture (发布时间:… 来源:…)
        while r.para(body_start) and r.roles[body_start] == "text" and (
                P.DOC_NUMBER_LINE.match(r.work[body_start]) or _is_clutter(r.work[body_start])
                or r.work[body_start] == r.work[first]) \
                and not P.HEADING_FAMILIES[0][1].match(r.work[body_start]):
            if P.DOC_NUMBER_LINE.match(r.work[body_start]):
                _number_line(r, body_start)
            else:
                r.roles[body_start] = "clutter"
            body_start += 1
    if title_end is not None and "title" not in r.meta:
        _numbers_and_marks_above(r, _title_lines(r, title_end) - 1)
    # everything above the head is page clutter, but for running prose (a page's summary of the notice)
    head = [k for k in range(body_start) if r.roles[k] not in ("text", "table")]
    for k in range(min(head, default=0)):
        if r.roles[k] == "text" and not _prose_line(r.work[k]):
            r.roles[k] = "clutter"
    for k in range(min(head, default=body_start), body_start):
        if r.roles[k] == "text" and not _prose_line(r.work[k]):
            r.roles[k] = "clutter"
    return body_start


def _number_under_title_again(r: _Reader, body_start: int) -> None:
    """A page that shows its title and then the notice's own head again (…的决 / 定 / (惠市委发〔2010〕5号)):
    the 发文字号 under the repeated title is the notice's."""
    title = "".join((r.meta.get("title") or "").split())
    if not title or "doc_number" in r.meta:
        return
    for k in range(body_start, min(r.n, body_start + HEAD_SEARCH // 3)):
        if r.para(k) and r.roles[k] == "text" and P.DOC_NUMBER_LINE.match(r.work[k]) and any(
                "".join("".join(r.src[j].split()) for j in range(k - n, k)) == title for n in (1, 2, 3) if k - n >= 0):
            _number_line(r, k)
            return


def _top_heading(r: _Reader, limit: int) -> int | None:
    """The heading a body-only page opens with (市政府工作报告重点工作责任分解(2023年), 2024年工作总体要求
    和目标任务): a title-like line, not page furniture nor a numbered heading, that the body follows
    (a numbered heading or a sentence) with at most page furniture (时间: 来源:) between."""
    for k in range(min(limit, HEAD_SEARCH // 2)):
        w = r.work[k]
        if not r.para(k) or not _title_like(w) or len(w) < TOP_HEADING_MIN or _is_clutter(w) \
                or P.CLAUSE_SPLIT.search(w) or _panel_line(r, k) or match_heading(w) or _is_organ(w):
            continue
        j = k + 1
        while j < min(r.n, k + 1 + HEAD_SKIP) and (not r.para(j) or _is_clutter(r.work[j]) or _panel_line(r, j)
                                                   or r.work[j] == w):
            j += 1
        if r.para(j) and (match_heading(r.work[j]) or r.work[j].endswith("。") or len(r.work[j]) > PROSE_LINE):
            return k
    return None


def _addressee_lines(r: _Reader, k: int) -> list[int] | None:
    """The line(s) of a 主送机关 starting at ``k``: one line ending in a colon, or a long
    list wrapped onto a second line."""
    for ks in ([k], [k, k + 1]):
        if not all(r.para(j) for j in ks) or (len(ks) == 2 and not P.ADDRESSEE_WRAP.search(r.work[k])):
            continue  # a list wraps after a separator: 国务院各部委、/各直属机构：
        m = P.ADDRESSEE_LINE.match("".join(r.work[j] for j in ks))
        if m and _looks_like_addressees(m.group("list")):
            return ks
    return None


def _looks_like_addressees(text: str) -> bool:
    """Organ names separated by ，、: each short, each naming organs or a collective (各有关单位)."""
    if P.ARTICLE.match(text) or P.HEADING_FAMILIES[0][1].match(text) or P.QUOTE_OR_BOOK_MARK.search(text) \
            or fields_in_text(text):
        return False  # a panel line (文号: 文件分类: …) ends in a colon too
    pieces = [p.strip() for p in P.ADDRESSEE_SPLIT.split(text) if p.strip()]
    pieces = [P.TRAILING_ASIDE.sub("", p) or p for p in pieces]  # 示范区管委会(推进办公室)
    return bool(pieces) and all(len(p) <= 200 and max(map(len, p.split("、"))) <= 40 for p in pieces) \
        and all((P.UNIT_LIKE.search(p) or P.COLLECTIVE_WORD.search(p)) and not P.SALUTATION.search(p) for p in pieces)


def _addressees(r: _Reader, k: int) -> int:
    """Take the 主送机关 at ``k``; return the block after it."""
    ks = _addressee_lines(r, k)
    listed = "".join(r.src[j] for j in ks)
    listed = listed[:P.ADDRESSEE_LINE.match("".join(r.work[j] for j in ks)).end("list")]
    # a 、 list shares its suffix (各县、区人民政府): only commas separate addressees
    r.take("addressees", ks, "addressees", tuple(a.strip() for a in P.ADDRESSEE_SPLIT.split(listed) if a.strip()))
    return ks[-1] + 1


def _number_line(r: _Reader, k: int) -> None:
    r.take("doc_number", [k], "doc_number", r.src[k].strip("()（）"))


def _scan_up_to_title(r: _Reader, k: int) -> int | None:
    """From just above the 主送机关 upwards: number lines, a little clutter, then the title's last line."""
    skipped = sentences = 0
    while k >= 0 and (r.roles[k] == "text" or _furniture_row(r, k)):
        w = r.work[k]
        if r.roles[k] == "table":
            if skipped >= HEAD_SKIP:
                return None
            skipped += 1  # 浏览量:1 | | | |: a page's counter row read as a one-row table
            k -= 1
            continue
        if P.DOC_NUMBER_LINE.match(w) or P.DOC_NUMBER_LOOSE.match(w):
            _number_line(r, k)
        elif P.DATE_PAREN_LINE.match(w):
            r.roles[k] = "date_under_title"  # used when no date stands under the signature
        elif _title_like(w) and (P.DOC_TYPE_END.search(w) or k in r.numbered):
            return k
        elif P.TITLE_QUALIFIER.match(w) and k > 0 and _title_like(r.work[k - 1]):
            return k  # 全民健身实施计划 / (2021—2025年): the title's last line
        elif (_is_clutter(w) or _is_organ(w)) and skipped < HEAD_SKIP:
            skipped += 1  # a page's date, 主动公开, its publisher (金华市生态环境局…分局) between title and 主送机关
        elif w.endswith("。") and sentences < HEAD_SKIP:
            sentences += 1  # a page's summary of the notice, between the page's heading and the notice
        elif not _panel_line(r, k):  # a page panel between the title and the 主送机关 is passed over
            return None
        k -= 1
    return None


def _furniture_row(r: _Reader, k: int) -> bool:
    """A one-row 'table' of page furniture (浏览量:1 | | | |): labelled or empty cells only."""
    rows = r.blocks[k].rows if r.roles[k] == "table" else ()
    return len(rows) == 1 and all(not c.text.strip() or _is_clutter(simplified(c.text.strip())) for c in rows[0].cells)


def _panel_line(r: _Reader, k: int) -> bool:
    """A line of a page panel: labelled fields, a label alone, or the value under a label alone."""
    return bool(fields_in_text(r.work[k]) or label_alone(r.work[k]) or (k > 0 and label_alone(r.work[k - 1])))


def _title_lines(r: _Reader, last: int) -> int:
    """Collect the title upwards from its last line; return its first block."""
    lines = [last]
    k = last - 1
    while k >= 0 and len(lines) < TITLE_MAX_LINES and _continues(r, k, lines[0]):
        lines.insert(0, k)
        k -= 1
    # joint issuers stand one per line above a title that opens with 关于 / 印发
    issuers = []
    if P.TITLE_OPENER_START.match(r.work[lines[0]]):
        while k >= 0 and len(issuers) < ISSUER_LINES and r.roles[k] == "text" and _is_organ(r.work[k]):
            issuers.insert(0, k)
            k -= 1
        place = P.ORGAN_PLACE.match(r.work[k]) if not issuers and k >= 0 and r.roles[k] == "text" else None
        if place and place.end() == len(r.work[k]):
            lines.insert(0, k)  # 马鞍山市 / 关于…的实施细则: the place the title opens with, on a line of its own
    lines = issuers + lines
    r.take("title", lines, "title", "".join(r.src[j] for j in lines))
    if len(issuers) > 1:
        r.meta["issuer"] = "、".join(r.src[j] for j in issuers)
        r.spans["issuer"] = r.spans["title"]
    return lines[0]


def _continues(r: _Reader, k: int, below: int) -> bool:
    """Line ``k`` is the title line before line ``below``: a title line that does not end the title,
    or one the line below goes on from (某市人民政府印发 / 关于…; 三年行动计划 / (2023—2025年)的通知)."""
    w, next_line = r.work[k], r.work[below]
    if r.roles[k] != "text" or not _title_like(w):
        return False
    if P.TITLE_VERB_END.search(w) or next_line[:1] in "(（的":
        return True
    return not P.DOC_TYPE_END.search(w) and not _opens_title(next_line) and not P.TITLE_OPENER_START.match(next_line)


def _opens_title(w: str) -> bool:
    """A line that holds the title's opening: an issuer (or nothing) before 关于/印发."""
    m = P.TITLE_OPENER.search(w)
    return bool(m) and m.start() > 0


def _numbers_and_marks_above(r: _Reader, k: int) -> None:
    """Above the title: 发文字号, 发文机关标志 (…文件), 份号/密级/紧急程度 lines."""
    while k >= 0 and r.roles[k] == "text":
        w = r.work[k]
        if P.DOC_NUMBER_LINE.match(w) and "doc_number" not in r.meta:
            _number_line(r, k)
        elif P.ISSUER_MARK.match(w) and "issuer" not in r.meta:
            r.take("issuer_mark", [k], "issuer", r.cut(k, P.ISSUER_MARK.match(w), "issuer"))
        elif P.DOC_NUMBER_LOOSE.match(w) and "doc_number" not in r.meta:
            _number_line(r, k)
        elif P.SECURITY_LINE.match(w):
            m = P.SECURITY_LINE.match(w)
            for group, key in (("copy", "copy_number"), ("secret", "classification"), ("urgent", "urgency"),
                               ("signer", "signer")):
                if m.group(group):
                    r.take("security", [k], key, r.cut(k, m, group))
        else:
            return
        k -= 1


def _numbers_and_marks(r: _Reader, start: int) -> int:
    """A head with neither title nor 主送机关: only a mark and a number may stand at the top."""
    k = start
    while r.para(k) and (P.DOC_NUMBER_LINE.match(r.work[k]) or P.ISSUER_MARK.match(r.work[k])):
        k += 1
    _numbers_and_marks_above(r, k - 1)
    return k


# ---------------------------------------------------------------- 署名, 成文日期, 附注, plan


def _annexes_start(r: _Reader, body_start: int) -> int:
    return next((k for k in range(body_start, r.n) if r.para(k) and P.ATTACHMENT_MARK.match(r.work[k])
                 and k + 1 < r.n), r.n)


def _signature_block(r: _Reader, body_start: int, first_annex: int, warnings: list[Warning]) -> None:
    date_idx = next((k for k in range(body_start, first_annex) if r.para(k) and r.roles[k] == "text"
                     and (P.DATE_LINE.match(r.work[k]) or _signed_date(r.work[k]) or _damaged_date(r, k))), None)
    if date_idx is None:
        under = next((k for k in range(body_start) if r.roles[k] == "date_under_title"), None)
        if under is not None:
            r.take("date", [under], "date", parse_date(r.work[under]))
        return
    date = parse_date(r.work[date_idx])
    if date is None and (date := repair_date(r.work[date_idx])):
        warnings.append(Warning("W-DATE", f"the date line {r.src[date_idx]!r} lost its 年/月: read as {date}",
                                r.blocks[date_idx].span))
    r.take("date", [date_idx], "date", date)
    signed = _signed_date(r.work[date_idx])
    if signed:  # 某市人民政府办公室  2023年5月6日: name and date on one line
        r.meta["signature"] = r.cut(date_idx, signed, "sig").strip()
        r.spans["signature"] = r.blocks[date_idx].span
    sig = []
    k = date_idx - 1
    while k >= body_start and r.roles[k] == "text" and len(sig) < ISSUER_LINES and (P.SIGNER_LINE.match(r.work[k]) or all(
            _is_organ(name) for name in P.WIDE_SPACE.split(r.work[k]) if name.strip())):
        sig.insert(0, k)
        k -= 1
    if sig and not signed:
        # joint signatures: one per line, or several on a line set apart by wide spaces
        names = [n for s in sig for n in P.WIDE_SPACE.split(r.src[s]) if n.strip()]
        r.take("signature", sig, "signature", "、".join(n.strip() for n in names))
    k = date_idx + 1
    if k < first_annex and r.para(k) and P.NOTE_LINE.match(r.work[k]):
        m = P.NOTE_LINE.match(r.work[k])
        r.take("note", [k], "note", r.cut(k, m, "note"))
        k += 1
    # the plan a 印发 notice issues starts with its own title, over one or two lines
    if k < first_annex and r.para(k) and _title_like(r.work[k]) and not P.HEADING_FAMILIES[0][1].match(r.work[k]):
        plan = [k]
        if not P.DOC_TYPE_END.search(r.work[k]) and r.para(k + 1) and _title_like(r.work[k + 1]) \
                and P.DOC_TYPE_END.search(r.work[k + 1]):
            plan.append(k + 1)
        if P.DOC_TYPE_END.search(r.work[plan[-1]]):
            r.take("plan_title", plan, "plan_title", "".join(r.src[p] for p in plan))


def _damaged_date(r: _Reader, k: int) -> bool:
    """A date line that lost its 年/月 (2023925日), right under a signature's name or the body's last sentence."""
    return bool(repair_date(r.work[k])) and r.para(k - 1) and (_is_organ(r.work[k - 1]) or r.work[k - 1].endswith("。"))


def _note_alone(r: _Reader, body_start: int, first_annex: int) -> None:
    """(此件公开发布) on a line of its own where no signature and date stand before it."""
    if r.meta.get("note"):
        return
    for k in range(body_start, first_annex):
        m = P.NOTE_LINE.match(r.work[k]) if r.para(k) and r.roles[k] == "text" else None
        if m:
            r.take("note", [k], "note", r.cut(k, m, "note"))
            return


def _signed_date(w: str):
    m = P.SIGNED_DATE.match(w)
    return m if m and (_is_organ(m.group("sig").strip()) or P.SIGNER_LINE.match(m.group("sig").strip())) else None


# ---------------------------------------------------------------- 附件说明 and 附件


def _attachment_notes(r: _Reader, body_start: int, first_annex: int) -> None:
    """附件:title, 附件:1.title 2.title …, and 《title》(附件1) references in the text."""
    found: list[str] = []
    for k in range(body_start, first_annex):
        if r.roles[k] != "text":
            continue
        m = P.ATTACHMENT_NOTE.match(r.work[k])
        if not m:
            continue
        rest = r.cut(k, m, "rest").strip()
        item = P.ATTACHMENT_ITEM.match(simplified(rest))
        if rest:
            found.append(rest[item.start("title"):] if item else rest)
        j = k + 1
        if found and j < first_annex and r.para(j) and r.roles[j] == "text" and len(r.work[j]) <= 4 \
                and not P.ATTACHMENT_MARK.match(r.work[j]) and not P.TERMINAL.search(found[-1]):
            found[-1] += r.src[j]  # the title wrapped onto a line of its own
            j += 1
        while j < first_annex and r.roles[j] == "text" and r.para(j):
            item = P.ATTACHMENT_ITEM.match(r.work[j])
            if not item or not _short_plain(item.group("title"), 80):
                break
            found.append(r.cut(j, item, "title"))
            j += 1
        r.take("attachment_note", list(range(k, j)))
        r.spans.setdefault("attachments", Span(r.blocks[k].span.start, r.blocks[j - 1].span.end))
    if not found:
        for k in range(body_start, first_annex):
            for m in P.ATTACHMENT_REF.finditer(r.work[k]):
                found.append(r.cut(k, m, "title"))
    # a title whose bracket never closes was cut off with the text (…规划(2021-2030): left out
    r.meta["attachments"] = tuple(dict.fromkeys(a.strip().rstrip("。.;；") for a in found
                                                if a.strip() and _brackets_close(a)))


def _brackets_close(text: str) -> bool:
    return text.count("(") + text.count("（") <= text.count(")") + text.count("）")


def _annexes(r: _Reader, body_start: int):
    """Each 附件 mark opens an attachment; the line after it is its title."""
    marks = [k for k in range(body_start, r.n) if r.para(k) and P.ATTACHMENT_MARK.match(r.work[k]) and k + 1 < r.n]
    parts, annex_nos, titles = ["body"] * r.n, [0] * r.n, []
    for a_i, k in enumerate(marks):
        end = marks[a_i + 1] if a_i + 1 < len(marks) else r.n
        r.roles[k] = "attachment_mark"
        for j in range(k, end):
            parts[j], annex_nos[j] = "annex", a_i + 1
        last = k
        if r.para(k + 1) and k + 1 < end and _short_plain(r.src[k + 1], 80):
            lines = [k + 1]
            # a title over several lines: join until one ends like a title
            while len(lines) < 3 and not P.DOC_TYPE_END.search(r.work[lines[-1]]) and lines[-1] + 1 < end \
                    and r.para(lines[-1] + 1) and _title_like(r.work[lines[-1] + 1]) \
                    and len(r.work[lines[-1] + 1]) <= 40 and not r.work[lines[-1] + 1].startswith("(") \
                    and not match_heading(r.work[lines[-1] + 1]):
                lines.append(lines[-1] + 1)
            for j in lines:
                r.roles[j] = "annex_title"
            titles.append((k + 1, "".join(r.src[j] for j in lines)))
            last = lines[-1]
        r.spans[f"attachment_{a_i + 1}"] = Span(r.blocks[k].span.start, r.blocks[last].span.end)
    return parts, annex_nos, titles


# ---------------------------------------------------------------- 发文机关


def _issuer(r: _Reader) -> None:
    """The 文件 mark, else the head of the title, else the signature."""
    if r.meta.get("issuer"):
        return
    title = r.meta.get("title") or ""
    m = P.TITLE_ISSUER.match(simplified(title))
    signature = r.meta.get("signature") or ""
    if m and P.ORGAN_SUFFIX.search(m.group("issuer")):
        r.meta["issuer"] = title[:m.end("issuer")]
        r.spans["issuer"] = r.spans["title"]
        if signature != r.meta["issuer"] and (signature.endswith(r.meta["issuer"]) or
                                              _comparable(signature.replace("、", "")) == _comparable(r.meta["issuer"])):
            # 市工业和信息化局 in the title, 深圳市工业和信息化局 under the text: the fuller name;
            # 甲厅乙厅 run together in the title, 甲厅、乙厅 under the text: the separated names
            r.meta["issuer"], r.spans["issuer"] = signature, r.spans["signature"]
    elif r.meta.get("signature"):
        r.meta["issuer"] = r.meta["signature"]
        r.spans["issuer"] = r.spans["signature"]



# ---------------------------------------------------------------- 版记, web panels, number parts


def _record(r: _Reader) -> None:
    """The 版记 at the end: 抄送 and 印发机关/印发日期 lines, wherever they stand."""
    for k in range(r.n):
        if r.roles[k] != "text" or not r.para(k):
            continue
        w = r.work[k]
        m = P.COPY_TO.match(w)
        if m and "copy_to" not in r.spans:
            listed = r.cut(k, m, "list")
            r.take("copy_to", [k], "copy_to", tuple(a.strip() for a in P.ADDRESSEE_SPLIT.split(listed) if a.strip()))
            continue
        m = P.PRINTED.match(w)
        if m and "printed_by" not in r.spans:
            r.take("printed", [k], "printed_by", r.cut(k, m, "by").strip())
            r.meta["printed_date"] = parse_date(m.group("date"))


def _panel(r: _Reader, body_start: int) -> dict[str, tuple[str, int]]:
    """A web page's information panel (索引号, 发文机关, 成文日期 …, read by ``panel.py``): kept as
    ``metadata.panel``; returns each metadata field's first value there (and its block)."""
    found: dict[str, tuple[str, int]] = {}  # label -> (value, block)
    fills: dict[str, tuple[str, int]] = {}
    for k in range(r.n):
        block = r.blocks[k]
        if block.kind == "paragraph" and r.src[k] and (r.roles[k] == "clutter" or k < body_start):
            pairs = [(f.label, f.field, r.src[k][f.start:f.end].strip()) for f in fields_in_text(r.work[k])]
            alone = label_alone(r.work[k])
            if alone and r.para(k + 1) and not label_alone(r.work[k + 1]):
                pairs.append((*alone, r.src[k + 1]))  # 发文字号 / 郧政发〔2023〕5号
        elif block.kind == "table" and (block.hints.get("role") == "page_metadata" or k < max(body_start, 1)):
            pairs = [p for row in block.rows for p in fields_in_row([c.text for c in row.cells])]
        else:
            continue
        for label, meta_key, value in pairs:
            if value:
                found.setdefault(label, (value, k))
                if meta_key != "other":
                    fills.setdefault(meta_key, (value, k))
    if found:
        r.meta["panel"] = {label: value for label, (value, _) in found.items()}
    return fills


def _fill(r: _Reader, fills: dict, keys: tuple[str, ...], warnings: list[Warning]) -> None:
    """The panel fills what the notice itself does not say; where both say it, the notice wins and a
    disagreement is a warning."""
    for meta_key in keys:
        if meta_key not in fills:
            continue
        value, k = fills[meta_key]
        if meta_key == "date":
            value = parse_date(simplified(value))
        if not value or (meta_key == "doc_number" and not P.DOC_NUMBER_CORE.search(simplified(value))):
            continue
        own = r.meta.get(meta_key)
        if not own or _repairs(meta_key, own, value):
            if own:  # 亳政办〔20251 under the title, 亳政办〔2025〕1号 in the panel: the same number, legible
                warnings.append(Warning("W-DOC-NUMBER", f"发文字号 {own!r} is damaged: the page panel's {value!r} "
                                        "is taken", r.spans.get(meta_key)))
            r.meta[meta_key] = value
            r.spans[meta_key] = r.blocks[k].span
        elif _comparable(own) != _comparable(value):
            warnings.append(Warning("W-PANEL-DISAGREES", f"{meta_key}: the notice says {own!r}, the page panel "
                                    f"{value!r}; kept the notice's", r.blocks[k].span))


def _repairs(meta_key: str, own: str, value: str) -> bool:
    """The panel's 发文字号 is the notice's own, whose brackets or 号 the page lost: same characters
    but for them, and only the panel's parses."""
    if meta_key != "doc_number" or P.DOC_NUMBER.search(simplified(own)):
        return False
    return P.DOC_NUMBER_NOISE.sub("", simplified(value)).startswith(P.DOC_NUMBER_NOISE.sub("", simplified(own)))


def _comparable(value: str) -> str:
    return P.COMPARABLE_NOISE.sub("", simplified(str(value)))


def _doc_number_parts(r: _Reader, warnings: list[Warning]) -> None:
    number = r.meta.get("doc_number")
    if not number:
        return
    m = P.DOC_NUMBER.search(simplified(number)) or P.DOC_NUMBER_YEAR.search(simplified(number))
    if m:
        r.meta["doc_number_parts"] = {"agency": number[m.start("agency"):m.end("agency")],
                                      "year": int(m.group("year")), "serial": int(m.group("serial"))}
    else:
        warnings.append(Warning("W-DOC-NUMBER", f"发文字号 {number!r} is damaged: kept as written, not parsed",
                                r.spans.get("doc_number")))
