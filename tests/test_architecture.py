"""The shape of the code, checked on every build: one unit of work, one error path, one-way layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bourse"
# The boundary: the only module that commits or rolls back (requests, commands and jobs go through it).
BOUNDARY = {PACKAGE / "unit_of_work.py"}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "translations" not in p.parts)


def calls_named(tree: ast.AST, names: set[str]) -> list[int]:
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names]


def test_only_the_boundary_commits_or_rolls_back():
    offenders = []
    for path in modules():
        if path in BOUNDARY:
            continue
        for line in calls_named(ast.parse(path.read_text()), {"commit", "rollback"}):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    assert offenders == [], "commit/rollback outside bourse/unit_of_work.py: " + ", ".join(offenders)


def test_services_raise_domain_errors_not_http_ones():
    offenders = []
    for path in modules():
        source = path.read_text()
        if path.name in ("views.py", "pages.py", "api.py", "settings_views.py", "errors.py", "permissions.py",
                         "security.py"):
            continue
        if "werkzeug.exceptions" in source or "abort(" in source:
            offenders.append(str(path.relative_to(PACKAGE.parent)))
    assert offenders == []


def test_the_check_finds_a_commit(tmp_path):
    """The check above can fail: a service that commits is caught."""
    tree = ast.parse("def save(x):\n    db.session.add(x)\n    db.session.commit()\n")
    assert calls_named(tree, {"commit", "rollback"}) == [3]


@pytest.mark.parametrize("verb", ["commit", "rollback"])
def test_the_check_ignores_other_names(verb):
    assert calls_named(ast.parse(f"x.{verb}_later()\n"), {"commit", "rollback"}) == []
