"""Documents attached to an application: PDF or images only, checked by content, size-limited."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound

from bourse import images, storage
from bourse.accounts.models import User
from bourse.applications import machine
from bourse.applications.models import Application, ApplicationDocument, State
from bourse.applications.services import ApplicationError
from bourse.extensions import db
from bourse.jury.access import judging_seat
from bourse.projects.services import is_pdf

MAX_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 15
OPEN_STATES = (State.DRAFT.value, State.SUBMITTED.value, State.SHORTLISTED.value)


def add_document(actor: User, application: Application, data: bytes, filename: str,
                 kind: str | None = None) -> ApplicationDocument:
    """:raises ApplicationError: for anything but a PDF or an image, a file too large, or a closed file."""
    if not machine.is_applicant(actor, application):
        raise NotFound()
    if kind and kind not in application.required_documents:
        raise ApplicationError(_l("Choose one of the documents the call asks for."), field="kind")
    if application.state not in OPEN_STATES:
        raise ApplicationError(_l("Documents can no longer be added to this application."))
    if len(data) > MAX_BYTES:
        raise ApplicationError(_l("A document may weigh at most 10 MB."), field="document")
    if len(application.documents) >= MAX_DOCUMENTS:
        raise ApplicationError(_l("This application already has the maximum number of documents."), field="document")
    if is_pdf(data):
        body, extension, content_type = data, "pdf", "application/pdf"
    else:
        try:
            body, _w, _h = images.reencode(data)
        except images.NotAnImage:
            raise ApplicationError(_l("Documents must be PDF files or images."), field="document") from None
        extension, content_type = "jpg", "image/jpeg"
    key = storage.new_key("documents", extension)
    storage.save(key, body)
    name = (filename or "document").rsplit("/", 1)[-1][:120]
    if not name.lower().endswith("." + extension):
        name = f"{name.rsplit('.', 1)[0]}.{extension}"
    document = ApplicationDocument(application_id=application.id, storage_key=key, filename=name,
                                   content_type=content_type, size=len(body), uploaded_by_id=actor.id,
                                   kind=kind or None)
    application.documents.append(document)
    db.session.commit()
    return document


def get_visible(user: User, document_id: int) -> ApplicationDocument:
    """:raises NotFound: unless ``user`` may see the document's application."""
    document = db.session.get(ApplicationDocument, document_id)
    if document is None:
        raise NotFound()
    application = db.session.get(Application, document.application_id)
    if not machine.can_see(user, application) and judging_seat(user, application) is None:
        raise NotFound()
    return document
