"""Script helpers: splitting outside brackets, the simplified working copy."""
import pytest

from pipeline.zh.script import simplified, split_outside_brackets


@pytest.mark.parametrize("text, separators, pieces", [
    ("各县(市、区)政府、市财政局", "、", ["各县(市、区)政府", "市财政局"]),
    ("市发展改革委、市财政局（按职责分工负责）", "、", ["市发展改革委", "市财政局（按职责分工负责）"]),
    ("加强“放管服、优化”改革，推进节能；完善制度", ",，;；", ["加强“放管服、优化”改革", "推进节能", "完善制度"]),
    ("〔2022〕23号，天水市", "，", ["〔2022〕23号", "天水市"]),
    ("一)、二", "、", ["一)", "二"]),  # a close without an open does not go below the surface
    ("", "、", [""]),
    ("、", "、", ["", ""]),
])
def test_split_outside_brackets(text, separators, pieces):
    assert [text[a:b] for a, b in split_outside_brackets(text, separators)] == pieces


def test_simplified_keeps_length():
    assert simplified("發展改革委員會") == "发展改革委员会"
