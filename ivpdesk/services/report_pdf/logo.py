"""The gemeente's logo for the report covers, kept in the database (settings table).

Kept with the data rather than per machine, so both officers print the same cover.
Stored as base64 under one key; only PNG and JPEG up to :data:`MAX_LOGO_BYTES`, and
checked by decoding it, so a bad file is refused with a clear message when it is
chosen instead of breaking a print later.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import math
from pathlib import Path

from ivpdesk.domain.errors import DomainError
from ivpdesk.store.errors import os_error_text
from ivpdesk.store.uow import UnitOfWork

log = logging.getLogger(__name__)

LOGO_SETTING = "rapport.logo"
MAX_LOGO_BYTES = 2 * 1024 * 1024
MIN_LOGO_PIXELS = 32
MAX_LOGO_PIXELS = 8000


class LogoError(DomainError):
    """The chosen image cannot be used as a logo (Dutch message)."""


def _size_text(size: int, *, round_up: bool = False) -> str:
    """'2 MB', '2,4 MB', '350 kB'; ``round_up`` so a file just over a limit never reads as equal."""
    if size >= 1024 * 1024:
        tenths = size / (1024 * 1024) * 10
        tenths = math.ceil(tenths) if round_up else round(tenths)
        if tenths % 10 == 0:
            return f"{tenths // 10} MB"
        return f"{tenths / 10:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} kB"


def validate_logo(data: bytes) -> str:
    """Check that ``data`` is a usable PNG or JPEG image; returns "PNG" or "JPEG"."""
    if not data:
        raise LogoError("Het gekozen bestand is leeg; kies een PNG- of JPEG-afbeelding.")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(
            f"Het logo is {_size_text(len(data), round_up=True)} groot; kies een afbeelding van hoogstens "
            f"{_size_text(MAX_LOGO_BYTES)} (een PNG van 1.000 pixels breed is ruim genoeg)."
        )
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "PNG"
    elif data.startswith(b"\xff\xd8\xff"):
        kind = "JPEG"
    else:
        raise LogoError("Het logo moet een PNG- of JPEG-afbeelding zijn.")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.load()  # decodes the pixels: catches truncated files
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise LogoError(
            "Het gekozen bestand is geen geldige afbeelding (beschadigd of onvolledig). "
            "Kies een ander bestand."
        ) from error
    if min(width, height) < MIN_LOGO_PIXELS:
        raise LogoError(
            f"Het logo is te klein ({width}×{height} pixels); kies een afbeelding van minstens "
            f"{MIN_LOGO_PIXELS} pixels hoog en breed."
        )
    if max(width, height) > MAX_LOGO_PIXELS:
        raise LogoError(
            f"Het logo is te groot ({width}×{height} pixels); kies een afbeelding van hoogstens "
            f"{MAX_LOGO_PIXELS:,} pixels breed of hoog.".replace(",", ".")
        )
    return kind


def read_logo_file(path: Path) -> bytes:
    """Read an image file chosen by the officer, refusing huge or unreadable files early."""
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise LogoError(
                f"Het logo is {_size_text(size, round_up=True)} groot; kies een afbeelding van hoogstens "
                f"{_size_text(MAX_LOGO_BYTES)}."
            )
        data = path.read_bytes()
    except OSError as error:
        raise LogoError(f"Kan {path.name} niet lezen: {os_error_text(error)}.") from error
    validate_logo(data)
    return data


def load_logo(uow: UnitOfWork) -> bytes | None:
    """The stored logo, or None (also when what is stored is not a usable image)."""
    value = uow.settings.get(LOGO_SETTING)
    if not value:
        return None
    try:
        data = base64.b64decode(value.encode("ascii"), validate=True)
        validate_logo(data)
    except (binascii.Error, ValueError, LogoError):
        log.warning("stored report logo is not a usable image; ignored")
        return None
    return data


def save_logo(uow: UnitOfWork, data: bytes) -> None:
    """Store ``data`` as the logo (validated first); the caller commits."""
    validate_logo(data)
    uow.settings.set(LOGO_SETTING, base64.b64encode(data).decode("ascii"))


def clear_logo(uow: UnitOfWork) -> None:
    uow.settings.delete(LOGO_SETTING)
