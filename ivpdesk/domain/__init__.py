"""Plain domain objects and rules; imports neither Qt nor SQLAlchemy.

Everything the officer works with (plans, themes, activities, indicators, P&C
moments) is a dataclass here, so that services, the CLI and tests can use it
without a database or a display.
"""

from ivpdesk.domain.enums import (
    ActivityStatus,
    ControlMomentKind,
    Direction,
    Operator,
    PartnerKind,
    PlanStatus,
    TargetState,
    ThemeKind,
)
from ivpdesk.domain.errors import DomainError, NotFoundError, StaleEditError, ValidationError
from ivpdesk.domain.indicators import Baseline, Indicator, Measurement, Target, target_state
from ivpdesk.domain.model import (
    Activity,
    ControlMoment,
    ImplementationPlan,
    Partner,
    PlanBundle,
    ProgressNote,
    SafetyPlan,
    Section,
    Theme,
)

__all__ = [
    "Activity",
    "ActivityStatus",
    "Baseline",
    "ControlMoment",
    "ControlMomentKind",
    "Direction",
    "DomainError",
    "ImplementationPlan",
    "Indicator",
    "Measurement",
    "NotFoundError",
    "Operator",
    "Partner",
    "PartnerKind",
    "PlanBundle",
    "PlanStatus",
    "ProgressNote",
    "SafetyPlan",
    "Section",
    "StaleEditError",
    "Target",
    "TargetState",
    "Theme",
    "ThemeKind",
    "ValidationError",
    "target_state",
]
