"""The conflict dialog: someone else saved the same row; show both versions, lose nothing.

Shown by :class:`ivpdesk.ui.undo.EditController` whenever a repository refuses a stale
edit. It lists, field by field, what the officer read, what the other person saved
and what she wanted to save, and offers exactly two ways out: reload (keep the other
change) or apply her change on top of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ivpdesk.domain import Baseline, StaleEditError
from ivpdesk.domain.formatting import format_money, format_number
from ivpdesk.services.editing import FIELD_LABELS
from ivpdesk.ui.i18n import format_date

RELOAD, REAPPLY = "reload", "reapply"

_SUBJECTS = {
    "activity": "Deze activiteit", "theme": "Dit thema", "section": "Dit onderdeel",
    "indicator": "Deze indicator", "plan": "Het uitvoeringsplan", "safety_plan": "Het IVP",
}
_SKIP = {"id", "version", "position", "section_id", "theme_id", "implementation_plan_id",
         "safety_plan_id", "sections", "progress_notes", "activities"}


def format_value(value: Any) -> str:
    """A field value as the officer reads it (Dutch dates, decimal comma, labels)."""
    if value is None or value == "" or value == []:
        return "(leeg)"
    if isinstance(value, datetime):
        local = value.astimezone()
        return f"{format_date(local.date())} {local:%H:%M}"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, Baseline):
        if value.raw:
            return value.raw
        return f"{format_number(value.value)} [{value.year}]" if value.value is not None else "(leeg)"
    if isinstance(value, list | tuple):
        parts = []
        for item in value:
            if hasattr(item, "year") and hasattr(item, "raw"):
                text = item.raw or format_number(getattr(item, "value", None))
                parts.append(f"{item.year}: {text}")
            else:
                parts.append(format_value(item))
        return ", ".join(parts)
    return str(value)


def conflict_rows(base: Any, current: Any, mine: Mapping[str, Any]) -> list[tuple[str, str, str, str, bool]]:
    """(veld, eerst, nu opgeslagen, uw wijziging, changed by the other) per relevant field."""
    names: list[str] = list(mine)
    if base is not None and current is not None:
        for name in getattr(current, "__dataclass_fields__", {}):
            if name in _SKIP or name in names:
                continue
            if getattr(base, name, None) != getattr(current, name, None):
                names.append(name)
    rows = []
    for name in names:
        before = getattr(base, name, None) if base is not None else None
        now = getattr(current, name, None) if current is not None else None
        theirs_changed = base is not None and before != now
        rows.append((
            FIELD_LABELS.get(name, name),
            format_value(before) if base is not None else "",
            format_value(now),
            format_value(mine[name]) if name in mine else "(niet gewijzigd)",
            theirs_changed,
        ))
    return rows


class StaleEditDialog(QDialog):
    def __init__(self, error: StaleEditError, *, kind: str, base: Any, mine: Mapping[str, Any],
                 last: Any = None, allow_reapply: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = RELOAD
        self.setWindowTitle(self.tr("Iemand anders heeft dit ook gewijzigd"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        who = ""
        if last is not None and getattr(last, "actor", ""):
            who = self.tr(" door %1 (%2)").replace("%1", last.actor).replace(
                "%2", format_value(last.at))
        subject = _SUBJECTS.get(kind, "Dit onderdeel van het plan")
        name = getattr(error.current, "title", None) or getattr(error.current, "name", None) or ""
        if not name and hasattr(error.current, "display_title"):
            name = error.current.display_title  # type: ignore[union-attr]
        intro = QLabel(
            self.tr("%1%2 is intussen%3 gewijzigd, nadat u het had geopend. Uw wijziging is "
                    "<b>nog niet</b> opgeslagen; er is niets verloren gegaan.")
            .replace("%1", subject)
            .replace("%2", f" ‘{_escape(str(name))}’" if name else "")
            .replace("%3", _escape(who))
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)

        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Veld"), self.tr("Toen u begon"), self.tr("Nu opgeslagen"),
            self.tr("Uw wijziging")])
        self.rows = conflict_rows(base, error.current, mine)
        for field, before, now, yours, theirs_changed in self.rows:
            items = [QStandardItem(text) for text in (field, before, now, yours)]
            for item in items:
                item.setEditable(False)
                item.setToolTip(item.text())
            if theirs_changed:
                items[2].setBackground(QColor("#fff1d6"))
            self.model.appendRow(items)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Verschillen tussen de twee wijzigingen"))
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        if base is None:
            self.table.hideColumn(1)
        layout.addWidget(self.table, 1)

        hint = QLabel(self.tr(
            "<b>Opnieuw laden</b> toont de gegevens zoals ze nu zijn opgeslagen (de wijziging "
            "van de ander blijft staan). <b>Mijn wijziging opnieuw toepassen</b> slaat uw "
            "waarden op over die van de ander heen; de andere velden blijven zoals de ander "
            "ze opsloeg."))
        hint.setWordWrap(True)
        layout.addWidget(hint)

        buttons = QDialogButtonBox()
        self.reload_button = QPushButton(self.tr("Opnieuw laden"))
        self.reapply_button = QPushButton(self.tr("Mijn wijziging opnieuw toepassen"))
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.RejectRole)
        if allow_reapply:
            buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        else:
            self.reapply_button.hide()
        self.reload_button.clicked.connect(self._reload)
        self.reapply_button.clicked.connect(self._reapply)
        self.reload_button.setDefault(True)
        layout.addWidget(buttons)
        self.resize(760, 360)

    def _reload(self) -> None:
        self.choice = RELOAD
        self.accept()

    def _reapply(self) -> None:
        self.choice = REAPPLY
        self.accept()

    def reject(self) -> None:  # Escape: the safe way out, keep the other change
        self.choice = RELOAD
        super().reject()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ask_about_conflict(parent: QWidget | None, error: StaleEditError, *, kind: str, base: Any,
                       mine: Mapping[str, Any], last: Any = None,
                       allow_reapply: bool = True) -> str:
    """Show the dialog; returns RELOAD or REAPPLY."""
    dialog = StaleEditDialog(error, kind=kind, base=base, mine=mine, last=last,
                             allow_reapply=allow_reapply, parent=parent)
    dialog.exec()
    return dialog.choice
