"""One unit of work per request: a failure in the middle of a multi-step action leaves nothing behind.

Each test forces an exception part-way through an action made through its real page, then checks
the database (no row of it), the outbox (no e-mail queued) and the upload folder (no file).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bourse.extensions import db
from bourse.premises.models import PremisesPhoto
from tests.conftest import csrf_token
from tests.premises.test_photos import png_bytes


class Boom(RuntimeError):
    """The failure a test forces half-way through an action."""


def count(model) -> int:
    db.session.commit()  # end the read snapshot: see what the requests committed
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def fail_on_call(monkeypatch, owner, name: str, n: int) -> None:
    """Make ``owner.name`` raise ``Boom`` on its ``n``-th call (the earlier calls really run)."""
    real, calls = getattr(owner, name), {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise Boom(f"forced failure in call {n} of {name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)


def test_a_photo_whose_row_fails_leaves_no_file(client, auth, landlord, make_listing, app, monkeypatch):
    premises = make_listing(title="Boutique")
    auth.login(landlord.email)
    page = f"/locaux/{premises.id}/modifier"
    token = csrf_token(client, page)
    uploads = Path(app.config["UPLOAD_FOLDER"])
    before = {p for p in uploads.rglob("*") if p.is_file()}
    fail_on_call(monkeypatch, db.session, "flush", 1)  # the file is written; the row never is
    with pytest.raises(Boom):
        client.post(f"/locaux/{premises.id}/photos", data={"photo": (io.BytesIO(png_bytes()), "vitrine.png"), "csrf_token": token},
                    content_type="multipart/form-data")
    monkeypatch.undo()
    assert count(PremisesPhoto) == 0
    assert {p for p in uploads.rglob("*") if p.is_file()} == before


def test_a_refused_action_answers_from_the_one_handler(client, auth, landlord, make_listing):
    """A domain refusal outside any form becomes a flash and a redirect back, never a 500."""
    premises = make_listing(title="Boutique", status="draft")
    auth.login(landlord.email)
    page = f"/locaux/{premises.id}/modifier"
    response = client.post(f"/locaux/{premises.id}/statut", data={"verb": "mark_let", "csrf_token": csrf_token(
        client, page)}, headers={"Referer": f"http://localhost{page}"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Cette action n&#39;est pas possible maintenant." in response.get_data(as_text=True)
