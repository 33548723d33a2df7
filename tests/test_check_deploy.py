"""``flask check-deploy``: the README's production example passes; each unsafe setting is named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README_PRODUCTION = {
    "BOURSE_ENV": "production", "DATABASE_URL": "postgresql+psycopg://bourse:pw@127.0.0.1/bourse",
    "SECRET_KEY": "Zq8-r1mT4x_Wb7LpK2vN9sYcH3dJ6fGu0aEoQiRk5", "PUBLIC_URL": "https://bourse.example.fr",
    "WEB_CONCURRENCY": "4", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/2", "JOBS_URL": "redis://127.0.0.1:6379/1",
}


def check(**overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in README_PRODUCTION and k != "SESSION_COOKIE_SECURE"}
    env.update(README_PRODUCTION, **overrides, CHECK_DATABASE_ON_START="0")
    flask = Path(sys.executable).parent / "flask"
    return subprocess.run([str(flask), "--app", "wsgi", "check-deploy"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_the_readme_s_production_example_passes():
    result = check()
    assert result.returncode == 0, result.stderr
    assert "ready for production" in result.stdout


@pytest.mark.parametrize("overrides, says", [
    ({"SECRET_KEY": "changeme"}, "SECRET_KEY"),  # production refuses to start at all
    ({"SESSION_COOKIE_SECURE": "0"}, "plain HTTP"),
    ({"PUBLIC_URL": "http://bourse.example.fr"}, "PUBLIC_URL is not https"),
    ({"RATELIMIT_STORAGE_URI": "memory://"}, "per process with 4 workers"),
    ({"DATABASE_URL": "sqlite:////tmp/bourse-check.db"}, "DATABASE_URL is SQLite"),
    ({"JOBS_URL": "memory://"}, "no worker would ever run a job"),
])
def test_each_unsafe_setting_is_named_and_fails(overrides, says):
    result = check(**overrides)
    assert result.returncode == 1
    assert says in result.stderr


def test_sqlite_can_be_chosen_on_purpose():
    result = check(DATABASE_URL="sqlite:////tmp/bourse-check.db", BOURSE_ALLOW_SQLITE="1")
    assert result.returncode == 0, result.stderr
