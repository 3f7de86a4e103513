"""Small builders for tests: a plan with one theme and onderdeel to hang activities on."""

from __future__ import annotations

from ivpdesk.domain import ImplementationPlan, SafetyPlan, Section, Theme, ThemeKind
from ivpdesk.services.plans import create_plan
from ivpdesk.store.uow import Database


def make_plan(db: Database, *, municipality: str = "Teststad") -> dict[str, int]:
    """Creates IVP 2027–2030, plan 2027–2028, theme 'Jeugd' with onderdeel 'Groepen'."""
    with db.uow() as uow:
        safety = SafetyPlan(municipality=municipality, start_year=2027, end_year=2030)
        plan = ImplementationPlan(safety_plan_id=None, start_year=2027, end_year=2028)
        plan_id = create_plan(uow, safety, plan, with_control_moments=False)
        theme = Theme(name="Jeugd", kind=ThemeKind.PRIORITY, field_number=3, standard_theme_code="3.1")
        uow.themes.add(theme, plan_id)
        section = Section(name="Groepen", ambition="Minder overlast", heading="Aanpak")
        assert theme.id is not None
        uow.sections.add(section, theme.id)
        uow.commit()
        assert section.id is not None and safety.id is not None
        return {"plan": plan_id, "theme": theme.id, "section": section.id, "safety": safety.id}
