"""Enumerations of the domain. Values are the Dutch words stored in the database and JSON."""

from __future__ import annotations

from enum import StrEnum


class ThemeKind(StrEnum):
    """Kind of theme. Plans call non-priority themes "strategisch" or "overig": keep theirs."""

    PRIORITY = "prioriteit"
    STRATEGIC = "strategisch"
    OTHER = "overig"
    OVERARCHING = "overkoepelend"

    @property
    def label(self) -> str:
        return {
            ThemeKind.PRIORITY: "Prioriteit",
            ThemeKind.STRATEGIC: "Strategisch thema",
            ThemeKind.OTHER: "Overig thema",
            ThemeKind.OVERARCHING: "Overkoepelend thema",
        }[self]

    @property
    def sort_order(self) -> int:
        return list(ThemeKind).index(self)


class ActivityStatus(StrEnum):
    NOT_STARTED = "niet gestart"
    RUNNING = "loopt"
    DONE = "gereed"
    DELAYED = "vertraagd"
    CANCELLED = "vervallen"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_closed(self) -> bool:
        """Closed activities need no reminders and are not carried over to a new plan."""
        return self in (ActivityStatus.DONE, ActivityStatus.CANCELLED)

    @property
    def colour(self) -> str:
        """Hex colour used for this status in the UI, the PDF and Excel (colour-blind safe)."""
        return {
            ActivityStatus.NOT_STARTED: "#8a8f98",
            ActivityStatus.RUNNING: "#1f6fb2",
            ActivityStatus.DONE: "#2e7d32",
            ActivityStatus.DELAYED: "#c75b00",
            ActivityStatus.CANCELLED: "#6d4c41",
        }[self]

    @classmethod
    def parse(cls, text: str) -> ActivityStatus:
        """Read a status as officers write it ("Loopt", "afgerond", "in uitvoering")."""
        from ivpdesk.domain.errors import ValidationError

        key = " ".join(text.replace("\u00a0", " ").strip().lower().split()).rstrip(".")
        aliases = {
            "niet gestart": cls.NOT_STARTED,
            "nog niet gestart": cls.NOT_STARTED,
            "gepland": cls.NOT_STARTED,
            "": cls.NOT_STARTED,
            "loopt": cls.RUNNING,
            "lopend": cls.RUNNING,
            "in uitvoering": cls.RUNNING,
            "gestart": cls.RUNNING,
            "bezig": cls.RUNNING,
            "doorlopend": cls.RUNNING,
            "gereed": cls.DONE,
            "afgerond": cls.DONE,
            "klaar": cls.DONE,
            "uitgevoerd": cls.DONE,
            "vertraagd": cls.DELAYED,
            "vertraging": cls.DELAYED,
            "achter op schema": cls.DELAYED,
            "vervallen": cls.CANCELLED,
            "geschrapt": cls.CANCELLED,
            "vervalt": cls.CANCELLED,
        }
        if key in aliases:
            return aliases[key]
        raise ValidationError("status", f"Onbekende status '{text.strip()}'. Kies uit: "
                              + ", ".join(s.value for s in cls) + ".")


class PlanStatus(StrEnum):
    CONCEPT = "concept"
    ADOPTED = "vastgesteld"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PartnerKind(StrEnum):
    INTERNAL = "intern"
    EXTERNAL = "extern"


class Operator(StrEnum):
    """Comparison in an indicator target ("≤ 8%")."""

    LE = "≤"
    LT = "<"
    EQ = "="
    GE = "≥"
    GT = ">"

    @classmethod
    def parse(cls, text: str) -> Operator:
        from ivpdesk.domain.errors import ValidationError

        key = text.strip()
        aliases = {"<=": cls.LE, "=<": cls.LE, ">=": cls.GE, "=>": cls.GE, "==": cls.EQ}
        if key in aliases:
            return aliases[key]
        try:
            return cls(key)
        except ValueError:
            raise ValidationError("operator", f"Onbekende vergelijking '{key}'.") from None

    def holds(self, value: float, target: float) -> bool:
        return {
            Operator.LE: value <= target,
            Operator.LT: value < target,
            Operator.EQ: abs(value - target) < 1e-9,
            Operator.GE: value >= target,
            Operator.GT: value > target,
        }[self]


class Direction(StrEnum):
    """Whether a higher or a lower value of an indicator is the better one."""

    HIGHER_IS_BETTER = "hoger is beter"
    LOWER_IS_BETTER = "lager is beter"


class TargetState(StrEnum):
    ON_TRACK = "op koers"
    OFF_TRACK = "niet op koers"
    NO_MEASUREMENT = "geen meting"
    NOT_ASSESSABLE = "niet te beoordelen"


class ControlMomentKind(StrEnum):
    """Kinds of P&C moment (planning & control) in the gemeente's cycle."""

    PROGRESS_REPORT = "voortgangsrapportage"
    COUNCIL_LETTER = "raadsinformatiebrief"
    ANNUAL_REPORT = "jaarverslag"
    INTERIM_REPORT = "tussenrapportage"
    EVALUATION = "evaluatie"
    NEXT_PLAN = "voorbereiding nieuw uitvoeringsplan"
    SAFETY_MONITOR = "veiligheidsmonitor"
    TRIANGLE_MEETING = "driehoeksoverleg"
    OTHER = "overig"
