"""Where uploaded files live, behind keys the app generates, through one small interface.

``LocalFolder`` keeps them in ``UPLOAD_FOLDER`` (outside ``static/``; on several web hosts, a shared
mount). Another backend (an S3-compatible store) implements the same four methods and is chosen with
``STORAGE_BACKEND``. Files are only ever served through ``bourse.files``, which asks their owner first.
Writing and deleting follow the unit of work: a file written for a row that is never committed goes
away again, and a deleted row's file goes only once the deletion is committed.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app
from flask_babel import lazy_gettext as _l

from bourse import unit_of_work
from bourse.domain import DomainError


class StorageFull(DomainError):
    """No room left where uploads are kept: the upload is refused whole, the team is told (logged)."""

    status = 507
    code = "insufficient_storage"
    default_message = _l("There is no room left to keep this file. Please try again later: the team has been told.")

_KEY = re.compile(r"^[a-z]+/[0-9a-f]{32}\.[a-z]{3,4}$")


class Storage(Protocol):
    """What a storage backend does with a (checked) key."""

    def write(self, key: str, data: bytes) -> None: ...

    def open(self, key: str) -> BinaryIO: ...

    def exists(self, key: str) -> bool: ...

    def remove(self, key: str) -> None: ...


class LocalFolder:
    """Files in a folder of this host (or a shared mount)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key

    def write(self, key: str, data: bytes) -> None:
        """Atomically, so a reader never sees half a file; nothing is left of a write that failed.

        :raises StorageFull: when the disk (or the quota) has no room for it.
        """
        target = self._path(key)
        temporary = target.with_suffix(target.suffix + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                current_app.logger.error("upload folder full: %s bytes refused for %s", len(data), key)
                raise StorageFull() from None
            raise

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def remove(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


BACKENDS = {"local": lambda config: LocalFolder(config["UPLOAD_FOLDER"])}


def backend() -> Storage:
    """The configured backend (``STORAGE_BACKEND``, ``local`` by default)."""
    return BACKENDS[current_app.config.get("STORAGE_BACKEND", "local")](current_app.config)


def new_key(kind: str, extension: str) -> str:
    return f"{kind}/{secrets.token_hex(16)}.{extension}"


def check_key(key: str) -> str:
    """Keys are generated here, so anything else is refused.

    :raises ValueError: for a key this module did not make.
    """
    if not _KEY.match(key):
        raise ValueError("invalid storage key")
    return key


def save(key: str, data: bytes) -> None:
    """Store ``data``; the file goes away again if the unit of work that wrote it rolls back."""
    backend().write(check_key(key), data)
    unit_of_work.on_rollback(lambda: delete(key))


def open_file(key: str) -> BinaryIO | None:
    """The stored file, for reading, or None when there is none."""
    store = backend()
    return store.open(check_key(key)) if store.exists(key) else None


def delete(key: str) -> None:
    backend().remove(check_key(key))


def delete_after_commit(key: str) -> None:
    """Remove ``key``'s file once the row that pointed at it is gone for good."""
    check_key(key)  # refuse a bad key now, not after the commit
    unit_of_work.after_commit(lambda: delete(key))
