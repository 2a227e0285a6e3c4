"""The house's import rules, read from the source: stages only import downwards, and no module
takes another's private names.  Imports inside functions count as much as those at the top."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "pipeline"
# each module's layer; a module may import its own layer and those below it, never one above
LAYERS = {
    "errors": 0, "version": 0, "limits": 0, "options": 0, "patterns": 0, "model": 0, "formats": 0, "zh": 0, "data": 0,
    "resources": 1,  # jieba and OpenCC loaded once: used by extract, fed by the gazetteer below it
    "read": 2, "extract": 3, "normalize": 4, "graph": 4, "annotate": 5, "compare": 5, "export": 5,
    "run": 6, "isolate": 6, "distributed": 6, "batch": 7, "cli": 9, "__init__": 9, "__main__": 9,
}
STAGE_ORDER = ("read", "extract", "normalize", "export")


def _layer_of(module: str) -> str:
    """``pipeline.extract.targets`` → ``extract``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1] if len(parts) > 2 else parts
    return ".".join(parts)


def _imports(path: Path):
    """(imported module, names taken, line) of every import in the file, relative ones resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" and module.count(".") else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, (), node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None:  # from . import patterns: each name is a module of its own
                for alias in node.names:
                    yield f"{target}.{alias.name}", (), node.lineno
                continue
            yield target, tuple(a.name for a in node.names), node.lineno


def _edges():
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _module_name(path)
        for target, names, line in _imports(path):
            if target == "pipeline" or target.startswith("pipeline."):
                yield source, target, names, f"{path.relative_to(PACKAGE.parent)}:{line}"


def test_every_module_has_a_layer():
    assert {_layer_of(s) for s, *_ in _edges()} - LAYERS.keys() == set()


def test_no_import_climbs_to_a_higher_layer():
    climbs = [f"{where}: {source} imports {target}" for source, target, _, where in _edges()
              if LAYERS[_layer_of(target)] > LAYERS[_layer_of(source)]]
    assert climbs == []


def test_no_module_takes_another_modules_private_names():
    taken = [f"{where}: {source} takes {name} from {target}" for source, target, names, where in _edges()
             for name in names if name.startswith("_") and not name.startswith("__") and target != source]
    assert taken == []


@pytest.mark.parametrize("lower, higher", [(a, b) for i, a in enumerate(STAGE_ORDER) for b in STAGE_ORDER[i + 1:]])
def test_stages_only_go_down(lower, higher):
    assert LAYERS[lower] < LAYERS[higher]


def test_the_readme_names_every_module_where_it_lives():
    """The README's "How it works" table matches the folders: every module is named in the row of
    its folder (a top-level module in the table's last rows), and every name there exists."""
    import re

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it works", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    rows: dict[str, str] = {}
    for folder, text in re.findall(r"^\| [^|]+ \| `pipeline/([\w/.]*)` \| (.+) \|$", section, re.M):
        rows[folder] = rows.get(folder, "") + text
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if path.name in ("__init__.py", "__main__.py") or rel.parts[0] == "data":
            continue
        folder = f"{rel.parent.as_posix()}/" if len(rel.parts) > 1 else ""
        if f"`{path.name}`" not in rows.get(folder, "") and f"`{rel.as_posix()}`" not in rows.get(folder, ""):
            missing.append(rel.as_posix())
    assert missing == []
    named = {(folder, name) for folder, text in rows.items() for name in re.findall(r"`([\w/]+\.py)`", text)}
    assert [f"{folder}{name}" for folder, name in named if not (PACKAGE / folder / name).exists()] == []
