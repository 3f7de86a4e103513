"""The planning parser on phrases written the way real plans write them.

Plan years are 2027–2028 unless the row says otherwise. Each row gives the exact kind,
deadlines and recurrence; a change in a rule shows up here as a failing row.
"""

from __future__ import annotations

from datetime import date

import pytest

from ivpdesk.domain import Activity
from ivpdesk.domain.planning import (
    Planning,
    PlanningKind,
    Recurrence,
    activity_deadlines,
    activity_planning,
    parse_planning,
)

K = PlanningKind
Y = [2027, 2028]
QUARTER_ENDS = ["2027-03-31", "2027-06-30", "2027-09-30", "2027-12-31",
                "2028-03-31", "2028-06-30", "2028-09-30", "2028-12-31"]

# (text, kind, deadlines (ISO), recurrence (times per year, interval days) or None)
PHRASES: list[tuple[str, PlanningKind, list[str], tuple[float | None, int | None] | None]] = [
    # real dates
    ("15-03-2027", K.DATE, ["2027-03-15"], None),
    ("15/03/2027", K.DATE, ["2027-03-15"], None),
    ("15.3.2027.", K.DATE, ["2027-03-15"], None),
    ("2027-03-15", K.DATE, ["2027-03-15"], None),
    ("15 maart 2027", K.DATE, ["2027-03-15"], None),
    ("15 Mrt. 2027", K.DATE, ["2027-03-15"], None),
    ("1 januari 2027", K.DATE, ["2027-01-01"], None),
    ("Uiterlijk 1 juni 2027", K.DATE, ["2027-06-01"], None),
    ("vóór 1-6-2027", K.DATE, ["2027-06-01"], None),
    ("15 maart", K.DATE, ["2027-03-15", "2028-03-15"], None),
    ("medio maart 2027", K.DATE, ["2027-03-15"], None),
    ("1 maart en 1 september 2027", K.DATE, ["2027-03-01", "2027-09-01"], None),
    # months
    ("Juni en november 2027", K.PERIOD, ["2027-06-30", "2027-11-30"], None),
    ("Start augustus 2027", K.PERIOD, ["2027-08-31"], None),
    ("December", K.PERIOD, ["2027-12-31", "2028-12-31"], None),
    ("  maart   2028 ", K.PERIOD, ["2028-03-31"], None),
    ("september 2027, september 2028", K.PERIOD, ["2027-09-30", "2028-09-30"], None),
    ("November 2027 en november 2028", K.PERIOD, ["2027-11-30", "2028-11-30"], None),
    ("juni t/m augustus 2027", K.PERIOD, ["2027-08-31"], None),
    ("juni/juli 2027", K.PERIOD, ["2027-07-31"], None),
    ("december t/m februari 2028", K.PERIOD, ["2028-02-29"], None),
    ("begin juni 2027", K.PERIOD, ["2027-06-10"], None),
    ("eind februari 2028", K.PERIOD, ["2028-02-29"], None),
    ("06-2027", K.PERIOD, ["2027-06-30"], None),
    ("Juni-2027", K.PERIOD, ["2027-06-30"], None),
    # quarters
    ("2e kwartaal 2027", K.PERIOD, ["2027-06-30"], None),
    ("2E KWARTAAL 2027.", K.PERIOD, ["2027-06-30"], None),
    ("tweede kwartaal 2028", K.PERIOD, ["2028-06-30"], None),
    ("Q2 2027", K.PERIOD, ["2027-06-30"], None),
    ("q3-2027", K.PERIOD, ["2027-09-30"], None),
    ("2027-Q4", K.PERIOD, ["2027-12-31"], None),
    ("3e/4e kwartaal 2027", K.PERIOD, ["2027-12-31"], None),
    ("1e en 2e kwartaal 2028", K.PERIOD, ["2028-03-31", "2028-06-30"], None),
    ("vierde kwartaal", K.PERIOD, ["2027-12-31", "2028-12-31"], None),
    ("Q2/Q3 2027", K.PERIOD, ["2027-09-30"], None),
    ("eind 2e kwartaal 2027", K.PERIOD, ["2027-06-30"], None),
    ("kwartaal 1 2028", K.PERIOD, ["2028-03-31"], None),
    # halves, begin / medio / eind, seasons
    ("eerste helft van 2027", K.PERIOD, ["2027-06-30"], None),
    ("1e helft 2027", K.PERIOD, ["2027-06-30"], None),
    ("2e helft 2027", K.PERIOD, ["2027-12-31"], None),
    ("H2 2028", K.PERIOD, ["2028-12-31"], None),
    ("medio 2027", K.PERIOD, ["2027-06-30"], None),
    ("Begin 2028", K.PERIOD, ["2028-03-31"], None),
    ("eind 2027", K.PERIOD, ["2027-12-31"], None),
    ("Einde van het jaar", K.PERIOD, ["2027-12-31", "2028-12-31"], None),
    ("voorjaar 2028", K.PERIOD, ["2028-05-31"], None),
    ("najaar 2027", K.PERIOD, ["2027-11-30"], None),
    ("Voorjaar en najaar", K.PERIOD, ["2027-05-31", "2027-11-30", "2028-05-31", "2028-11-30"], None),
    ("Voorjaar 2027 en voorjaar 2028", K.PERIOD, ["2027-05-31", "2028-05-31"], None),
    ("zomer 2027", K.PERIOD, ["2027-08-31"], None),
    ("winter 2027/2028", K.PERIOD, ["2028-02-29"], None),
    ("schooljaar 2027/2028", K.PERIOD, ["2028-07-31"], None),
    ("week 12 2027", K.PERIOD, ["2027-03-28"], None),
    # years
    ("2027", K.PERIOD, ["2027-12-31"], None),
    ("in 2028.", K.PERIOD, ["2028-12-31"], None),
    ("2027/2028", K.PERIOD, ["2028-12-31"], None),
    ("2027 - 2028", K.PERIOD, ["2028-12-31"], None),
    ("2027 t/m 2028", K.PERIOD, ["2028-12-31"], None),
    ("2027, 2028", K.PERIOD, ["2027-12-31", "2028-12-31"], None),
    ("2027 en 2028", K.PERIOD, ["2027-12-31", "2028-12-31"], None),
    ("2027 e.v.", K.FROM_YEAR, [], None),
    ("2027 ev", K.FROM_YEAR, [], None),
    ("vanaf 2028", K.FROM_YEAR, [], None),
    ("Vanaf maart 2028", K.FROM_YEAR, [], None),
    ("m.i.v. 2028", K.FROM_YEAR, [], None),
    ("2028 en verder", K.FROM_YEAR, [], None),
    # doorlopend
    ("doorlopend", K.ONGOING, [], None),
    ("Doorlopend.", K.ONGOING, [], None),
    ("Continu", K.ONGOING, [], None),
    ("het hele jaar door", K.ONGOING, [], None),
    ("doorlopend (2027-2028)", K.ONGOING, [], None),
    # frequencies
    ("4 maal per jaar", K.RECURRING, QUARTER_ENDS, (4, None)),
    ("4x per jaar", K.RECURRING, QUARTER_ENDS, (4, None)),
    ("Viermaal per jaar", K.RECURRING, QUARTER_ENDS, (4, None)),
    ("per kwartaal", K.RECURRING, QUARTER_ENDS, (4, None)),
    ("2x per jaar", K.RECURRING, ["2027-06-30", "2027-12-31", "2028-06-30", "2028-12-31"], (2, None)),
    ("Halfjaarlijks", K.RECURRING, ["2027-06-30", "2027-12-31", "2028-06-30", "2028-12-31"], (2, None)),
    ("3 keer per jaar", K.RECURRING,
     ["2027-04-30", "2027-08-31", "2027-12-31", "2028-04-30", "2028-08-31", "2028-12-31"], (3, None)),
    ("1x per jaar", K.RECURRING, ["2027-12-31", "2028-12-31"], (1, None)),
    ("jaarlijks", K.RECURRING, ["2027-12-31", "2028-12-31"], (1, None)),
    ("Elke kern 1x per jaar", K.RECURRING, ["2027-12-31", "2028-12-31"], (1, None)),
    ("jaarlijks, voor 1 juni", K.RECURRING, ["2027-06-01", "2028-06-01"], (1, None)),
    ("Jaarlijks juni t/m augustus", K.RECURRING, ["2027-08-31", "2028-08-31"], (1, None)),
    ("2x per jaar (voorjaar en najaar)", K.RECURRING,
     ["2027-05-31", "2027-11-30", "2028-05-31", "2028-11-30"], (2, None)),
    ("1x per jaar in 2028", K.RECURRING, ["2028-12-31"], (1, None)),
    ("tweejaarlijks", K.RECURRING, ["2028-12-31"], (0.5, None)),
    ("6 keer per jaar", K.RECURRING, [], (6, None)),
    ("maandelijks", K.RECURRING, [], (12, None)),
    ("Elke maand", K.RECURRING, [], (12, None)),
    ("2 keer per maand", K.RECURRING, [], (24, None)),
    ("wekelijks", K.RECURRING, [], (None, 7)),
    ("tweewekelijks", K.RECURRING, [], (None, 14)),
    ("2-wekelijks", K.RECURRING, [], (None, 14)),
    ("om de week", K.RECURRING, [], (None, 14)),
    ("zes-wekelijks", K.RECURRING, [], (None, 42)),
    ("Zeswekelijks.", K.RECURRING, [], (None, 42)),
    ("iedere 6 weken", K.RECURRING, [], (None, 42)),
    ("dagelijks", K.RECURRING, [], (None, 1)),
    # ad hoc
    ("Indien nodig", K.AD_HOC, [], None),
    ("Op verzoek", K.AD_HOC, [], None),
    ("op verzoek van de politie", K.AD_HOC, [], None),
    ("Bij twijfel in overleg met de veiligheidsregio", K.AD_HOC, [], None),
    ("zo nodig", K.AD_HOC, [], None),
    ("Ad hoc", K.AD_HOC, [], None),
    ("naar behoefte", K.AD_HOC, [], None),
    ("Bij incidenten", K.AD_HOC, [], None),
    # not understood: flagged, never guessed
    ("wordt nog bepaald", K.UNKNOWN, [], None),
    ("n.t.b.", K.UNKNOWN, [], None),
    ("PM", K.UNKNOWN, [], None),
    ("", K.UNKNOWN, [], None),
    ("   ", K.UNKNOWN, [], None),
    ("als de wethouder terug is", K.UNKNOWN, [], None),
    ("na de zomervakantie", K.UNKNOWN, [], None),
    ("winter", K.UNKNOWN, [], None),
    ("31-02-2027", K.UNKNOWN, [], None),
    ("2e kwartaal 2207", K.UNKNOWN, [], None),
    ("5e kwartaal 2027", K.UNKNOWN, [], None),
    ("3e helft 2027", K.UNKNOWN, [], None),
    ("0 keer per jaar", K.UNKNOWN, [], None),
    ("2027 (onder voorbehoud)", K.UNKNOWN, [], None),
    ("week 54 2027", K.UNKNOWN, [], None),
    ("Q2 2027 of later", K.UNKNOWN, [], None),
]


def _ids() -> list[str]:
    return [text or "<leeg>" for text, *_ in PHRASES]


def test_the_table_is_large_enough() -> None:
    assert len(PHRASES) >= 60
    assert len({text for text, *_ in PHRASES}) == len(PHRASES)


@pytest.mark.parametrize(("text", "kind", "deadlines", "recurrence"), PHRASES, ids=_ids())
def test_phrase(text: str, kind: PlanningKind, deadlines: list[str],
                recurrence: tuple[float | None, int | None] | None) -> None:
    planning = parse_planning(text, Y)
    assert planning.raw == text
    assert planning.kind is kind, planning.explanation
    assert [d.isoformat() for d in planning.deadlines] == deadlines, planning.explanation
    if recurrence is None:
        assert planning.recurrence is None
    else:
        assert planning.recurrence == Recurrence(*recurrence)
    assert planning.understood is (kind is not K.UNKNOWN)
    assert planning.explanation  # the officer always sees how it was read
    if not planning.understood:
        assert planning.explanation.startswith("Planning niet herkend")


@pytest.mark.parametrize(
    ("text", "years", "deadlines"),
    [
        # The examples of the design, in the years of the plans they came from.
        ("2e kwartaal 2017", [2017], ["2017-06-30"]),
        ("3e/4e kwartaal 2019", [2019, 2020], ["2019-12-31"]),
        ("medio 2015", [2015, 2016], ["2015-06-30"]),
        ("begin 2016", [2015, 2016], ["2016-03-31"]),
        ("eerste helft van 2015", [2015, 2016], ["2015-06-30"]),
        ("Juni en november 2017", [2017, 2018], ["2017-06-30", "2017-11-30"]),
        ("Start augustus 2017", [2017, 2018], ["2017-08-31"]),
        ("2015/2016", [2015, 2016], ["2016-12-31"]),
        ("2015, 2016", [2015, 2016], ["2015-12-31", "2016-12-31"]),
        ("Voorjaar en najaar", [2015], ["2015-05-31", "2015-11-30"]),
    ],
)
def test_design_examples(text: str, years: list[int], deadlines: list[str]) -> None:
    assert [d.isoformat() for d in parse_planning(text, years).deadlines] == deadlines


def test_explanations_are_dutch_and_name_the_deadline() -> None:
    assert parse_planning("2e kwartaal 2027", Y).explanation == (
        "Periode 01-04-2027 t/m 30-06-2027: de deadline is de laatste dag, 30-06-2027.")
    assert "Zonder jaartal gelezen voor elk jaar: 2027 en 2028" in parse_planning("December", Y).explanation
    assert parse_planning("als de wethouder terug is", Y).explanation == (
        "Planning niet herkend: het woord 'als' ken ik niet. Stel zelf een deadline in.")
    assert "per kern" in parse_planning("Elke kern 1x per jaar", Y).explanation
    assert "routinewerk" in parse_planning("maandelijks", Y).explanation.lower()


def test_start_of_periods_and_from_year() -> None:
    assert parse_planning("3e/4e kwartaal 2027", Y).start == date(2027, 7, 1)
    assert parse_planning("vanaf 2028", Y).start == date(2028, 1, 1)
    assert parse_planning("2027 e.v.", Y).start == date(2027, 1, 1)
    assert parse_planning("doorlopend", Y).start is None


def test_a_phrase_without_year_uses_the_activity_years() -> None:
    activity = Activity(description="x", planning_text="November", years=[2028])
    assert activity_deadlines(activity, Y) == [date(2028, 11, 30)]
    assert activity_planning(activity, Y).deadlines == (date(2028, 11, 30),)
    activity.years = []
    assert activity_deadlines(activity, Y) == [date(2027, 11, 30), date(2028, 11, 30)]
    activity.deadline_override = date(2027, 10, 1)
    assert activity_deadlines(activity, Y) == [date(2027, 10, 1)]


def test_yearless_text_without_plan_years_is_flagged() -> None:
    assert not parse_planning("December", []).understood
    assert parse_planning("15-03-2027", []).deadlines == (date(2027, 3, 15),)


def test_planning_is_a_value() -> None:
    first = parse_planning("Q2 2027", Y)
    assert isinstance(first, Planning)
    assert first == parse_planning("Q2 2027", [2028, 2027])
    assert first.label == "Periode"
    assert PlanningKind.UNKNOWN.label == "Planning niet herkend"
    assert Recurrence(times_per_year=4).label == "4 keer per jaar"
    assert Recurrence(interval_days=42).label == "elke 6 weken"
