"""A large generated plan (fictional gemeente Oosterwolde) for tests and speed measurements.

Built through the repositories like any real plan, deterministic for a given seed. It
holds what makes printing hard: themes with a hundred activities, a few activity texts
longer than a page, every status, progress notes, planning texts that are dates, years
or free text, and the characters ≤ ≥ € ë ‘ ’ –.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Baseline,
    Direction,
    ImplementationPlan,
    Indicator,
    Measurement,
    PlanStatus,
    ProgressNote,
    SafetyPlan,
    Section,
    Target,
    Theme,
    ThemeKind,
)
from ivpdesk.services.plans import create_plan
from ivpdesk.store.uow import Database

MUNICIPALITY = "Oosterwolde"

_THEMES = [
    (1, "1.1", "Woonoverlast en buurtbemiddeling", ThemeKind.PRIORITY),
    (1, "1.3", "Woninginbraak en fietsendiefstal", ThemeKind.PRIORITY),
    (1, "1.2", "Verloedering openbare ruimte", ThemeKind.STRATEGIC),
    (1, "1.4", "Veiligheidsbeleving in de kernen", ThemeKind.OVERARCHING),
    (2, "2.1", "Veilig winkelgebied", ThemeKind.STRATEGIC),
    (2, "2.2", "Veilige bedrijventerreinen", ThemeKind.STRATEGIC),
    (2, "2.3", "Uitgaan en horeca", ThemeKind.STRATEGIC),
    (2, "2.4", "Evenementen", ThemeKind.OTHER),
    (3, "3.1", "Jeugdoverlast", ThemeKind.PRIORITY),
    (3, "3.4", "Alcohol, drugs en jongeren", ThemeKind.STRATEGIC),
    (4, "4.1", "Verkeersveiligheid", ThemeKind.STRATEGIC),
    (4, "4.2", "Brandveiligheid en zelfredzaamheid", ThemeKind.STRATEGIC),
    (4, "4.4", "Crisisbeheersing en rampenbestrijding", ThemeKind.OTHER),
    (5, "5.2", "Ondermijning en georganiseerde criminaliteit", ThemeKind.PRIORITY),
    (5, "5.4", "Huiselijk geweld", ThemeKind.STRATEGIC),
    (5, "5.5", "Integriteit van bestuur en organisatie", ThemeKind.STRATEGIC),
    (None, None, "Zorg en veiligheid", ThemeKind.OVERARCHING),
]
_OWNERS = ["Burgemeester", "Wethouder Zorg & Welzijn", "Wethouder Jeugd en Onderwijs",
           "Wethouder Verkeer en Openbare Ruimte", "Wethouder Economie"]
_OFFICERS = ["Team OOV", "Team Handhaving", "Team Samenleving", "Team Vergunningen",
             "Team Openbare Ruimte", "Beleidsmedewerker OOV (A. de Vries)"]
_PARTNERS = ["Politie basisteam Oosterwolde", "Openbaar Ministerie", "RIEC Oost",
             "Veiligheidshuis Oost", "Veiligheidsregio / brandweer", "Omgevingsdienst Oost",
             "Woonstichting ’t Anker", "Jongerenwerk Oosterwolde", "GGD Oost", "Veilig Thuis",
             "Halt", "Buurtbemiddeling", "Ondernemersvereniging Oosterwolde", "Scholen",
             "Belastingdienst", "Team Communicatie", "Wijkteam", "Leerplicht"]
_PLANNING = ["doorlopend", "2027", "2028", "2e kwartaal 2027", "3e/4e kwartaal 2028",
             "medio 2027", "begin 2028", "Voorjaar en najaar", "4 maal per jaar",
             "zes-wekelijks", "Indien nodig", "Op verzoek", "Elke kern 1x per jaar",
             "15-03-2027", "30-06-2027", "01-10-2027", "31-01-2028", "2027 e.v."]
_SECTIONS = ["Preventie", "Signalering", "Casusaanpak", "Handhaving", "Communicatie",
             "Samenwerking", "Informatiepositie", "Nazorg"]
_HEADINGS = [None, None, "Aanpak", "Preventie", None]
_WORDS = (
    "gemeente politie partners inwoners wijk kern aanpak overleg signalen casus handhaving "
    "preventie voorlichting afspraken bijeenkomst evaluatie uitvoering toezicht controle "
    "ondernemers jongeren ouders scholen woningcorporatie zorg veiligheid overlast melding "
    "registratie integraal bestuurlijk ambtelijk netwerk monitor rapportage beleid"
).split()
_SPECIAL = [
    "Budget ≤ € 5.000 per kern; de ‘buurtschouw’ – met de wijkagent – wordt geëvalueerd.",
    "Streefwaarde ≥ 80% tevredenheid; coördinatie door de ‘regisseur’ van het Veiligheidshuis.",
    "Financiering € 12.500 uit het budget Integrale Veiligheid – zie ook de raadsinformatiebrief.",
]


@dataclass(frozen=True)
class GeneratedPlan:
    plan_id: int
    activities: int
    long_activity_titles: tuple[str, ...]


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _description(rng: random.Random, index: int) -> str:
    if index % 97 == 13:  # a text longer than a landscape page
        return "\n\n".join(" ".join(_sentence(rng, rng.randint(12, 20)) for _ in range(6))
                           for _ in range(7))
    if index % 41 == 5:  # about half a page
        return " ".join(_sentence(rng, rng.randint(10, 18)) for _ in range(14))
    text = " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(1, 3)))
    if index % 9 == 0:
        text += " " + _SPECIAL[index % len(_SPECIAL)]
    return text


def load_generated_plan(db: Database, *, activities: int = 1000, seed: int = 2027) -> GeneratedPlan:
    """Add IVP 2027–2030 with uitvoeringsplan 2027–2028 of ``activities`` activities."""
    rng = random.Random(seed)
    long_titles: list[str] = []
    with db.uow(source="generated") as uow:
        safety = SafetyPlan(municipality=MUNICIPALITY, start_year=2027, end_year=2030,
                            vision="Oosterwolde is een veilige gemeente om te wonen, te werken en "
                                   "te ondernemen; veiligheid maken we samen.",
                            main_goal="In 2030 voelt hoogstens 15% van de inwoners zich weleens "
                                      "onveilig in de eigen buurt.")
        plan = ImplementationPlan(safety_plan_id=None, start_year=2027, end_year=2028,
                                  status=PlanStatus.ADOPTED, adopted_on=date(2027, 2, 9),
                                  adopted_by="College van burgemeester en wethouders",
                                  introduction="Dit uitvoeringsplan is gegenereerd voor tests.")
        plan_id = create_plan(uow, safety, plan)
        per_theme, extra = divmod(activities, len(_THEMES))
        number = 0
        for position, (field_number, code, name, kind) in enumerate(_THEMES):
            theme = Theme(name=name, kind=kind, field_number=field_number,
                          standard_theme_code=code,
                          goal=f"Minder problemen met {name.lower()} en meer vertrouwen van inwoners.",
                          approach="Samen met de partners, dichtbij in de wijken en kernen, met "
                                   "oog voor preventie én handhaving.")
            uow.themes.add(theme, plan_id, position)
            assert theme.id is not None
            count = per_theme + (1 if position < extra else 0)
            sections = rng.sample(_SECTIONS, k=min(len(_SECTIONS), max(1, count // 12)))
            for section_position, section_name in enumerate(sections):
                section = Section(name=section_name,
                                  ambition=f"{section_name} op orde in alle kernen.",
                                  heading=_HEADINGS[section_position % len(_HEADINGS)])
                uow.sections.add(section, theme.id, section_position)
                assert section.id is not None
                share = count // len(sections) + (
                    1 if section_position < count % len(sections) else 0)
                for activity_position in range(share):
                    title = f"Activiteit {number + 1:04d}."
                    description = _description(rng, number)
                    if len(description) > 3000:
                        long_titles.append(title)
                    status = rng.choices(list(ActivityStatus), weights=[4, 5, 2, 1, 1])[0]
                    planning = rng.choice(_PLANNING)
                    notes = []
                    if number % 3 == 0:
                        written = date(2027, 1, 15) + timedelta(days=rng.randint(0, 500))
                        notes.append(ProgressNote(
                            text=_sentence(rng, rng.randint(8, 20)), written_on=written,
                            moment="Voortgangsrapportage", author="Generator"))
                    years = rng.choice([[2027, 2028], [2027, 2028], [2027], [2028]])
                    uow.activities.add(
                        Activity(
                            title=title,
                            description=description,
                            political_owner=rng.choice(_OWNERS),
                            officer_owner=rng.choice(_OFFICERS),
                            partners=rng.sample(_PARTNERS, k=rng.randint(0, 4)),
                            planning_text=planning,
                            deadline_override=(date(2027, 9, 1) if number % 50 == 7 else None),
                            status=status,
                            years=years,
                            progress_notes=notes,
                            budget=Decimal(rng.randint(1, 40) * 1250) if number % 17 == 0 else None,
                        ),
                        section.id,
                        activity_position,
                    )
                    number += 1
            for indicator_position in range(2 if position % 3 else 1):
                base = round(rng.uniform(5, 60), 1)
                lower = rng.random() < 0.7
                step = -1 if lower else 1
                indicator = Indicator(
                    name=f"{name}: indicator {indicator_position + 1}",
                    source=rng.choice(["Politie", "Veiligheidsmonitor", "Eigen registratie"]),
                    unit=rng.choice(["aantal", "%", "per 1.000 inwoners"]),
                    direction=Direction.LOWER_IS_BETTER if lower else Direction.HIGHER_IS_BETTER,
                    baseline=Baseline(value=base, year=2025, raw=""),
                    targets=[Target.parse(2027, f"{'≤' if lower else '≥'} {base + step * 2:.1f}"
                                          .replace(".", ",")),
                             Target.parse(2028, f"{'≤' if lower else '≥'} {base + step * 4:.1f}"
                                          .replace(".", ",")),
                             Target.parse(2030, f"{'≤' if lower else '≥'} {base + step * 6:.1f}"
                                          .replace(".", ","))],
                    measurements=[Measurement(year=2026, value=round(base + rng.uniform(-3, 3), 1)),
                                  Measurement(year=2027, value=round(base + rng.uniform(-4, 3), 1))],
                    theme_id=theme.id,
                )
                uow.indicators.add(indicator, plan_id)
        uow.commit()
    return GeneratedPlan(plan_id=plan_id, activities=number, long_activity_titles=tuple(long_titles))
