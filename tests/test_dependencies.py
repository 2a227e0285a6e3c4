"""Declare what you import and use what you declare: setup.cfg's lists against the imports of
``pipeline/`` (and the test extra against those of ``tests/``); heavy readers load only when used."""
import ast
import configparser
import os
import re
import subprocess
import sys
from collections import defaultdict
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
# declared for a library we import, which imports it without declaring it
RUNTIME_ONLY = {"onnxruntime": "rapidocr's inference engine"}
# each extra and the modules of the feature it serves; every other module is the core's
FEATURES = {"ocr": {"pipeline/read/ocr.py"}, "dask": {"pipeline/distributed.py"},
            "spacy": {"pipeline/annotate.py", "pipeline/resources.py"}}
FEATURE_EXTRAS = tuple(FEATURES)
# the project's own modules: the package, the tests' helpers and bench/ (on the tests' pythonpath)
LOCAL = {"pipeline"} | {p.stem for d in ("tests", "bench") for p in (ROOT / d).iterdir()
                        if p.suffix == ".py" or (p.is_dir() and not p.name.startswith((".", "__")))}


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def _declared() -> dict[str, set[str]]:
    """{"install_requires" | extra: distribution names} as setup.cfg lists them."""
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    lists = {"install_requires": cfg["options"]["install_requires"], **cfg["options.extras_require"]}
    return defaultdict(set, {key: {_name(line) for line in value.splitlines() if line.strip()}
                             for key, value in lists.items()})


def _imports(folder: str, top_level_only: bool = False) -> dict[str, set[str]]:
    """{top-level module: files} of every absolute import under ``folder``, at any indentation
    (``pytest.importorskip("x")`` counts as an import in tests); stdlib and the project left out."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = tree.body if top_level_only else ast.walk(tree)
        for node in nodes:
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "importorskip"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                names = [node.args[0].value]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in LOCAL:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _distributions(modules) -> dict[str, str]:
    """{module: distribution}, from what is installed (a module nothing installed provides: skipped)."""
    known = packages_distributions()
    missing = sorted(m for m in modules if m not in known)
    if missing:
        pytest.skip(f"not installed, so its distribution is unknown: {', '.join(missing)}")
    return {m: _name(known[m][0]) for m in modules}


def test_every_import_of_the_package_is_declared():
    """In install_requires, or in the extra of the feature whose module imports it."""
    declared = _declared()
    imports = _imports("pipeline")
    dists = _distributions(imports)
    undeclared = {f"{m} ({dists[m]}) in {file}" for m, files in imports.items() for file in files
                  if dists[m] not in declared["install_requires"].union(
                      *(declared[extra] for extra, modules in FEATURES.items() if file in modules))}
    assert undeclared == set()


def test_a_module_level_import_is_an_install_requirement():
    """An extra's library is imported inside the function that needs it: the package imports without it."""
    declared = _declared()["install_requires"]
    imports = _imports("pipeline", top_level_only=True)
    dists = _distributions(imports)
    assert {f"{m} ({dists[m]}) in {sorted(files)}" for m, files in imports.items() if dists[m] not in declared} == set()


@pytest.mark.parametrize("key", ("install_requires",) + FEATURE_EXTRAS)
def test_every_declared_package_is_imported(key):
    used = set(_distributions(_imports("pipeline")).values())
    assert _declared()[key] - used - set(RUNTIME_ONLY) == set()


def test_every_test_requirement_is_used_by_the_tests():
    """The test extra: what the tests import, and the feature extras whose tests it runs."""
    declared = _declared()
    features = set().union(*(declared[e] for e in FEATURE_EXTRAS))
    used = set(_distributions(_imports("tests")).values())
    assert declared["test"] - used - features == set()


def test_spacy_is_an_extra_and_tqdm_a_requirement():
    """spaCy was a hard dependency used only as displaCy's templater; tqdm was used and undeclared."""
    declared = _declared()
    assert "spacy" not in declared["install_requires"] and declared["spacy"] == {"spacy"}
    assert "spacy" in declared["test"]  # so its test runs
    assert "tqdm" in declared["install_requires"]


def test_importing_the_readers_loads_no_reader_library():
    """READERS maps each format to a function that imports its reader when a file of it is read."""
    code = ("import sys, pipeline.read as r; from pipeline.model import Format; "
            "assert set(r.READERS) == set(Format) and all(callable(f) for f in r.READERS.values()); "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pdfplumber', 'pypdfium2', 'pdfminer', 'lxml', 'docx', 'rapidocr', 'charset_normalizer', 'spacy') "
            "or m.startswith('pipeline.read.'))))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == []
