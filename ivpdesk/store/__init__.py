"""Persistence: SQLAlchemy 2 models, engine set-up, repositories, unit of work, migrations.

Nothing here imports Qt. Repositories take and return domain objects.
"""
