"""How reminders reach the officer: the system tray, a banner in the window, or nowhere (tests).

All three follow the :class:`Notifier` protocol, so the reminder controller does not care
which one it has. :func:`choose_notifier` picks the tray when there is one; on a desktop
without a tray (and offscreen, where ``QSystemTrayIcon.show()`` fails silently while
``isVisible()`` still says True, see platform-notes) the banner inside the window is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from ivpdesk import APP_NAME
from ivpdesk.paths import resource

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow

BANNER_KEY = "reminders"
ICON_CANDIDATES = [
    ("icons", "ivpdesk.svg"), ("icons", "ivpdesk.png"), ("icons", "ivpdesk.ico"),
    ("ivpdesk.svg",), ("ivpdesk.png",), ("ivpdesk.ico",),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Reminders", text)


class Notifier(Protocol):
    def notify(self, title: str, message: str, level: str = "info") -> None:
        """Tell the officer ``message`` (level 'info' or 'warning')."""

    def clear(self) -> None:
        """Nothing needs attention any more."""


class NullNotifier:
    """Keeps what it was told (tests, and when notifications are switched off)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, str]] = []
        self.cleared = 0

    def notify(self, title: str, message: str, level: str = "info") -> None:
        self.messages.append((title, message, level))

    def clear(self) -> None:
        self.cleared += 1


class BannerNotifier:
    """A strip above the work area, with a button that opens the Overzicht."""

    def __init__(self, window: MainWindow, on_open: Callable[[], None]) -> None:
        self.window = window
        self.on_open = on_open

    def notify(self, title: str, message: str, level: str = "info") -> None:
        self.window.show_banner(BANNER_KEY, message, "warning" if level == "warning" else "info",
                                _tr("Overzicht openen"), self.on_open)

    def clear(self) -> None:
        self.window.hide_banner(BANNER_KEY)

    @property
    def showing(self) -> bool:
        return self.window.banner(BANNER_KEY) is not None


class TrayNotifier:
    """An icon in the system tray with a small menu; notifications as balloon messages."""

    def __init__(self, window: MainWindow, on_open: Callable[[], None]) -> None:
        self.window = window
        self.on_open = on_open
        self.tray = QSystemTrayIcon(app_icon(), window)
        self.tray.setToolTip(APP_NAME)
        menu = QMenu(window)
        show = QAction(_tr("IVP Desk openen"), menu)
        show.triggered.connect(self._raise)
        overview = QAction(_tr("Overzicht van deadlines"), menu)
        overview.triggered.connect(self._open_overview)
        quit_action = QAction(_tr("Afsluiten"), menu)
        quit_action.triggered.connect(window.close)
        menu.addAction(show)
        menu.addAction(overview)
        menu.addSeparator()
        menu.addAction(quit_action)
        self.menu = menu
        self.tray.setContextMenu(menu)
        self.tray.activated.connect(self._activated)
        self.tray.messageClicked.connect(self._open_overview)
        self.tray.show()

    def _raise(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _open_overview(self) -> None:
        self._raise()
        self.on_open()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self._open_overview()

    def notify(self, title: str, message: str, level: str = "info") -> None:
        icon = (QSystemTrayIcon.MessageIcon.Warning if level == "warning"
                else QSystemTrayIcon.MessageIcon.Information)
        self.tray.setToolTip(f"{APP_NAME}\n{message}"[:120])
        self.tray.showMessage(title, message, icon, 20_000)

    def clear(self) -> None:
        self.tray.setToolTip(APP_NAME)


def choose_notifier(window: MainWindow, on_open: Callable[[], None]) -> TrayNotifier | BannerNotifier:
    if QSystemTrayIcon.isSystemTrayAvailable():
        return TrayNotifier(window, on_open)
    return BannerNotifier(window, on_open)


def app_icon() -> QIcon:
    """The application's icon: set by start-up or shipped in resources/, else drawn here."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and not app.windowIcon().isNull():
        return app.windowIcon()
    for parts in ICON_CANDIDATES:
        path = resource(*parts)
        if path.is_file():
            icon = QIcon(str(path))
            if not icon.isNull():
                return icon
    return drawn_icon()


def drawn_icon() -> QIcon:
    """A blue shield with a white check, in a few sizes (used until a real icon ships)."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(size)
        shield = QPainterPath()
        shield.moveTo(s * 0.5, s * 0.04)
        shield.lineTo(s * 0.9, s * 0.18)
        shield.cubicTo(QPointF(s * 0.9, s * 0.62), QPointF(s * 0.72, s * 0.84), QPointF(s * 0.5, s * 0.97))
        shield.cubicTo(QPointF(s * 0.28, s * 0.84), QPointF(s * 0.1, s * 0.62), QPointF(s * 0.1, s * 0.18))
        shield.closeSubpath()
        painter.fillPath(shield, QColor("#1f5fa8"))
        pen = painter.pen()
        pen.setColor(QColor("white"))
        pen.setWidthF(max(1.5, s * 0.09))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        check = QPainterPath()
        check.moveTo(s * 0.3, s * 0.5)
        check.lineTo(s * 0.45, s * 0.65)
        check.lineTo(s * 0.72, s * 0.34)
        painter.drawPath(check)
        if size >= 48:
            font = QFont()
            font.setPixelSize(int(s * 0.13))
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QRectF(0, s * 0.72, s, s * 0.16), Qt.AlignmentFlag.AlignCenter, "IVP")
        painter.end()
        icon.addPixmap(pixmap)
    return icon
