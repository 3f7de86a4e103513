"""Welcome page shown when the database holds no plan yet: three clear ways to start."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCommandLinkButton, QLabel, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    new_plan_requested = Signal()
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(12)
        title = QLabel(self.tr("Welkom bij IVP Desk"))
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        intro = QLabel(self.tr(
            "Deze database bevat nog geen uitvoeringsplan. Kies hoe u wilt beginnen."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.new_button = QCommandLinkButton(
            self.tr("Nieuw plan maken"),
            self.tr("Begin met een nieuw plan: gemeente, looptijd van het IVP en het "
                    "uitvoeringsplan, en kies de thema's uit Kernbeleid Veiligheid."),
        )
        self.import_button = QCommandLinkButton(
            self.tr("Excel van vorig jaar importeren"),
            self.tr("Lees het uitvoeringsplan uit uw bestaande Excel-bestand in."),
        )
        self.demo_button = QCommandLinkButton(
            self.tr("Demoplan openen"),
            self.tr("Bekijk IVP Desk met het voorbeeldplan van de fictieve gemeente Lindewaard."),
        )
        for button, signal in (
            (self.new_button, self.new_plan_requested),
            (self.import_button, self.import_requested),
            (self.demo_button, self.demo_requested),
        ):
            button.setAccessibleName(button.text())
            button.clicked.connect(signal.emit)
            layout.addWidget(button)
        self.import_button.setEnabled(False)
        self.import_button.setToolTip(self.tr("Importeren komt beschikbaar in een volgende versie."))
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def set_import_available(self, available: bool) -> None:
        self.import_button.setEnabled(available)
        self.import_button.setToolTip("")
