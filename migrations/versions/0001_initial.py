"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 07:24:59.463339
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("implementation_plan_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_log_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_change_log_implementation_plan_id"),
            ["implementation_plan_id"],
            unique=False,
        )

    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_name")),
    )
    op.create_table(
        "reminder_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reminder_key", sa.String(length=200), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_state")),
        sa.UniqueConstraint("reminder_key", name=op.f("uq_reminder_state_reminder_key")),
    )
    op.create_table(
        "safety_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=200), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("vision", sa.Text(), nullable=False),
        sa.Column("main_goal", sa.Text(), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_plan")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "implementation_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("safety_plan_id", sa.Integer(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("adopted_by", sa.String(length=200), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["safety_plan_id"],
            ["safety_plan.id"],
            name=op.f("fk_implementation_plan_safety_plan_id_safety_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementation_plan")),
    )
    with op.batch_alter_table("implementation_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_implementation_plan_safety_plan_id"), ["safety_plan_id"], unique=False
        )

    op.create_table(
        "control_moment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("implementation_plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["implementation_plan_id"],
            ["implementation_plan.id"],
            name=op.f("fk_control_moment_implementation_plan_id_implementation_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_control_moment")),
    )
    with op.batch_alter_table("control_moment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_control_moment_implementation_plan_id"),
            ["implementation_plan_id"],
            unique=False,
        )

    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("implementation_plan_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field_number", sa.Integer(), nullable=True),
        sa.Column("standard_theme_code", sa.String(length=10), nullable=True),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("approach", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["implementation_plan_id"],
            ["implementation_plan.id"],
            name=op.f("fk_theme_implementation_plan_id_implementation_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme")),
    )
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_theme_implementation_plan_id"), ["implementation_plan_id"], unique=False
        )

    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("implementation_plan_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("direction", sa.String(length=20), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("baseline_raw", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["implementation_plan_id"],
            ["implementation_plan.id"],
            name=op.f("fk_indicator_implementation_plan_id_implementation_plan"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_indicator_theme_id_theme"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_implementation_plan_id"),
            ["implementation_plan_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_indicator_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("ambition", sa.Text(), nullable=False),
        sa.Column("heading", sa.String(length=500), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["theme.id"], name=op.f("fk_section_theme_id_theme"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section")),
    )
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_section_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("political_owner", sa.String(length=300), nullable=False),
        sa.Column("officer_owner", sa.String(length=300), nullable=False),
        sa.Column("planning_text", sa.Text(), nullable=False),
        sa.Column("deadline_override", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("years", sa.JSON(), nullable=False),
        sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["activity.id"],
            name=op.f("fk_activity_carried_from_id_activity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["section.id"],
            name=op.f("fk_activity_section_id_section"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_section_id"), ["section_id"], unique=False)

    op.create_table(
        "indicator_measurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("raw", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_measurement_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_measurement")),
        sa.UniqueConstraint(
            "indicator_id", "year", name=op.f("uq_indicator_measurement_indicator_id")
        ),
    )
    with op.batch_alter_table("indicator_measurement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_measurement_indicator_id"), ["indicator_id"], unique=False
        )

    op.create_table(
        "indicator_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("operator", sa.String(length=2), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("raw", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_target_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_target")),
        sa.UniqueConstraint("indicator_id", "year", name=op.f("uq_indicator_target_indicator_id")),
    )
    with op.batch_alter_table("indicator_target", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_target_indicator_id"), ["indicator_id"], unique=False
        )

    op.create_table(
        "activity_partner",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_partner_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_activity_partner_partner_id_partner"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("activity_id", "partner_id", name=op.f("pk_activity_partner")),
    )
    with op.batch_alter_table("activity_partner", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_partner_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "progress_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("moment", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_progress_note_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_note")),
    )
    with op.batch_alter_table("progress_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_note_activity_id"), ["activity_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("progress_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_note_activity_id"))

    op.drop_table("progress_note")
    with op.batch_alter_table("activity_partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_partner_partner_id"))

    op.drop_table("activity_partner")
    with op.batch_alter_table("indicator_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_target_indicator_id"))

    op.drop_table("indicator_target")
    with op.batch_alter_table("indicator_measurement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_measurement_indicator_id"))

    op.drop_table("indicator_measurement")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_section_id"))

    op.drop_table("activity")
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_section_theme_id"))

    op.drop_table("section")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_theme_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_implementation_plan_id"))

    op.drop_table("indicator")
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_implementation_plan_id"))

    op.drop_table("theme")
    with op.batch_alter_table("control_moment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_control_moment_implementation_plan_id"))

    op.drop_table("control_moment")
    with op.batch_alter_table("implementation_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_implementation_plan_safety_plan_id"))

    op.drop_table("implementation_plan")
    op.drop_table("setting")
    op.drop_table("safety_plan")
    op.drop_table("reminder_state")
    op.drop_table("partner")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_implementation_plan_id"))
        batch_op.drop_index(batch_op.f("ix_change_log_entity_id"))
        batch_op.drop_index(batch_op.f("ix_change_log_at"))

    op.drop_table("change_log")
