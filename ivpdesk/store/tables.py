"""ORM tables. Schema changes go through Alembic revisions in migrations/versions/.

Enumerations are stored as their Dutch value strings (no native enums) so the same
migrations serve SQLite and PostgreSQL. Rows that two officers may edit at once carry
a ``version`` column used for optimistic locking (set by the repositories).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC without tzinfo (SQLite has none) and returns aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SafetyPlanRow(Base):
    __tablename__ = "safety_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    vision: Mapped[str] = mapped_column(Text, default="")
    main_goal: Mapped[str] = mapped_column(Text, default="")
    adopted_on: Mapped[date | None] = mapped_column(Date)


class ImplementationPlanRow(Base):
    __tablename__ = "implementation_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    safety_plan_id: Mapped[int] = mapped_column(
        ForeignKey("safety_plan.id", ondelete="CASCADE"), index=True
    )
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="concept")
    adopted_on: Mapped[date | None] = mapped_column(Date)
    adopted_by: Mapped[str] = mapped_column(String(200), default="")
    introduction: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    themes: Mapped[list[ThemeRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ThemeRow.position",
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class ThemeRow(Base):
    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    implementation_plan_id: Mapped[int] = mapped_column(
        ForeignKey("implementation_plan.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    field_number: Mapped[int | None] = mapped_column(Integer)
    standard_theme_code: Mapped[str | None] = mapped_column(String(10))
    goal: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[ImplementationPlanRow] = relationship(back_populates="themes")
    sections: Mapped[list[SectionRow]] = relationship(
        back_populates="theme", cascade="all, delete-orphan", passive_deletes=True,
        order_by="SectionRow.position",
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class SectionRow(Base):
    __tablename__ = "section"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500), default="")
    ambition: Mapped[str] = mapped_column(Text, default="")
    heading: Mapped[str | None] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)

    theme: Mapped[ThemeRow] = relationship(back_populates="sections")
    activities: Mapped[list[ActivityRow]] = relationship(
        back_populates="section", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ActivityRow.position",
    )


class PartnerRow(Base):
    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="extern")


class ActivityPartnerRow(Base):
    __tablename__ = "activity_partner"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    partner: Mapped[PartnerRow] = relationship(lazy="joined")


class ActivityRow(Base):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    political_owner: Mapped[str] = mapped_column(String(300), default="")
    officer_owner: Mapped[str] = mapped_column(String(300), default="")
    planning_text: Mapped[str] = mapped_column(Text, default="")
    deadline_override: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="niet gestart")
    years: Mapped[list[int]] = mapped_column(JSON, default=list)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2, asdecimal=True))
    position: Mapped[int] = mapped_column(Integer, default=0)
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    section: Mapped[SectionRow] = relationship(back_populates="activities")
    partner_links: Mapped[list[ActivityPartnerRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True,
        order_by="ActivityPartnerRow.position",
    )
    notes: Mapped[list[ProgressNoteRow]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ProgressNoteRow.written_on",
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class ProgressNoteRow(Base):
    __tablename__ = "progress_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    written_on: Mapped[date] = mapped_column(Date)
    moment: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")

    activity: Mapped[ActivityRow] = relationship(back_populates="notes")


class IndicatorRow(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    implementation_plan_id: Mapped[int] = mapped_column(
        ForeignKey("implementation_plan.id", ondelete="CASCADE"), index=True
    )
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("theme.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300), default="")
    unit: Mapped[str] = mapped_column(String(100), default="")
    direction: Mapped[str] = mapped_column(String(20), default="lager is beter")
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_raw: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    targets: Mapped[list[IndicatorTargetRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="IndicatorTargetRow.year"
    )
    measurements: Mapped[list[IndicatorMeasurementRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True,
        order_by="IndicatorMeasurementRow.year",
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class IndicatorTargetRow(Base):
    __tablename__ = "indicator_target"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    operator: Mapped[str | None] = mapped_column(String(2))
    value: Mapped[float | None] = mapped_column(Float)
    raw: Mapped[str] = mapped_column(String(300), default="")


class IndicatorMeasurementRow(Base):
    __tablename__ = "indicator_measurement"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    raw: Mapped[str] = mapped_column(String(300), default="")


class ControlMomentRow(Base):
    __tablename__ = "control_moment"

    id: Mapped[int] = mapped_column(primary_key=True)
    implementation_plan_id: Mapped[int] = mapped_column(
        ForeignKey("implementation_plan.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(60), default="overig")
    name: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    lead_days: Mapped[int] = mapped_column(Integer, default=14)
    done_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class ReminderStateRow(Base):
    """Done / snoozed state of one reminder, keyed by a stable reminder key."""

    __tablename__ = "reminder_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    reminder_key: Mapped[str] = mapped_column(String(200), unique=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    snoozed_until: Mapped[date | None] = mapped_column(Date)


class ChangeLogRow(Base):
    """Who changed what, when: old → new per field, for verantwoording to the raad."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(40), default="")
    implementation_plan_id: Mapped[int | None] = mapped_column(Integer, index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    field: Mapped[str] = mapped_column(String(60), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class SettingRow(Base):
    """Settings that change behaviour and live with the data (not per machine)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
