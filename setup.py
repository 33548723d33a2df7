"""Build hook: a wheel carries the compiled French catalogue, the templates, the static files and the
migrations, so ``pip install .`` on a production host serves the French interface.

Everything else about the package is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("templates", "static", "migrations")  # at the top level in a checkout, inside the package in a wheel


class BuildWithResources(build_py):
    """``build_py`` plus the compiled catalogues (``*.mo`` are never committed) and the bundled folders."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads everything from the checkout itself
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        package = Path(self.build_lib) / "bourse"
        for po in (ROOT / "bourse" / "translations").glob("*/LC_MESSAGES/*.po"):
            mo = package / po.relative_to(ROOT / "bourse").with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source, locale=po.parts[-3]))
        for name in BUNDLED:
            shutil.copytree(ROOT / name, package / "_bundled" / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithResources})
