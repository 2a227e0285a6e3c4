"""Joint issuers written run together: 海关总署国家移民局中国民航局 → 海关总署、国家移民局、中国民航局.

Several ministries issue one notice together, and the title (or the signature)
names them one after another; the cleaning step removes the layout spaces that
set them apart.  When the whole name is a sequence of two or more national
organs the gazetteer knows, it becomes a 、 list.  Local organs are cut where the
grammar of organ names says one name ends and the next begins: after an organ's
suffix (人民政府, 人民法院, 市委 …), where the same place starts again or a party
body begins (鹤岗市人民政府鹤岗市中级人民法院, 中共宿州市委宿州市人民政府).  Anything
else stays as written (天水市人民政府天水军分区).
"""
from __future__ import annotations

from functools import lru_cache

from .. import patterns as P
from ..zh.script import simplified
from ..model import Metadata
from ..zh.gazetteer import gazetteer

MIN_NAME = 3  # 国办, 央行: two-character short forms never stand in a title's issuer


@lru_cache(maxsize=1)
def _national_names() -> frozenset[str]:
    gaz = gazetteer()
    return frozenset(a for a, alias in gaz.aliases.items() if gaz.national_only(alias.key) and len(a) >= MIN_NAME)


def split_organs(name: str | None) -> str | None:
    """``name`` as a 、 list when it is two or more known national organs run together; each piece
    of a 、 list is split alike (signatures set three to a line: 商务部国家发展改革委教育部、公安部…)."""
    if not name or any(sep in name for sep in "，, "):
        return name
    if "、" in name:
        return "、".join(split_organs(piece) or piece for piece in name.split("、"))
    names, work = _national_names(), simplified(name)
    longest = max(map(len, names), default=0)
    # cuts[i]: the pieces of work[:i], fewest first; None where no sequence of names reaches i
    cuts: list[list[int] | None] = [[]] + [None] * len(work)
    for end in range(1, len(work) + 1):
        for start in range(max(0, end - longest), end):
            if cuts[start] is not None and work[start:end] in names:
                if cuts[end] is None or len(cuts[start]) + 1 < len(cuts[end]):
                    cuts[end] = cuts[start] + [end]
    found = cuts[-1]
    if found is None or len(found) < 2:
        return name
    return "、".join(name[a:b] for a, b in zip([0] + found[:-1], found))


def split_local_organs(name: str | None) -> str | None:
    """``name`` as a 、 list where local organs stand run together: a cut after an organ's suffix
    where the rest opens with the same place as the name before it, or with 中共, and ends as an organ."""
    if not name or any(sep in name for sep in "、，, "):
        return name
    work = simplified(name)
    cuts, start = [], 0
    for i in range(2, len(work) - 1):
        head, rest = work[start:i], work[i:]
        place = P.ORGAN_PLACE.match(head)
        if not (place and P.ORGAN_SUFFIX.search(head) and P.ORGAN_SUFFIX.search(rest)):
            continue
        if rest.startswith(place.group("place")) or P.PARTY_PREFIX.match(rest):
            cuts.append(i)
            start = i
    if not cuts:
        return name
    return "、".join(name[a:b] for a, b in zip([0] + cuts, cuts + [len(name)]))


def split_joint_issuers(metadata: Metadata) -> Metadata:
    """New metadata whose issuer and signature name run-together national organs one by one, and whose
    issuer names run-together local organs one by one (a signature is kept as written)."""
    issuer, signature = split_organs(metadata.issuer), split_organs(metadata.signature)
    if issuer == metadata.issuer:
        issuer = split_local_organs(issuer)
    if (issuer, signature) == (metadata.issuer, metadata.signature):
        return metadata
    return metadata.evolve(issuer=issuer, signature=signature)
