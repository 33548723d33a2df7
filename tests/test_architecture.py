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


# Domain packages, lowest first: each may import the ones before it, never one after it.
# Cross-domain reactions upwards go through signals (bourse/lifecycle.py's Namespace).
LAYERS = ["accounts", "towns", "premises", "register", "programmes", "projects", "applications", "jury", "observatory",
          "matching", "search", "desk", "notifications", "privacy"]
# The composition root and the shells that assemble everything may import any package.
COMPOSERS = {"__init__", "models", "admin", "demo", "main"}
# Web-layer modules of the kernel that need accounts (who is signed in, their role): they sit with accounts.
WITH_ACCOUNTS = {"permissions", "i18n", "security"}


def imported_packages(tree: ast.AST) -> list[tuple[str, int]]:
    """``(bourse sub-package, line)`` of every runtime import; ``if TYPE_CHECKING:`` blocks are skipped."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING":
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "bourse":
            parts = node.module.split(".")
            targets = [parts[1]] if len(parts) > 1 else [alias.name for alias in node.names]
            found.extend((target, node.lineno) for target in targets)
        elif isinstance(node, ast.Import):
            found.extend((a.name.split(".")[1], node.lineno) for a in node.names
                         if a.name.startswith("bourse.") and a.name.count(".") >= 1)
    return found


def layer_violations(package: str, tree: ast.AST) -> list[str]:
    if package in COMPOSERS:
        return []
    rank = {name: i for i, name in enumerate(LAYERS)}
    if package in WITH_ACCOUNTS:
        package = "accounts"
    if package not in rank:  # the shared kernel (config, geo, unit_of_work...): no domain package at all
        return [f"{target} (line {line})" for target, line in imported_packages(tree) if target in rank]
    return [f"{target} (line {line})" for target, line in imported_packages(tree)
            if target in rank and rank[target] > rank[package]]


def test_dependencies_run_one_way():
    offenders = []
    for path in modules():
        relative = path.relative_to(PACKAGE)
        package = relative.parts[0] if len(relative.parts) > 1 else relative.stem
        offenders += [f"{relative}: imports {v}" for v in layer_violations(package, ast.parse(path.read_text()))]
    assert offenders == [], "a lower package imports a higher one:\n" + "\n".join(offenders)


def test_the_layer_check_catches_a_late_import():
    """Function-local imports count too: hiding an upward import inside a function is still caught."""
    tree = ast.parse("def f():\n    from bourse.jury.access import judging_seat\n")
    assert layer_violations("projects", tree) == ["jury (line 2)"]
    assert layer_violations("desk", tree) == []
    typed = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bourse.towns.models import Town\n")
    assert layer_violations("accounts", typed) == []


def test_the_check_finds_a_commit(tmp_path):
    """The check above can fail: a service that commits is caught."""
    tree = ast.parse("def save(x):\n    db.session.add(x)\n    db.session.commit()\n")
    assert calls_named(tree, {"commit", "rollback"}) == [3]


@pytest.mark.parametrize("verb", ["commit", "rollback"])
def test_the_check_ignores_other_names(verb):
    assert calls_named(ast.parse(f"x.{verb}_later()\n"), {"commit", "rollback"}) == []
