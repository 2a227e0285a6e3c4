"""Heavy resources: jieba's dictionary stored by first character segments exactly as jieba does."""
import logging

import pytest

from pipeline import resources


@pytest.fixture(scope="module")
def reference():
    """jieba's own tokenizer with the same few words added."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in WORDS:
        tokenizer.add_word(word)
    return tokenizer


WORDS = ["市工信局", "市市场监管局", "工业和信息化局", "县乡村振兴局"]
TEXTS = ["由市市场监管局牵头，市工信局配合", "到2025年，广泛形成绿色生产生活方式", "县乡村振兴局负责",
         "碳排放强度明显降低，生态环境持续改善", "建成一批绿色工厂和绿色园区。", "abc 123 ＡＢＣ", "一"]


def _stored_tokenizer(words):
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = resources._stored(words, jieba.__version__)
    tokenizer.initialized = True
    return tokenizer


def test_stored_dictionary_segments_like_jieba(reference, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = _stored_tokenizer(WORDS)  # builds the store
    again = _stored_tokenizer(WORDS)  # reads it
    assert len(list((tmp_path / "policy-pipeline").glob("jieba-*.bin"))) == 1
    for text in TEXTS:
        assert first.lcut(text, HMM=True) == again.lcut(text, HMM=True) == reference.lcut(text, HMM=True), text
    assert again.total == reference.total
    assert len(again.FREQ._index) > 1000  # most groups were never read


def test_other_words_get_their_own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    import jieba

    assert resources._store_path(WORDS, jieba.__version__) != resources._store_path(WORDS[:1], jieba.__version__)


def test_bureau_names_stay_whole():
    assert "市市场监管局" in resources.segment("由市市场监管局牵头")


def test_an_unwritable_cache_falls_back_to_jieba_in_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    tokenizer = resources._jieba.__wrapped__()
    assert type(tokenizer.FREQ) is dict and "市市场监管局" in tokenizer.lcut("由市市场监管局牵头")
