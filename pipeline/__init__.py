"""policy-pipeline: Chinese government policy notices into structured, traceable data.

``pipeline.parse(path)`` runs every stage on one file and returns the
:class:`~pipeline.model.Notice`; ``pipeline.parse(path, Options(limits=Limits(max_pages=50),
units=load_units("my-units.csv")))`` runs it with settings of its own; ``pipeline.tables(notice)``
gives its flat tables as pandas DataFrames; ``pipeline.corpus("out")`` reads a batch's output folder
back as DataFrames (notices, every flat table, the citation graph's edges, the comparisons).
Heavy libraries load lazily.
"""
from __future__ import annotations

from .limits import Limits
from .options import Options
from .version import __version__

__all__ = ["Limits", "Options", "__version__", "corpus", "load_units", "parse", "tables"]


def parse(path, options: Options | None = None):
    """Read, extract and normalise one notice file within ``options`` (the defaults when None);
    return its Notice record."""
    from .options import DEFAULT
    from .run import parse_file

    return parse_file(path, DEFAULT if options is None else options)


def load_units(path):
    """A user's unit file (``name,canonical,kind,place,note``; see pipeline/data/README.md), read
    once for ``Options(units=...)``; raises ValueError naming the line of a bad row."""
    from .normalize.units import load_units as load

    return load(path)


def tables(notice) -> dict:
    """pandas DataFrames of a Notice, one per table of the CSV export (tasks, targets, instruments,
    outline, citations, units) plus notices (its metadata row); the notice is named by its file's stem.

    Here, above the stages, not a method of the record: the data model knows no exporter."""
    from pathlib import Path

    from .export.records import digest, frames

    return frames([digest(notice, Path(notice.source.path).stem)])


def corpus(out_dir) -> dict:
    """A batch's output folder (``policy-pipeline run RAW OUT``) as pandas DataFrames, for a notebook:
    ``notices`` (one row per notice), every flat table (``tasks``, ``targets``, ``instruments``,
    ``outline``, ``citations``, ``units``), ``edges`` (the citation graph: who cites, implements,
    forwards or repeals whom) and ``comparisons`` (``measures``, ``targets``, ``bureaus`` of every
    comparison under OUT/compare/, each row with the pair's ``a_notice`` and ``b_notice``).

    Read from each notice's stored rows (``.digest.json``; its document.json where a run kept none),
    the graph from the batch's ``edges.jsonl`` (linked again when the run wrote no JSON).  Raises
    ``pipeline.errors.ReadError`` naming the folder when it holds no batch."""
    from .batch import read_corpus

    return read_corpus(out_dir)
