"""Dutch everywhere: Qt's own translations (standard buttons read "Annuleren") and QLocale.

Our own source strings are written in Dutch inside ``tr()``, so no translation file
is needed for them; resources/translations/ may hold a .qm for another language.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from ivpdesk.paths import resource

DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def install_dutch(app: QApplication) -> list[QTranslator]:
    """Load qtbase_nl and our own .qm if present; keep the translators alive on ``app``."""
    QLocale.setDefault(DUTCH)
    translators: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_nl", qt_dir), ("ivpdesk_nl", str(resource("translations")))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
    app.setProperty("ivpdesk_translators", len(translators))
    return translators


def format_date(value) -> str:  # type: ignore[no-untyped-def]
    """dd-MM-yyyy through the Dutch locale (empty for None)."""
    if value is None:
        return ""
    from PySide6.QtCore import QDate

    return DUTCH.toString(QDate(value.year, value.month, value.day), "dd-MM-yyyy")


def format_number(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return DUTCH.toString(int(value))
    return DUTCH.toString(float(value), "f", decimals)
