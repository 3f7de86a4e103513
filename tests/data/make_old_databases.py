"""Regenerate the stored old-schema databases in tests/data (run by hand, then commit).

Each file is built by running the real migrations up to one revision and inserting
data with plain SQL of that revision's schema, as an officer's file of that version
would look. Upgrade tests open copies of these files.

    .venv/bin/python tests/data/make_old_databases.py
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from ivpdesk.store.migrate import alembic_config

HERE = Path(__file__).parent


def make_0001(target: Path) -> None:
    target.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{target}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    con = sqlite3.connect(target)
    con.executescript(
        """
        INSERT INTO safety_plan (id, municipality, start_year, end_year, vision, main_goal)
            VALUES (1, 'Oudewater-Zuid', 2023, 2026, 'Veilig samen', 'Minder inbraken');
        INSERT INTO implementation_plan (id, safety_plan_id, start_year, end_year, status,
            adopted_by, introduction, created_at, version)
            VALUES (1, 1, 2025, 2026, 'vastgesteld', 'College', 'Inleiding', '2025-01-10 09:00:00', 3);
        INSERT INTO theme (id, implementation_plan_id, name, kind, field_number, standard_theme_code,
            goal, approach, position, version)
            VALUES (1, 1, 'Woninginbraak', 'prioriteit', 1, '1.3', 'Minder inbraken', '', 0, 1);
        INSERT INTO section (id, theme_id, name, ambition, heading, position)
            VALUES (1, 1, 'Preventie', '', NULL, 0);
        INSERT INTO partner (id, name, kind) VALUES (1, 'Politie', 'extern');
        INSERT INTO activity (id, section_id, title, description, political_owner, officer_owner,
            planning_text, status, years, position, created_at, updated_at, version)
            VALUES (1, 1, 'Buurtpreventie.', 'WhatsApp-groepen ondersteunen', 'Burgemeester',
            'Team OOV', '2e kwartaal 2025', 'loopt', '[2025, 2026]', 0,
            '2025-01-10 09:00:00', '2025-01-10 09:00:00', 1);
        INSERT INTO activity_partner (activity_id, partner_id, position) VALUES (1, 1, 0);
        INSERT INTO progress_note (id, activity_id, written_on, moment, text, author)
            VALUES (1, 1, '2025-06-30', 'Voortgangsrapportage 2025', 'Vier groepen actief', 'Anne');
        INSERT INTO indicator (id, implementation_plan_id, theme_id, name, source, unit, direction,
            baseline_value, baseline_year, baseline_raw, position, version)
            VALUES (1, 1, 1, 'Woninginbraken', 'Politie', 'aantal', 'lager is beter', 80, 2022,
            '80 [2022]', 0, 1);
        INSERT INTO indicator_target (id, indicator_id, year, operator, value, raw)
            VALUES (1, 1, 2026, '≤', 70, '≤ 70');
        INSERT INTO control_moment (id, implementation_plan_id, kind, name, due_on, lead_days, notes)
            VALUES (1, 1, 'voortgangsrapportage', 'Voortgangsrapportage 2025', '2025-06-30', 14, '');
        """
    )
    con.commit()
    con.execute("VACUUM")
    con.close()


if __name__ == "__main__":
    make_0001(HERE / "ivpdesk-schema-0001.sqlite")
    print("written")
