"""A wheel built from a clean checkout serves the French interface (as ``pip install .`` on a host would)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SERVE_A_PAGE = """
import bourse, sys
from bourse import create_app
assert bourse.__file__.startswith(sys.argv[1]), bourse.__file__
app = create_app({"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[2],
                  "CHECK_DATABASE_ON_START": False, "RATELIMIT_ENABLED": False})
page = app.test_client().get("/connexion", headers={"Accept-Language": "fr-FR"})
print(page.status_code)
print(page.get_data(as_text=True))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from the files a checkout has (tracked, or new and not ignored): no compiled catalogue."""
    tmp = tmp_path_factory.mktemp("wheel")
    checkout = tmp / "checkout"
    tracked = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, checkout / name)
    assert not list(checkout.rglob("*.mo")), "a compiled catalogue was committed"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp / "dist"), str(checkout)], check=True, capture_output=True)
    [built] = (tmp / "dist").glob("bourse-*.whl")
    return built


def test_the_wheel_carries_the_catalogue_and_the_templates(wheel):
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "bourse/translations/fr/LC_MESSAGES/messages.mo" in names
    assert "bourse/_bundled/templates/base.html" in names
    assert any(n.startswith("bourse/_bundled/static/") for n in names)
    assert any(n.startswith("bourse/_bundled/migrations/versions/") for n in names)


def test_an_installed_wheel_serves_french_pages(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "host"  # not the checkout: only the installed package can answer
    elsewhere.mkdir()
    result = subprocess.run([sys.executable, "-c", SERVE_A_PAGE, str(site), str(tmp_path / "bourse.db")],
                            cwd=elsewhere, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    status, html = result.stdout.split("\n", 1)
    assert status == "200"
    assert "Mot de passe" in html and "Se connecter" in html
