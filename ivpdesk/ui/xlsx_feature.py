"""Excel for partners in the GUI: Bestand → Exporteren naar Excel… and → Wijzigingen uit Excel verwerken….

Export: the officer chooses the whole plan, what the table shows now (the current
filter), or one theme (optionally only one trekker), then a file name; the workbook
is written off the GUI thread.

Re-import: the file is analysed off the GUI thread, then a preview dialog shows
exactly what would change (activity, field, old → new), the new rows (each can be
left out), the rows deleted in Excel (never deleted here), what could not be read,
and every conflict, which the officer resolves per field (mijn behouden / hun
overnemen). "Toepassen" writes everything in one transaction and reloads the window.
:func:`open_update_dialog` is the entry point the import wizard uses when it meets an
IVP Desk export.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ivpdesk import APP_NAME
from ivpdesk.domain import PlanBundle
from ivpdesk.domain.formatting import format_date
from ivpdesk.services.xlsx_update import (
    Choice,
    NotAnExportError,
    UpdatePreview,
    UpdateResult,
    count,
)
from ivpdesk.ui.tasks import TaskHandle, run_task, show_error

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow

AnyIndex = QModelIndex | QPersistentModelIndex
SETTINGS_FOLDER = "xlsx/last_folder"
EXCEL_FILTER = "Excel-werkmap (*.xlsx)"
MAX_ROWS_TO_FIT = 1500  # above this, fitting every row height to its text gets slow


def _tr(text: str) -> str:
    return QCoreApplication.translate("XlsxFeature", text)


def _last_folder() -> str:
    folder = QSettings().value(SETTINGS_FOLDER)
    if isinstance(folder, str) and Path(folder).is_dir():
        return folder
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def _remember_folder(path: Path) -> None:
    QSettings().setValue(SETTINGS_FOLDER, str(path.parent))


def _safe_file_name(text: str) -> str:
    return re.sub(r'[<>:"/\\|?*]+', "-", text).replace("–", "-").strip(" .")


# --------------------------------------------------------------------------- export


class ExportDialog(QDialog):
    """What to export: whole plan, the current filter, or one theme (and maybe one trekker)."""

    WHOLE, FILTER, THEME = range(3)

    def __init__(self, bundle: PlanBundle, visible_ids: Sequence[int], current_theme_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bundle = bundle
        self.visible_ids = list(visible_ids)
        self.setWindowTitle(self.tr("Exporteren naar Excel"))
        intro = QLabel(self.tr(
            "Een Excel-bestand dat partners kunnen lezen, printen en aanvullen. Stuurt een partner "
            "het terug, dan verwerkt u het met Bestand → Wijzigingen uit Excel verwerken…; u ziet "
            "vooraf precies wat er verandert."
        ))
        intro.setWordWrap(True)
        self.whole = QRadioButton(self.tr("Het hele uitvoeringsplan (%1 activiteiten)")
                                  .replace("%1", str(bundle.activity_count)))
        self.filtered = QRadioButton(self.tr("Wat nu in de tabel staat (%1 activiteiten)")
                                     .replace("%1", str(len(self.visible_ids))))
        self.filtered.setEnabled(bool(self.visible_ids))
        self.one_theme = QRadioButton(self.tr("Eén thema:"))
        self.group = QButtonGroup(self)
        for number, button in enumerate((self.whole, self.filtered, self.one_theme)):
            self.group.addButton(button, number)
        self.theme_combo = QComboBox()
        self.theme_combo.setAccessibleName(self.tr("Thema"))
        for theme in bundle.themes:
            self.theme_combo.addItem(f"{theme.name} ({theme.activity_count})", theme.id)
        self.theme_combo.currentIndexChanged.connect(lambda _i: self.one_theme.setChecked(True))
        if current_theme_id is not None:
            index = self.theme_combo.findData(current_theme_id)
            if index >= 0:
                self.theme_combo.setCurrentIndex(index)
            self.one_theme.setChecked(True)
        else:
            self.whole.setChecked(True)
        theme_row = QHBoxLayout()
        theme_row.addWidget(self.one_theme)
        theme_row.addWidget(self.theme_combo, 1)
        self.trekker = QLineEdit()
        self.trekker.setPlaceholderText(self.tr("leeg = alle trekkers"))
        self.trekker.setAccessibleName(self.tr("Trekker"))
        owners = sorted({o for _t, _s, a in bundle.activities()
                         for o in (a.political_owner, a.officer_owner) if o})
        completer = QCompleter(owners, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.trekker.setCompleter(completer)
        form = QFormLayout()
        form.addRow(self.tr("Alleen trekker:"), self.trekker)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Exporteren…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.whole)
        layout.addWidget(self.filtered)
        layout.addLayout(theme_row)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def choice(self) -> dict[str, Any]:
        """Keyword arguments for :func:`ivpdesk.services.export_xlsx.export_plan_xlsx`."""
        trekker = self.trekker.text().strip() or None
        selected = self.group.checkedId()
        if selected == self.FILTER:
            return {"activity_ids": set(self.visible_ids), "theme": None, "trekker": trekker}
        if selected == self.THEME:
            theme_id = self.theme_combo.currentData()
            theme = next(t for t in self.bundle.themes if t.id == theme_id)
            return {"activity_ids": None, "theme": theme.name, "trekker": trekker}
        return {"activity_ids": None, "theme": None, "trekker": trekker}

    def suggested_name(self) -> str:
        bundle = self.bundle
        name = f"Uitvoeringsplan {bundle.plan.period_label} {bundle.safety_plan.municipality}"
        choice = self.choice()
        if choice["theme"]:
            name += f" - {choice['theme']}"
        elif choice["activity_ids"] is not None:
            name += " - selectie"
        if choice["trekker"]:
            name += f" - {choice['trekker']}"
        return _safe_file_name(name) + ".xlsx"


class XlsxFeature:
    """The two menu actions and what they start; one instance per window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.export_action = QAction(_tr("Exporteren naar &Excel…"), window)
        self.export_action.triggered.connect(self.start_export)
        window.add_menu_action("file", self.export_action, "export")
        self.update_action = QAction(_tr("Wijzigingen uit Excel &verwerken…"), window)
        self.update_action.setStatusTip(_tr(
            "Een Excel-export die partners hebben aangevuld weer inlezen, met voorvertoning"))
        self.update_action.triggered.connect(self.choose_update_file)
        window.add_menu_action("file", self.update_action, "import")
        window.register_edit_action(self.update_action)
        self.export_action.setEnabled(window.bundle is not None)
        window.plan_loaded.connect(self._plan_loaded)
        self.dialog: ExportDialog | None = None
        self.last_task: TaskHandle | None = None
        self.last_message: QMessageBox | None = None

    def _plan_loaded(self) -> None:
        self.export_action.setEnabled(self.window.bundle is not None)

    # ---------------------------------------------------------------- export

    def start_export(self) -> None:
        window = self.window
        if window.bundle is None:
            return
        self.dialog = ExportDialog(window.bundle, window.visible_activity_ids(),
                                   window.current_theme_id(), window)
        self.dialog.accepted.connect(self._export_chosen)
        self.dialog.open()

    def _export_chosen(self) -> None:
        dialog = self.dialog
        assert dialog is not None
        suggested = str(Path(_last_folder()) / dialog.suggested_name())
        name, _filter = QFileDialog.getSaveFileName(
            self.window, _tr("Excel-bestand opslaan"), suggested, EXCEL_FILTER)
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        _remember_folder(path)
        self.export(path, **dialog.choice())

    def export(self, path: Path, **choice: Any) -> TaskHandle:
        """Write the workbook on a worker thread; a message with "Openen" follows."""
        from ivpdesk.services.export_xlsx import export_plan_xlsx

        db = self.window.db

        def work(progress: Any) -> Any:
            return export_plan_xlsx(db, path, progress=progress, **choice)

        self.last_task = run_task(self.window, _tr("Exporteren naar Excel…"), work, self._exported)
        return self.last_task

    def _exported(self, result: Any) -> None:
        window = self.window
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, _tr(
            "Het Excel-bestand is klaar: %1 (%2).").replace("%1", result.path.name)
            .replace("%2", result.summary), parent=window)
        box.setInformativeText(str(result.path))
        open_file = box.addButton(_tr("Bestand openen"), QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton(_tr("Map openen"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(_tr("Sluiten"), QMessageBox.ButtonRole.RejectRole)

        def clicked(button: Any) -> None:
            if button is open_file:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
            elif button is open_folder:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path.parent)))

        box.buttonClicked.connect(clicked)
        self.last_message = box
        box.open()

    # ---------------------------------------------------------------- re-import

    def choose_update_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self.window, _tr("Bewerkte Excel-export kiezen"), _last_folder(), EXCEL_FILTER)
        if name:
            _remember_folder(Path(name))
            self.last_task = open_update_dialog(self.window, Path(name))


# --------------------------------------------------------------------------- preview models


class _TableModel(QAbstractTableModel):
    """Read-only rows of text; subclasses add a checkable or editable column."""

    def __init__(self, headers: list[str], rows: list[tuple[Any, ...]], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows = rows

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        value = self.rows[row][column]
        return "" if value is None else str(value)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        return None


class ChangesModel(_TableModel):
    def __init__(self, preview: UpdatePreview, parent: Any = None) -> None:
        rows = [(u.title, u.theme, c.label, c.old, c.new, u.row)
                for u in preview.updates for c in u.changes]
        super().__init__([_tr("Activiteit"), _tr("Thema"), _tr("Veld"), _tr("Oud"), _tr("Nieuw"),
                          _tr("Rij")], rows, parent)


CHOICE_TEXT = {None: "— kies —", Choice.MINE: "Mijn behouden", Choice.THEIRS: "Hun overnemen"}


class ConflictsModel(_TableModel):
    """Conflicts with an editable last column: the officer's choice per field."""

    CHOICE_COLUMN = 5

    def __init__(self, preview: UpdatePreview, parent: Any = None) -> None:
        self.items = preview.conflicts
        rows = [(u.title, c.label, c.exported, c.mine, c.theirs, None) for u, c in self.items]
        super().__init__([_tr("Activiteit"), _tr("Veld"), _tr("Bij export"),
                          _tr("In IVP Desk (mijn)"), _tr("In Excel (hun)"), _tr("Keuze")], rows, parent)
        self.choices: list[Choice | None] = [None] * len(self.items)
        self.on_change: Callable[[], None] = lambda: None

    def text(self, row: int, column: int) -> str:
        if column == self.CHOICE_COLUMN:
            return _tr(CHOICE_TEXT[self.choices[row]])
        return super().text(row, column)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self.CHOICE_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.column() == self.CHOICE_COLUMN:
            choice = self.choices[index.row()]
            return choice.value if choice else ""
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.CHOICE_COLUMN:
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor("#b3261e" if self.choices[index.row()] is None else "#1b5e20"))
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != self.CHOICE_COLUMN or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            self.choices[index.row()] = Choice(value) if value else None
        except ValueError:
            return False
        self.dataChanged.emit(index, index)
        self.on_change()
        return True

    def choose_all(self, choice: Choice) -> None:
        self.choices = [choice] * len(self.items)
        if self.items:
            self.dataChanged.emit(self.index(0, self.CHOICE_COLUMN),
                                  self.index(len(self.items) - 1, self.CHOICE_COLUMN))
        self.on_change()

    @property
    def complete(self) -> bool:
        return all(c is not None for c in self.choices)

    def resolutions(self) -> dict[tuple[int, str], Choice]:
        return {(u.activity_id, c.field): choice
                for (u, c), choice in zip(self.items, self.choices, strict=True) if choice is not None}


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for the Keuze column."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(_tr(CHOICE_TEXT[Choice.MINE]), Choice.MINE.value)
        combo.addItem(_tr(CHOICE_TEXT[Choice.THEIRS]), Choice.THEIRS.value)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class NewRowsModel(_TableModel):
    """New activities; the first column is a check box "toevoegen"."""

    def __init__(self, preview: UpdatePreview, parent: Any = None) -> None:
        self.items = preview.new_rows
        rows = []
        for new in self.items:
            section = new.section or _tr("(zonder onderdeel)")
            if new.new_section:
                section += " " + _tr("(nieuw onderdeel)")
            status = new.values.get("status")
            rows.append(("", new.row, new.theme, section, new.title,
                         status.label if status else ""))
        super().__init__([_tr("Toevoegen"), _tr("Rij"), _tr("Thema"), _tr("Onderdeel"),
                          _tr("Activiteit"), _tr("Status")], rows, parent)
        self.on_change: Callable[[], None] = lambda: None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if self.items[index.row()].include
                    else Qt.CheckState.Unchecked)
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        self.items[index.row()].include = checked
        self.dataChanged.emit(index, index)
        self.on_change()
        return True


class DeletedModel(_TableModel):
    def __init__(self, preview: UpdatePreview, parent: Any = None) -> None:
        super().__init__([_tr("Activiteit"), _tr("Thema")],
                         [(d.title, d.theme) for d in preview.deleted], parent)


class ProblemsModel(_TableModel):
    def __init__(self, preview: UpdatePreview, parent: Any = None) -> None:
        super().__init__([_tr("Rij"), _tr("Melding")],
                         [(p.row or "", p.message) for p in preview.problems], parent)


# --------------------------------------------------------------------------- preview dialog


def _table(model: QAbstractTableModel, stretch: Sequence[int], name: str) -> QTableView:
    """A read-mostly table: wide text columns share the width, short ones fit their text."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    for column in range(model.columnCount()):
        mode = (QHeaderView.ResizeMode.Stretch if column in stretch
                else QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(column, mode)
    if model.rowCount() <= MAX_ROWS_TO_FIT:
        # Rows follow their wrapped text at whatever width the columns end up with.
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class UpdatePreviewDialog(QDialog):
    """Exactly what an edited export would change; "Toepassen" writes it in one go."""

    def __init__(self, window: MainWindow, preview: UpdatePreview) -> None:
        super().__init__(window)
        self.window_ = window
        self.preview = preview
        self.result_: UpdateResult | None = None
        self.task: TaskHandle | None = None
        self.done_message: QMessageBox | None = None
        self.setWindowTitle(self.tr("Wijzigingen uit Excel verwerken"))
        by = self.tr(" door %1").replace("%1", preview.exported_by) if preview.exported_by else ""
        title = QLabel(self.tr("<b>%1</b> — export van %2%3, uitvoeringsplan %4")
                       .replace("%1", preview.path.name)
                       .replace("%2", format_date(preview.exported_on)).replace("%3", by)
                       .replace("%4", preview.plan_label))
        title.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel(preview.summary() + ".")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        for notice in preview.notices:
            label = QLabel(notice)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setStyleSheet("background:#fff4e0; border:1px solid #f0b55c; color:#5c3a00;"
                                "padding:4px;")
            layout.addWidget(label)

        self.tabs = QTabWidget()
        self.changes_model = ChangesModel(preview, self)
        self.conflicts_model = ConflictsModel(preview, self)
        self.new_model = NewRowsModel(preview, self)
        self.deleted_model = DeletedModel(preview, self)
        self.problems_model = ProblemsModel(preview, self)
        self.conflicts_model.on_change = self._update_buttons
        self.new_model.on_change = self._update_buttons

        self.changes_view = _table(self.changes_model, (0, 3, 4), self.tr("Wijzigingen"))
        self.tabs.addTab(self.changes_view, self.tr("Wijzigingen (%1)")
                         .replace("%1", str(len(self.changes_model.rows))))

        conflicts_page = QWidget()
        conflicts_layout = QVBoxLayout(conflicts_page)
        explain = QLabel(self.tr(
            "Deze velden zijn na de export zowel in IVP Desk als in Excel gewijzigd. Kies per veld "
            "welke waarde blijft (dubbelklik op Keuze), of kies voor alles tegelijk."))
        explain.setWordWrap(True)
        conflicts_layout.addWidget(explain)
        self.conflicts_view = _table(self.conflicts_model, (0, 2, 3, 4), self.tr("Conflicten"))
        self.conflicts_view.setItemDelegateForColumn(ConflictsModel.CHOICE_COLUMN, ChoiceDelegate(self))
        choice_header = self.conflicts_view.horizontalHeader()
        choice_header.setSectionResizeMode(ConflictsModel.CHOICE_COLUMN, QHeaderView.ResizeMode.Fixed)
        choice_header.resizeSection(ConflictsModel.CHOICE_COLUMN, self.fontMetrics().horizontalAdvance(
            self.tr("Hun overnemen")) + 48)  # room for the combo box arrow
        conflicts_layout.addWidget(self.conflicts_view, 1)
        bulk = QHBoxLayout()
        self.all_mine = QPushButton(self.tr("Alles: mijn behouden"))
        self.all_theirs = QPushButton(self.tr("Alles: hun overnemen"))
        self.all_mine.clicked.connect(lambda: self.conflicts_model.choose_all(Choice.MINE))
        self.all_theirs.clicked.connect(lambda: self.conflicts_model.choose_all(Choice.THEIRS))
        bulk.addWidget(self.all_mine)
        bulk.addWidget(self.all_theirs)
        bulk.addStretch(1)
        conflicts_layout.addLayout(bulk)
        self.tabs.addTab(conflicts_page, self.tr("Conflicten (%1)")
                         .replace("%1", str(len(self.conflicts_model.rows))))

        self.new_view = _table(self.new_model, (2, 3, 4), self.tr("Nieuwe activiteiten"))
        self.tabs.addTab(self.new_view, self.tr("Nieuwe activiteiten (%1)")
                         .replace("%1", str(len(self.new_model.rows))))

        deleted_page = QWidget()
        deleted_layout = QVBoxLayout(deleted_page)
        deleted_note = QLabel(self.tr(
            "Deze rijen staan niet meer in het Excel-bestand. De activiteiten blijven in IVP Desk "
            "staan; verwijder ze daar zelf als dat de bedoeling was."))
        deleted_note.setWordWrap(True)
        deleted_layout.addWidget(deleted_note)
        self.deleted_view = _table(self.deleted_model, (0, 1), self.tr("Verwijderd in Excel"))
        deleted_layout.addWidget(self.deleted_view, 1)
        self.tabs.addTab(deleted_page, self.tr("Verwijderd in Excel (%1)")
                         .replace("%1", str(len(self.deleted_model.rows))))

        self.problems_view = _table(self.problems_model, (1,), self.tr("Meldingen"))
        self.tabs.addTab(self.problems_view, self.tr("Meldingen (%1)")
                         .replace("%1", str(len(self.problems_model.rows))))
        layout.addWidget(self.tabs, 1)
        first_with_rows = next((i for i, m in enumerate(
            (self.changes_model, self.conflicts_model, self.new_model, self.deleted_model,
             self.problems_model)) if m.rows), 0)
        self.tabs.setCurrentIndex(1 if self.conflicts_model.rows else first_with_rows)

        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(self.tr("Toepassen"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(self.tr("Annuleren"),
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(1080, 620)
        self._update_buttons()

    def _has_work(self) -> bool:
        return bool(self.changes_model.rows or self.conflicts_model.rows
                    or any(n.include for n in self.preview.new_rows))

    def _update_buttons(self) -> None:
        if self.window_.read_only:
            self.apply_button.setEnabled(False)
            self.status.setText(self.tr("De database is alleen-lezen: er kan nu niets worden verwerkt."))
            return
        if not self._has_work():
            self.apply_button.setEnabled(False)
            self.close_button.setText(self.tr("Sluiten"))
            self.status.setText(self.tr("Er is niets te verwerken: de database is al gelijk aan "
                                        "het bestand."))
            return
        open_conflicts = self.conflicts_model.choices.count(None)
        if open_conflicts:
            self.apply_button.setEnabled(False)
            self.status.setText(self.tr("Kies nog bij %1 voordat u toepast.")
                                .replace("%1", count(open_conflicts, "conflict", "conflicten")))
            return
        self.apply_button.setEnabled(True)
        self.status.setText(self.tr("Toepassen verwerkt alles in één keer; vooraf wordt een "
                                    "back-up gemaakt."))

    def apply(self) -> None:
        from ivpdesk.services.xlsx_update import apply_update

        db = self.window_.db
        preview = self.preview
        resolutions = self.conflicts_model.resolutions()
        self.apply_button.setEnabled(False)

        def work(progress: Any) -> UpdateResult:
            return apply_update(db, preview, resolutions, progress=progress)

        def failed(error: BaseException) -> None:
            show_error(self, error)
            self._update_buttons()

        self.task = run_task(self, self.tr("Wijzigingen verwerken…"), work, self._applied, failed)

    def _applied(self, result: UpdateResult) -> None:
        self.result_ = result
        self.window_.reload()
        self.accept()
        text = self.tr("Verwerkt: %1.").replace("%1", result.summary())
        if result.backup is not None:
            text += "\n\n" + self.tr("Back-up vooraf: %1").replace("%1", str(result.backup))
        self.done_message = QMessageBox(QMessageBox.Icon.Information, APP_NAME, text,
                                        parent=self.window_)
        self.done_message.open()  # not blocking: the window is already up to date


def open_update_dialog(window: MainWindow, path: Path) -> TaskHandle:
    """Analyse ``path`` off the GUI thread, then show the preview dialog (or a Dutch message).

    The import wizard calls this when the chosen file turns out to be an IVP Desk export.
    """
    from ivpdesk.services.xlsx_update import analyse_update

    db = window.db

    def work(progress: Any) -> UpdatePreview:
        return analyse_update(db, path, progress=progress)

    def done(preview: UpdatePreview) -> None:
        dialog = UpdatePreviewDialog(window, preview)
        dialog.open()

    def failed(error: BaseException) -> None:
        if isinstance(error, NotAnExportError):
            QMessageBox.information(window, APP_NAME, error.message)
            return
        show_error(window, error)

    return run_task(window, _tr("Excel-bestand lezen…"), work, done, failed)


def install(window: MainWindow) -> None:
    window.xlsx_feature = XlsxFeature(window)  # type: ignore[attr-defined]
