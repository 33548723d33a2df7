"""Who may reach which endpoint: declared next to each view, enforced in one place.

Every endpoint must declare an access rule with one of the decorators below. The
``before_request`` hook refuses any endpoint that has none (deny by default), and a test
walks ``app.url_map`` so that a forgotten declaration fails the build before it ships.
Object-level rules ("is this your premises?") belong to the services, which answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

from flask import Flask, abort, current_app, request
from flask_login import current_user

from bourse.accounts.roles import Role

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class AccessRule:
    """``roles`` empty and ``login`` False means public."""

    name: str
    login: bool = False
    roles: frozenset[Role] = frozenset()

    def allows(self, user) -> bool:
        if not self.login:
            return True
        if not user.is_authenticated:
            return False
        return not self.roles or user.role_enum in self.roles


PUBLIC = AccessRule("public")
AUTHENTICATED = AccessRule("authenticated", login=True)


def _declare(rule: AccessRule) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return decorator


def public(view: F) -> F:
    """Anyone, signed in or not."""
    return _declare(PUBLIC)(view)


def login_required(view: F) -> F:
    """Any signed-in user."""
    return _declare(AUTHENTICATED)(view)


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Signed-in users holding one of ``roles``."""
    return _declare(AccessRule("roles:" + ",".join(sorted(r.value for r in roles)), True, frozenset(roles)))


def rule_for(app: Flask, endpoint: str | None) -> AccessRule | None:
    """The access rule declared for ``endpoint``, or None."""
    view = app.view_functions.get(endpoint or "")
    return getattr(view, "access_rule", None)


def enforce_access() -> None:
    """``before_request`` hook: deny unless the endpoint's declared rule allows the user."""
    if request.endpoint is None:
        return  # no route matched: the 404/405 handlers answer
    rule = rule_for(current_app, request.endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s has no access rule; refused", request.endpoint)
        abort(403)
    if rule.allows(current_user):
        return
    if not current_user.is_authenticated:
        abort(401)
    abort(403)


def init_app(app: Flask) -> None:
    # Flask's own static route serves public files; everything else declares its rule.
    if "static" in app.view_functions:
        public(app.view_functions["static"])
    app.before_request(enforce_access)
