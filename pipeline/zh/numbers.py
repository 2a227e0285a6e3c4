"""Chinese numerals and dates (二〇二二年四月二十六日) to numbers, via cn2an."""
from __future__ import annotations

from functools import lru_cache

from .. import patterns as P

_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
_DIGIT.update({"零": "0", "○": "0", "Ｏ": "0", "O": "0"})


@lru_cache(maxsize=4096)
def cn_to_int(text: str) -> int | None:
    """'二十七' -> 27, '3' -> 3, '二〇二二' -> 2022; None when it is not a number."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in _DIGIT for c in text):  # a year read digit by digit
        return int("".join(_DIGIT[c] for c in text))
    import cn2an

    try:
        value = cn2an.cn2an(text.replace("两", "二").replace("○", "〇"), "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() else None


def as_number(text: str | None) -> int | float | None:
    """A figure as a number, an int when whole: '6.2' -> 6.2, '30' -> 30, '五千' -> 5000; None when none."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = cn_to_int(text)
        if value is None:
            return None
    return int(value) if float(value).is_integer() else value


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD, whether in digits or Chinese numerals."""
    m = P.DATE.search(text) or P.ISO_DATE.search(text)
    if not m:
        return None
    y, mo, d = (cn_to_int(m.group(k)) for k in ("y", "m", "d"))
    if not (y and mo and d) or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def repair_date(text: str) -> str | None:
    """A date line whose 年/月 were lost (2023925日 → 2023-09-25), when month and day split one way only."""
    m = P.DAMAGED_DATE_LINE.match(text.strip())
    if not m:
        return None
    md = m.group("md")
    readings = {(int(md[:i]), int(md[i:])) for i in (1, 2) if 0 < i < len(md) and md[i] != "0"}
    valid = [(mo, d) for mo, d in readings if 1 <= mo <= 12 and 1 <= d <= 31]
    if len(valid) != 1:
        return None
    mo, d = valid[0]
    return f"{int(m.group('y')):04d}-{mo:02d}-{d:02d}"
