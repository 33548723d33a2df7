"""Where uploaded files live: a folder outside ``static/``, behind keys the app generates.

Files are only ever served through views that check who may see them. On several web hosts,
point ``UPLOAD_FOLDER`` at shared storage (NFS or an object-store mount).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from flask import current_app

from bourse import unit_of_work

_KEY = re.compile(r"^[a-z]+/[0-9a-f]{32}\.[a-z]{3,4}$")


def _root() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def new_key(kind: str, extension: str) -> str:
    return f"{kind}/{secrets.token_hex(16)}.{extension}"


def path_for(key: str) -> Path:
    """The file behind ``key``; keys are generated here, so anything else is refused.

    :raises ValueError: for a key this module did not make.
    """
    if not _KEY.match(key):
        raise ValueError("invalid storage key")
    return _root() / key


def save(key: str, data: bytes) -> None:
    """Write atomically, so a reader never sees half a file; the file goes away again if the
    unit of work that wrote it rolls back (no orphan files)."""
    target = path_for(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(target.suffix + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    unit_of_work.on_rollback(lambda: delete(key))


def delete(key: str) -> None:
    path_for(key).unlink(missing_ok=True)


def delete_after_commit(key: str) -> None:
    """Remove ``key``'s file once the row that pointed at it is gone for good."""
    path_for(key)  # refuse a bad key now, not after the commit
    unit_of_work.after_commit(lambda: delete(key))
