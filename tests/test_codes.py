"""Docs that do not drift: every error and warning code the package can emit is in the README's
tables, and every code there can be emitted (as sqlite-utils tests its documented options)."""
import ast
import re
from pathlib import Path

import pytest

from pipeline import errors

ROOT = Path(__file__).parents[1]
CODE = re.compile(r"\b[EW]-[A-Z]+(?:-[A-Z]+)*\b")
# the abstract bases: a LimitError always names its limit (test below), nothing raises a bare PipelineError
NEVER_SHOWN = {"E-PIPELINE", "E-LIMIT"}


def _trees():
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted((ROOT / "pipeline").rglob("*.py"))]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _emitted() -> set[str]:
    """Every string of the package that is a whole code (``Warning("W-…")``, ``LimitError(…, "E-LIMIT-…")``,
    ``exc.code = "E-…"``), and the code of every error class the package raises."""
    nodes = [node for _, tree in _trees() for node in ast.walk(tree)]
    # errors.py's own strings are its classes' codes: they count where a class is raised
    literals = {node.value for path, tree in _trees() if path.name != "errors.py" for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value)}
    called = {getattr(node.func, "id", None) or getattr(node.func, "attr", None) for node in nodes
              if isinstance(node, ast.Call)}
    # an error class's code, where the package raises it (a class nothing raises, E-STRUCTURE was one, emits nothing)
    classes = {cls.code for cls in _subclasses(errors.PipelineError) if cls.__name__ in called}
    return (literals | classes) - NEVER_SHOWN


def _documented() -> set[str]:
    """The codes in the first cell of the README's table rows (`E-LIMIT-SIZE` / `E-LIMIT-CHARS` …)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {code for line in readme.splitlines() if line.startswith("| `")
            for code in CODE.findall(line.split("|")[1])}


def test_every_code_the_package_emits_is_in_the_readme():
    assert _emitted() - _documented() == set()


def test_every_code_in_the_readme_can_be_emitted():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _documented() - _emitted() == set()
    assert set(CODE.findall(readme)) - _emitted() == set()  # nor does its prose name a code that is gone


def test_codes_are_written_whole():
    """A code built from parts (f"W-NO-{key}") escapes every scan: W-NO-TITLE had no words in labels.csv."""
    built = [f"{path.relative_to(ROOT)}:{node.lineno}" for path, tree in _trees() for node in ast.walk(tree)
             if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant)
             and re.fullmatch(r"[EW]-[A-Z-]*", str(node.values[0].value))]  # a code that runs into a {}
    assert built == []


def test_every_limit_error_names_its_limit():
    """E-LIMIT itself is never shown: each LimitError gets the code of its limit."""
    bare = [f"{path.relative_to(ROOT)}:{node.lineno}" for path, tree in _trees() for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "LimitError"
            and len(node.args) + len(node.keywords) < 3]
    assert bare == []


@pytest.mark.parametrize("code", ["E-STRUCTURE", "E-READ-ENCRYPTED", "E-READ-DAMAGED", "E-READ-EMPTY",
                                  "W-PDF-TRUNCATED", "W-PDF-XREF", "W-NO-TITLE", "W-NO-DATE", "W-NO-ISSUER",
                                  "W-OFD-DOCUMENTS", "W-OFD-ANNOTATIONS", "W-OFD-SIGNATURES"])
def test_codes_that_drifted_are_emitted_and_documented(code):
    assert code in _emitted() and code in _documented()
