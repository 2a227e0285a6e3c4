"""The contract JSON document (CONTRACT.md, version 1)."""
from __future__ import annotations

import json
from pathlib import Path

from ..model import Notice
from .atomic import write_text


def to_json(notice: Notice) -> str:
    """The notice as contract JSON text: UTF-8 characters as themselves, indented."""
    return json.dumps(notice.as_dict(), ensure_ascii=False, indent=1)


def write_json(notice: Notice, path: str | Path) -> Path:
    """Write the contract document atomically."""
    return write_text(path, to_json(notice) + "\n")
