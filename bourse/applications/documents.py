"""Documents attached to an application: PDF or images only, checked by content, size-limited."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from bourse.domain import NotFound
from bourse import uploads
from bourse.accounts.models import User
from bourse.applications import machine
from bourse.applications.models import Application, ApplicationDocument
from bourse.applications.services import ApplicationError
from bourse.extensions import db
from bourse.files import Served, file_requested

MAX_DOCUMENTS = 15


def add_document(actor: User, application: Application, data: bytes, filename: str,
                 kind: str | None = None) -> ApplicationDocument:
    """:raises ApplicationError: for anything but a PDF or an image, a file too large, or a closed file."""
    if not machine.is_applicant(actor, application):
        raise NotFound()
    if kind and kind not in application.required_documents:
        raise ApplicationError(_l("Choose one of the documents the call asks for."), field="kind")
    if application.state not in machine.OPEN:
        raise ApplicationError(_l("Documents can no longer be added to this application."))
    if len(application.documents) >= MAX_DOCUMENTS:
        raise ApplicationError(_l("This application already has the maximum number of documents."), field="document")
    stored = uploads.accept("document", data, filename, field="document")
    document = ApplicationDocument(application_id=application.id, storage_key=stored.key, filename=stored.filename,
                                   content_type=stored.content_type, size=stored.size, uploaded_by_id=actor.id,
                                   kind=kind or None)
    application.documents.append(document)
    db.session.flush()
    return document


def serve_document(sender: str, *, key: str, user) -> Served | None:
    """``files.file_requested`` receiver: an application's documents, for its people and its judges."""
    document = db.session.scalar(db.select(ApplicationDocument).where(ApplicationDocument.storage_key == key))
    if document is None:
        return None
    application = db.session.get(Application, document.application_id)
    if not machine.can_see(user, application) and not machine.is_judge(user, application):
        return None
    return Served(document.content_type, download_name=document.filename)


file_requested.connect(serve_document)
