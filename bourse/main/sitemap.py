"""``/sitemap.xml`` and ``/robots.txt``: what search engines may list, so a shop-seeker finds a listing
from a search for "local commercial Auray".

Streamed row by row: a national instance lists tens of thousands of premises. The sitemap protocol
allows 50,000 addresses per file; beyond that, the most recently changed ones are listed.
"""

from __future__ import annotations

from typing import Iterator
from html import escape

from flask import url_for

from bourse.extensions import db
from bourse.premises.models import Premises, PremisesStatus
from bourse.programmes.models import Call
from bourse.programmes.queries import call_is_open
from bourse.urls import absolute

MAX_URLS = 50_000


def _url(path: str, lastmod=None) -> str:
    modified = f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(absolute(path), quote=False)}</loc>{modified}</url>\n"


def lines() -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    fixed = [url_for("main.index"), url_for("premises_public.search_page"), url_for("programmes.open_calls")]
    for path in fixed:
        yield _url(path)
    calls = list(db.session.execute(db.select(Call.id, Call.closes_at).where(call_is_open())))
    for call_id, _closes in calls:
        yield _url(url_for("programmes.call_detail", call_id=call_id))
    room = MAX_URLS - len(fixed) - len(calls)
    rows = db.session.execute(
        db.select(Premises.id, Premises.updated_at).where(Premises.status == PremisesStatus.PUBLISHED.value)
        .order_by(Premises.updated_at.desc()).limit(room).execution_options(yield_per=2000))
    for premises_id, updated_at in rows:
        yield _url(url_for("premises_public.detail", premises_id=premises_id), updated_at)
    yield "</urlset>\n"


def robots() -> str:
    sitemap = absolute(url_for("main.sitemap"))
    # Accounts, applications and files are nobody's business but their owners'.
    private = ["/compte/", "/candidatures", "/candidater/", "/projets/", "/fichiers/", "/admin/", "/jury/",
               "/api/", "/connexion", "/inscription"]
    return "User-agent: *\n" + "".join(f"Disallow: {p}\n" for p in private) + f"Sitemap: {sitemap}\n"
