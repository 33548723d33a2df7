"""A web worker starts lean: the libraries only some requests or the command line need are not
imported with the app (issue: ≤ 120 MB per worker after start-up, measured by bench/scale.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Built only when a map is first drawn (folium, with branca and its provider list), used only by
# `flask db` and the schema builders (Alembic through Flask-Migrate), by photo uploads (Pillow) or by
# the geocoder's calls (requests), or by the commands (the demo's data, progress bars).
NOT_AT_START = ("folium", "branca", "xyzservices", "flask_migrate", "alembic", "PIL", "requests", "tqdm",
                "bourse.demo.seed", "bourse.demo.data")

START_AND_SERVE = """
import json, sys
from bourse import create_app
app = create_app({"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1],
                  "CHECK_DATABASE_ON_START": False, "RATELIMIT_ENABLED": False})
started = sorted(sys.modules)
page = app.test_client().get("/connexion")
print(json.dumps({"started": started, "status": page.status_code}))
"""


def test_the_app_starts_without_the_libraries_a_request_may_never_need(project_root, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "FLASK_RUN_FROM_CLI"}
    result = subprocess.run([sys.executable, "-c", START_AND_SERVE, str(tmp_path / "b.db")], cwd=project_root,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["status"] == 200
    imported = [name for name in NOT_AT_START
                if any(module == name or module.startswith(name + ".") for module in outcome["started"])]
    assert imported == []
    assert {"flask", "bourse.demo.cli"} <= set(outcome["started"])  # the list is real: what the app imports is in it


def test_the_command_line_still_has_the_migrations(project_root, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "BOURSE_ENV", "DATABASE_URL")}
    env.update(BOURSE_ENV="development", DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}")
    upgraded = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=project_root,
                              env=env, capture_output=True, text=True, timeout=300)
    assert upgraded.returncode == 0, upgraded.stderr
    current = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "current"], cwd=project_root,
                             env=env, capture_output=True, text=True, timeout=60)
    assert current.returncode == 0, current.stderr
    assert "(head)" in current.stdout
