"""Heavy resources, loaded once per process and only when first needed."""
from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on stderr
    jieba.initialize()
    from .normalize.gazetteer import jieba_words  # bureau names stay whole words
    for word in jieba_words():
        jieba.add_word(word)
    return jieba


@lru_cache(maxsize=8192)
def segment(text: str) -> tuple[str, ...]:
    """jieba's words of ``text`` (precise mode)."""
    return tuple(_jieba().lcut(text, HMM=True))


@lru_cache(maxsize=1)
def blank_zh():
    """A blank spaCy Chinese pipeline segmenting by character: offsets stay exact."""
    import spacy

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
