"""Hostile and broken text input: a clear answer in bounded time, never a traceback."""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.run import parse_file

NOTICE_LINES = ["某市人民政府文件", "某政发〔2024〕3号", "某市人民政府关于加强管理的通知", "各区人民政府：",
                "一、总体要求", "(一)加强领导。到2025年，覆盖率达到90%以上。(市发改委牵头，市财政局配合)",
                "1.落实责任。", "序号|重点任务|责任单位", "1|推进改革|市发改委、市财政局", "某市人民政府",
                "2024年5月6日", "(此件公开发布)", "附件", "抄送：省政府办公厅。"]


def _cases(tmp):
    """(name, bytes) of broken inputs the text path must survive."""
    yield "invalid-utf8.txt", b"\xff\xfe\xfd" * 100 + "一、总体要求".encode() + b"\x80\x81" * 100
    yield "two-encodings.txt", "一、总体要求\n".encode("utf-8") + "二、主要任务\n".encode("gbk") * 50
    yield "nul-bytes.txt", b"\x00" * 5000
    yield "only-spaces.txt", b" \n\t\r\n" * 100
    yield "png-named-txt.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(2000)
    yield "zip-named-txt.txt", b"PK\x03\x04" + os.urandom(2000)
    yield "random.txt", os.urandom(20000)
    yield "utf16-no-bom.txt", "一、总体要求\n到2025年达到90%。\n".encode("utf-16-le")
    yield "long-line.txt", ("一、" + "加强管理" * 100_000).encode()
    yield "deep-brackets.txt", ("(" * 5000 + "市发改委牵头" + ")" * 5000).encode()
    yield "many-headings.txt", "\n".join(f"{i}.标题{i}。" for i in range(1, 20_000)).encode()
    yield "table-20000-rows.txt", ("序号|重点任务|责任单位\n" + "".join(
        f"{i}|任务{i}|市财政局\n" for i in range(1, 20_001))).encode()
    yield "mixed-newlines.txt", "一、总体要求\r到2025年达到90%。\r\n二、任务\n".encode()
    yield "control-chars.txt", "".join(chr(c) for c in range(1, 32)).encode() * 100
    yield "huge-number.txt", ("到2025年，覆盖率达到" + "9" * 5000 + "%。").encode()


def test_each_broken_text_input_gets_a_clear_answer(tmp_path):
    for name, data in _cases(tmp_path):
        path = tmp_path / name
        path.write_bytes(data)
        start = time.time()
        try:
            notice = parse_file(path)
        except PipelineError as exc:
            assert exc.code.startswith("E-") and name in str(exc), name
        else:
            json.dumps(notice.as_dict(), ensure_ascii=False)
        assert time.time() - start < 20, name


def test_a_50_mb_text_file_is_refused_by_its_size_quickly(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.write(("一、总体要求\n" + "加强管理，" * 20 + "\n").encode() * 250_000)
    assert path.stat().st_size > 50 * 1024 * 1024
    start = time.time()
    with pytest.raises(PipelineError) as err:
        parse_file(path)
    assert err.value.code == "E-LIMIT-SIZE" and time.time() - start < 2


def test_a_batch_of_hostile_files_goes_on_and_reports_each(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, data in _cases(tmp_path):
        (raw / name).write_bytes(data)
    shutil.copy(data_dir / "hexi-county-2023-7.txt", raw / "good notice.txt")
    (raw / "$(touch pwned);name.txt").write_bytes("一、总体要求\n".encode())
    code = ("import resource,subprocess,sys;r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
            "sys.stdout.write(r.stdout+r.stderr);"
            "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "pipeline", "run", str(raw),
                             str(tmp_path / "out"), "--workers", "2", "--format", "json,csv"],
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    peak_mb = int(result.stdout.rsplit("PEAK", 1)[1]) / 1024
    assert peak_mb < 1000, peak_mb  # the largest process of the batch, parent or worker
    assert not (tmp_path / "pwned").exists() and not os.path.exists("pwned")
    doc = json.loads((tmp_path / "out" / "good notice" / "document.json").read_text(encoding="utf-8"))
    assert doc["metadata"]["date"] == "2023-03-15"
    assert not list((tmp_path / "out").rglob("*.tmp"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(NOTICE_LINES), st.text(max_size=60)), max_size=30))
def test_generated_notices_give_a_record_or_a_pipeline_error(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("gen") / "n.txt"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass") if _encodable(lines) else \
        path.write_bytes("\n".join(lines).encode("utf-8", "replace"))
    try:
        notice = parse_file(path)
    except PipelineError:
        return
    doc = notice.as_dict()
    for t in doc["targets"] + doc["tasks"]:
        assert 0 <= t["span"]["start"] <= t["span"]["end"] <= len(doc["text"])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_give_a_record_or_a_pipeline_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "b.txt"
    path.write_bytes(data)
    try:
        parse_file(path)
    except PipelineError:
        pass


def _encodable(lines):
    try:
        "\n".join(lines).encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


# Fuzzing every reader: bytes behind each format's magic.  Longer runs:
#   python -m pytest tests/hostile -k fuzz --hypothesis-profile=fuzz   (10,000 examples each)
@pytest.mark.parametrize("magic, suffix", [(b"%PDF-1.4\n", ".pdf"), (b"PK\x03\x04", ".docx"),
                                           (b"<html><body>", ".html"), (b"\xd0\xcf\x11\xe0", ".doc")])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_fuzz_each_reader(tmp_path, magic, suffix, data):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(magic + data)
    try:
        parse_file(path)
    except PipelineError:
        pass
