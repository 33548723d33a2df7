"""French first, English on request, and no visible string left untranslated."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import csrf_token


def test_every_visible_string_has_a_french_translation(project_root):
    with open(project_root / "bourse/translations/fr/LC_MESSAGES/messages.po", encoding="utf-8") as f:
        catalog = read_po(f, locale="fr")
    method_map = [("bourse/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    missing = []
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(project_root), method_map=method_map, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        translated = entry is not None and (all(entry.string) if isinstance(entry.string, tuple) else entry.string)
        if not translated or (entry is not None and entry.fuzzy):
            missing.append(msgid)
    assert missing == [], f"strings without a French translation (run make translations-update): {missing}"


def test_french_by_default_even_for_an_english_browser(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Redonnons vie aux boutiques vides" in html


def test_switching_to_english_and_back(client):
    response = client.post("/langue", data={"lang": "en", "next": "/", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Bring empty shops back to life" in html
    client.post("/langue", data={"lang": "fr", "next": "/", "csrf_token": csrf_token(client, "/")})
    assert "Redonnons vie aux boutiques vides" in client.get("/").get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    client.post("/langue", data={"lang": "xx", "next": "/", "csrf_token": csrf_token(client, "/")})
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)


def test_language_choice_is_remembered_on_the_account(client, auth, make_user):
    from bourse.accounts.models import User
    from bourse.extensions import db

    user = make_user(email="anglo@example.com")
    auth.login(user.email)
    client.post("/langue", data={"lang": "en", "next": "/", "csrf_token": csrf_token(client, "/")})
    db.session.commit()  # end the read snapshot: see what requests committed
    assert db.session.get(User, user.id).locale == "en"
    auth.logout()
    auth.login(user.email)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_money_reads_as_babel_writes_euros_in_both_languages(app):
    """``money`` skips Babel's currency look-ups, not its digits: the same text for any amount."""
    from decimal import Decimal

    from babel.numbers import format_currency
    from flask_babel import force_locale

    from bourse.i18n import money

    amounts = [0, 7, 999.5, 1000, 14400, Decimal("14400.49"), Decimal("2500.5"), Decimal("3500.5"), 123456789,
               -14400, Decimal("-0.6")]
    with app.test_request_context():
        for lang, pattern in (("fr", "#,##0\u00a0¤"), ("en", "¤#,##0")):
            with force_locale(lang):
                for amount in amounts:
                    assert money(amount) == format_currency(amount, "EUR", format=pattern, locale=lang,
                                                            currency_digits=False), (lang, amount)
                assert money(None) == "—"


def test_numbers_read_as_babel_writes_them_in_both_languages(app):
    """``number``, ``area`` and ``score`` skip Babel's pattern parsing, not its digits or its rounding
    (half to even): the same text as ``format_decimal`` for whole, halfway, negative and huge values."""
    import random
    from decimal import Decimal

    from babel.numbers import format_decimal
    from flask_babel import force_locale

    from bourse.i18n import area, decimal, number, score

    rng = random.Random(5)
    values = [0, 1, -1, 0.05, 0.15, 0.25, -0.04, -0.4, -0.0, 12.05, 12.25, 99.95, 999.5, 1000, 1234567.25,
              Decimal("14400.49"), Decimal("2500.50"), Decimal("-3.35"), 10 ** 12 + 0.5]
    values += [round(rng.uniform(-1e6, 1e6), rng.randint(0, 4)) for _ in range(300)]
    with app.test_request_context():
        for lang in ("fr", "en"):
            with force_locale(lang):
                for value in values:
                    assert number(value) == format_decimal(value, format="#,##0", locale=lang), (lang, value)
                    assert score(value) == format_decimal(value, format="0.0", locale=lang), (lang, value)
                    assert decimal(value) == format_decimal(value, format="#,##0.#", locale=lang), (lang, value)
                    assert area(value) == format_decimal(value, format="#,##0.#", locale=lang) + "\u00a0m²", (
                        lang, value)
        assert area(None) == score(None) == "—"


def _without_tokens(html: str) -> str:
    """A page's text without what changes on every request (CSRF tokens, CSP nonces)."""
    import re

    return re.sub(r'(value|nonce)="[A-Za-z0-9_.\-]{20,}"', r'\1=""', html)


def test_templates_translate_as_flask_babel_does(app, client, monkeypatch, auray, landlord):
    """The per-render ``gettext``/``ngettext`` (bourse.i18n.template_gettext) write the same pages,
    in both languages, as Flask-Babel's own callables: escaping, ``%`` formatting and plurals."""
    from flask import render_template_string
    from flask_babel import force_locale

    from bourse import i18n
    from bourse.extensions import db
    from tests.builders import make_premises

    listing = make_premises(landlord, auray, -2.9826, 47.6680, title="Boutique <rue> & cour", rent_per_year=14400)
    make_premises(landlord, auray, -2.9830, 47.6682, title="Voisine")
    db.session.commit()
    sample = ('{{ _("Home") }}|{{ _("Photo %(n)d of %(title)s", n=2, title="<b>&") }}|'
              '{{ ngettext("%(num)d unread", "%(num)d unread", 1) }}|{{ ngettext("%(num)d unread", "%(num)d unread", 7) }}')
    pages = ["/", "/connexion", "/recherche", "/observatoire", f"/locaux/{listing.id}"]
    seen = {}
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(i18n, "template_gettext", lambda: {})
        for lang in ("fr", "en"):
            client.post("/langue", data={"lang": lang, "next": "/", "csrf_token": csrf_token(client, "/")})
            for path in pages:
                seen[fast, lang, path] = _without_tokens(client.get(path).get_data(as_text=True))
            with app.test_request_context(), force_locale(lang):
                seen[fast, lang, "sample"] = render_template_string(sample)
    assert seen[True, "fr", "sample"] == "Accueil|Photo 2 de &lt;b&gt;&amp;|1 non lue|7 non lues"
    assert seen[True, "en", "sample"] == "Home|Photo 2 of &lt;b&gt;&amp;|1 unread|7 unread"
    assert "Trouver un local" in seen[True, "fr", "/"] and "Find premises" in seen[True, "en", "/"]
    page = seen[True, "fr", f"/locaux/{listing.id}"]
    assert "Boutique &lt;rue&gt; &amp; cour" in page and "Loyer annuel" in page and "Voisine" in page
    for key in [k for k in seen if k[0]]:
        assert seen[key] == seen[(False, *key[1:])], key
