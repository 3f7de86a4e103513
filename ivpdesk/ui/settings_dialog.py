"""Bewerken → Instellingen…: one dialog, one page per feature (logo, back-ups, herinneringen …).

Feature modules add a page with ``window.add_settings_page(key, title, factory)``; the
factory builds a fresh page widget each time the dialog opens. A page may define
``apply() -> None`` (called on OK, may raise DomainError to keep the dialog open).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ivpdesk.domain.errors import DomainError

PageFactory = Callable[[], QWidget]


class SettingsDialog(QDialog):
    def __init__(self, pages: list[tuple[str, str, PageFactory]], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Instellingen"))
        self.resize(760, 480)
        self.pages: dict[str, QWidget] = {}
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Onderdelen van de instellingen"))
        self.list.setMaximumWidth(220)
        self.stack = QStackedWidget()
        for key, title, factory in pages:
            page = factory()
            self.pages[key] = page
            self.list.addItem(title)
            self.stack.addWidget(page)
        if not pages:
            self.stack.addWidget(QLabel(self.tr("Er zijn nog geen instellingen.")))
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.setCurrentRow(0)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def show_page(self, key: str) -> None:
        self.list.setCurrentRow(list(self.pages).index(key))

    def accept(self) -> None:
        for key, page in self.pages.items():
            apply = getattr(page, "apply", None)
            if apply is None:
                continue
            try:
                apply()
            except DomainError as error:
                self.show_page(key)
                self.error.setText(error.message)
                return
        super().accept()
