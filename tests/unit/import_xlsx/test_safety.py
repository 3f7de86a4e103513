"""Bad input, rollback halfway, dry runs: the database is exactly as before every time."""

from __future__ import annotations

import hashlib
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from ivpdesk.domain import Activity
from ivpdesk.domain.errors import DomainError, ValidationError
from ivpdesk.paths import Paths
from ivpdesk.services.import_xlsx import (
    NothingToImportError,
    WorkbookError,
    analyse_workbook,
    import_workbook,
)
from ivpdesk.services.import_xlsx import workbook as workbook_module
from ivpdesk.services.progress import Cancelled, Progress
from ivpdesk.store.uow import Database
from tests.helpers import make_plan
from tests.unit.import_xlsx.builder import Book, inline_row, raw_xlsx, sheet_xml
from tests.unit.import_xlsx.conftest import dump


def _plan_workbook(path: Path, activities: int = 60) -> Path:
    book = Book()
    sheet = book.sheet("Plan")
    sheet.header("thema", "onderdeel", "activiteit", "trekker", "partners", "planning")
    for index in range(activities):
        sheet.row(f"Thema {index % 3}", f"Onderdeel {index % 5}", f"Activiteit nummer {index}.",
                  "Team OOV", "Politie, RIEC", "2026")
    return book.save(path)


def _refused(db: Database, paths: Paths, path: Path) -> str:
    before = dump(db)
    with pytest.raises(WorkbookError) as caught:
        import_workbook(db, path, paths=paths)
    assert dump(db) == before
    return caught.value.message


@pytest.fixture
def existing(db: Database) -> Database:
    make_plan(db)
    return db


def test_not_an_excel_file(tmp_path: Path, existing: Database, paths: Paths) -> None:
    csv = tmp_path / "plan.csv"
    csv.write_text("thema;activiteit\nDrugs;Preventie\n", encoding="utf-8")
    assert "geen Excel-bestand" in _refused(existing, paths, csv)
    assert "sla het op als .xlsx" in _refused(existing, paths, csv)
    pdf = tmp_path / "plan.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n...")
    assert "PDF" in _refused(existing, paths, pdf)


def test_old_xls_asks_to_save_as_xlsx(tmp_path: Path, existing: Database, paths: Paths) -> None:
    path = tmp_path / "plan.xls"
    path.write_bytes(workbook_module.OLE_MAGIC + b"\x00" * 4096 + "Workbook".encode("utf-16-le"))
    message = _refused(existing, paths, path)
    assert "oud Excel-bestand (.xls)" in message and "(.xlsx)" in message


def test_password_protected_file(tmp_path: Path, existing: Database, paths: Paths) -> None:
    path = tmp_path / "beveiligd.xlsx"
    path.write_bytes(workbook_module.OLE_MAGIC + b"\x00" * 1024
                     + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024)
    assert "beveiligd met een wachtwoord" in _refused(existing, paths, path)


def test_corrupt_zip(tmp_path: Path, existing: Database, paths: Paths) -> None:
    good = _plan_workbook(tmp_path / "goed.xlsx")
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "beschadigd" in _refused(existing, paths, broken)


def test_damaged_member_inside_a_valid_zip(tmp_path: Path, existing: Database, paths: Paths) -> None:
    good = _plan_workbook(tmp_path / "goed.xlsx")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start:start + 40] = b"\xff" * 40
    broken = tmp_path / "crc.xlsx"
    broken.write_bytes(bytes(data))
    assert "beschadigd" in _refused(existing, paths, broken)


def test_ods_and_other_zips(tmp_path: Path, existing: Database, paths: Paths) -> None:
    ods = tmp_path / "plan.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    assert "OpenDocument" in _refused(existing, paths, ods)
    other = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    assert "geen Excel-werkmap" in _refused(existing, paths, other)


def test_zip_bomb_is_refused_from_the_directory(tmp_path: Path, existing: Database, paths: Paths) -> None:
    bomb = raw_xlsx(tmp_path / "bom.xlsx", sheet_xml(" " * (8 * 1024 * 1024)))
    assert bomb.stat().st_size < 100_000
    assert "zip-bom" in _refused(existing, paths, bomb)


def test_total_uncompressed_size_limit(tmp_path: Path, existing: Database, paths: Paths,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = _plan_workbook(tmp_path / "groot.xlsx")
    monkeypatch.setattr(workbook_module, "MAX_UNCOMPRESSED_BYTES", 10_000)
    assert "uitgepakt" in _refused(existing, paths, path)


def test_empty_workbook(tmp_path: Path, existing: Database, paths: Paths) -> None:
    path = Book().save(tmp_path / "leeg.xlsx")
    assert "is leeg" in _refused(existing, paths, path)
    zero = tmp_path / "nul.xlsx"
    zero.write_bytes(b"")
    assert "0 bytes" in _refused(existing, paths, zero)


def test_workbook_without_a_plan_imports_nothing(tmp_path: Path, existing: Database,
                                                 paths: Paths) -> None:
    book = Book()
    sheet = book.sheet("Notities")
    sheet.row("Overleg met de politie over de cijfers.")
    sheet.row("Nog navragen bij de GGD.")
    path = book.save(tmp_path / "notities.xlsx")
    before = dump(existing)
    with pytest.raises(NothingToImportError) as caught:
        import_workbook(existing, path, paths=paths)
    assert "geen activiteiten of indicatoren herkend" in caught.value.message
    assert dump(existing) == before


def test_huge_sheet_is_refused_above_the_documented_limit(tmp_path: Path, existing: Database,
                                                          paths: Paths) -> None:
    body = inline_row(1, "thema", "activiteit") + "".join(
        inline_row(n, "Thema", f"Activiteit {n}") for n in range(2, 100_002)
    )
    path = raw_xlsx(tmp_path / "huge.xlsx", sheet_xml(body))
    tracemalloc.start()
    message = _refused(existing, paths, path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "meer dan 25.000 rijen" in message and "25.000 rijen per werkblad" in message
    assert peak < 80 * 1024 * 1024  # streamed and stopped at the limit, never the whole sheet
    # With a <dimension> element the exact size is known before a single row is read.
    dimensioned = sheet_xml(body).replace("<sheetData>", '<dimension ref="A1:B100001"/><sheetData>')
    path = raw_xlsx(tmp_path / "huge2.xlsx", dimensioned)
    assert "heeft 100.001 rijen" in _refused(existing, paths, path)


def test_sheet_just_under_the_limit_is_imported(tmp_path: Path, db: Database, paths: Paths) -> None:
    body = inline_row(1, "thema", "activiteit") + "".join(
        inline_row(n, f"Thema {n % 4}", f"Activiteit {n}") for n in range(2, 3002)
    )
    path = raw_xlsx(tmp_path / "ruim.xlsx", sheet_xml(body))
    report = import_workbook(db, path, paths=paths)
    assert report.activities == 3000 and report.themes == 4


def test_macros_are_never_run_xlsm_is_read_as_data(tmp_path: Path, db: Database, paths: Paths) -> None:
    source = _plan_workbook(tmp_path / "plan.xlsx", activities=3)
    xlsm = tmp_path / "plan.xlsm"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        new.writestr("xl/vbaProject.bin", b"\x00MACRO-THAT-MUST-NOT-RUN")
    report = import_workbook(db, xlsm, paths=paths)
    assert report.activities == 3


def test_cancel_halfway_rolls_everything_back(tmp_path: Path, existing: Database, paths: Paths) -> None:
    path = _plan_workbook(tmp_path / "plan.xlsx", activities=2500)
    before = dump(existing)
    seen: list[str] = []
    state = {"cancel": False}

    def report(done: int, total: int, what: str) -> None:
        seen.append(what)
        if "opgeslagen" in what and not what.startswith("0 "):
            state["cancel"] = True  # the officer presses Annuleren after the first batch

    progress = Progress(report=report, is_cancelled=lambda: state["cancel"])
    with pytest.raises(Cancelled):
        import_workbook(existing, path, paths=paths, progress=progress)
    assert "1000 van 2500 regels opgeslagen…" in seen
    assert dump(existing) == before


def test_validation_error_on_row_n_rolls_everything_back(tmp_path: Path, existing: Database,
                                                         paths: Paths,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = _plan_workbook(tmp_path / "plan.xlsx", activities=60)
    before = dump(existing)
    original = Activity.validate
    calls = {"n": 0}

    def failing(self: Activity, plan_years: list[int] | None = None) -> None:
        calls["n"] += 1
        if "nummer 40." in self.description:
            raise ValidationError("description", "Deze activiteit is ongeldig.")
        original(self, plan_years)

    monkeypatch.setattr(Activity, "validate", failing)
    with pytest.raises(DomainError) as caught:
        import_workbook(existing, path, paths=paths)
    assert "Blad 'Plan', rij 42: Deze activiteit is ongeldig. Er is niets geïmporteerd." == caught.value.message
    assert calls["n"] > 20  # the failure came halfway, after many rows were written
    assert dump(existing) == before


def test_dry_run_writes_nothing(tmp_path: Path, existing: Database, paths: Paths) -> None:
    path = _plan_workbook(tmp_path / "plan.xlsx", activities=30)
    file = existing.path
    assert file is not None
    existing.dispose()
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    before = dump(existing)
    backups = sorted(paths.backups_dir.glob("*"))
    report = import_workbook(existing, path, paths=paths, dry_run=True)
    existing.dispose()
    assert report.activities == 30 and report.themes == 3 and report.plan_id is None
    assert report.summary_line().startswith("Proefimport, niets opgeslagen: 3 thema's, 30 activiteiten")
    assert hashlib.sha256(file.read_bytes()).hexdigest() == digest
    assert dump(existing) == before
    assert sorted(paths.backups_dir.glob("*")) == backups


def test_a_real_import_makes_a_backup_first(tmp_path: Path, existing: Database, paths: Paths) -> None:
    path = _plan_workbook(tmp_path / "plan.xlsx", activities=5)
    report = import_workbook(existing, path, paths=paths)
    assert report.backup is not None and report.backup.exists()
    assert "voor-import" in report.backup.name


def test_import_into_current_adds_to_the_open_plan(tmp_path: Path, existing: Database,
                                                   paths: Paths) -> None:
    path = _plan_workbook(tmp_path / "plan.xlsx", activities=6)
    with existing.uow() as uow:
        plan_id = uow.plans.current_id()
    report = import_workbook(existing, path, paths=paths, into_current=True)
    assert report.plan_id == plan_id
    with existing.uow() as uow:
        bundle = uow.reader.load(plan_id)
        assert len(uow.plans.list()) == 1
    names = [t.name for t in bundle.themes]
    assert names == ["Jeugd", "Thema 0", "Thema 1", "Thema 2"]
    assert all(a.years == [2027, 2028] for _t, _s, a in bundle.activities())
    with existing.uow() as uow:
        sources = {row.source for row in uow.session.execute(
            __import__("sqlalchemy").text("select source from change_log where entity='activiteit'"))}
    assert sources == {"import"}


def test_analysis_writes_nothing_and_is_cancellable(tmp_path: Path) -> None:
    path = _plan_workbook(tmp_path / "plan.xlsx", activities=5)
    progress = Progress(report=lambda *a: None, is_cancelled=lambda: True)
    with pytest.raises(Cancelled):
        analyse_workbook(path, progress=progress)
