"""Language choice: French by default, English on request, remembered per user."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from flask import Blueprint, current_app, has_request_context, redirect, session
from flask_babel import format_datetime, format_decimal, format_percent, get_locale, get_translations
from flask_login import current_user
from flask_wtf import FlaskForm
from jinja2 import pass_context
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from wtforms import HiddenField, SelectChoice, SelectField

from bourse.accounts import services as accounts
from bourse.permissions import public
from bourse.urls import safe_next

bp = Blueprint("i18n", __name__)

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def select_locale() -> str:
    """Flask-Babel locale selector: the visitor's choice, else their account's, else French."""
    if not has_request_context():  # CLI commands and background work speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    try:
        if current_user and current_user.is_authenticated and current_user.locale in languages:
            return current_user.locale
    except SQLAlchemyError:  # the account cannot be read (the database went away): the default language
        pass
    return current_app.config["BABEL_DEFAULT_LOCALE"]


class LanguageForm(FlaskForm):
    lang = SelectField(choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()])
    next = HiddenField()


@bp.route("/langue", methods=["POST"])
@public
def switch():
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            accounts.set_locale(current_user, form.lang.data)
    return redirect(safe_next(form.next.data))


@lru_cache(maxsize=8)
def _separators(locale: str) -> tuple[str, str]:
    """(group, decimal) separators of ``locale``'s Latin digits, from Babel's data."""
    symbols = Locale.parse(locale).number_symbols["latn"]
    return symbols["group"], symbols["decimal"]


def _grouped(value, places: int, optional: bool = False, grouping: bool = True) -> str:
    """``value`` with ``places`` decimals (``optional``: trailing zeros dropped), grouped by
    thousands unless not ``grouping``, rounded half to even, in the reader's locale: the text
    Babel's ``format_decimal`` writes for ``#,##0``, ``#,##0.#`` or ``0.0``, without parsing its
    pattern on every call (a page of twenty listings formats a hundred numbers)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return format_decimal(value)  # "NaN", "∞": never a figure people read
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    text = f"{abs(rounded):{',' if grouping else ''}.{places}f}"
    if optional and places:
        text = text.rstrip("0").rstrip(".")
    group, point = _separators(str(get_locale()))
    text = text.translate({ord(","): group, ord("."): point})
    return ("-" if rounded.is_signed() else "") + text


def money(value) -> str:
    """Whole euros in the user's locale: ``14 400 €`` in French, ``€14,400`` in English.

    Babel's ``format_currency`` would look the currency's plural names up on every call (a tenth
    of a millisecond, twenty times a search page); the euro's sign is the same in both languages."""
    if value is None:
        return "—"
    digits = _grouped(abs(value), 0)
    sign = "-" if value < 0 and digits != "0" else ""
    return f"{sign}{digits}\u00a0€" if str(get_locale()) == "fr" else f"{sign}€{digits}"


def area(value) -> str:
    """Square metres with at most one decimal: ``12,5 m²``."""
    return "—" if value is None else f"{decimal(value)}\u00a0m²"


def decimal(value) -> str:
    """A number with at most one decimal, grouped: ``1 234,5`` in French."""
    return _grouped(value, 1, optional=True)


def number(value) -> str:
    """A whole number grouped in the user's locale: ``10 000`` in French, ``10,000`` in English."""
    return _grouped(value, 0)


def score(value) -> str:
    """A score with one decimal in the user's locale: ``84,5`` in French; ``—`` when there is none."""
    return "—" if value is None else _grouped(value, 1, grouping=False)


def percent(value) -> str:
    """A share as a percentage with one decimal: ``12,5 %`` in French; ``—`` when there is none."""
    return "—" if value is None else format_percent(value, format="#,##0.0 %")


# A moment as people write it: "10 janvier 2027 à 11 h 30", "10 January 2027 at 11:30" (no seconds, no zone name).
MOMENT_FORMATS = {"fr": "d MMMM y 'à' H' h 'mm", "en": "d MMMM y 'at' HH:mm"}


def moment(value) -> str:
    """A date and time in the reader's language and the site's time zone, to the minute."""
    if value is None:
        return "—"
    return format_datetime(value, MOMENT_FORMATS.get(str(get_locale()), MOMENT_FORMATS["en"]))


def init_app(app) -> None:
    from bourse.sectors import SECTORS_BY_CODE

    # The domains' own labels (status_label, deal_label...) are added by create_app.
    app.jinja_env.filters.update(money=money, area=area, score=score, number=number, moment=moment, percent=percent,
                                 sector_label=lambda code: str(SECTORS_BY_CODE[code].label))

    @app.context_processor
    def _language_context():
        return {"current_locale": lambda: str(get_locale()), "language_names": LANGUAGE_NAMES,
                **template_gettext()}


def template_gettext() -> dict:
    """``gettext`` and ``ngettext`` for one template render, bound to the catalogue of the language
    it is rendered in (the page's, or an e-mail recipient's under ``force_locale``).

    Flask-Babel's own template callables look the catalogue up again on every ``_()``, through
    several context proxies: a listing page has about fifty strings, and those lookups were a third
    of its rendering time. These do what Jinja's new-style callables do with Flask-Babel's (a
    ``Markup`` when autoescaping, always formatted with ``%``, ``num`` given to plurals), so a page
    reads the same; macros imported without context still use Flask-Babel's."""
    translations = get_translations()
    singular, plural = translations.ugettext, translations.ungettext
    # Markup() below marks the catalogue's own text, as Jinja's callables do: its values are escaped
    # by Markup's % (the translations are ours, compiled from bourse/translations).

    @pass_context
    def gettext(context, string: str, **variables) -> str:
        text = singular(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # nosec B704
        return text % variables

    @pass_context
    def ngettext(context, one: str, many: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        text = plural(one, many, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # nosec B704
        return text % variables

    return {"gettext": gettext, "ngettext": ngettext}

