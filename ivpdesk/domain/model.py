"""The plan as the officer sees it: IVP, uitvoeringsplan, themes, onderdelen, activities.

Objects are plain dataclasses with ``validate()`` methods that raise
:class:`~ivpdesk.domain.errors.ValidationError` with a Dutch message. ``id`` is
``None`` until the store has saved the object; ``version`` is the optimistic-lock
counter the store uses to refuse stale saves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ivpdesk.domain.enums import (
    ActivityStatus,
    ControlMomentKind,
    PartnerKind,
    PlanStatus,
    ThemeKind,
)
from ivpdesk.domain.errors import ValidationError
from ivpdesk.domain.indicators import Indicator

MIN_YEAR = 2000
MAX_YEAR = 2100


def clean_text(value: str | None) -> str:
    """Normalise text typed or pasted by people: no non-breaking spaces or outer whitespace."""
    if value is None:
        return ""
    return value.replace("\u00a0", " ").strip()


def _check_year(field_name: str, year: int, what: str) -> None:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        raise ValidationError(field_name, f"{what} {year} ligt niet tussen {MIN_YEAR} en {MAX_YEAR}.")


@dataclass
class SafetyPlan:
    """The Integraal Veiligheidsplan (IVP): four-year policy adopted by the raad."""

    municipality: str
    start_year: int
    end_year: int
    vision: str = ""
    main_goal: str = ""
    adopted_on: date | None = None
    id: int | None = None

    def validate(self) -> None:
        if not clean_text(self.municipality):
            raise ValidationError("municipality", "Vul de naam van de gemeente in.")
        _check_year("start_year", self.start_year, "Het beginjaar")
        _check_year("end_year", self.end_year, "Het eindjaar")
        if self.end_year < self.start_year:
            raise ValidationError("end_year", "Het eindjaar van het IVP ligt vóór het beginjaar.")
        if self.end_year - self.start_year > 7:
            raise ValidationError("end_year", "Een IVP beslaat hoogstens acht jaar.")

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}"


@dataclass
class ImplementationPlan:
    """The (tweejaarlijks) uitvoeringsplan: one or two years, adopted by the college."""

    safety_plan_id: int | None
    start_year: int
    end_year: int
    status: PlanStatus = PlanStatus.CONCEPT
    adopted_on: date | None = None
    adopted_by: str = ""
    introduction: str = ""
    id: int | None = None
    version: int = 1

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def period_label(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    def validate(self, safety_plan: SafetyPlan | None = None) -> None:
        _check_year("start_year", self.start_year, "Het beginjaar")
        _check_year("end_year", self.end_year, "Het eindjaar")
        if self.end_year < self.start_year:
            raise ValidationError(
                "end_year", "Het eindjaar van het uitvoeringsplan ligt vóór het beginjaar."
            )
        if self.end_year - self.start_year > 1:
            raise ValidationError("end_year", "Een uitvoeringsplan beslaat één of twee jaar.")
        if self.status is PlanStatus.ADOPTED and self.adopted_on is None:
            raise ValidationError(
                "adopted_on", "Een vastgesteld uitvoeringsplan heeft een datum van vaststelling."
            )
        if safety_plan is not None and not (
            safety_plan.start_year <= self.start_year and self.end_year <= safety_plan.end_year
        ):
            raise ValidationError(
                "start_year",
                f"Het uitvoeringsplan ({self.period_label}) valt buiten de looptijd van het IVP "
                f"({safety_plan.period_label}).",
            )


@dataclass
class Partner:
    """An organisation or team in the partner register (intern: the gemeente's own)."""

    name: str
    kind: PartnerKind = PartnerKind.EXTERNAL
    id: int | None = None

    def validate(self) -> None:
        if not clean_text(self.name):
            raise ValidationError("name", "Een partner heeft een naam nodig.")


@dataclass
class ProgressNote:
    """Voortgangsnotitie: what was reported on an activity at a reporting moment."""

    text: str
    written_on: date
    moment: str = ""
    author: str = ""
    id: int | None = None
    activity_id: int | None = None

    def validate(self) -> None:
        if not clean_text(self.text):
            raise ValidationError("text", "Een voortgangsnotitie mag niet leeg zijn.")


@dataclass
class Activity:
    """Activiteit (maatregel, actiepunt) of an onderdeel."""

    description: str
    title: str | None = None
    political_owner: str = ""
    officer_owner: str = ""
    partners: list[str] = field(default_factory=list)
    planning_text: str = ""
    deadline_override: date | None = None
    status: ActivityStatus = ActivityStatus.NOT_STARTED
    years: list[int] = field(default_factory=list)
    progress_notes: list[ProgressNote] = field(default_factory=list)
    budget: Decimal | None = None
    position: int = 0
    id: int | None = None
    section_id: int | None = None
    version: int = 1

    @property
    def display_title(self) -> str:
        """Title if there is one, else the first line of the description."""
        if self.title:
            return self.title
        first = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return first

    @property
    def latest_note(self) -> ProgressNote | None:
        if not self.progress_notes:
            return None
        return max(self.progress_notes, key=lambda n: (n.written_on, n.id or 0))

    def validate(self, plan_years: list[int] | None = None) -> None:
        if not clean_text(self.description) and not clean_text(self.title):
            raise ValidationError("description", "Een activiteit heeft een omschrijving nodig.")
        if self.budget is not None and self.budget < 0:
            raise ValidationError("budget", "Het budget kan niet negatief zijn.")
        if len(set(self.years)) != len(self.years):
            raise ValidationError("years", "Een jaar staat dubbel bij de activiteit.")
        if plan_years is not None:
            outside = [y for y in self.years if y not in plan_years]
            if outside:
                raise ValidationError(
                    "years",
                    f"Jaar {outside[0]} valt buiten het uitvoeringsplan "
                    f"({plan_years[0]}–{plan_years[-1]}).",
                )
        names = [clean_text(p).lower() for p in self.partners]
        if any(not n for n in names):
            raise ValidationError("partners", "Een partner heeft een naam nodig.")
        if len(set(names)) != len(names):
            raise ValidationError("partners", "Een partner staat dubbel bij de activiteit.")


@dataclass
class Section:
    """Onderdeel: a named group of activities in a theme, optionally under a kop (heading)."""

    name: str
    ambition: str = ""
    heading: str | None = None
    position: int = 0
    activities: list[Activity] = field(default_factory=list)
    id: int | None = None
    theme_id: int | None = None

    def validate(self) -> None:
        # An unnamed onderdeel is allowed: many plans list activities directly under a theme.
        if self.heading is not None and not clean_text(self.heading):
            raise ValidationError("heading", "Een kop mag niet leeg zijn; laat hem dan weg.")


@dataclass
class Theme:
    """Thema of the plan: prioriteit, strategisch/overig thema or overkoepelend thema."""

    name: str
    kind: ThemeKind = ThemeKind.STRATEGIC
    field_number: int | None = None
    standard_theme_code: str | None = None
    goal: str = ""
    approach: str = ""
    position: int = 0
    sections: list[Section] = field(default_factory=list)
    id: int | None = None
    implementation_plan_id: int | None = None
    version: int = 1

    def validate(self) -> None:
        if not clean_text(self.name):
            raise ValidationError("name", "Een thema heeft een naam nodig.")
        if self.field_number is not None and not (1 <= self.field_number <= 5):
            raise ValidationError(
                "field_number", "Een veiligheidsveld is genummerd van 1 tot en met 5."
            )
        if self.standard_theme_code is not None and self.field_number is not None:
            if not self.standard_theme_code.startswith(f"{self.field_number}."):
                raise ValidationError(
                    "standard_theme_code",
                    f"Standaardthema {self.standard_theme_code} hoort niet bij veiligheidsveld "
                    f"{self.field_number}.",
                )

    def activities(self) -> Iterator[Activity]:
        for section in self.sections:
            yield from section.activities

    @property
    def activity_count(self) -> int:
        return sum(len(s.activities) for s in self.sections)


@dataclass
class ControlMoment:
    """P&C-moment: a deadline of the planning & control cycle, with a lead time."""

    name: str
    due_on: date
    kind: ControlMomentKind = ControlMomentKind.OTHER
    lead_days: int = 14
    done_on: date | None = None
    notes: str = ""
    id: int | None = None
    implementation_plan_id: int | None = None

    def validate(self) -> None:
        if not clean_text(self.name):
            raise ValidationError("name", "Een P&C-moment heeft een naam nodig.")
        if not (0 <= self.lead_days <= 365):
            raise ValidationError(
                "lead_days", "De voorbereidingstijd ligt tussen 0 en 365 dagen."
            )


@dataclass
class PlanBundle:
    """One uitvoeringsplan with everything in it, read in one go for views and exports."""

    safety_plan: SafetyPlan
    plan: ImplementationPlan
    themes: list[Theme] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    control_moments: list[ControlMoment] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)

    def activities(self) -> Iterator[tuple[Theme, Section, Activity]]:
        for theme in self.themes:
            for section in theme.sections:
                for activity in section.activities:
                    yield theme, section, activity

    def indicators_of(self, theme_id: int | None) -> list[Indicator]:
        return [i for i in self.indicators if i.theme_id == theme_id]

    @property
    def activity_count(self) -> int:
        return sum(t.activity_count for t in self.themes)
