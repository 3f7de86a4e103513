"""Alembic environment for IVP Desk.

The app runs migrations from code (ivpdesk.store.migrate) and passes its own
connection through ``config.attributes["connection"]``; the ``alembic`` command line
works too when ``sqlalchemy.url`` is set. Batch mode is on because SQLite cannot
ALTER most things in place; the naming convention on the metadata keeps constraint
names stable for batch table rebuilds.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from ivpdesk.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        # SQLite DDL is transactional: run the whole upgrade in one transaction.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as new_connection:
        _run(new_connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
