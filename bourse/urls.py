"""URL helpers shared by views."""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


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
