"""One run's settings in one Options record, passed down: none is process state (issue #18)."""
import json
import re
import shutil
from pathlib import Path

import pytest

import pipeline
from pipeline import Limits, Options, load_units
from pipeline.batch import run_batch
from pipeline.errors import PipelineError

STATION = "天水火车站"  # unresolved in the worked example unless the user's file names it
RAILWAY = "中国铁路兰州局集团有限公司天水站"
UNITS_CSV = f"name,canonical,kind,place,note\n{STATION},{RAILWAY},state_owned_enterprise,,\n"


@pytest.fixture
def own_units(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(UNITS_CSV, encoding="utf-8")
    return load_units(path)


def _station(notice) -> str | None:
    return next(u.canonical for t in notice.tasks for u in t.units if u.raw == STATION)


def _outcome(path, options) -> str:
    """What one parse gave: the station's name, or the error code."""
    try:
        return _station(pipeline.parse(path, options)) or "unresolved"
    except PipelineError as exc:
        return exc.code


# each row: the options of a first parse, what it gives, then a parse with the defaults after it
@pytest.mark.parametrize("options, first", [
    ("limits", "E-LIMIT-ROWS"),
    ("units", RAILWAY),
    ("limits and units", "E-LIMIT-SIZE"),
])
def test_regression_a_global_leaked_settings_between_runs(data_dir, own_units, options, first):
    """``limits.use()`` and ``use_overrides()`` set process state: a parse after one with other
    settings ran with them.  Each parse now runs with its own Options, in either order."""
    given = {"limits": Options(Limits(max_rows=50)), "units": Options(units=own_units),
             "limits and units": Options(Limits(max_bytes=20_000), own_units)}[options]
    path = data_dir / "tianshui-2022-23.txt"
    assert _outcome(path, given) == first
    assert _outcome(path, None) == "unresolved"  # the defaults: no row limit passed, no user's units
    assert _outcome(path, given) == first
    assert _outcome(path, Options()) == "unresolved"


def test_regression_a_batch_without_units_ran_with_the_last_batchs(tmp_path, data_dir, own_units):
    """The unit file reached the workers through ``os.environ``: a second batch in the same
    process without one still had it.  Each job now carries its run's Options."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(data_dir / "tianshui-2022-23.txt", raw)

    def station(out: Path, options: Options) -> str | None:
        assert all(o.ok for o in run_batch(raw, out, ("json",), workers=2, force=True, options=options))
        doc = json.loads((out / "tianshui-2022-23" / "document.json").read_text(encoding="utf-8"))
        return next(u["canonical"] for t in doc["tasks"] for u in t["units"] if u["raw"] == STATION)

    assert station(tmp_path / "with", Options(units=own_units)) == RAILWAY
    assert station(tmp_path / "without", Options()) is None
    assert station(tmp_path / "with", Options(units=own_units)) == RAILWAY


# where the package may read the environment, and why
ENVIRONMENT_READS = {
    "resources.py": "XDG_CACHE_HOME: where the jieba dictionary is stored, a machine's cache, not a setting",
    "read/doc.py": "LibreOffice's own environment, copied for its process with HOME and TMP replaced",
}


def test_no_setting_is_read_from_the_environment():
    root = Path(pipeline.__file__).parent
    reads = {str(p.relative_to(root)) for p in root.rglob("*.py")
             if re.search(r"os\.environ|getenv|environ\[", p.read_text(encoding="utf-8"))}
    assert reads == set(ENVIRONMENT_READS)


def test_no_module_holds_the_limits_in_force():
    from pipeline import limits

    assert not hasattr(limits, "use") and not hasattr(limits, "current") and not hasattr(limits, "_current")
