"""Text clean-up: small named ``str -> str`` steps applied in order.

Each step is a plain function; :func:`clean` runs them and keeps an offset map
so that every character of the cleaned text points back to the character of
the decoded source it came from (eyecite's ``clean.py`` works the same way).
"""
from __future__ import annotations

import difflib
import re

from .. import patterns as P

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
_SPACES = {ord(c): " " for c in "\u3000\u00a0\u2002\u2003\u2009\u202f"}
# Full-width digits, Latin letters and the brackets/signs used in numbering and
# quantities become ASCII so （一） and (一), ２０２５ and 2025 are alike.
# Chinese punctuation proper (，：；。) stays as written.
_HALF = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_HALF.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_HALF.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_HALF.update({ord(a): b for a, b in zip("（）［］％．＋－／～＜＞＝｜", "()[]%.+-/~<>=|")})


def _mapper(table: dict):
    """A fast ``str.translate``: a regex finds the few characters to map (translate walks them all)."""
    rx = re.compile("[" + re.escape("".join(map(chr, table))) + "]")
    lookup = {chr(k): (v if isinstance(v, str) or v is None else chr(v)) or "" for k, v in table.items()}
    return lambda text: rx.sub(lambda m: lookup[m.group()], text) if rx.search(text) else text


_space, _half = _mapper(_SPACES), _mapper(_HALF)

# What each deleting step removes.  A step that only deletes the matches of one
# regex keeps the offsets of the characters between them: no alignment needed.
_INVISIBLE_RX = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")


def unify_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def soft_hyphen_as_dash(text: str) -> str:
    """A soft hyphen between digits is a typesetter's dash (2014\u00ad2020 in a XeTeX PDF), not an
    invisible break: it becomes ``-`` before invisible characters are dropped."""
    return P.DIGIT_SOFT_HYPHEN.sub("-", text) if "\u00ad" in text else text


def drop_invisible(text: str) -> str:
    """BOM, zero-width characters and soft hyphens carry nothing."""
    return _INVISIBLE_RX.sub("", text)


def spaces_to_ascii(text: str) -> str:
    """U+3000 and other wide or no-break spaces become a plain space."""
    return _space(text)


def fullwidth_to_halfwidth(text: str) -> str:
    """Full-width digits, letters and brackets become ASCII."""
    return _half(text)


def collapse_layout_spaces(text: str) -> str:
    """Spaces a layout put inside a CJK run are removed (``重 点 任 务``)."""
    return P.LAYOUT_SPACE.sub("", text)


def _markup_line(m: re.Match) -> str:
    return "\n" if m.group("name").lower() in P.MARKUP_BLOCK_TAGS else ""


def markup_to_lines(text: str) -> str:
    """Page markup saved as text by a crawl (<p>…</p><p>…</p>): block tags end lines, other tags go.
    A text with fewer than three block tags is left as written (a notice may mention <br>)."""
    if "<" not in text or sum(1 for m in P.MARKUP_TAG.finditer(text) if _markup_line(m)) < 3:
        return text
    return P.MARKUP_TAG.sub(_markup_line, text)


RUN_TOGETHER = 120  # a line longer than this may hold paragraphs a crawl ran together
PAGE_CHUNK = 250  # a shared document's page holds at least this much (a list item is often shorter)


def break_run_together(text: str) -> str:
    """A long line a crawl ran a notice into breaks where its paragraphs ended: the spaces before a
    heading number or after the 主送机关's colon become line breaks (one for one, before layout
    spaces are collapsed: ``战略 1.坚持`` would read ``战略1.坚持`` after).  A table row (``|``, TAB)
    is a row, not paragraphs."""
    if " " not in text:
        return text
    out, changed = [], False
    for line in text.split("\n"):
        if len(line) > RUN_TOGETHER and "|" not in line and "\t" not in line and P.RUN_TOGETHER_BREAK.search(line):
            line = P.RUN_TOGETHER_BREAK.sub(lambda m: "\n" * len(m.group()), line)
            changed = True
        out.append(line)
    return "\n".join(out) if changed else text


def _page_chunk_edits(text: str) -> list[tuple[int, int, str]]:
    """The numbers a document-sharing page puts before each page of the file it shows (1、… 2、…), when
    they number consecutive long lines from 1 and most pages end mid-sentence (a list's own items end
    theirs with a full stop): each number goes, and each page after the first joins the one before."""
    marks = list(P.PAGE_CHUNK_MARK.finditer(text))
    first = next((i for i, m in enumerate(marks) if m.group("n") == "1"), None)
    if first is None:
        return []
    pages = [marks[first]]
    for m in marks[first + 1:]:
        if int(m.group("n")) != len(pages) + 1 or "\n" in text[pages[-1].end():m.start() - 1]:
            break
        pages.append(m)
    if len(pages) < 2 or any(m.start() - p.end() < PAGE_CHUNK for p, m in zip(pages, pages[1:])):
        return []
    mid_sentence = sum(1 for m in pages[1:] if not P.CLOSED_END.match(text[m.start() - 2]))
    if mid_sentence * 2 <= len(pages) - 1:
        return []
    return [(pages[0].start(), pages[0].end(), "")] + [(m.start() - 1, m.end(), "") for m in pages[1:]]


def _unspaced_heading_edits(text: str) -> list[tuple[int, int, str]]:
    """Where a run-together line with no spaces left holds a new paragraph: before a heading after a
    sentence's end (。一、), between a heading and its first sub-heading (一、加强支持(一)强化), and
    between a title and the preamble it runs into (…实施方案为深入贯彻…)."""
    edits, pos = [], 0
    for line in text.split("\n"):
        if len(line) > RUN_TOGETHER and "|" not in line and "\t" not in line:
            cuts = {m.start() for m in P.UNSPACED_HEADING.finditer(line)}
            cuts |= {m.end() for m in P.HEADING_BEFORE_SUB.finditer(line)}
            cuts |= {m.end() for m in P.TITLE_BEFORE_PREAMBLE.finditer(line)}
            edits += [(pos + c, pos + c, "\n") for c in sorted(cuts) if 0 < c < len(line)]
        pos += len(line) + 1
    return edits


def _splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, repl in edits:
        out += [text[pos:start], repl]
        pos = end
    return "".join(out) + text[pos:]


def join_page_chunks(text: str) -> str:
    """A document-sharing page's numbered pages (1、… 2、…) become the one text they were cut from."""
    return _splice(text, _page_chunk_edits(text))


def break_unspaced_headings(text: str) -> str:
    """A run-together line with no spaces breaks before its headings and after a title (see the edits)."""
    return _splice(text, _unspaced_heading_edits(text))


def strip_line_edges(text: str) -> str:
    """Indentation and trailing spaces of each line go (TABs stay: they separate cells)."""
    return P.LINE_EDGE.sub("", text) if _has_line_edges(text) else text


def _has_line_edges(text: str) -> bool:
    # the regex costs a millisecond on a notice even when nothing matches; these tests, microseconds
    return "\n " in text or " \n" in text or text[:1] == " " or text[-1:] == " "


STEPS = (
    unify_newlines,
    markup_to_lines,
    soft_hyphen_as_dash,
    drop_invisible,
    spaces_to_ascii,
    fullwidth_to_halfwidth,
    collapse_layout_spaces,
    strip_line_edges,
)


# a plain text has no layout of its own: its shared pages are joined and its run-together lines broken
TEXT_STEPS = STEPS[:6] + (join_page_chunks, break_run_together, break_unspaced_headings) + STEPS[6:]

# steps that replace characters one for one, never adding or removing any
ONE_TO_ONE = (soft_hyphen_as_dash, spaces_to_ascii, fullwidth_to_halfwidth, break_run_together)
# steps that only delete what one regex matches (a lone CR becoming LF is one for one)
DELETES = {unify_newlines: P.CR_BEFORE_LF, drop_invisible: _INVISIBLE_RX,
           collapse_layout_spaces: P.LAYOUT_SPACE, strip_line_edges: P.LINE_EDGE}


# steps that replace what one regex matches: each character put in points to its match's start
REPLACES = {markup_to_lines: (P.MARKUP_TAG, _markup_line)}
# steps made of edits (start, end, replacement) found in the text: what is put in points to the start
EDITS = {join_page_chunks: _page_chunk_edits, break_unspaced_headings: _unspaced_heading_edits}


def _align(before: str, after: str) -> list[int]:
    """For each character of ``after``, the index in ``before`` it came from."""
    if before == after:
        return list(range(len(after)))
    b_lines, a_lines = before.split("\n"), after.split("\n")
    if len(b_lines) != len(a_lines):
        return _align_chunk(before, after, 0)
    out: list[int] = []
    b_pos = 0
    for i, (b, a) in enumerate(zip(b_lines, a_lines)):
        out.extend(range(b_pos, b_pos + len(a)) if a == b else _align_chunk(b, a, b_pos))
        if i < len(a_lines) - 1:
            out.append(b_pos + len(b))  # the newline
        b_pos += len(b) + 1
    return out


def _align_chunk(before: str, after: str, base: int) -> list[int]:
    out: list[int] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            continue
        for k in range(j2 - j1):
            # equal and same-length replacements map one to one; others to their start
            src = i1 + k if (tag == "equal" or i2 - i1 == j2 - j1) else min(i1 + k, max(i1, i2 - 1))
            out.append(base + src)
    return out


def clean(text: str, steps=STEPS) -> tuple[str, list[int]]:
    """Apply ``steps`` in order; return the cleaned text and its offset map."""
    offsets = list(range(len(text)))
    for step in steps:
        if step in EDITS:
            edits = EDITS[step](text)
            if edits:
                kept, pos = [], 0
                for start, end, repl in edits:
                    kept += offsets[pos:start] + [offsets[min(start, len(offsets) - 1)]] * len(repl)
                    pos = end
                offsets = kept + offsets[pos:]
                text = _splice(text, edits)
            continue
        new = step(text)
        if step in ONE_TO_ONE:
            text = new  # a character-for-character step leaves every offset where it was
            continue
        if step in DELETES:  # the characters between the deleted matches keep their offsets
            if new != text:
                kept, pos = [], 0
                for m in DELETES[step].finditer(text):
                    kept += offsets[pos:m.start()]
                    pos = m.end()
                offsets = kept + offsets[pos:]
                text = new
            continue
        if step in REPLACES:
            if new != text:
                rx, repl = REPLACES[step]
                kept, pos = [], 0
                for m in rx.finditer(text):
                    kept += offsets[pos:m.start()] + [offsets[m.start()]] * len(repl(m))
                    pos = m.end()
                offsets = kept + offsets[pos:]
                text = new
            continue
        if new != text:
            local = _align(text, new)
            offsets = [offsets[i] for i in local]
            text = new
    return text, offsets
