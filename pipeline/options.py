"""The settings of one run, in one record: made by the CLI (or the API caller) and passed down.

``Options`` holds the limits (``pipeline/limits.py``) and the user's unit file, loaded once
(``pipeline.normalize.units.load_units``).  The stages read what they are given and nothing
else: no module global, no environment variable, so two parses in one process with
different Options cannot affect each other, and a batch sends the Options to its workers
(forked or on Dask) with each job.  It imports nothing from the stages.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits


@dataclass(frozen=True)
class Override:
    """A researcher's own body (a row of a ``--units`` file): wins over the built-in gazetteer."""

    name: str  # as written after the place (智库办) or whole (中新知识城开发建设办)
    canonical: str  # full name; may use the slots of departments.csv ({place} …)
    kind: str
    place: str  # only for units of this division (天水市, 黄埔区) or inside it; "" = anywhere
    note: str | None


@dataclass(frozen=True)
class Units:
    """The rows of a user's unit file, in file order, and the file they came from.

    Equal (and hashed) by a digest of the rows alone: the unit caches are keyed by it, and
    hashing a digest stays cheap however long the file (a copy unpickled in a worker is equal)."""

    rows: tuple[Override, ...] = field(default=(), compare=False)
    source: str | None = field(default=None, compare=False)
    digest: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        content = repr([(o.name, o.canonical, o.kind, o.place, o.note) for o in self.rows])
        object.__setattr__(self, "digest", hashlib.sha256(content.encode("utf-8")).hexdigest())

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def words(self) -> tuple[str, ...]:
        """The names worth a word of their own in the segmenter's dictionary (two characters or more)."""
        return tuple(sorted({o.name for o in self.rows if len(o.name) >= 2}))


NO_UNITS = Units()


@dataclass(frozen=True)
class Options:
    """What one run is allowed and told: its limits and the user's unit file."""

    limits: Limits = DEFAULT_LIMITS
    units: Units = NO_UNITS


DEFAULT = Options()
