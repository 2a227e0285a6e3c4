"""The contract JSON document (CONTRACT.md, version 1), and JSON Lines for a batch.

orjson walks the containers in C and asks each record for its own fields; the
text stays UTF-8 bytes from the encoder to the file (a notice's JSON is a few
hundred kilobytes: decoding and re-encoding it costs more than writing it).
"""
from __future__ import annotations

from pathlib import Path

import orjson

from ..model import Notice
from .atomic import atomic_path


def to_json_bytes(notice: Notice, indent: bool = True) -> bytes:
    """The notice as contract JSON in UTF-8, characters as themselves (never escaped)."""
    option = orjson.OPT_PASSTHROUGH_DATACLASS | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(notice, default=_fields, option=option)


def to_json(notice: Notice, indent: bool = True) -> str:
    """The notice as contract JSON text."""
    return to_json_bytes(notice, indent).decode("utf-8")


def _fields(obj):
    try:  # a record; called once per record, so no isinstance first
        return obj.shallow()
    except AttributeError:
        raise TypeError(f"cannot write {type(obj).__name__} as JSON") from None


def write_json(notice: Notice, path: str | Path) -> Path:
    """Write the contract document atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(to_json_bytes(notice) + b"\n")
    return Path(path)


def write_jsonl(lines, path: str | Path) -> Path:
    """Write one contract document per line (``notices.jsonl``) atomically, from compact JSON lines
    (``to_json_bytes(notice, indent=False)``) given one at a time."""
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        for line in lines:
            f.write(line)
            f.write(b"\n")
    return Path(path)
