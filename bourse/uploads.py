"""The one upload pipeline: every file people send (photos, business plans, application documents, tables).

``accept(kind, data, filename)`` checks the size against the kind's one configured limit
(``UPLOAD_LIMITS``), checks the content (never the name or the browser's word), re-encodes
images to a clean JPEG without EXIF, and stores the result under a random key through
``bourse.storage``. The stored file is removed again if the unit of work rolls back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l

from bourse import images, storage
from bourse.domain import DomainError

MB = 1024 * 1024
# Tables stay under the whole request's limit (MAX_CONTENT_LENGTH); larger files go through the CLI.
DEFAULT_LIMITS = {"photo": 10 * MB, "plan": 10 * MB, "document": 10 * MB, "table": 15 * MB}


class UploadRefused(DomainError):
    """The file is too large or not of an accepted kind."""


@dataclass(frozen=True)
class Kind:
    folder: str
    accepts_pdf: bool
    accepts_image: bool
    too_large: Callable[[int], object]  # the message, given the limit in MB
    wrong_type: object | None  # None: the image checker's own message
    accepts_text: bool = False  # UTF-8 text (CSV tables to import), stored as sent


KINDS = {
    "photo": Kind("photos", False, True, lambda mb: _l("A photo may weigh at most %(mb)d MB.", mb=mb), None),
    "plan": Kind("plans", True, False, lambda mb: _l("The business plan may weigh at most %(mb)d MB.", mb=mb),
                 _l("The business plan must be a PDF document.")),
    "document": Kind("documents", True, True, lambda mb: _l("A document may weigh at most %(mb)d MB.", mb=mb),
                     _l("Documents must be PDF files or images.")),
    "table": Kind("tables", False, False,
                  lambda mb: _l("A file may weigh at most %(mb)d MB here; larger ones go through the command line.",
                                mb=mb),
                  _l("The file must be text: CSV or GeoJSON."), accepts_text=True),
}


@dataclass(frozen=True)
class Stored:
    key: str
    content_type: str
    size: int
    filename: str
    width: int | None = None
    height: int | None = None


def limit(kind: str) -> int:
    """The largest file accepted for ``kind``, in bytes."""
    return int(current_app.config.get("UPLOAD_LIMITS", {}).get(kind, DEFAULT_LIMITS[kind]))


def is_pdf(data: bytes) -> bool:
    """True for a readable PDF document, whatever the file was called."""
    if not data.startswith(b"%PDF-"):
        return False
    from pypdf import PdfReader  # loaded where documents are checked, not by every web worker
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return len(reader.pages) > 0
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError):
        return False


def _clean_name(filename: str | None, extension: str) -> str:
    name = (filename or "document").replace("\\", "/").rsplit("/", 1)[-1][:120] or "document"
    if not name.lower().endswith("." + extension):
        name = f"{name.rsplit('.', 1)[0]}.{extension}"
    return name


def is_text(data: bytes) -> bool:
    """True for text without NUL bytes (a binary file renamed .csv is not). UTF-8 or a spreadsheet's
    Latin-1: the import reads either, and says which."""
    return bool(data) and b"\x00" not in data


def accept(kind: str, data: bytes, filename: str | None = None, field: str | None = None) -> Stored:
    """Check and store one uploaded file of ``kind`` ("photo", "plan", "document" or "table").

    :raises UploadRefused: for a file over the kind's limit or of a type it does not accept,
        with ``field`` set to the form field at fault.
    """
    spec = KINDS[kind]
    if len(data) > limit(kind):
        raise UploadRefused(spec.too_large(limit(kind) // MB), field=field)
    width = height = None
    if spec.accepts_pdf and is_pdf(data):
        body, extension, content_type = data, "pdf", "application/pdf"
    elif spec.accepts_text and is_text(data):
        extension, content_type = ("json", "application/geo+json") if data.lstrip()[:1] in (b"{", b"[") \
            else ("csv", "text/csv")
        body = data
    elif spec.accepts_image:
        try:
            body, width, height = images.reencode(data)
        except images.NotAnImage as exc:
            raise UploadRefused(spec.wrong_type or exc.message, field=field) from None
        extension, content_type = "jpg", "image/jpeg"
    else:
        raise UploadRefused(spec.wrong_type, field=field)
    key = storage.new_key(spec.folder, extension)
    storage.save(key, body)
    return Stored(key, content_type, len(body), _clean_name(filename, extension), width, height)
