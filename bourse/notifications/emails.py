"""Messages people understand: each event words its own subject, what happened and what comes
next, in the recipient's language, as a plain-text and an HTML part.

An event's wording lives in ``templates/emails/<kind>.txt`` as three blocks: ``subject``,
``summary`` (what happened: also the in-app notification) and ``next`` (what happens next, and
by when). The greeting, the link and the sign-off are the same for every message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, get_locale

DEFAULT_LOCALE = "fr"


@dataclass(frozen=True)
class Composed:
    subject: str
    summary: str
    next: str
    text: str
    html: str

    @property
    def notification_body(self) -> str:
        return " ".join(part for part in (self.summary, self.next) if part)


def _block(template, name: str, context: dict) -> str:
    if name not in template.blocks:
        return ""
    rendered = "".join(template.blocks[name](template.new_context(context)))
    return " ".join(rendered.split())  # one paragraph: template indentation is not part of the text


def compose(kind: str, *, locale: str | None, name: str, link: str = "", **context) -> Composed:
    """Word the ``kind`` event for a recipient called ``name`` who reads ``locale``.

    ``link`` is absolute (built from ``PUBLIC_URL``), or empty.
    """
    with force_locale(locale or DEFAULT_LOCALE):
        template = current_app.jinja_env.get_template(f"emails/{kind}.txt")
        values = {**context, "name": name, "link": link}
        subject, summary, following = (_block(template, block, values) for block in ("subject", "summary", "next"))
        # Rendered straight from the environment: no request, so none of the pages' context processors.
        parts = dict(name=name, subject=subject, summary=summary, next=following, link=link,
                     current_locale=lambda: str(get_locale()))
        text = current_app.jinja_env.get_template("emails/_message.txt").render(parts)
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        html = current_app.jinja_env.get_template("emails/_message.html").render(parts)
    return Composed(subject, summary, following, text, html)
