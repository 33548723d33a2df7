"""Static files: compressed for browsers that accept it, cached for a year, and addressed by their
content so a change is fetched at once."""

from __future__ import annotations

import re

from click.testing import CliRunner


def test_static_files_are_compressed_cached_for_a_year_and_versioned_by_content(app, client):
    CliRunner().invoke(app.cli, ["assets", "compress"], catch_exceptions=False)
    page = client.get("/").get_data(as_text=True)
    src = re.search(r'<script src="(/static/js/nav\.js\?v=[0-9a-f]{12})"', page)
    assert src, "the page asks for the script by its content's digest"
    answer = client.get(src.group(1), headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in answer.headers["Cache-Control"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    plain = client.get(src.group(1))
    assert "Content-Encoding" not in plain.headers and b"nav-collapsible" in plain.get_data()
    assert int(answer.headers["Content-Length"]) < int(plain.headers["Content-Length"])
    answer.close()
    plain.close()


def test_a_changed_file_gets_a_new_address(app, tmp_path, monkeypatch):
    from bourse import assets

    (tmp_path / "x.js").write_text("one")
    first = assets.content_version(str(tmp_path), "x.js")
    (tmp_path / "x.js").write_text("two, longer")
    assert assets.content_version(str(tmp_path), "x.js") != first
    assert assets.content_version(str(tmp_path), "missing.js") is None


def test_a_compressed_copy_older_than_its_file_is_not_served(tmp_path):
    import os

    from bourse import assets

    (tmp_path / "a.js").write_text("new content")
    (tmp_path / "a.js.gz").write_bytes(b"old")
    (tmp_path / "b.js.gz").write_bytes(b"orphan")
    os.utime(tmp_path / "a.js.gz", (1, 1))  # made long before the file changed
    assets.drop_stale_copies(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.js"]
