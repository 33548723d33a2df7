"""URL helpers shared by views: safe redirects, links from anywhere, and ids bounded at the edge."""

from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, url_for
from werkzeug.routing import IntegerConverter

# Ids are 32-bit integers on PostgreSQL (and SQLite refuses beyond 64 bits): a larger number in a
# URL names nothing, and must be a 404 or an ignored filter, never a database error.
MAX_ID = 2**31 - 1


def digits_up_to(high: int) -> str:
    """A regular expression for the numbers 0 to ``high`` (leading zeros aside), digit by digit."""
    top = str(high)
    alternatives = [rf"\d{{1,{len(top) - 1}}}"] if len(top) > 1 else []
    for i, digit in enumerate(top):
        lowest, rest = (1 if i == 0 and len(top) > 1 else 0), len(top) - i - 1
        if int(digit) > lowest:
            alternatives.append(top[:i] + f"[{lowest}-{int(digit) - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    return "(?:" + "|".join([*alternatives, top]) + ")"


class BoundedInt(IntegerConverter):
    """``<int:...>`` in every route: 0 to ``MAX_ID`` unless the route says otherwise.

    The bound is in the pattern itself, not only checked after matching: Werkzeug answers 405 rather
    than 404 when a path matches a rule of another method but its number then fails the check.
    """

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        if max is not None and not signed and not fixed_digits:
            self.regex = digits_up_to(max)


def row_id(value: str) -> int:
    """``type=`` for ``request.args.get``: an id in range, else ``ValueError`` (the default is used)."""
    number = int(value)
    if not 0 < number <= MAX_ID:
        raise ValueError("not an id")
    return number


def init_app(app: Flask) -> None:
    """Before any route is added: path integers are bounded."""
    app.url_map.converters["int"] = BoundedInt


def absolute(path: str) -> str:
    """``path`` on the public site, for e-mails and sitemaps: built from ``PUBLIC_URL``, never from the
    request's Host header (which whoever sends the request chooses); empty for an empty path."""
    return current_app.config.get("PUBLIC_URL", "").rstrip("/") + path if path else ""


def safe_next(target: str | None, fallback_endpoint: str = "main.index") -> str:
    """``target`` if it is a path on this site, else the fallback: no open redirects."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target:
            return target
    return url_for(fallback_endpoint)


def link_to(endpoint: str, **values) -> str:
    """A site-relative link, also from CLI commands and workers (outside any request)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)
