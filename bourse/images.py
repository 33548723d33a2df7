"""Uploaded images: checked by content, re-encoded to a clean JPEG (no original, no metadata kept)."""

from __future__ import annotations

import io
import warnings

from flask_babel import lazy_gettext as _l

from bourse.domain import DomainError

MAX_SIDE = 2000
MAX_PIXELS = 50_000_000  # refuse decompression bombs before decoding them
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class NotAnImage(DomainError):
    """The bytes are not an image we accept."""


def reencode(data: bytes) -> tuple[bytes, int, int]:
    """``(jpeg bytes, width, height)`` from uploaded bytes.

    :raises NotAnImage: for anything but a sane JPEG, PNG, WebP or GIF.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError  # Pillow, for the workers that receive photos

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise NotAnImage(_l("This file is not a photo (JPEG, PNG, WebP or GIF)."))
                if probe.width * probe.height > MAX_PIXELS:
                    raise NotAnImage(_l("This image is too large in pixels."))
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image = ImageOps.exif_transpose(image)
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                rgb = image.convert("RGB")
                out = io.BytesIO()
                rgb.save(out, format="JPEG", quality=85, optimize=True)
                return out.getvalue(), rgb.width, rgb.height
    except NotAnImage:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise NotAnImage(_l("This file is not a photo (JPEG, PNG, WebP or GIF).")) from None
