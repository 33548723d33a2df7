"""What a search engine and a shared link show: a sitemap of what is public, a robots.txt that keeps
private pages out, a description and OpenGraph tags (title, town, price, cover photo). Both backends."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from PIL import Image

from bourse.extensions import db
from bourse.premises import photos
from tests.builders import make_call, make_programme, make_slot

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_the_sitemap_lists_what_is_public_and_nothing_else(app, client, make_listing, manager):
    public = make_listing(title="Visible")
    draft = make_listing(title="Brouillon", status="draft", lon=-2.984)
    withdrawn = make_listing(title="Retiré", status="withdrawn", lon=-2.985)
    call = make_call(manager, make_programme(manager, make_listing(title="Essai", lon=-2.986)))
    make_slot(manager, call)
    answer = client.get("/sitemap.xml")
    assert answer.status_code == 200 and answer.mimetype == "application/xml"
    locations = [e.text for e in ET.fromstring(answer.get_data()).findall("s:url/s:loc", NS)]
    base = app.config["PUBLIC_URL"].rstrip("/")
    assert f"{base}/locaux/{public.id}" in locations and f"{base}/appels/{call.id}" in locations
    assert f"{base}/locaux/{draft.id}" not in locations and f"{base}/locaux/{withdrawn.id}" not in locations
    assert all(loc.startswith(base + "/") for loc in locations)


def test_robots_keep_private_pages_out_and_point_to_the_sitemap(app, client):
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /compte/" in robots and "Disallow: /candidatures" in robots
    assert f"Sitemap: {app.config['PUBLIC_URL'].rstrip('/')}/sitemap.xml" in robots


def test_a_shared_listing_shows_its_title_town_price_and_cover_photo(app, client, landlord, make_listing):
    unit = make_listing(title="Boutique \"Le Port\"", rent_per_year=Decimal(9600))
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 80, 40)).save(buffer, format="PNG")
    photo = photos.add_photo(landlord, unit, buffer.getvalue())
    db.session.commit()
    html = client.get(f"/locaux/{unit.id}").get_data(as_text=True)
    meta = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', html))
    assert meta["og:title"] == "Boutique &#34;Le Port&#34;"
    assert "Auray" in meta["description"] and "9\u202f600" in meta["description"]
    assert meta["og:description"] == meta["description"]
    assert meta["og:image"] == f"{app.config['PUBLIC_URL'].rstrip('/')}/fichiers/{photo.storage_key}"
    assert meta["og:url"].endswith(f"/locaux/{unit.id}")
    home = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', client.get("/").get_data(as_text=True)))
    assert home["description"] and home["og:type"] == "website"
