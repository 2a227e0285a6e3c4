"""The contract JSON document (CONTRACT.md, version 1), and JSON Lines for a batch."""
from __future__ import annotations

import json
from pathlib import Path

from ..model import Notice, Record
from .atomic import atomic_path, write_text


def to_json(notice: Notice, indent: bool = True) -> str:
    """The notice as contract JSON text: UTF-8 characters as themselves (orjson: fast, never escapes)."""
    try:
        import orjson
    except ImportError:  # the standard library is the fallback, ten times slower
        return json.dumps(notice.as_dict(), ensure_ascii=False, indent=2 if indent else None)
    option = orjson.OPT_PASSTHROUGH_DATACLASS | (orjson.OPT_INDENT_2 if indent else 0)
    # orjson walks the containers in C and asks for each record's own fields
    return orjson.dumps(notice, default=_fields, option=option).decode("utf-8")


def _fields(obj):
    if isinstance(obj, Record):
        return obj.shallow()
    raise TypeError(f"cannot write {type(obj).__name__} as JSON")


def write_json(notice: Notice, path: str | Path) -> Path:
    """Write the contract document atomically."""
    return write_text(path, to_json(notice) + "\n")


def write_jsonl(lines, path: str | Path) -> Path:
    """Write one contract document per line (``notices.jsonl``) atomically, from compact JSON lines
    (``to_json(notice, indent=False)``) given one at a time."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
    return Path(path)
