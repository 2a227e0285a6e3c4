"""The normalize stage for one notice: what extract found, its bureaus resolved, as a Notice."""
from __future__ import annotations

from ..version import __version__
from ..model import Document, Extracted, Notice, Source, Warning
from ..options import NO_UNITS, Units
from .issuers import split_joint_issuers
from .link import link_tasks
from .responsibility import assign_units, collect_units


def normalize_notice(doc: Document, found: Extracted, units: Units = NO_UNITS) -> Notice:
    """The Notice of ``found``: joint issuers named one by one, every task's units split and
    resolved to official names (a row of the user's unit file, ``units``, first; a bare 市/区 is the
    issuer's place, or failing that the signature's or the title's), annex tasks linked to the
    measures they implement, the notice's units listed."""
    m = split_joint_issuers(found.metadata)
    tasks = assign_units(list(found.tasks), m.issuer or m.signature or m.title, doc.text, found.first_leads, m.date,
                         units)
    tasks = link_tasks(tasks, found.outline)
    warnings = list(found.warnings) + [Warning("W-UNIT-UNRESOLVED", f"no official name found for {u.raw!r}", u.span)
                                       for t in tasks for u in t.units if u.canonical is None]
    source = Source(doc.path, doc.format.value, doc.sha256, doc.encoding, doc.pages)
    return Notice(source=source, metadata=m, outline=found.outline, targets=found.targets,
                  instruments=found.instruments, validity=found.validity, tasks=tuple(tasks),
                  citations=found.citations, units=tuple(collect_units(tasks)), residue=found.residue,
                  preamble=found.preamble, articles=found.articles, warnings=tuple(warnings), text=doc.text,
                  pipeline_version=__version__)
