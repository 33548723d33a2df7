"""The one view that serves uploaded files, each only to the people its owner allows.

The domain that owns a file answers the ``file_requested`` signal for its keys (a premises photo,
a project photo or business plan, an application document) with a ``Served`` description when the
user may see it, and ``None`` otherwise. No answer means 404: deny by default, and the same answer
for a file that does not exist as for one that is not yours.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, send_file
from flask_login import current_user

from bourse import storage
from bourse.domain import NotFound
from bourse.lifecycle import signals
from bourse.permissions import public

#: ``key`` and ``user``: the owner of the key returns a ``Served`` if ``user`` may see it, else None
file_requested = signals.signal("file-requested")

bp = Blueprint("files", __name__)


@dataclass(frozen=True)
class Served:
    """How to hand one file out."""

    content_type: str
    download_name: str | None = None  # an attachment with this name; None: shown in the page (images)
    public: bool = False  # anyone may see it (a published listing's photo): shared caches may keep it


def describe(key: str, user) -> Served:
    """:raises NotFound: unless the file's owner lets ``user`` see it."""
    answers = [served for _receiver, served in file_requested.send("files", key=key, user=user) if served]
    if not answers:
        raise NotFound()
    return answers[0]


@bp.route("/fichiers/<path:key>")
@public  # the owner of the file decides, in describe()
def serve(key: str):
    served = describe(key, current_user)
    try:
        stream = storage.open_file(key)
    except ValueError:
        raise NotFound() from None
    if stream is None:
        raise NotFound()
    response = send_file(stream, mimetype=served.content_type, as_attachment=served.download_name is not None,
                         download_name=served.download_name, max_age=3600)
    if served.download_name is None:
        response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.public = served.public
    response.cache_control.private = not served.public
    return response
