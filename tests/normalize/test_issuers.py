"""Joint national issuers written run together are split by the names the gazetteer knows."""
import pytest

from pipeline.model import Metadata
from pipeline.normalize.issuers import split_joint_issuers, split_local_organs, split_organs


@pytest.mark.parametrize("name, want", [
    ("海关总署国家移民局中国民航局", "海关总署、国家移民局、中国民航局"),
    ("国家发展改革委财政部", "国家发展改革委、财政部"),
    ("財政部教育部", "財政部、教育部"),  # traditional script, kept as written
    ("国家发展改革委", "国家发展改革委"),  # one organ
    ("国务院办公厅", "国务院办公厅"),  # 办公厅 is no organ of its own
    ("国家发展改革委办公厅", "国家发展改革委办公厅"),
    ("天水市人民政府天水军分区", "天水市人民政府天水军分区"),  # local organs: not cut
    ("教育部、财政部", "教育部、财政部"),  # already a list
    ("商务部国家发展改革委教育部、公安部民政部", "商务部、国家发展改革委、教育部、公安部、民政部"),  # three to a line
    (None, None),
])
def test_split_organs(name, want):
    assert split_organs(name) == want


@pytest.mark.parametrize("name, want", [
    ("鹤岗市人民政府鹤岗市中级人民法院", "鹤岗市人民政府、鹤岗市中级人民法院"),
    ("中共宿州市委宿州市人民政府", "中共宿州市委、宿州市人民政府"),
    ("某县人民政府某县人民检察院某县人民法院", "某县人民政府、某县人民检察院、某县人民法院"),
    ("天水市人民政府天水军分区", "天水市人民政府天水军分区"),  # no place repeated: not cut
    ("鹤岗市人民政府办公室", "鹤岗市人民政府办公室"),  # one organ
    ("中共宿州市委宣传部", "中共宿州市委宣传部"),
])
def test_split_local_organs(name, want):
    assert split_local_organs(name) == want


def test_metadata_gets_new_issuer_and_signature_only():
    m = Metadata(issuer="海关总署国家移民局中国民航局", signature="海关总署国家移民局民航局", title="t")
    out = split_joint_issuers(m)
    assert (out.issuer, out.signature, out.title) == ("海关总署、国家移民局、中国民航局", "海关总署、国家移民局、民航局", "t")
    assert m.issuer == "海关总署国家移民局中国民航局"  # the input is left as it was
