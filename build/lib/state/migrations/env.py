"""Alembic environment: migrations always run on the connection ``state.db.migrate`` passes in
(``config.attributes["connection"]``); there is no alembic.ini and no offline mode."""

from alembic import context

from state.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through state.db.migrate() or `python -m state upgrade`")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
