"""Heavy resources, loaded once per process and only when first needed.

What they hold is the same for every run, but for the user's unit file, whose names join
jieba's dictionary: the tokenizer and its segmentations are cached per unit file
(``Units`` hashes by its rows' digest), so one run's names never reach another's."""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from .options import NO_UNITS, Units

STORE_VERSION = 1  # bump when the layout of the stored dictionary changes


@lru_cache(maxsize=4)
def _jieba(units: Units = NO_UNITS):
    """A jieba tokenizer with the bureau names (and those of ``units``) as words, its dictionary
    read by first character.

    jieba keeps its dictionary (350,000 words and every prefix of them) in one dict
    that takes 0.8 s to unmarshal, and adding the bureau names costs more: a process
    that segments a few goal sentences pays that on every start.  The finished
    dictionary (jieba's own plus the bureau names, exactly as ``add_word`` leaves it)
    is stored once per machine, grouped by first character, and a process reads only
    the groups its sentences touch.  Segmentation is jieba's own, word for word.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on stderr
    from .zh.gazetteer import jieba_words  # bureau names stay whole words

    words = sorted(set(jieba_words()).union(units.words))
    tokenizer = jieba.Tokenizer()
    try:
        freq, total = _stored(words, jieba.__version__)
    except (OSError, RuntimeError, ValueError, EOFError, TypeError):  # no (writable) cache, or a damaged one
        freq, total = _built(words)
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return tokenizer


def _built(words: list[str]) -> tuple[dict, int]:
    """jieba's dictionary with ``words`` added, as ``add_word`` builds it."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in words:
        tokenizer.add_word(word)
    return tokenizer.FREQ, tokenizer.total


def _store_path(words: list[str], version: str) -> Path:
    key = hashlib.sha256("\n".join([str(STORE_VERSION), version, *words]).encode("utf-8")).hexdigest()[:16]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policy-pipeline"
    return base / f"jieba-{key}.bin"


def _stored(words: list[str], version: str) -> tuple[dict, int]:
    """The dictionary from the store for these words and this jieba, written first if missing."""
    path = _store_path(words, version)
    if not path.exists():
        freq, total = _built(words)
        groups: dict[str, dict] = {}
        for word, count in freq.items():
            groups.setdefault(word[0], {})[word] = count
        blobs = {ch: marshal.dumps(group) for ch, group in groups.items()}
        index, at = {}, 0
        for ch, blob in blobs.items():
            index[ch] = (at, len(blob))
            at += len(blob)
        head = marshal.dumps((total, index))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:  # written whole, then renamed: another process never reads half
            f.write(len(head).to_bytes(8, "little") + head + b"".join(blobs.values()))
        os.replace(tmp, path)
    data = path.read_bytes()
    size = int.from_bytes(data[:8], "little")
    total, index = marshal.loads(data[8:8 + size])
    return _Groups(memoryview(data)[8 + size:], index), total


class _Groups(dict):
    """jieba's word → frequency dict, each first character's words read when first asked for.

    jieba asks with ``in``, ``[]`` and ``get`` only."""

    def __init__(self, blob: memoryview, index: dict):
        super().__init__()
        self._blob, self._index = blob, index

    def _load(self, ch: str) -> None:
        at, size = self._index.pop(ch)
        self.update(marshal.loads(self._blob[at:at + size]))

    def __contains__(self, word) -> bool:
        if word and word[0] in self._index:
            self._load(word[0])
        return dict.__contains__(self, word)

    def __getitem__(self, word):
        if word and word[0] in self._index:
            self._load(word[0])
        return dict.__getitem__(self, word)

    def get(self, word, default=None):
        if word and word[0] in self._index:
            self._load(word[0])
        return dict.get(self, word, default)


@lru_cache(maxsize=8192)
def segment(text: str, units: Units = NO_UNITS) -> tuple[str, ...]:
    """jieba's words of ``text`` (precise mode), the names of the user's ``units`` kept whole."""
    return tuple(_jieba(units).lcut(text, HMM=True))


def warm(units: Units = NO_UNITS) -> None:
    """Load the heavy resources (jieba with the bureau names and those of ``units``, OpenCC) once per
    process: a batch calls it before its workers fork, a Dask cluster on each of its workers."""
    from .zh.script import simplified

    segment("预热", units)
    simplified("預熱")


@lru_cache(maxsize=1)
def blank_zh():
    """A blank spaCy Chinese pipeline segmenting by character: offsets stay exact."""
    import spacy

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
