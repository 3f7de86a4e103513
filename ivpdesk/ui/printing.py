"""Send a finished PDF to a QPrinter, page by page, off the GUI thread.

QtPdf renders each page to an image (at most 300 dpi: the printer's 1200 dpi would
need half a gigabyte per A4 page) which is painted onto the printer. Qt allows
painting on a QPrinter from a worker thread, so :func:`print_pdf` runs inside
:func:`ivpdesk.ui.tasks.run_task` with a progress bar and Annuleren. Landscape pages
(the activity tables) are turned a quarter to fill a portrait sheet, unless the
printer writes a PDF file, which can change orientation per page.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from ivpdesk.domain.errors import DomainError
from ivpdesk.services.progress import Cancelled, Progress

MAX_RENDER_DPI = 300


class PrintError(DomainError):
    """Printing failed (printer gone, file not readable); Dutch message."""


def page_range(printer: QPrinter, page_count: int) -> list[int]:
    """Zero-based pages chosen in the print dialog (all pages unless a range was set)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or page_count, page_count)
        return list(range(first - 1, last))
    return list(range(page_count))


def _render(document: QPdfDocument, page: int, dpi: int) -> QImage:
    size = document.pagePointSize(page)
    pixels = QSize(max(1, round(size.width() * dpi / 72)), max(1, round(size.height() * dpi / 72)))
    image = document.render(page, pixels)
    # QtPdf renders on a transparent background; a printer wants white paper.
    paper = QImage(pixels, QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper


def print_pdf(path: Path, printer: QPrinter, progress: Progress | None = None) -> int:
    """Print ``path`` on ``printer``; returns the number of pages sent."""
    progress = progress or Progress.silent()
    document = QPdfDocument()
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_ or document.pageCount() == 0:
        raise PrintError(f"Het PDF-bestand {path.name} kan niet worden gelezen om af te drukken.")
    pages = page_range(printer, document.pageCount())
    dpi = max(96, min(printer.resolution(), MAX_RENDER_DPI))
    per_page_orientation = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
    painter = QPainter()
    sent = 0
    try:
        last_report = 0.0
        for index, page in enumerate(pages):
            progress.check()
            if time.monotonic() - last_report >= 0.1:  # a few reports a second are enough
                last_report = time.monotonic()
                progress.step(index, len(pages), f"Pagina {page + 1} afdrukken…")
            size: QSizeF = document.pagePointSize(page)
            landscape = size.width() > size.height()
            if per_page_orientation:
                printer.setPageOrientation(
                    QPageLayout.Orientation.Landscape if landscape
                    else QPageLayout.Orientation.Portrait
                )
            if index == 0:
                if not painter.begin(printer):
                    raise PrintError("De printer kan niet worden gestart. Controleer de printer "
                                     "en probeer het opnieuw.")
            elif not printer.newPage():
                raise PrintError("De printer weigerde een nieuwe pagina; het afdrukken is gestopt.")
            image = _render(document, page, dpi)
            target = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            sheet_landscape = target.width() > target.height()
            if landscape != sheet_landscape:
                image = image.transformed(QTransform().rotate(90 if landscape else -90))
            scaled = QSizeF(image.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            left = target.left() + (target.width() - scaled.width()) / 2
            top = target.top() + (target.height() - scaled.height()) / 2
            painter.drawImage(QRectF(left, top, scaled.width(), scaled.height()), image)
            sent += 1
        progress.step(len(pages), len(pages), "Afdrukken voltooid")
    except Cancelled:
        printer.abort()
        raise
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    return sent
