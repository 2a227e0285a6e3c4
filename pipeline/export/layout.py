"""The layout of a batch's output folder: one folder per notice beside the combined outputs.

Folder names come from the input's path relative to RAW and never collide: not with
each other (compared as a case-insensitive file system compares them, so ``a.txt``
and ``a.TXT`` get two), not with a combined output (a notice named
``notices.jsonl.txt`` keeps ``notices.jsonl`` free), each under NAME_MAX bytes (a long
name is cut and given a hash of its path), and always UTF-8 without control
characters (a name that is not gets a safe form and the hash).  A re-run reconciles:
folders of inputs that are gone are found here, and every file the pipeline writes in
a notice folder is known, so removing one touches nothing else.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

from .atomic import abandoned
from .records import COLUMNS

NAME_MAX = 255  # bytes of one path component on every common file system
HASH_LEN = 10  # hex digits of the path hash a shortened or unsafe name gets

# what each format writes into a notice's folder, and into the batch's own folder
DIGEST = ".digest.json"  # a notice's flat rows, for a re-run that finds it unchanged (records.save_digest)
NOTICE_FILES = {"json": ("document.json", DIGEST), "csv": tuple(f"{t}.csv" for t in COLUMNS), "html": ("review.html",)}
PARQUET_FILES = tuple(f"{t}.parquet" for t in COLUMNS) + ("notices.parquet", "edges.parquet")
COMBINED = {"json": ("notices.jsonl", "edges.jsonl"), "csv": (*NOTICE_FILES["csv"], "edges.csv"), "xlsx": ("notices.xlsx",),
            "sqlite": ("notices.sqlite", "notices.metadata.json"), "html": ("index.html",)}
COMPARED = "compare"  # in OUT: the comparison of each notice with the notice it implements (run --compare-cited)
PAIR = "pair.json"  # in each comparison's folder: the two notices' names
MANIFEST = ".manifest.json"  # in OUT: what the last run's combined outputs hold (pipeline/batch.py)
RESERVED = {MANIFEST, COMPARED, "notices.jsonl", "edges.jsonl", "edges.csv", "errors.csv", "index.html", "notices.xlsx", "notices.sqlite", "notices.metadata.json",
            "notices.sqlite-journal", "notices.sqlite-wal", "notices.sqlite-shm", "parquet",
            *NOTICE_FILES["csv"]}
KNOWN = {f for files in NOTICE_FILES.values() for f in files} | RESERVED | set(PARQUET_FILES)
MAX_LEVEL = 3


def key(name: str) -> str:
    """``name`` as a case- and normalisation-insensitive file system compares it."""
    return unicodedata.normalize("NFC", name).casefold()


def shown(text) -> str:
    """``text`` safe to print on one line or write as UTF-8: control characters and the bytes of a
    name that is not UTF-8 as escapes (``\\n``, ``\\xff``)."""
    text = str(text)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        n = ord(ch)
        if 0xDC80 <= n <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
            out.append(f"\\x{n - 0xDC00:02x}")
        elif ch == " " or ch.isprintable():
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def _unsafe(ch: str) -> bool:
    return ch in "/\\" or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def _path_hash(rel: Path) -> str:
    return hashlib.sha256("/".join(rel.parts).encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LEN]


def safe_name(name: str, rel: Path, hashed: bool = False) -> str:
    """``name`` as a folder name: unsafe characters replaced, under NAME_MAX bytes; when anything
    had to change (or ``hashed``), a hash of ``rel`` keeps it apart from every other input's."""
    clean = "".join("_" if _unsafe(ch) else ch for ch in name)
    if clean.startswith("."):  # hidden, or . and ..
        clean = "_" + clean
    if not hashed and clean == name and len(name.encode("utf-8")) <= NAME_MAX:
        return name
    suffix = "~" + _path_hash(rel)
    room = NAME_MAX - len(suffix)
    return clean.encode("utf-8")[:room].decode("utf-8", "ignore") + suffix


def _candidate(path: Path, rel: Path, level: int) -> str:
    ext = path.suffix.lstrip(".").lower()
    if level == 0:
        name = path.stem
    elif level == 1:
        name = f"{path.stem}.{ext}"
    else:
        name = "__".join(rel.parent.parts + (path.stem,)) + f".{ext}"
    return safe_name(name, rel, hashed=level >= MAX_LEVEL)


def folder_names(paths: list[Path], raw: str | Path | None = None) -> tuple[dict[Path, str], list[list[Path]]]:
    """One folder name per input, and the groups of inputs that could not be kept apart.

    An input is named by its stem; where that collides (or is a combined output's name), by
    stem and extension; then by its path relative to RAW; then by that path cut short with a
    hash of it.  Every input of a colliding group moves on, so which one keeps the short name
    never depends on the order of the files."""
    base = Path(raw) if raw is not None and Path(raw).is_dir() else None
    rels = {}
    for p in paths:
        try:
            rels[p] = p.relative_to(base) if base else p
        except ValueError:
            rels[p] = p
    level = {p: 0 for p in paths}
    while True:
        names = {p: _candidate(p, rels[p], level[p]) for p in paths}
        groups: dict[str, list[Path]] = {}
        for p, n in names.items():
            groups.setdefault(key(n), []).append(p)
        moved = False
        for k, group in groups.items():
            if len(group) > 1 or k in RESERVED:
                for p in group:
                    if level[p] < MAX_LEVEL:
                        level[p] += 1
                        moved = True
        if not moved:
            break
    clashes = [sorted(g) for k, g in groups.items() if len(g) > 1 or k in RESERVED]
    bad = {p for g in clashes for p in g}
    return {p: n for p, n in names.items() if p not in bad}, clashes


def is_notice_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a notice this pipeline wrote (its document.json)."""
    doc = folder / "document.json"
    try:
        if folder.is_symlink() or not doc.is_file():
            return False
        with open(doc, "rb") as f:
            head = f.read(2048)
    except OSError:
        return False
    return b'"schema_version"' in head and b'"source"' in head


def stale_folders(out: Path, names) -> list[Path]:
    """Notice folders in ``out`` that no input of this run is written to (their input is gone)."""
    keep = {key(n) for n in names}
    try:
        children = sorted(out.iterdir())
    except OSError:
        return []
    return [c for c in children if not c.name.startswith(".") and key(c.name) not in keep
            and c.is_dir() and is_notice_folder(c)]


def drop_formats(folder: Path, formats) -> None:
    """Remove a notice folder's files of ``formats`` (those a run did not ask for: they would be stale)."""
    for fmt in formats:
        for name in NOTICE_FILES.get(fmt, ()):
            try:
                (folder / name).unlink()
            except (FileNotFoundError, NotADirectoryError):
                pass


def clear_folder(folder: Path) -> None:
    """Remove what the pipeline wrote in a notice folder, with what a killed writer left there,
    and the folder itself once it is empty (anything of someone else's in it stays)."""
    drop_formats(folder, NOTICE_FILES)
    sweep(folder, recursive=False)
    try:
        folder.rmdir()
    except OSError:
        pass


def clear_combined(out: Path, formats) -> None:
    """Remove the combined outputs of ``formats`` (those a run did not ask for: they would be stale)."""
    for fmt in formats:
        for name in COMBINED.get(fmt, ()):
            try:
                (out / name).unlink()
            except FileNotFoundError:
                pass
        if fmt == "parquet":
            for name in PARQUET_FILES:
                try:
                    (out / "parquet" / name).unlink()
                except (FileNotFoundError, NotADirectoryError):
                    pass
            try:
                (out / "parquet").rmdir()
            except OSError:
                pass


def sweep(out: Path, recursive: bool = True) -> int:
    """Remove the temporary files of writers that are gone (a kill -9 skips every cleanup): in
    ``out``, and with ``recursive`` in its notice folders and ``parquet/``.  A file another run is
    writing is locked and stays.  The number removed."""
    if not out.is_dir():
        return 0
    folders = [out]
    if recursive:
        try:
            folders += [c for c in out.iterdir() if not c.name.startswith(".") and c.is_dir() and not c.is_symlink()]
        except OSError:
            pass
    removed = 0
    for folder in folders:
        try:
            temps = [e for e in os.scandir(folder) if e.name.startswith(".") and e.name.endswith(".tmp")]
        except OSError:
            continue
        removed += sum(abandoned(e.path, KNOWN) for e in temps)
    return removed
