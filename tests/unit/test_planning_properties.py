"""Property tests: the parser never raises and never invents a far-away deadline."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ivpdesk.domain.planning import WINDOW_YEARS, PlanningKind, parse_planning

WORDS = [
    "1e", "2e", "3e", "4e", "eerste", "vierde", "q2", "kw3", "h1", "kwartaal", "helft", "halfjaar",
    "begin", "medio", "eind", "voorjaar", "najaar", "zomer", "winter", "juni", "november", "mrt.",
    "december", "2027", "2028", "2099", "1999", "'27", "t/m", "/", "-", ",", "en", "of", "x", "per",
    "jaar", "maal", "keer", "15-03-2027", "31-02-2027", "2027-13-01", "1", "15", "31", "vanaf",
    "e.v.", "doorlopend", "elke", "kern", "jaarlijks", "maandelijks", "zes-wekelijks", "week",
    "53", "schooljaar", "2027/2028", "het", "van", "in", "uiterlijk", "voor", "(", ")", ".", ";",
    "indien", "nodig", "op", "verzoek", "n.t.b.", "0", "9999", "2027-q2", "06-2027",
]

plan_years = st.one_of(
    st.integers(min_value=2001, max_value=2098).map(lambda y: [y, y + 1]),
    st.integers(min_value=2001, max_value=2099).map(lambda y: [y]),
)
phrases = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(WORDS), max_size=7).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=7).map(lambda ws: "  ".join(w.upper() for w in ws) + "."),
)


@settings(max_examples=600, deadline=None)
@given(text=phrases, years=plan_years)
def test_never_raises_and_deadlines_stay_near_the_plan(text: str, years: list[int]) -> None:
    planning = parse_planning(text, years)
    assert planning.raw == text
    low = date(min(years) - WINDOW_YEARS, 1, 1)
    high = date(max(years) + WINDOW_YEARS, 12, 31)
    assert all(low <= d <= high for d in planning.deadlines), (text, planning)
    assert list(planning.deadlines) == sorted(set(planning.deadlines))
    if not planning.understood:
        assert planning.kind is PlanningKind.UNKNOWN and planning.deadlines == ()
    assert planning.explanation


@settings(max_examples=300, deadline=None)
@given(text=phrases)
def test_yearless_text_follows_the_plan_years(text: str) -> None:
    """Moving the plan moves the deadlines of yearless text, and nothing else."""
    planning = parse_planning(text, [2027, 2028])
    if planning.understood and all("20" not in word for word in text.split()):
        assert all(2026 <= d.year <= 2029 for d in planning.deadlines), (text, planning)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2018, 1, 1), max_value=date(2037, 12, 31)))
def test_every_real_date_is_read_back(day: date) -> None:
    for text in (day.strftime("%d-%m-%Y"), day.strftime("%-d/%-m/%Y"), day.isoformat()):
        planning = parse_planning(text, [2027, 2028])
        assert planning.kind is PlanningKind.DATE
        assert planning.deadlines == (day,)
