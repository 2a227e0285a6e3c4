"""Traditional script: a simplified working copy for matching, same length as the source."""
from __future__ import annotations

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
