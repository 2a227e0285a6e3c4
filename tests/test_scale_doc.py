"""docs/scale.md's merge code, run as the page gives it, on two small shards of generated notices."""
import importlib.util
import re
import sqlite3
from pathlib import Path

import pytest

from pipeline.batch import run_batch

ROOT = Path(__file__).parent.parent
PAGE = ROOT / "docs" / "scale.md"


def _merge_code() -> dict:
    """The page's code block that starts ``# scale: merge``, executed: its functions."""
    blocks = re.findall(r"```python\n(# scale: merge\n.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "docs/scale.md has one ```python block starting '# scale: merge'"
    namespace: dict = {}
    exec(compile(blocks[0], str(PAGE), "exec"), namespace)
    return namespace


def _make_corpus():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_corpus


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """out/site-a/2023 (one notice) and out/site-b (two), both named n0000…: the same ids in both."""
    pytest.importorskip("pyarrow")
    base = tmp_path_factory.mktemp("scale")
    make_corpus = _make_corpus()
    for partition, n in (("site-a/2023", 1), ("site-b", 2)):
        make_corpus(base / "raw" / partition, n)
        outcomes = list(run_batch(base / "raw" / partition, base / "out" / partition,
                                  ("json", "sqlite", "parquet"), workers=1))
        assert all(o.ok for o in outcomes)
    (base / "out" / "killed").mkdir()  # a run killed midway: no manifest, not a shard
    (base / "out" / "killed" / "notices.sqlite").write_bytes(b"")
    return base / "out"


def test_the_page_finds_every_finished_shard(shards):
    code = _merge_code()
    assert [p for p, _ in code["shards"](shards)] == ["site-a/2023", "site-b"]


def test_the_page_merges_the_parquet_shards(shards, tmp_path):
    import pandas as pd
    import pyarrow.parquet as pq

    code = _merge_code()
    one, two = (pq.read_schema(shards / p / "parquet" / "tasks.parquet").remove_metadata() for p in ("site-a/2023", "site-b"))
    assert one.names == two.names and one != two  # a column null in one shard is typed null there: what the page unifies
    code["merge_parquet"](shards, tmp_path / "merged")
    for table in code["PARQUET_TABLES"]:
        parts = [pq.read_table(shards / p / "parquet" / f"{table}.parquet").num_rows for p in ("site-a/2023", "site-b")]
        if sum(parts) == 0:
            assert not (tmp_path / "merged" / f"{table}.parquet").exists()
            continue
        merged = pd.read_parquet(tmp_path / "merged" / f"{table}.parquet", dtype_backend="numpy_nullable")
        assert len(merged) == sum(parts), table
        assert merged.columns[0] == "partition"
        assert merged.groupby("partition").size().reindex(["site-a/2023", "site-b"], fill_value=0).tolist() == parts
    notices = pd.read_parquet(tmp_path / "merged" / "notices.parquet")
    assert sorted(zip(notices.partition, notices.notice)) == [
        ("site-a/2023", "n0000"), ("site-b", "n0000"), ("site-b", "n0001")]  # a notice id is unique per shard only


def test_the_page_merges_the_databases_keyed_by_partition(shards, tmp_path):
    code = _merge_code()
    code["merge_sqlite"](shards, tmp_path / "all.sqlite")
    con = sqlite3.connect(tmp_path / "all.sqlite")
    for table in code["SQLITE_TABLES"]:
        expected = sum(sqlite3.connect(shards / p / "notices.sqlite").execute(f'SELECT COUNT(*) FROM "{table}"')
                       .fetchone()[0] for p in ("site-a/2023", "site-b"))
        assert con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == expected, table
    assert con.execute("SELECT partition, notice_id FROM notices ORDER BY 1, 2").fetchall() == [
        ("site-a/2023", "n0000"), ("site-b", "n0000"), ("site-b", "n0001")]
    assert "document" not in [r[1] for r in con.execute("PRAGMA table_info(notices)")]
    key = sorted((r[5], r[1]) for r in con.execute("PRAGMA table_info(tasks)") if r[5])
    assert [c for _, c in key] == ["partition", "notice_id", "task_seq"]
    con.close()
    with pytest.raises(sqlite3.IntegrityError):  # the same shard twice: a clash, never an overwrite
        code["merge_sqlite"](shards, tmp_path / "all.sqlite")
