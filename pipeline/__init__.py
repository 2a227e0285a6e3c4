"""policy-pipeline: Chinese government policy notices into structured, traceable data.

``pipeline.parse(path)`` runs every stage on one file and returns the
:class:`~pipeline.model.Notice`.  Heavy libraries load lazily.
"""
from __future__ import annotations

__version__ = "0.1.0"


def parse(path):
    """Read, extract and normalise one notice file; return its Notice record."""
    from .run import parse_file

    return parse_file(path)
