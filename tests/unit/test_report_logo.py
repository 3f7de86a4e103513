"""The cover logo in the settings table: validated, stored, read back, removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivpdesk.services.report_pdf import (
    MAX_LOGO_BYTES,
    LogoError,
    clear_logo,
    load_logo,
    load_report_source,
    read_logo_file,
    save_logo,
    validate_logo,
)
from ivpdesk.services.report_pdf.logo import LOGO_SETTING
from ivpdesk.store.uow import Database
from tests.unit.test_report_pdf import png_logo


def test_store_read_and_remove(demo_db: Database) -> None:
    logo = png_logo()
    with demo_db.uow() as uow:
        save_logo(uow, logo)
        uow.commit()
    with demo_db.uow() as uow:
        assert load_logo(uow) == logo
    assert load_report_source(demo_db).logo == logo
    with demo_db.uow() as uow:
        clear_logo(uow)
        uow.commit()
    with demo_db.uow() as uow:
        assert load_logo(uow) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "leeg"),
        (b"GIF89a" + b"\x00" * 100, "PNG- of JPEG"),
        (png_logo()[:60], "geen geldige afbeelding"),
        (png_logo(8, 8), "te klein"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_LOGO_BYTES + 1), "hoogstens 2 MB"),
    ],
)
def test_bad_images_are_refused_in_dutch(data: bytes, message: str) -> None:
    with pytest.raises(LogoError, match=message):
        validate_logo(data)


def test_read_logo_file(tmp_path: Path) -> None:
    good = tmp_path / "logo.png"
    good.write_bytes(png_logo())
    assert read_logo_file(good) == png_logo()
    with pytest.raises(LogoError, match="niet lezen"):
        read_logo_file(tmp_path / "bestaat-niet.png")
    text = tmp_path / "logo.txt"
    text.write_text("geen plaatje", encoding="utf-8")
    with pytest.raises(LogoError, match="PNG- of JPEG"):
        read_logo_file(text)


def test_a_damaged_stored_logo_is_ignored(demo_db: Database) -> None:
    with demo_db.uow() as uow:
        uow.settings.set(LOGO_SETTING, "dit is geen base64!")
        uow.commit()
    with demo_db.uow() as uow:
        assert load_logo(uow) is None
    assert load_report_source(demo_db).logo is None
