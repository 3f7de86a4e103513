"""Voortgang rules (over tijd, counts, indicator years) and the cell text layout."""

from __future__ import annotations

from datetime import date

import pytest

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Baseline,
    Direction,
    Indicator,
    Measurement,
    Section,
    Target,
    TargetState,
    Theme,
)
from ivpdesk.services.report_pdf.fonts import BOLD, ITALIC, REGULAR, register_fonts
from ivpdesk.services.report_pdf.progress_rules import (
    current_state,
    overdue_since,
    status_counts,
    theme_progress,
    year_cells,
)
from ivpdesk.services.report_pdf.text import Run, TextBlock, layout_runs, text_width

AS_OF = date(2027, 9, 1)


@pytest.mark.parametrize(
    ("status", "deadlines", "expected"),
    [
        (ActivityStatus.NOT_STARTED, [date(2027, 6, 30)], date(2027, 6, 30)),
        (ActivityStatus.DELAYED, [date(2027, 3, 31), date(2027, 10, 31)], date(2027, 3, 31)),
        (ActivityStatus.RUNNING, [date(2027, 4, 30), date(2027, 10, 31)], None),  # still ahead
        (ActivityStatus.RUNNING, [date(2027, 4, 30), date(2027, 6, 30)], date(2027, 6, 30)),
        (ActivityStatus.DONE, [date(2027, 6, 30)], None),
        (ActivityStatus.CANCELLED, [date(2027, 6, 30)], None),
        (ActivityStatus.NOT_STARTED, [date(2027, 12, 31)], None),
        (ActivityStatus.NOT_STARTED, [], None),
        (ActivityStatus.NOT_STARTED, [date(2027, 9, 1)], None),  # due today is not late
    ],
)
def test_overdue_since(status, deadlines, expected) -> None:  # type: ignore[no-untyped-def]
    assert overdue_since(Activity(description="x", status=status), deadlines, AS_OF) == expected


def test_theme_progress_puts_overdue_first_longest_first() -> None:
    activities = [
        Activity(description="op tijd", planning_text="2028"),
        Activity(description="net te laat", deadline_override=date(2027, 8, 1)),
        Activity(description="gereed", planning_text="15-03-2027", status=ActivityStatus.DONE),
        Activity(description="lang te laat", planning_text="15-03-2027"),
    ]
    theme = Theme(name="T", sections=[Section(name="S", activities=activities)])
    items = theme_progress(theme, [2027, 2028], AS_OF)
    assert [i.activity.description for i in items] == ["lang te laat", "net te laat", "op tijd",
                                                       "gereed"]
    assert items[0].overdue_since == date(2027, 3, 15)
    counts = status_counts(i.activity for i in items)
    assert list(counts) == list(ActivityStatus)
    assert counts[ActivityStatus.NOT_STARTED] == 3 and counts[ActivityStatus.DONE] == 1


def test_indicator_years_respect_the_peildatum() -> None:
    indicator = Indicator(
        name="Woninginbraken", unit="aantal", direction=Direction.LOWER_IS_BETTER,
        baseline=Baseline(value=65, year=2025),
        targets=[Target.parse(2027, "≤ 60"), Target.parse(2028, "≤ 55")],
        measurements=[Measurement(2026, 62), Measurement(2027, 58), Measurement(2028, 50)],
    )
    cells = year_cells(indicator, [2025, 2026, 2027, 2028], AS_OF)
    by_year = {c.year: c for c in cells}
    assert by_year[2027].measured == 58 and by_year[2027].state is TargetState.ON_TRACK
    assert by_year[2028].measured is None and by_year[2028].state is None  # after the peildatum
    assert by_year[2027].target == "≤ 60"
    assert current_state(indicator, AS_OF) == (2027, TargetState.ON_TRACK)
    assert current_state(indicator, date(2025, 6, 1)) is None


def test_layout_wraps_within_width_and_keeps_every_word() -> None:
    register_fonts()
    text = ("Integrale controles op bedrijventerreinen en in het buitengebied, samen met "
            "politie, omgevingsdienst en Belastingdienst; budget ≤ € 5.000.")
    runs = [Run("Integrale controles.", ITALIC), Run(" " + text)]
    lines = layout_runs(runs, 120, 8.2)
    assert len(lines) > 3
    for line in lines:
        measured = sum(text_width(t, f, 8.2) for t, f, _ in line.fragments)
        assert measured <= 120.01
        assert abs(measured - line.width) < 0.05
    rebuilt = " ".join("".join(t for t, _f, _c in line.fragments) for line in lines)
    assert rebuilt.split() == ("Integrale controles. " + text).split()
    assert lines[0].fragments[0] == ("Integrale controles.", ITALIC, None)


def test_hard_breaks_and_words_wider_than_the_column() -> None:
    register_fonts()
    block = TextBlock([Run("Team OOV", BOLD), Run("\nVeiligheidsregio-brandweer-Noordoost")])
    lines = block.lines(100)
    assert "".join(t for t, _f, _c in lines[0].fragments) == "Team OOV"
    assert all(line.width <= 100.01 for line in lines)
    joined = "".join("".join(t for t, _f, _c in line.fragments) for line in lines[1:])
    assert joined == "Veiligheidsregio-brandweer-Noordoost"
    assert "".join(t for t, _f, _c in lines[1].fragments).endswith("-")  # broken after a hyphen
    assert block.height(100) == len(lines) * block.leading
    empty = TextBlock([Run("", REGULAR)])
    assert len(empty.lines(50)) == 1
