"""The IVP Desk icon: committed files match the script, the .ico is a real multi-size icon."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

from PySide6.QtGui import QImage, QImageReader

from ivpdesk.paths import resource
from ivpdesk.ui.app import application_icon, create_application

ROOT = Path(__file__).resolve().parents[2]
SIZES = [16, 24, 32, 48, 64, 128, 256]


def load_make_icon():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_icon", ROOT / "packaging" / "make_icon.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rgba(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_RGBA8888)


def test_ico_directory_holds_seven_sizes_dib_small_png_large() -> None:
    data = resource("icons", "ivpdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind, count) == (0, 1, 7)
    found = []
    for index in range(count):
        width, height, _colors, _res, planes, bits, size, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index)
        pixels = width or 256
        found.append(pixels)
        assert (width, planes, bits) == (height, 1, 32)
        payload = data[offset: offset + size]
        assert len(payload) == size
        if pixels == 256:
            assert payload[:8] == b"\x89PNG\r\n\x1a\n"
        else:
            assert struct.unpack_from("<Iii", payload, 0) == (40, pixels, 2 * pixels)
    assert found == SIZES


def test_every_ico_entry_reads_back_as_the_png_of_that_size(qapp) -> None:  # type: ignore[no-untyped-def]
    reader = QImageReader(str(resource("icons", "ivpdesk.ico")))
    assert reader.imageCount() == 7
    entries = {}
    for _ in range(reader.imageCount()):
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        entries[image.width()] = rgba(image)
        reader.jumpToNextImage()
    assert sorted(entries) == SIZES
    for size in SIZES:
        png = rgba(QImage(str(resource("icons", f"ivpdesk-{size}.png"))))
        assert png.width() == size
        assert entries[size] == png, f"{size} px entry differs from ivpdesk-{size}.png"


def test_committed_icons_are_what_make_icon_draws(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_icon = load_make_icon()
    assert make_icon.main(tmp_path) == 0
    for size in SIZES:
        fresh = rgba(QImage(str(tmp_path / f"ivpdesk-{size}.png")))
        committed = rgba(QImage(str(resource("icons", f"ivpdesk-{size}.png"))))
        assert fresh == committed, f"run 'make icons' and commit: {size} px changed"
    assert (tmp_path / "ivpdesk.ico").read_bytes()[:6] == resource("icons", "ivpdesk.ico").read_bytes()[:6]


def test_small_icon_is_readable_shield_with_white_check(qapp) -> None:  # type: ignore[no-untyped-def]
    image = QImage(str(resource("icons", "ivpdesk-16.png")))
    opaque = [(x, y) for x in range(16) for y in range(16) if image.pixelColor(x, y).alpha() > 200]
    assert len(opaque) > 16 * 16 * 0.5  # the shield fills most of the square
    white = [(x, y) for x in range(16) for y in range(16)
             if min(image.pixelColor(x, y).getRgb()[:3]) > 225 and image.pixelColor(x, y).alpha() > 200]
    assert len(white) >= 8  # the check mark survives at 16 px
    assert all(4 <= x <= 12 and 4 <= y <= 12 for x, y in white)  # …inside the shield
    corner = image.pixelColor(0, 15)
    assert corner.alpha() == 0  # transparent outside the shield


def test_application_and_windows_carry_the_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    app = create_application()
    sizes = sorted(size.width() for size in app.windowIcon().availableSizes())
    assert sizes == SIZES
    assert app.desktopFileName() == "ivpdesk"
    small = rgba(application_icon().pixmap(16, 16).toImage())
    assert small == rgba(QImage(str(resource("icons", "ivpdesk-16.png"))))  # the drawn 16 px, not a scaled 256
