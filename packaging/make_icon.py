"""Draw the IVP Desk icon and write it as PNGs and one multi-size Windows .ico.

Run ``.venv/bin/python packaging/make_icon.py`` after changing the design; the results in
``resources/icons/`` are committed, so a build never needs to run this script.

The motif is a civic-safety shield with a white check mark ("plan in uitvoering").
Every size is drawn natively with QPainter (not scaled down from 256 px) so the small
sizes keep crisp, thick strokes: at 16 px the shield and the check are still readable,
the fine border and highlight only appear from 32 px up.

The .ico container is written here, without Pillow: 16–128 px as 32-bit DIB entries
(the classic format every Windows tool reads, including Inno Setup and the Explorer of
older builds) and 256 px as a PNG entry (the format Windows expects for that size).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_IN_ICO_FROM = 256  # entries this size and larger are stored as PNG inside the .ico
ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"

BLUE_TOP = QColor("#2468b4")
BLUE_BOTTOM = QColor("#0d3566")
EDGE = QColor("#082447")
ORANGE = QColor("#f28c00")


def shield_path(size: int) -> QPainterPath:
    """The shield outline in pixel coordinates for an icon of ``size`` px."""
    margin_x = size * 0.125 if size >= 32 else size * 0.095  # small sizes: use every pixel
    top = max(0.5, size * 0.07)
    left, right = margin_x, size - margin_x
    bottom = size - max(0.5, size * 0.04)
    shoulder = size * 0.50
    centre = size / 2
    dip = size * 0.045  # the top edge sinks a little towards the middle, like a badge
    path = QPainterPath(QPointF(left, top))
    path.quadTo(QPointF(centre, top + 2 * dip), QPointF(right, top))
    path.lineTo(QPointF(right, shoulder))
    path.cubicTo(QPointF(right, size * 0.74), QPointF(size * 0.68, size * 0.87), QPointF(centre, bottom))
    path.cubicTo(QPointF(size * 0.32, size * 0.87), QPointF(left, size * 0.74), QPointF(left, shoulder))
    path.closeSubpath()
    return path


def check_path(size: int) -> QPainterPath:
    """The check mark, placed in the optical centre of the shield."""
    path = QPainterPath(QPointF(size * 0.32, size * 0.50))
    path.lineTo(QPointF(size * 0.455, size * 0.635))
    path.lineTo(QPointF(size * 0.69, size * 0.375))
    return path


def draw(size: int) -> QImage:
    """Render the icon at exactly ``size`` × ``size`` pixels (transparent background)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    shield = shield_path(size)

    gradient = QLinearGradient(0, 0, 0, size)
    gradient.setColorAt(0.0, BLUE_TOP)
    gradient.setColorAt(1.0, BLUE_BOTTOM)
    painter.fillPath(shield, QBrush(gradient))

    if size >= 24:
        # Orange band under the top edge: the accent that makes it ours, not a generic shield.
        painter.save()
        painter.setClipPath(shield)
        band = QPainterPath()
        band_top = size * 0.07 + size * 0.05
        band.addRect(QRectF(0, 0, size, band_top + size * 0.075))
        painter.fillPath(band, ORANGE)
        # Soft highlight on the left half gives some depth at the larger sizes.
        if size >= 48:
            light = QLinearGradient(0, 0, size, 0)
            light.setColorAt(0.0, QColor(255, 255, 255, 46))
            light.setColorAt(0.5, QColor(255, 255, 255, 18))
            light.setColorAt(0.5001, QColor(255, 255, 255, 0))
            painter.fillRect(QRectF(0, 0, size, size), QBrush(light))
        painter.restore()

    edge_width = max(1.0, size / 28)
    painter.setPen(QPen(EDGE, edge_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(shield)

    check_width = size * 0.11 if size >= 32 else size * 0.15  # bolder where pixels are few
    painter.setPen(QPen(QColor("white"), check_width, Qt.PenStyle.SolidLine,
                        Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    painter.drawPath(check_path(size))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """A 32-bit BGRA DIB with AND mask, as stored in an ICO entry (rows bottom-up)."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)  # straight alpha, BGRA in memory
    width, height = argb.width(), argb.height()
    stride = argb.bytesPerLine()
    raw = bytes(argb.constBits())[: stride * height]
    rows = [raw[y * stride: y * stride + width * 4] for y in range(height)]
    xor = b"".join(reversed(rows))
    mask_stride = ((width + 31) // 32) * 4
    mask_rows = []
    for row in reversed(rows):
        bits = bytearray(mask_stride)
        for x in range(width):
            if row[x * 4 + 3] == 0:  # fully transparent pixel: set in the AND mask
                bits[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(bits))
    header = struct.pack("<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0,
                         len(xor) + len(mask_rows) * mask_stride, 0, 0, 0, 0)
    return header + xor + b"".join(mask_rows)


def ico_bytes(images: dict[int, QImage]) -> bytes:
    """An ICO container holding every image (ICONDIR + ICONDIRENTRY table + payloads)."""
    payloads = []
    for size in sorted(images):
        image = images[size]
        payloads.append((size, png_bytes(image) if size >= PNG_IN_ICO_FROM else dib_bytes(image)))
    header = struct.pack("<HHH", 0, 1, len(payloads))
    offset = len(header) + 16 * len(payloads)
    entries = b""
    for size, payload in payloads:
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(payload), offset)
        offset += len(payload)
    return header + entries + b"".join(p for _s, p in payloads)


def main(out_dir: Path = ICON_DIR) -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts/paint need it
    out_dir.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size) for size in SIZES}
    for size, image in images.items():
        (out_dir / f"ivpdesk-{size}.png").write_bytes(png_bytes(image))
    (out_dir / "ivpdesk.ico").write_bytes(ico_bytes(images))
    print(f"Pictogrammen geschreven naar {out_dir}: {', '.join(map(str, SIZES))} px en ivpdesk.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ICON_DIR))
