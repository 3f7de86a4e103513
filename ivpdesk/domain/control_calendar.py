"""The usual P&C moments (planning & control) of an uitvoeringsplan, as a pure function.

Rules (editable afterwards by the officer; the defaults follow the common
gemeentelijke cycle):

* voortgangsrapportage: end of Q2 (30 June) of each plan year, followed by a
  raadsinformatiebrief on 15 September;
* input for the jaarverslag: 31 January after each plan year;
* publication of the Veiligheidsmonitor: 10 March of each even year in the period;
* driehoeksoverleg: once a quarter (15 February, May, August, November);
* evaluation (31 October) and preparation of the next uitvoeringsplan (15 December),
  both in Q4 of the last plan year.

Every moment gets a lead time of 14 days unless stated otherwise.
"""

from __future__ import annotations

from datetime import date

from ivpdesk.domain.enums import ControlMomentKind
from ivpdesk.domain.model import ControlMoment

DEFAULT_LEAD_DAYS = 14


def default_control_moments(start_year: int, end_year: int) -> list[ControlMoment]:
    moments: list[ControlMoment] = []
    for year in range(start_year, end_year + 1):
        for month in (2, 5, 8, 11):
            moments.append(ControlMoment(
                name=f"Driehoeksoverleg {['februari', 'mei', 'augustus', 'november'][(month - 2) // 3]} {year}",
                due_on=date(year, month, 15),
                kind=ControlMomentKind.TRIANGLE_MEETING,
            ))
        if year % 2 == 0:
            moments.append(ControlMoment(
                name=f"Publicatie Veiligheidsmonitor {year}",
                due_on=date(year, 3, 10),
                kind=ControlMomentKind.SAFETY_MONITOR,
            ))
        moments.append(ControlMoment(
            name=f"Voortgangsrapportage {year}",
            due_on=date(year, 6, 30),
            kind=ControlMomentKind.PROGRESS_REPORT,
        ))
        moments.append(ControlMoment(
            name=f"Raadsinformatiebrief voortgang {year}",
            due_on=date(year, 9, 15),
            kind=ControlMomentKind.COUNCIL_LETTER,
        ))
        moments.append(ControlMoment(
            name=f"Input jaarverslag {year}",
            due_on=date(year + 1, 1, 31),
            kind=ControlMomentKind.ANNUAL_REPORT,
        ))
    moments.append(ControlMoment(
        name=f"Evaluatie uitvoeringsplan {start_year}–{end_year}" if end_year != start_year
        else f"Evaluatie uitvoeringsplan {start_year}",
        due_on=date(end_year, 10, 31),
        kind=ControlMomentKind.EVALUATION,
    ))
    moments.append(ControlMoment(
        name="Voorbereiding nieuw uitvoeringsplan (vaststelling college)",
        due_on=date(end_year, 12, 15),
        kind=ControlMomentKind.NEXT_PLAN,
    ))
    for moment in moments:
        moment.lead_days = DEFAULT_LEAD_DAYS
    moments.sort(key=lambda m: m.due_on)
    return moments
