"""Bestand → Importeren uit Excel…, the welcome page's import button, and the roll-over action.

Installed through :data:`ivpdesk.ui.features.UI_FEATURES`; uses only the window API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from ivpdesk.services.progress import Progress
from ivpdesk.ui.tasks import run_task

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    action = QAction(window.tr("&Importeren uit Excel…"), window)
    action.setStatusTip(window.tr("Lees een uitvoeringsplan uit een Excel-bestand in"))
    action.triggered.connect(lambda: open_import_wizard(window))
    window.add_menu_action("file", action, "import")
    window.register_edit_action(action)
    window.welcome.set_import_available(True)
    window.welcome.import_requested.connect(lambda: open_import_wizard(window))

    rollover = QAction(window.tr("Nieuw uitvoeringsplan op basis van het &vorige…"), window)
    rollover.setStatusTip(window.tr(
        "Maak het volgende uitvoeringsplan met alle lopende activiteiten, thema's en indicatoren"
    ))
    rollover.triggered.connect(lambda: open_rollover(window))
    window.add_menu_action("plan", rollover, "plan")
    window.register_edit_action(rollover)

    def update_rollover() -> None:
        rollover.setEnabled(window.bundle is not None and not window.read_only)

    window.plan_loaded.connect(update_rollover)
    window.read_only_changed.connect(lambda _flag: update_rollover())
    update_rollover()


def open_import_wizard(window: MainWindow) -> Any:
    from ivpdesk.ui.dialogs.import_wizard import ImportWizard
    from ivpdesk.ui.lock_feature import paths_of
    from ivpdesk.ui.xlsx_feature import open_update_dialog

    wizard = ImportWizard(window.db, window, has_current_plan=window.bundle is not None,
                          paths=paths_of(window),
                          on_ivpdesk_export=lambda path: open_update_dialog(window, path))
    wizard.finished.connect(lambda _code: window.reload() if wizard.report is not None else None)
    wizard.open()
    return wizard


class RolloverDialog(QDialog):
    """Choose the period of the next uitvoeringsplan."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        bundle = window.bundle
        assert bundle is not None
        self.setWindowTitle(self.tr("Nieuw uitvoeringsplan op basis van het vorige"))
        layout = QVBoxLayout(self)
        open_count = sum(1 for _t, _s, a in bundle.activities() if not a.status.is_closed)
        intro = QLabel(self.tr(
            "Het nieuwe plan krijgt alle thema's, onderdelen en indicatoren (met doelstellingen) "
            "van uitvoeringsplan %1, en de %2 activiteiten die niet gereed of vervallen zijn. Hun "
            "status begint opnieuw op 'niet gestart'; de geschiedenis blijft in het oude plan."
        ).replace("%1", bundle.plan.period_label).replace("%2", str(open_count)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.start = QSpinBox()
        self.start.setRange(2000, 2100)
        self.start.setValue(bundle.plan.end_year + 1)
        self.length = QComboBox()
        self.length.addItems([self.tr("Twee jaar (tweejaarlijks)"), self.tr("Eén jaar")])
        form.addRow(self.tr("&Vanaf:"), self.start)
        form.addRow(self.tr("&Looptijd:"), self.length)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Plan &maken"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def period(self) -> tuple[int, int]:
        start = self.start.value()
        return start, start + (1 if self.length.currentIndex() == 0 else 0)


def open_rollover(window: MainWindow) -> None:
    if window.bundle is None or window.bundle.plan.id is None:
        return
    dialog = RolloverDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    start, end = dialog.period
    plan_id, db = window.bundle.plan.id, window.db
    from ivpdesk.ui.lock_feature import paths_of

    paths = paths_of(window)

    def work(progress: Progress) -> int:
        from ivpdesk.services.rollover import roll_over

        progress.step(0, 1, "Nieuw uitvoeringsplan maken…")
        return roll_over(db, plan_id, start, end, paths=paths)

    run_task(window, window.tr("Nieuw uitvoeringsplan maken…"), work, lambda _id: window.reload(),
             cancellable=False)
