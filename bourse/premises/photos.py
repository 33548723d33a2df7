"""Premises photos: checked by content, re-encoded, stored outside ``static/``."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from bourse import storage, uploads
from bourse.accounts.models import User
from bourse.domain import DomainError
from bourse.extensions import db
from bourse.files import Served, file_requested
from bourse.premises.models import Premises, PremisesPhoto
from bourse.premises.rules import PUBLIC_STATUSES, can_view, require_manage


class PhotoError(DomainError):
    """A refused photo."""


def _copy_cover(premises: Premises) -> None:
    """Keep the row's copy of its cover in step (the search orders and lists read it)."""
    cover = premises.cover_photo
    premises.has_photo = cover is not None
    premises.cover_photo_key = cover.storage_key if cover else None


def add_photo(actor: User, premises: Premises, data: bytes) -> PremisesPhoto:
    """Check, re-encode and store one photo; the first becomes the cover.

    :raises PhotoError: for a file that is too big, not an image, or one photo too many.
    """
    require_manage(actor, premises)
    if len(premises.photos) >= current_app.config["MAX_PHOTOS_PER_PREMISES"]:
        raise PhotoError(_l("This listing already has the maximum number of photos."), field="photo")
    stored = uploads.accept("photo", data, field="photo")
    photo = PremisesPhoto(premises=premises, storage_key=stored.key, content_type=stored.content_type,
                          width=stored.width, height=stored.height, position=len(premises.photos),
                          is_cover=not premises.photos)
    db.session.add(photo)
    db.session.flush()
    _copy_cover(premises)
    return photo


def set_cover(actor: User, photo: PremisesPhoto) -> None:
    require_manage(actor, photo.premises)
    for other in photo.premises.photos:
        other.is_cover = False
    db.session.flush()  # the partial unique index allows one cover: clear before setting
    photo.is_cover = True
    _copy_cover(photo.premises)
    db.session.flush()


def move(actor: User, photo: PremisesPhoto, offset: int) -> None:
    """Move a photo up (-1) or down (+1) in the listing's order."""
    require_manage(actor, photo.premises)
    photos = list(photo.premises.photos)
    index = photos.index(photo)
    target = max(0, min(len(photos) - 1, index + offset))
    photos.insert(target, photos.pop(index))
    for position, item in enumerate(photos):
        item.position = position
    db.session.flush()


def delete_photo(actor: User, photo: PremisesPhoto) -> None:
    premises = photo.premises
    require_manage(actor, premises)
    key, was_cover = photo.storage_key, photo.is_cover
    premises.photos.remove(photo)
    db.session.flush()
    for position, item in enumerate(premises.photos):
        item.position = position
    if was_cover and premises.photos:
        premises.photos[0].is_cover = True
    _copy_cover(premises)
    db.session.flush()
    storage.delete_after_commit(key)


def serve_photo(sender: str, *, key: str, user) -> Served | None:
    """``files.file_requested`` receiver: a listing's photo, for whoever may see the listing."""
    photo = db.session.scalar(db.select(PremisesPhoto).where(PremisesPhoto.storage_key == key))
    if photo is None or not can_view(user, photo.premises):
        return None
    return Served(photo.content_type, public=photo.premises.status in PUBLIC_STATUSES)


file_requested.connect(serve_photo)
