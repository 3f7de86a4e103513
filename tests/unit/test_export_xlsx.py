"""Excel export: every value read back with openpyxl, the style choices that matter, safety."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from ivpdesk.domain import Activity, ActivityStatus, Indicator, ProgressNote, Target
from ivpdesk.domain.planning import activity_deadlines
from ivpdesk.paths import catalogue
from ivpdesk.services.export_xlsx import (
    ExportError,
    export_plan_xlsx,
    export_source_id,
    write_plan_xlsx,
)
from ivpdesk.services.plans import load_current
from ivpdesk.services.xlsx_layout import COLUMNS, KEY_HEADER, STATUS_LABELS, RowKey
from ivpdesk.store.uow import Database
from tests.helpers import make_plan
from tests.xlsx_helpers import COL, soffice_convert

NOW = datetime(2027, 3, 1, 10, 30, tzinfo=UTC)


def _expected_deadline(activity: Activity, years: list[int], as_of: date) -> date | None:
    deadlines = sorted(activity_deadlines(activity, years))
    upcoming = [d for d in deadlines if d >= as_of]
    return upcoming[0] if upcoming else (deadlines[-1] if deadlines else None)


def _as_date(value: object) -> object:
    return value.date() if isinstance(value, datetime) else value


@pytest.fixture
def demo_export(demo_db: Database, tmp_path: Path) -> tuple[Path, Database]:
    # Give one activity a fixed deadline and two notes, so dates and "latest note" are checked.
    bundle = load_current(demo_db)
    _theme, _section, first = next(bundle.activities())
    with demo_db.uow() as uow:
        activity = uow.activities.get(first.id)  # type: ignore[arg-type]
        activity.deadline_override = date(2027, 9, 30)
        uow.activities.update(activity)
        uow.activities.add_note(first.id, ProgressNote(text="Oud.", written_on=date(2026, 1, 5)))  # type: ignore[arg-type]
        uow.activities.add_note(first.id, ProgressNote(text="Nieuwste stand.", written_on=date(2027, 2, 1)))  # type: ignore[arg-type]
        uow.commit()
    bundle = load_current(demo_db)
    out = tmp_path / "plan.xlsx"
    write_plan_xlsx(bundle, out, source_id=export_source_id(demo_db, bundle.plan.id),  # type: ignore[arg-type]
                    exported_by="annemarie", now=NOW)
    return out, demo_db


def test_every_activity_value_is_in_its_column(demo_export: tuple[Path, Database]) -> None:
    out, db = demo_export
    bundle = load_current(db)
    ws = openpyxl.load_workbook(out)["Activiteiten"]
    assert [ws.cell(1, i).value for i in range(1, len(COLUMNS) + 1)] == [
        "Veiligheidsveld", "Thema", "Soort", "Kop", "Onderdeel", "Titel", "Activiteit",
        "Bestuurlijk trekker", "Ambtelijk trekker", "Partners", "Planning", "Deadline", "Status",
        "Voortgang", KEY_HEADER,
    ]
    cat = catalogue()
    source = export_source_id(db, bundle.plan.id)  # type: ignore[arg-type]
    rows = list(bundle.activities())
    assert ws.max_row == len(rows) + 1 == 83
    for number, (theme, section, activity) in enumerate(rows, start=2):
        field = cat.field(theme.field_number).label if theme.field_number else "Overkoepelend"
        note = max(activity.progress_notes, key=lambda n: n.written_on) if activity.progress_notes else None
        expected = [
            field, theme.name, theme.kind.label, section.heading, section.name or None,
            activity.title, activity.description, activity.political_owner or None,
            activity.officer_owner or None, "\n".join(activity.partners) or None,
            activity.planning_text or None,
            _expected_deadline(activity, bundle.plan.years, NOW.date()),
            activity.status.label, note.text if note else None,
            f"IVPD1/{source}/{bundle.plan.id}/{activity.id}/v{activity.version}",
        ]
        actual = [_as_date(ws.cell(number, i).value) for i in range(1, len(COLUMNS) + 1)]
        assert actual == expected, f"row {number}"
    first = ws.cell(2, COL["deadline"])
    assert _as_date(first.value) == date(2027, 9, 30)
    assert first.number_format == "dd-mm-yyyy" and first.is_date
    assert ws.cell(2, COL["voortgang"]).value == "Nieuwste stand."
    assert RowKey.parse(ws.cell(2, COL["sleutel"]).value) is not None


def test_indicator_and_control_sheets_hold_every_value(demo_export: tuple[Path, Database]) -> None:
    out, db = demo_export
    bundle = load_current(db)
    workbook = openpyxl.load_workbook(out)
    ws = workbook["Indicatoren"]
    headers = [c.value for c in ws[1]]
    assert headers[:7] == ["Thema", "Indicator", "Bron", "Eenheid", "Richting", "Uitgangswaarde", "Jaar"]
    assert headers[-1] == "Stand"
    assert {"Doel 2027", "Doel 2028", "Doel 2030", "Meting 2026", "Meting 2027", "Meting 2028"} <= set(headers)
    assert "Doel 2026" not in headers  # no target in 2026: no empty column
    by_name = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    assert len(by_name) == len(bundle.indicators) == ws.max_row - 1
    themes = {t.id: t.name for t in bundle.themes}
    for indicator in bundle.indicators:
        row = {headers[c - 1]: ws.cell(by_name[indicator.name], c).value for c in range(1, len(headers) + 1)}
        assert row["Thema"] == (themes[indicator.theme_id] if indicator.theme_id else "Hele plan")
        assert row["Bron"] == indicator.source and row["Eenheid"] == indicator.unit
        assert row["Richting"] == indicator.direction.value
        assert row["Uitgangswaarde"] == indicator.baseline.value
        assert row["Jaar"] == indicator.baseline.year
        for target in indicator.targets:
            assert row[f"Doel {target.year}"] == target.raw
        for measurement in indicator.measurements:
            assert row[f"Meting {measurement.year}"] == measurement.value
        if indicator.measurements:
            last = max(m.year for m in indicator.measurements)
            assert row["Stand"] == f"{indicator.state_for(last).value} ({last})"
        else:
            assert row["Stand"] == "geen meting"

    ws = workbook["Planning & control"]
    assert [c.value for c in ws[1]] == ["P&C-moment", "Soort", "Datum", "Voorbereiden vanaf",
                                        "Gereed op", "Toelichting"]
    moments = sorted(bundle.control_moments, key=lambda m: (m.due_on, m.name))
    assert ws.max_row - 1 == len(moments) > 10
    for number, moment in enumerate(moments, start=2):
        values = [_as_date(ws.cell(number, c).value) for c in range(1, 7)]
        assert values == [moment.name, moment.kind.value.capitalize(), moment.due_on,
                          moment.due_on - timedelta(days=moment.lead_days), moment.done_on,
                          moment.notes or None]
        assert ws.cell(number, 3).number_format == "dd-mm-yyyy"


def test_made_for_people_header_filter_validation_print(demo_export: tuple[Path, Database]) -> None:
    out, db = demo_export
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Activiteiten", "Indicatoren", "Planning & control", "Toelichting",
                                   "_ivpdesk"]
    assert workbook.active.title == "Activiteiten"
    ws = workbook["Activiteiten"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:O83"
    assert all(ws.cell(1, c).font.b for c in range(1, 16))
    assert ws.cell(2, COL["activiteit"]).alignment.wrap_text
    widths = {c.field: ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
              for i, c in enumerate(COLUMNS, start=1)}
    assert widths["activiteit"] >= 30 and widths["voortgang"] >= 25 and widths["status"] >= 10
    assert ws.row_dimensions[2].height and ws.row_dimensions[2].height > 25  # wrapped rows are tall

    rules = {dv.type: dv for dv in ws.data_validations.dataValidation}
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    status = next(dv for dv in lists if dv.formula1.startswith('"'))
    assert status.formula1 == '"' + ",".join(STATUS_LABELS) + '"'
    assert STATUS_LABELS == ["Niet gestart", "Loopt", "Gereed", "Vertraagd", "Vervallen"]
    assert str(status.sqref) == "M2:M1048576" and status.showErrorMessage
    assert str(rules["date"].sqref) == "L2:L1048576"
    themes = next(dv for dv in lists if dv is not status)
    match = re.match(r"'Toelichting'!\$A\$(\d+):\$A\$(\d+)", themes.formula1)
    assert match, themes.formula1
    notes = workbook["Toelichting"]
    listed = [notes.cell(r, 1).value for r in range(int(match[1]), int(match[2]) + 1)]
    assert listed == [t.name for t in load_current(db).themes]

    setup = ws.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # 9 = A4
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert "01-03-2027" in ws.oddFooter.left.text
    for name in ("Indicatoren", "Planning & control"):
        other = workbook[name]
        assert other.page_setup.orientation == "landscape" and other.print_title_rows == "$1:$1"
        assert other.freeze_panes is not None and other.auto_filter.ref


def test_protection_locks_key_and_context_but_not_the_editable_columns(
        demo_export: tuple[Path, Database]) -> None:
    out, _db = demo_export
    workbook = openpyxl.load_workbook(out)
    ws = workbook["Activiteiten"]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.autoFilter is False  # filtering stays allowed
    key_letter = openpyxl.utils.get_column_letter(COL["sleutel"])
    assert ws.column_dimensions[key_letter].hidden
    for column in COLUMNS:
        cell = ws.cell(2, COL[column.field])
        assert cell.protection.locked is (not column.editable), column.field
    # A new row typed below the table: theme, onderdeel and the editable columns are open,
    # the key, veiligheidsveld and soort are not (column styles).
    for column in COLUMNS:
        letter = openpyxl.utils.get_column_letter(COL[column.field])
        assert ws.column_dimensions[letter].protection.locked is (not column.for_new_rows), column.field
    meta = workbook["_ivpdesk"]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet
    assert meta["A1"].value == "IVP Desk export"


def test_text_that_looks_like_a_formula_stays_text(db: Database, tmp_path: Path) -> None:
    ids = make_plan(db)
    hostile = {
        "description": '=HYPERLINK("http://voorbeeld.invalid","klik")',
        "title": "+31 6 12345678",
        "political_owner": "-wethouder",
        "planning_text": "@SUM(A1:A3)",
    }
    with db.uow() as uow:
        added = uow.activities.add(Activity(partners=["=1+1"], **hostile), ids["section"])
        uow.indicators.add(Indicator(name="=2*3", targets=[Target.parse(2027, "= 5")],
                                     theme_id=ids["theme"]), ids["plan"])
        uow.activities.add_note(added.id, ProgressNote(text="=A1", written_on=date(2027, 1, 2)))  # type: ignore[arg-type]
        uow.commit()
    out = tmp_path / "hostile.xlsx"
    export_plan_xlsx(db, out)
    workbook = openpyxl.load_workbook(out)
    ws = workbook["Activiteiten"]
    for field, text in [("activiteit", hostile["description"]), ("titel", hostile["title"]),
                        ("bestuurlijk_trekker", hostile["political_owner"]),
                        ("planning", hostile["planning_text"]), ("partners", "=1+1"),
                        ("voortgang", "=A1")]:
        cell = ws.cell(2, COL[field])
        assert cell.value == text and cell.data_type == "s", field
        assert cell.quotePrefix, field  # stays text when a partner edits the cell in Excel
    indicators = workbook["Indicatoren"]
    assert indicators["B2"].value == "=2*3" and indicators["B2"].data_type == "s"
    assert "= 5" in [c.value for c in indicators[2]]
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert not any("externalLink" in n for n in names)
        for name in names:
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode(), name  # no formula anywhere
    # LibreOffice opens it as text as well: the first sheet as CSV shows the literal texts.
    converted = soffice_convert(out, tmp_path / "lo", "csv")
    with converted.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][COL["activiteit"] - 1] == hostile["description"]
    assert rows[1][COL["partners"] - 1] == "=1+1"
    assert rows[1][COL["planning"] - 1] == hostile["planning_text"]
    assert "klik" not in rows[1] and "2" not in rows[1]


def test_filters_theme_trekker_and_selection(demo_db: Database, tmp_path: Path) -> None:
    bundle = load_current(demo_db)
    theme = bundle.themes[1]
    result = write_plan_xlsx(bundle, tmp_path / "thema.xlsx", theme=f"  {theme.name.upper()} ")
    ws = openpyxl.load_workbook(tmp_path / "thema.xlsx")["Activiteiten"]
    assert result.activity_count == theme.activity_count == ws.max_row - 1
    assert {ws.cell(r, COL["thema"]).value for r in range(2, ws.max_row + 1)} == {theme.name}
    indicators = openpyxl.load_workbook(tmp_path / "thema.xlsx")["Indicatoren"]
    assert {indicators.cell(r, 1).value for r in range(2, indicators.max_row + 1)} <= {theme.name}
    assert result.selection == f"thema {theme.name}"

    result = write_plan_xlsx(bundle, tmp_path / "trekker.xlsx", trekker="wethouder")
    ws = openpyxl.load_workbook(tmp_path / "trekker.xlsx")["Activiteiten"]
    expected = [a for _t, _s, a in bundle.activities()
                if "wethouder" in a.political_owner.lower() or "wethouder" in a.officer_owner.lower()]
    assert result.activity_count == len(expected) == ws.max_row - 1 > 3
    assert all("wethouder" in (ws.cell(r, COL["bestuurlijk_trekker"]).value or "").lower()
               or "wethouder" in (ws.cell(r, COL["ambtelijk_trekker"]).value or "").lower()
               for r in range(2, ws.max_row + 1))

    chosen = {a.id for _t, _s, a in list(bundle.activities())[5:12]}
    result = write_plan_xlsx(bundle, tmp_path / "selectie.xlsx", activity_ids=chosen)  # type: ignore[arg-type]
    ws = openpyxl.load_workbook(tmp_path / "selectie.xlsx")["Activiteiten"]
    keys = {RowKey.parse(ws.cell(r, COL["sleutel"]).value).activity_id for r in range(2, ws.max_row + 1)}  # type: ignore[union-attr]
    assert keys == chosen

    with pytest.raises(ExportError, match="Thema 'Bestaat niet' bestaat niet"):
        write_plan_xlsx(bundle, tmp_path / "x.xlsx", theme="Bestaat niet")
    with pytest.raises(ExportError, match="geen activiteiten"):
        write_plan_xlsx(bundle, tmp_path / "x.xlsx", trekker="niemand-bekend")
    with pytest.raises(ExportError, match=".xlsx"):
        write_plan_xlsx(bundle, tmp_path / "x.csv")
    assert not (tmp_path / "x.xlsx").exists()


def test_an_empty_plan_exports_for_partners_to_fill(db: Database, tmp_path: Path) -> None:
    make_plan(db)
    result = export_plan_xlsx(db, tmp_path / "leeg.xlsx")
    assert result.activity_count == 0
    workbook = openpyxl.load_workbook(tmp_path / "leeg.xlsx")
    assert workbook["Activiteiten"].max_row == 1
    notes = workbook["Toelichting"]
    assert "Jeugd" in [notes.cell(r, 1).value for r in range(1, notes.max_row + 1)]


def test_written_atomically_a_crash_leaves_the_old_file(demo_db: Database, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "plan.xlsx"
    export_plan_xlsx(demo_db, out)
    before = out.read_bytes()

    import os

    def disk_full(_fd: int) -> None:  # the bytes are written, flushing them to disk fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ExportError, match="niet schrijven: de schijf is vol"):
        export_plan_xlsx(demo_db, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_file_open_in_excel_gives_a_dutch_message(demo_db: Database, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def locked(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="geopend in Excel"):
        export_plan_xlsx(demo_db, tmp_path / "plan.xlsx")
    assert list(tmp_path.glob("*.tmp")) == []


def test_status_labels_read_back_as_statuses(demo_export: tuple[Path, Database]) -> None:
    out, _db = demo_export
    ws = openpyxl.load_workbook(out)["Activiteiten"]
    statuses = {ActivityStatus.parse(ws.cell(r, COL["status"]).value) for r in range(2, ws.max_row + 1)}
    assert ActivityStatus.RUNNING in statuses and ActivityStatus.NOT_STARTED in statuses
