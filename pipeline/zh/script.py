"""Traditional script: a simplified working copy for matching, same length as the source."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    """``text`` in simplified script, converted character by character so offsets still hold."""
    if text.isascii():
        return text
    out = _converter().convert(text)
    if len(out) == len(text):
        return out
    # a phrase rule changed the length: fall back to converting one character at a time
    convert = _converter().convert
    return "".join(c if len(s := convert(c)) != 1 else s for c in text)


_OPEN, _CLOSE = "(（〔[【《“", ")）〕]】》”"


@lru_cache(maxsize=32)  # a handful of separator sets, each asked thousands of times a notice
def _marks(separators: str) -> re.Pattern:
    """Any bracket, quote or separator: the characters ``split_outside_brackets`` looks at (a
    character class of its arguments, not a pattern of the genre: ``patterns`` holds those)."""
    return re.compile("[" + re.escape(_OPEN + _CLOSE + separators) + "]")


def split_outside_brackets(text: str, separators: str) -> list[tuple[int, int]]:
    """(start, end) of each piece of ``text`` between separators that stand outside brackets and
    quotes: 各县(市、区)政府、市财政局 splits once, after 政府.  (Only the brackets, quotes and
    separators are stepped through: the rest of the text is most of it.)"""
    out, start, depth = [], 0, 0
    for m in _marks(separators).finditer(text):
        k, ch = m.start(), m.group()
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in separators:
            out.append((start, k))
            start = k + 1
    out.append((start, len(text)))
    return out
