"""Writing an analysis into the database: one unit of work, all or nothing.

A dry run does exactly the same work inside the transaction (so the database's own
rules check every row) and then rolls it back: it writes nothing.
"""

from __future__ import annotations

from copy import copy
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from ivpdesk.domain import (
    Activity,
    ImplementationPlan,
    Indicator,
    ProgressNote,
    SafetyPlan,
    Section,
    Target,
    Theme,
)
from ivpdesk.domain.clock import today
from ivpdesk.domain.errors import DomainError, ValidationError
from ivpdesk.paths import Paths
from ivpdesk.services.backups import backup_now
from ivpdesk.services.import_xlsx.analyse import analyse_workbook
from ivpdesk.services.import_xlsx.errors import NothingToImportError
from ivpdesk.services.import_xlsx.model import ImportAnalysis, ImportOverrides, IndicatorDraft
from ivpdesk.services.import_xlsx.report import ImportReport
from ivpdesk.services.import_xlsx.text import norm_key
from ivpdesk.services.plans import create_plan
from ivpdesk.services.progress import Progress
from ivpdesk.store import tables as t
from ivpdesk.store.uow import Database, UnitOfWork

BATCH = 1000
SCALE = 1000
ANALYSIS_SHARE = 0.35


class NoCurrentPlanError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Er is nog geen uitvoeringsplan om in te importeren. Importeer zonder "
            "'in het huidige plan' (--into-current): dan maakt IVP Desk een nieuw plan."
        )


def _scaled(progress: Progress, start: float, share: float) -> Progress:
    """A Progress that maps its own done/total onto ``start … start+share`` of the whole."""

    def report(done: int, total: int, what: str) -> None:
        fraction = done / total if total else 0
        progress.step(int(SCALE * (start + share * min(fraction, 1.0))), SCALE, what)

    return Progress(report=report, is_cancelled=progress.is_cancelled)


def import_workbook(
    db: Database,
    path: str | Path,
    *,
    into_current: bool = False,
    dry_run: bool = False,
    overrides: ImportOverrides | None = None,
    progress: Progress | None = None,
    paths: Paths | None = None,
) -> ImportReport:
    """Analyse ``path`` and import it in one transaction (see :func:`write_analysis`)."""
    progress = progress or Progress.silent()
    analysis = analyse_workbook(path, overrides=overrides,
                                progress=_scaled(progress, 0.0, ANALYSIS_SHARE))
    return write_analysis(db, analysis, into_current=into_current, dry_run=dry_run,
                          progress=progress, paths=paths)


def _safety_plan(uow: UnitOfWork, analysis: ImportAnalysis) -> SafetyPlan:
    """An existing IVP of this gemeente that covers the period, else a new one.

    When the file did not name the gemeente, the database's own gemeente is used.
    """
    existing = uow.safety_plans.list()
    if not analysis.municipality_found and existing:
        analysis.municipality = existing[-1].municipality
        analysis.municipality_found = True
    for safety in existing:
        if safety.municipality.casefold() == analysis.municipality.casefold() and (
            safety.start_year <= analysis.start_year and analysis.end_year <= safety.end_year
        ):
            return safety
    return SafetyPlan(municipality=analysis.municipality, start_year=analysis.ivp_start,
                      end_year=analysis.ivp_end)


def _indicator(draft: IndicatorDraft, theme_id: int | None, end_year: int) -> Indicator:
    indicator = draft.indicator
    targets: list[Target] = []
    for target in indicator.targets:
        year = target.year or end_year
        if any(t.year == year for t in targets):
            continue
        targets.append(replace(target, year=year))
    return replace(indicator, targets=targets, measurements=list(indicator.measurements),
                   theme_id=theme_id, id=None)


def write_analysis(
    db: Database,
    analysis: ImportAnalysis,
    *,
    into_current: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    paths: Paths | None = None,
) -> ImportReport:
    """Write ``analysis`` as a new uitvoeringsplan (or into the current one).

    Backup first (not for a dry run), then one unit of work with source "import";
    a cancel or any error rolls everything back.
    """
    progress = progress or Progress.silent()
    if not analysis.usable:
        raise NothingToImportError(
            f"In {analysis.path.name} zijn geen activiteiten of indicatoren herkend, dus er is "
            "niets geïmporteerd. Open het bestand in de importwizard om de kolomkoppen aan te wijzen."
        )
    report = ImportReport.from_analysis(analysis, dry_run=dry_run, into_current=into_current)
    writing = _scaled(progress, ANALYSIS_SHARE, 1 - ANALYSIS_SHARE)
    writing.check()
    if not dry_run:
        report.backup = backup_now(db, paths or Paths.from_environment(), "voor-import")
    total = max(analysis.activity_count + analysis.indicator_count, 1)
    done = 0
    with db.uow(source="import") as uow:
        partners_before = uow.session.scalar(select(func.count()).select_from(t.PartnerRow)) or 0
        if into_current:
            plan_id = uow.plans.current_id()
            if plan_id is None:
                raise NoCurrentPlanError()
            plan = uow.plans.get(plan_id)
            safety = uow.safety_plans.get(plan.safety_plan_id) if plan.safety_plan_id else None
            report.municipality = safety.municipality if safety else report.municipality
            report.period = plan.period_label
            existing = {norm_key(theme.name): theme for theme in uow.themes.list_for_plan(plan_id)}
        else:
            plan = ImplementationPlan(
                safety_plan_id=None, start_year=analysis.start_year, end_year=analysis.end_year,
                introduction=f"Geïmporteerd uit {analysis.path.name} op "
                             f"{today().strftime('%d-%m-%Y')}.",
            )
            plan_id = create_plan(uow, _safety_plan(uow, analysis), plan)
            report.municipality = analysis.municipality
            existing = {}
        years = plan.years
        themes: list[tuple[Theme, object]] = []
        position = len(existing)
        for draft in analysis.themes:
            theme = existing.get(draft.key)
            if theme is None:
                theme = Theme(name=draft.name, kind=draft.kind, field_number=draft.field_number,
                              standard_theme_code=draft.standard_theme_code, goal=draft.goal)
                uow.themes.add(theme, plan_id, position)
                position += 1
                report.themes += 1
            themes.append((theme, draft))
        # Onderdelen of all themes in one statement, then the activities in batches.
        sections = []
        offsets: dict[int, int] = {}
        for theme, draft in themes:
            assert theme.id is not None
            first = offsets.setdefault(theme.id, len(uow.sections.list_for_theme(theme.id))
                                       if theme.id in {t.id for t in existing.values()} else 0)
            for index, section_draft in enumerate(draft.sections):  # type: ignore[attr-defined]
                section = Section(name=section_draft.name, ambition=section_draft.ambition,
                                  heading=section_draft.heading or None)
                sections.append((section, theme.id, first + index, section_draft))
            offsets[theme.id] = first + len(draft.sections)  # type: ignore[attr-defined]
        uow.sections.add_many([(s, theme_id, p) for s, theme_id, p, _d in sections])
        report.sections = len(sections)
        writing.check()
        pending: list[tuple] = []
        notes: list[tuple[Activity, str]] = []  # voortgang cells, added once ids exist

        def flush_pending() -> None:
            nonlocal done
            if pending:
                uow.activities.add_many(pending, validated=True)
                done += len(pending)
                pending.clear()
            writing.step(done, total, f"{done} van {total} regels opgeslagen…")
            writing.check()

        for section, _theme_id, _position, section_draft in sections:
            assert section.id is not None
            for index, activity_draft in enumerate(section_draft.activities):
                activity = copy(activity_draft.activity)  # the analysis stays as it was
                activity.partners = list(activity.partners)
                activity.years = list(years)
                activity.id = None
                activity.progress_notes = []
                try:
                    activity.validate(years)
                except ValidationError as error:
                    raise ValidationError(
                        error.field,
                        f"Blad '{activity_draft.sheet}', rij {activity_draft.row}: {error.message} "
                        "Er is niets geïmporteerd.",
                    ) from error
                pending.append((activity, section.id, index))
                if activity_draft.progress.strip():
                    notes.append((activity, activity_draft.progress.strip()))
                report.activities += 1
                if len(pending) >= BATCH:
                    flush_pending()
        flush_pending()
        written_on = today()
        for activity, text in notes:
            assert activity.id is not None
            uow.activities.add_note(activity.id, ProgressNote(
                text=text, written_on=written_on, moment="Uit Excel-import"))
        indicator_position = len(uow.indicators.list_for_plan(plan_id)) if into_current else 0
        for theme, draft in themes:
            for indicator_draft in draft.indicators:  # type: ignore[attr-defined]
                uow.indicators.add(_indicator(indicator_draft, theme.id, plan.end_year), plan_id,
                                   indicator_position)
                indicator_position += 1
                report.indicators += 1
                done += 1
            report.imported_themes.append((theme.name, theme.kind.value, len(draft.sections),  # type: ignore[attr-defined]
                                           draft.activity_count, len(draft.indicators)))  # type: ignore[attr-defined]
        for indicator_draft in analysis.plan_indicators:
            uow.indicators.add(_indicator(indicator_draft, None, plan.end_year), plan_id,
                               indicator_position)
            indicator_position += 1
            report.indicators += 1
        flush_pending()
        partners_after = uow.session.scalar(select(func.count()).select_from(t.PartnerRow)) or 0
        report.partners_new = partners_after - partners_before
        writing.check()
        if dry_run:
            uow.rollback()
        else:
            uow.commit()
            report.plan_id = plan_id
    writing.step(total, total, "Klaar")
    return report
