"""Database URLs, engines, transactions, Alembic migrations and the cross-process writer lock.

``engine_for(target)`` accepts a SQLAlchemy URL string, a SQLite file path or an ``Engine`` and
returns one shared, migrated engine per database per process. SQLite runs in WAL mode and every
write transaction starts with ``BEGIN IMMEDIATE`` (writers queue on the busy timeout instead of
failing halfway); PostgreSQL uses psycopg 3 and READ COMMITTED with row locks.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url

if TYPE_CHECKING:
    from ingest.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_MS = 30_000
_WRITER_LOCK_KEY = 0x436F6C6C6162  # pg advisory lock id of the ingestion writer ("Collab")
_MIGRATE_LOCK_KEY = _WRITER_LOCK_KEY + 1
_engines: dict[tuple[int, str], Engine] = {}
_engines_lock = threading.Lock()


class StateError(RuntimeError):
    """The state database is unusable (the message names the setting or command that fixes it)."""


class WriterBusyError(StateError):
    """Another process holds the ingestion writer lock."""


def normalize_url(url: str) -> str:
    """``postgresql://`` / ``postgres://`` -> psycopg 3 (``postgresql+psycopg://``); other URLs unchanged.

    Raises ``StateError`` naming ``ADVISOR_DATABASE_URL`` for anything SQLAlchemy cannot parse."""
    text = url.strip()
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            text = "postgresql+psycopg://" + text[len(prefix):]
    try:
        parsed = make_url(text)
    except Exception as exc:  # noqa: BLE001 - sqlalchemy raises ArgumentError/ValueError
        raise StateError(f"ADVISOR_DATABASE_URL={hide_password(url)!r} is not a database URL ({exc}) — use e.g. "
                         "postgresql://user:pass@host:5432/advisor, or unset it for SQLite under the data dir") from None
    if parsed.get_backend_name() not in ("postgresql", "sqlite"):
        raise StateError(f"ADVISOR_DATABASE_URL={hide_password(url)!r}: only postgresql:// and sqlite:// are supported")
    return text


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def manifest_url(settings: Settings) -> str:
    """Where the ingestion manifest lives: ``ADVISOR_DATABASE_URL``, else ``data_dir/manifest.sqlite3``."""
    return normalize_url(settings.database_url) if settings.database_url else sqlite_url(settings.manifest_path)


def app_url(settings: Settings) -> str:
    """Where history, feedback and refusals live: ``ADVISOR_DATABASE_URL``, else ``data_dir/app.sqlite3``."""
    return normalize_url(settings.database_url) if settings.database_url else sqlite_url(settings.state_db)


def is_shared(settings: Settings) -> bool:
    """True when the state is in a server database other processes/hosts may share (not a local SQLite file)."""
    return bool(settings.database_url) and not normalize_url(settings.database_url).startswith("sqlite")


def engine_for(target: str | Path | Engine) -> Engine:
    """The process-wide engine for ``target`` (URL, SQLite file path, or an engine), migrated to head."""
    if isinstance(target, Engine):
        return target
    url = normalize_url(target) if isinstance(target, str) and "://" in target else sqlite_url(Path(target))
    key = (os.getpid(), url)
    engine = _engines.get(key)
    if engine is not None:
        return engine
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _create(url)
            migrate(engine)
            _engines[key] = engine
    return engine


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # a small pool: a connection costs ~2 ms to open, yet every data dir (tests make many) keeps its own
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, pool_size=2, max_overflow=20)
        _sqlite_events(engine)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_events(engine: Engine) -> None:
    """WAL, full fsync, foreign keys; our own BEGIN so writes take the write lock up front."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None  # the driver must not BEGIN on its own
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("state_read") else "BEGIN IMMEDIATE")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads (deferred transaction on SQLite: never blocks writers)."""
    with engine.connect() as conn:
        conn.execution_options(state_read=True)
        yield conn


def writing(engine: Engine):  # noqa: ANN201 - a context manager yielding a Connection
    """One write transaction (commits on success, rolls back on error)."""
    return engine.begin()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (serialised between processes)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped lock
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATE_LOCK_KEY)))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except sa.exc.OperationalError as exc:
        raise StateError(f"cannot open the state database {hide_password(str(engine.url))}: {exc.orig} — check "
                         "ADVISOR_DATABASE_URL and that the server is running (or unset it for SQLite)") from None


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (``None`` before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    with reading(engine) as conn:
        return MigrationContext.configure(conn).get_current_revision()


WAIT_POLL_SECONDS = 0.5
"""How often a writer waiting for the lock (``writer_lock(wait=…)``) tries again."""


@contextmanager
def writer_lock(settings: Settings, wait: float = 0.0,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """The one-ingestion-writer-at-a-time lock: a PostgreSQL advisory lock when the database is shared
    (every replica on every host sees it; released if the holder dies), else a file lock in the data dir.

    ``wait`` = 0 (default): raises ``WriterBusyError`` at once when another writer holds it. ``wait`` > 0: tries
    again every ``WAIT_POLL_SECONDS`` for up to ``wait`` seconds (``on_wait`` is told once, with who holds it),
    then raises ``WriterBusyError`` saying how long it waited."""
    if is_shared(settings):
        engine = engine_for(manifest_url(settings))
        with engine.connect() as conn:
            def try_lock() -> str | None:
                got = conn.execute(sa.select(sa.func.pg_try_advisory_lock(_WRITER_LOCK_KEY))).scalar()
                conn.commit()
                return None if got else ("another ingest command or web upload is writing to the shared store "
                                         f"({hide_password(settings.database_url or '')})")

            _acquire(try_lock, wait, on_wait)
            try:
                yield
            finally:
                conn.execute(sa.select(sa.func.pg_advisory_unlock(_WRITER_LOCK_KEY)))
                conn.commit()
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(settings.data_dir / ".ingest.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        def try_flock() -> str | None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                return f"another ingest command (pid {holder}) is writing to {settings.data_dir}"
            return None

        _acquire(try_flock, wait, on_wait)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _acquire(attempt: Callable[[], str | None], wait: float, on_wait: Callable[[str], None] | None) -> None:
    """Call ``attempt`` (None = lock taken, else who holds it) until it succeeds or ``wait`` seconds have passed."""
    busy = attempt()
    if busy is None:
        return
    deadline = time.monotonic() + max(0.0, wait)
    if wait > 0 and on_wait is not None:
        on_wait(f"{busy} — waiting up to {wait:g} s for it to finish")
    while time.monotonic() < deadline:
        time.sleep(min(WAIT_POLL_SECONDS, max(0.0, deadline - time.monotonic())))
        busy = attempt()
        if busy is None:
            return
    waited = f" (waited {wait:g} s)" if wait > 0 else ""
    raise WriterBusyError(f"{busy}{waited} — wait for it to finish, then run this again")


def hide_password(url: str) -> str:
    """The URL without its password (for messages and logs)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return url


def writer_busy(settings: Settings) -> bool:
    """True while some process holds the ingestion writer lock (a sync, an upload is running)."""
    try:
        with writer_lock(settings):
            return False
    except WriterBusyError:
        return True
