"""Everything the product remembers besides vectors, in one SQL database layer (SQLAlchemy 2.x).

SQLite files under the data dir by default; PostgreSQL (or any SQLAlchemy URL) when
``ADVISOR_DATABASE_URL`` is set. Schema changes are Alembic migrations in ``state/migrations``,
applied automatically the first time a process opens a database. Modules:

- ``state.db``: URLs, engines (one per database per process), transactions, migrations, the writer lock
- ``state.schema``: the tables (what the migrations build)
- ``state.manifest``: live document versions + generation counter (used by ``ingest.store``)
- ``state.refusals``: the refused-questions log (used by ``assistant``)
- ``state.local_pg``: a throwaway PostgreSQL cluster for tests and benchmarks
"""
