"""Detail panel: every field of the selected activity (or onderdeel, or theme), editable.

The panel never writes itself: each finished field becomes one ``changes_requested``
signal (a dict of field → value) that the window saves through the edit controller,
so every change is one undoable edit. When the saved activity comes back
(``show_activity`` with the same id) fields the officer is still typing in are left
alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ivpdesk.domain import Activity, ActivityStatus, PlanBundle, Section, Theme, ThemeKind
from ivpdesk.domain.clock import today
from ivpdesk.domain.planning import Planning, PlanningKind, activity_deadlines, parse_planning
from ivpdesk.paths import catalogue
from ivpdesk.ui.i18n import DUTCH, format_date
from ivpdesk.ui.widgets.inputs import (
    CommitLineEdit,
    CommitTextEdit,
    MoneyEdit,
    OptionalDateEdit,
    OwnerCombo,
    PartnerPicker,
    StatusCombo,
    YearChecks,
    enum_data,
)


def describe_planning(planning: Planning) -> str:
    """How the program understood the planning text, in the officer's words."""
    if not planning.raw.strip():
        return "Geen planning ingevuld."
    if not planning.understood or planning.kind is PlanningKind.UNKNOWN:
        return "Niet begrepen: stel zo nodig hieronder een eigen deadline in."
    dates = ", ".join(format_date(d) for d in planning.deadlines)
    recurrence = planning.recurrence
    if planning.kind is PlanningKind.ONGOING:
        return "Doorlopend (geen vaste deadline)." + (f" Deadlines: {dates}." if dates else "")
    if planning.kind is PlanningKind.AD_HOC:
        return "Wanneer nodig / op verzoek (geen vaste deadline)."
    if planning.kind is PlanningKind.RECURRING or recurrence is not None:
        often = ""
        if recurrence is not None and recurrence.times_per_year:
            times = recurrence.times_per_year
            often = f"{int(times) if float(times).is_integer() else times} keer per jaar"
        elif recurrence is not None and recurrence.interval_days:
            often = f"elke {recurrence.interval_days} dagen"
        text = "Terugkerend" + (f": {often}" if often else "")
        return text + (f"; deadlines {dates}." if dates else ".")
    if dates:
        return ("Deadline " if len(planning.deadlines) == 1 else "Deadlines ") + dates + "."
    return f"Begrepen als {planning.kind.value}."


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #5b6470;")
    return label


class ActivityEditor(QWidget):
    changes_requested = Signal(object)
    note_add_requested = Signal(str, str, object)  # text, moment, date
    note_delete_requested = Signal(int)
    error = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.activity: Activity | None = None
        self.plan_years: list[int] = []
        self.read_only = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        self.stripe = QFrame()
        self.stripe.setFixedHeight(4)
        outer.addWidget(self.stripe)
        self.title_label = _heading(self.tr("Activiteit"))
        self.path_label = _muted()
        outer.addWidget(self.title_label)
        outer.addWidget(self.path_label)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form = form

        self.title = CommitLineEdit()
        self.title.setPlaceholderText(self.tr("korte titel (mag leeg blijven)"))
        self.description = CommitTextEdit()
        self.description.setMinimumHeight(90)
        self.description.setMaximumHeight(160)
        self.political = OwnerCombo()
        self.officer = OwnerCombo()
        self.partners = PartnerPicker()
        self.planning = CommitLineEdit()
        self.planning.setPlaceholderText(self.tr("bijvoorbeeld 2e kwartaal 2027, doorlopend"))
        self.planning_info = _muted()
        self.deadline = OptionalDateEdit(self.tr("Eigen deadline"))
        self.deadline_info = _muted()
        self.status = StatusCombo()
        self.years = YearChecks()
        self.budget = MoneyEdit()
        budget_row = QHBoxLayout()
        budget_row.addWidget(QLabel("€"))
        budget_row.addWidget(self.budget, 1)

        rows: list[tuple[str, Any]] = [
            (self.tr("&Titel"), self.title),
            (self.tr("&Omschrijving"), self.description),
            (self.tr("&Bestuurlijk trekker"), self.political),
            (self.tr("&Ambtelijk trekker"), self.officer),
            (self.tr("&Partners"), self.partners),
            (self.tr("P&lanning"), self.planning),
            ("", self.planning_info),
            (self.tr("&Deadline"), self.deadline),
            ("", self.deadline_info),
            (self.tr("&Status"), self.status),
            (self.tr("Jaren"), self.years),
            (self.tr("B&udget"), budget_row),
        ]
        for label_text, widget in rows:
            if label_text:
                label = QLabel(label_text)
                form.addRow(label, widget)
                buddy = widget if isinstance(widget, QWidget) else self.budget
                if isinstance(buddy, PartnerPicker):
                    buddy = buddy.input
                elif isinstance(buddy, OptionalDateEdit):
                    buddy = buddy.check
                elif isinstance(buddy, YearChecks):
                    buddy = None  # type: ignore[assignment]
                if buddy is not None:
                    label.setBuddy(buddy)
                name = label_text.replace("&", "")
                target = buddy if buddy is not None else widget
                if isinstance(target, QWidget) and not target.accessibleName():
                    target.setAccessibleName(name)
            else:
                form.addRow(widget)
        outer.addLayout(form)

        outer.addWidget(_heading(self.tr("Voortgang")))
        self.notes = QListWidget()
        self.notes.setAccessibleName(self.tr("Voortgangsnotities"))
        self.notes.setWordWrap(True)
        self.notes.setMinimumHeight(80)
        self.notes.setMaximumHeight(130)
        outer.addWidget(self.notes)
        self.delete_note_button = QPushButton(self.tr("Notitie verwijderen"))
        self.delete_note_button.clicked.connect(self._delete_note)
        outer.addWidget(self.delete_note_button, 0, Qt.AlignmentFlag.AlignRight)
        note_form = QFormLayout()
        self.note_date = QDateEdit()
        self.note_date.setDisplayFormat("dd-MM-yyyy")
        self.note_date.setCalendarPopup(True)
        self.note_date.setLocale(DUTCH)
        self.note_date.setAccessibleName(self.tr("Datum van de notitie"))
        self.note_moment = QComboBox()
        self.note_moment.setEditable(True)
        self.note_moment.setAccessibleName(self.tr("Rapportagemoment"))
        self.note_text = CommitTextEdit()
        self.note_text.setAccessibleName(self.tr("Tekst van de nieuwe notitie"))
        self.note_text.setPlaceholderText(self.tr("Wat is er gebeurd, wat is de stand?"))
        self.note_text.setMaximumHeight(80)
        self.add_note_button = QPushButton(self.tr("Notitie &toevoegen"))
        self.add_note_button.clicked.connect(self._add_note)
        note_form.addRow(self.tr("Datum"), self.note_date)
        note_form.addRow(self.tr("Moment"), self.note_moment)
        note_form.addRow(self.tr("Tekst"), self.note_text)
        outer.addLayout(note_form)
        outer.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignRight)
        outer.addStretch(1)

        self.title.committed.connect(lambda text: self._request(title=text or None))
        self.description.committed.connect(lambda text: self._request(description=text))
        self.political.committed.connect(lambda text: self._request(political_owner=text))
        self.officer.committed.connect(lambda text: self._request(officer_owner=text))
        self.partners.partners_changed.connect(lambda names: self._request(partners=names))
        self.planning.committed.connect(lambda text: self._request(planning_text=text))
        self.planning.textEdited.connect(self._preview_planning)
        self.deadline.date_committed.connect(lambda value: self._request(deadline_override=value))
        self.status.status_chosen.connect(lambda status: self._request(status=status))
        self.years.years_changed.connect(lambda years: self._request(years=years))
        self.budget.value_committed.connect(lambda value: self._request(budget=value))
        self.budget.invalid.connect(self.error.emit)

    # ------------------------------------------------------------------ showing

    def set_context(self, bundle: PlanBundle, owners: Sequence[str], officers: Sequence[str],
                    partner_register: Sequence[str]) -> None:
        self.plan_years = bundle.plan.years
        self.years.set_plan_years(self.plan_years)
        self.political.set_choices(owners)
        self.officer.set_choices(officers)
        self.partners.set_register(partner_register)
        moments = []
        for year in self.plan_years:
            moments += [f"Voortgangsrapportage {year}", f"Jaarverslag {year}"]
        moments.append(f"Evaluatie {self.plan_years[-1]}" if self.plan_years else "Evaluatie")
        text = self.note_moment.currentText()
        self.note_moment.clear()
        self.note_moment.addItems(moments)
        self.note_moment.setEditText(text)

    def show_activity(self, activity: Activity, theme: Theme, section: Section) -> None:
        same = self.activity is not None and self.activity.id == activity.id
        self.activity = activity
        status = activity.status
        self.stripe.setStyleSheet(f"background: {status.colour};")
        self.title_label.setText(activity.display_title or self.tr("Activiteit"))
        path = theme.name + (f" › {section.heading}" if section.heading else "") + (
            f" › {section.name}" if section.name else "")
        self.path_label.setText(path)
        for widget, value in (
            (self.title, activity.title or ""), (self.description, activity.description),
            (self.political, activity.political_owner), (self.officer, activity.officer_owner),
            (self.planning, activity.planning_text),
        ):
            if not (same and widget.is_dirty() and widget.hasFocus()):
                widget.set_saved_text(value)
        self.partners.set_partners(activity.partners)
        self.status.set_status(status)
        self.status.setStyleSheet(f"QComboBox {{ color: {status.colour}; font-weight: bold; }}")
        self.years.set_years(activity.years)
        if not (same and self.budget.hasFocus()):
            self.budget.set_value(activity.budget)
        self._show_planning(activity)
        self.notes.clear()
        for note in sorted(activity.progress_notes, key=lambda n: (n.written_on, n.id or 0),
                           reverse=True):
            head = " · ".join(p for p in (format_date(note.written_on), note.moment, note.author) if p)
            item = QListWidgetItem(f"{head}\n{note.text}")
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            item.setToolTip(note.text)
            self.notes.addItem(item)
        if not same:
            self.note_text.set_saved_text("")
            now = today()
            self.note_date.setDate(QDate(now.year, now.month, now.day))
        self._apply_read_only()

    def _show_planning(self, activity: Activity) -> None:
        planning = parse_planning(activity.planning_text, self.plan_years)
        self.planning_info.setText(describe_planning(planning))
        derived = list(planning.deadlines)
        first = derived[0] if derived else (date(self.plan_years[-1], 12, 31)
                                            if self.plan_years else today())
        self.deadline.set_value(activity.deadline_override, first)
        effective = activity_deadlines(activity, self.plan_years)
        if activity.deadline_override is not None:
            text = self.tr("Eigen deadline %1 gaat vóór de planning.").replace(
                "%1", format_date(activity.deadline_override))
            if derived:
                text += " " + self.tr("Uit de planning: %1.").replace(
                    "%1", ", ".join(format_date(d) for d in derived))
        elif effective:
            text = self.tr("Deadline uit de planning: %1.").replace(
                "%1", ", ".join(format_date(d) for d in effective))
        else:
            text = self.tr("Geen deadline.")
        self.deadline_info.setText(text)

    def _preview_planning(self, text: str) -> None:
        self.planning_info.setText(describe_planning(parse_planning(text, self.plan_years)))

    # ------------------------------------------------------------------ editing

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        read_only = self.read_only
        for widget in (self.title, self.description, self.planning, self.note_text):
            widget.setReadOnly(read_only)
        for combo in (self.political, self.officer):
            line = combo.lineEdit()
            if line is not None:
                line.setReadOnly(read_only)
            combo.setEnabled(not read_only)
        self.status.setEnabled(not read_only)
        self.years.set_read_only(read_only)
        self.budget.setReadOnly(read_only)
        self.partners.set_read_only(read_only)
        self.deadline.set_read_only(read_only)
        for widget in (self.add_note_button, self.delete_note_button, self.note_date,
                       self.note_moment):
            widget.setEnabled(not read_only)

    def _request(self, **changes: Any) -> None:
        if self.activity is None or self.read_only:
            return
        self.changes_requested.emit(changes)

    def pending_changes(self) -> dict[str, Any]:
        """Typed but not yet saved values (to save before the selection moves on)."""
        if self.activity is None or self.read_only:
            return {}
        pending: dict[str, Any] = {}
        for widget, name in ((self.title, "title"), (self.description, "description"),
                             (self.political, "political_owner"), (self.officer, "officer_owner"),
                             (self.planning, "planning_text")):
            if widget.is_dirty():
                value = widget.toPlainText() if isinstance(widget, CommitTextEdit) else (
                    widget.currentText() if isinstance(widget, OwnerCombo) else widget.text())
                pending[name] = (value or None) if name == "title" else value
                widget.set_saved_text(value)
        return pending

    def _add_note(self) -> None:
        if self.activity is None or self.read_only:
            return
        text = self.note_text.toPlainText().strip()
        if not text:
            self.error.emit(self.tr("Schrijf eerst de tekst van de notitie."))
            self.note_text.setFocus()
            return
        qdate = self.note_date.date()
        self.note_text.set_saved_text("")
        self.note_text.clear()
        self.note_add_requested.emit(text, self.note_moment.currentText().strip(),
                                     date(qdate.year(), qdate.month(), qdate.day()))

    def _delete_note(self) -> None:
        item = self.notes.currentItem()
        if item is None or self.read_only:
            return
        self.note_delete_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))


class SectionEditor(QWidget):
    """Name, kop and ambitie of an onderdeel."""

    changes_requested = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.section: Section | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(_heading(self.tr("Onderdeel")))
        self.path_label = _muted()
        layout.addWidget(self.path_label)
        form = QFormLayout()
        self.name = CommitLineEdit()
        self.heading = CommitLineEdit()
        self.heading.setPlaceholderText(self.tr("kop boven het onderdeel (mag leeg blijven)"))
        self.ambition = CommitTextEdit()
        self.ambition.setMinimumHeight(80)
        for text, widget in ((self.tr("&Naam"), self.name), (self.tr("&Kop"), self.heading),
                             (self.tr("&Ambitie"), self.ambition)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        layout.addLayout(form)
        self.count_label = _muted()
        layout.addWidget(self.count_label)
        layout.addStretch(1)
        self.name.committed.connect(lambda text: self.changes_requested.emit({"name": text}))
        self.heading.committed.connect(
            lambda text: self.changes_requested.emit({"heading": text.strip() or None}))
        self.ambition.committed.connect(lambda text: self.changes_requested.emit({"ambition": text}))

    def show_section(self, section: Section, theme: Theme) -> None:
        self.section = section
        self.path_label.setText(theme.name)
        self.name.set_saved_text(section.name)
        self.heading.set_saved_text(section.heading or "")
        self.ambition.set_saved_text(section.ambition)
        self.count_label.setText(self.tr("%1 activiteiten").replace(
            "%1", str(len(section.activities))))

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.name, self.heading, self.ambition):
            widget.setReadOnly(read_only)


class ThemeEditor(QWidget):
    """Everything of a theme: name, soort, veiligheidsveld, standaardthema, doel, aanpak."""

    changes_requested = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.theme: Theme | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(_heading(self.tr("Thema")))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = CommitLineEdit()
        self.kind = QComboBox()
        for kind in ThemeKind:
            self.kind.addItem(kind.label, kind)
        self.field = QComboBox()
        self.field.addItem(self.tr("Geen (overkoepelend)"), None)
        for safety_field in catalogue().fields:
            self.field.addItem(safety_field.label, safety_field.number)
        self.standard = QComboBox()
        self.goal = CommitTextEdit()
        self.goal.setMinimumHeight(70)
        self.approach = CommitTextEdit()
        self.approach.setMinimumHeight(70)
        for text, widget in ((self.tr("&Naam"), self.name), (self.tr("&Soort"), self.kind),
                             (self.tr("&Veiligheidsveld"), self.field),
                             (self.tr("S&tandaardthema"), self.standard),
                             (self.tr("&Doelstelling"), self.goal),
                             (self.tr("&Aanpak (hoofdlijnen)"), self.approach)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        layout.addLayout(form)
        self.summary = _muted()
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.name.committed.connect(lambda text: self.changes_requested.emit({"name": text}))
        self.kind.activated.connect(
            lambda _i: self.changes_requested.emit({"kind": enum_data(self.kind, ThemeKind)}))
        self.field.activated.connect(self._field_chosen)
        self.standard.activated.connect(
            lambda _i: self.changes_requested.emit(
                {"standard_theme_code": self.standard.currentData()}))
        self.goal.committed.connect(lambda text: self.changes_requested.emit({"goal": text}))
        self.approach.committed.connect(lambda text: self.changes_requested.emit({"approach": text}))

    def _fill_standard(self, field_number: int | None, code: str | None) -> None:
        self.standard.clear()
        self.standard.addItem(self.tr("Geen"), None)
        if field_number is not None:
            for theme in catalogue().field(field_number).themes:
                self.standard.addItem(theme.label, theme.code)
        index = self.standard.findData(code)
        self.standard.setCurrentIndex(max(index, 0))

    def _field_chosen(self, _index: int) -> None:
        number = self.field.currentData()
        code = self.theme.standard_theme_code if self.theme else None
        if code is not None and (number is None or not code.startswith(f"{number}.")):
            code = None
        self.changes_requested.emit({"field_number": number, "standard_theme_code": code})

    def show_theme(self, theme: Theme, summary: str = "") -> None:
        self.theme = theme
        self.name.set_saved_text(theme.name)
        self.kind.setCurrentIndex(max(self.kind.findData(theme.kind), 0))
        self.field.setCurrentIndex(max(self.field.findData(theme.field_number), 0))
        self._fill_standard(theme.field_number, theme.standard_theme_code)
        self.goal.set_saved_text(theme.goal)
        self.approach.set_saved_text(theme.approach)
        self.summary.setText(summary)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.name, self.goal, self.approach):
            widget.setReadOnly(read_only)
        for combo in (self.kind, self.field, self.standard):
            combo.setEnabled(not read_only)


class DetailPanel(QScrollArea):
    """Stack of editors; shows the one that fits the selected row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(self.tr("Detailpaneel"))
        self.setMinimumWidth(280)
        self.stack = QStackedWidget()
        self.empty = QLabel(self.tr("Kies links een activiteit om alle gegevens te zien en te "
                                    "bewerken."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #5b6470; padding: 24px;")
        self.activity_editor = ActivityEditor()
        self.section_editor = SectionEditor()
        self.theme_editor = ThemeEditor()
        for page in (self.empty, self.activity_editor, self.section_editor, self.theme_editor):
            self.stack.addWidget(page)
        self.setWidget(self.stack)

    def show_nothing(self) -> None:
        self.activity_editor.activity = None
        self.stack.setCurrentWidget(self.empty)

    def show_activity(self, activity: Activity, theme: Theme, section: Section) -> None:
        self.activity_editor.show_activity(activity, theme, section)
        self.stack.setCurrentWidget(self.activity_editor)

    def show_section(self, section: Section, theme: Theme) -> None:
        self.activity_editor.activity = None
        self.section_editor.show_section(section, theme)
        self.stack.setCurrentWidget(self.section_editor)

    def show_theme(self, theme: Theme, summary: str = "") -> None:
        self.activity_editor.activity = None
        self.theme_editor.show_theme(theme, summary)
        self.stack.setCurrentWidget(self.theme_editor)

    def set_read_only(self, read_only: bool) -> None:
        self.activity_editor.set_read_only(read_only)
        self.section_editor.set_read_only(read_only)
        self.theme_editor.set_read_only(read_only)

    def current_kind(self) -> str:
        page = self.stack.currentWidget()
        if page is self.activity_editor:
            return "activity"
        if page is self.section_editor:
            return "section"
        if page is self.theme_editor:
            return "theme"
        return ""


__all__ = ["ActivityEditor", "ActivityStatus", "DetailPanel", "SectionEditor", "ThemeEditor",
           "describe_planning"]
