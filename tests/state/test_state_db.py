"""The state layer on both engines: migrations, URL handling, old data dirs, errors, the writer lock."""

from __future__ import annotations

import sqlite3
import time

import pytest
import sqlalchemy as sa
from lock_holder import held_for

from state.db import StateError, WriterBusyError, current_revision, engine_for, normalize_url, writer_lock
from state.manifest import DocumentRecord, Manifest
from web.feedback import FeedbackStore
from web.history import HistoryStore

TABLES = {"documents", "meta", "conversations", "messages", "feedback", "refusals", "alembic_version"}


def test_postgres_url_gets_psycopg3_driver():
    assert normalize_url("postgresql://u:p@h:5432/advisor") == "postgresql+psycopg://u:p@h:5432/advisor"
    assert normalize_url("postgres://h/advisor") == "postgresql+psycopg://h/advisor"
    assert normalize_url("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"


@pytest.mark.parametrize("bad", ["mysql://h/db", "not a url"])
def test_bad_database_url_names_the_setting(bad):
    with pytest.raises(StateError, match="ADVISOR_DATABASE_URL"):
        normalize_url(bad)


def test_unreachable_postgres_is_a_clear_error():
    from state.local_pg import _free_port

    with pytest.raises(StateError, match="ADVISOR_DATABASE_URL"):
        engine_for(f"postgresql://postgres@127.0.0.1:{_free_port()}/advisor")


def test_postgres_schema_is_created_by_migrations(pg_url):
    engine = engine_for(pg_url)
    assert engine.dialect.driver == "psycopg"
    assert TABLES <= set(sa.inspect(engine).get_table_names())
    assert current_revision(engine) == "0001"
    assert Manifest(pg_url).generation() == 0


def test_old_sqlite_data_dir_is_migrated_in_place(tmp_path):
    """Files written before migrations existed (tables made by CREATE TABLE IF NOT EXISTS) keep their rows."""
    manifest, app = tmp_path / "manifest.sqlite3", tmp_path / "app.sqlite3"
    with sqlite3.connect(manifest) as db:
        db.executescript("""
            CREATE TABLE documents (source TEXT PRIMARY KEY, content_hash TEXT NOT NULL, version_key TEXT NOT NULL UNIQUE,
                title TEXT, doc_type TEXT, department TEXT, access TEXT, version TEXT, effective_date TEXT,
                chunk_count INTEGER NOT NULL, size INTEGER, mtime REAL, updated_at REAL);
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('generation', '7');
            INSERT INTO documents VALUES ('a.md', 'h', 'a.md#h', '甲', 'guidance', '', 'all', '', '', 3, 10, 1.5, 2.0);""")
    with sqlite3.connect(app) as db:
        db.executescript("""
            CREATE TABLE conversations (id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT NULL,
                created_at REAL NOT NULL, updated_at REAL NOT NULL);
            CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL
                REFERENCES conversations(id) ON DELETE CASCADE, role TEXT NOT NULL, content TEXT NOT NULL,
                meta TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL);
            INSERT INTO conversations VALUES ('c1', 'hr', '旧对话', 1.0, 1.0);
            INSERT INTO messages(conversation_id, role, content, meta, created_at) VALUES ('c1', 'user', '旧问题', '{}', 1.0);""")

    m = Manifest(manifest)
    assert m.generation() == 7 and [r.source for r in m.records()] == ["a.md"]
    m.commit(DocumentRecord("b.md", "h2", "b.md#h2", chunk_count=1))
    assert m.generation() == 8
    history = HistoryStore(app)
    assert [c.title for c in history.list("hr")] == ["旧对话"]
    assert [x.content for x in history.messages("hr", "c1")] == ["旧问题"]
    FeedbackStore(app).record("hr", "c1:0", "up", question="q", answer="a", citations=[], llm="x")
    for path in (manifest, app):
        assert TABLES <= set(sa.inspect(engine_for(path)).get_table_names())
        assert current_revision(engine_for(path)) == "0001"


def test_manifest_on_postgres_switches_versions_in_one_transaction(pg_url):
    m = Manifest(pg_url)
    m.commit(DocumentRecord("a.md", "h1", "a.md#h1", title="甲", chunk_count=2, size=5, mtime=1234567890.123456))
    m.commit(DocumentRecord("a.md", "h2", "a.md#h2", title="甲", chunk_count=3))
    assert [(r.version_key, r.chunk_count) for r in m.records()] == [("a.md#h2", 3)]
    m.touch("a.md", 9, 1234567890.987654)
    assert m.get("a.md").mtime == 1234567890.987654  # exact: the sync's "unchanged" test compares it
    m.set_meta("chunking", "1:300:0")
    m.set_meta("chunking", "1:200:0")
    assert m.get_meta("chunking") == "1:200:0"
    m.remove(["a.md"])
    assert m.records() == [] and m.generation() == 3


def test_writer_lock_is_shared_through_postgres(pg_url, make_settings, tmp_path):
    """Two hosts (two data dirs) on one database: only one ingestion writer at a time."""
    a = make_settings(tmp_path / "a", database_url=pg_url)
    b = make_settings(tmp_path / "b", database_url=pg_url)
    with writer_lock(a):
        with pytest.raises(WriterBusyError, match="shared store"):
            with writer_lock(b):
                pass
    with writer_lock(b):
        pass
    with held_for(a, 1.0):  # B waits for A's writer on the other host, then writes
        told: list[str] = []
        with writer_lock(b, wait=60, on_wait=told.append):
            assert len(told) == 1 and "shared store" in told[0]


def test_a_writer_told_to_wait_takes_the_lock_when_the_other_one_ends(make_settings, tmp_path):
    settings = make_settings(tmp_path / "d")
    with held_for(settings, 1.0):
        told: list[str] = []
        started = time.monotonic()
        with writer_lock(settings, wait=60, on_wait=told.append):
            assert time.monotonic() - started >= 0.5
        assert len(told) == 1 and "pid" in told[0] and "waiting up to 60 s" in told[0]


def test_a_writer_stops_waiting_after_its_wait_with_a_clear_error(make_settings, tmp_path):
    settings = make_settings(tmp_path / "d")
    with held_for(settings, 3.0):
        started = time.monotonic()
        with pytest.raises(WriterBusyError, match=r"another ingest command \(pid \d+\).*waited 0.6 s"):
            with writer_lock(settings, wait=0.6):
                pass
        assert 0.6 <= time.monotonic() - started < 2.5
        with pytest.raises(WriterBusyError, match="then run this again"):  # no wait: fails at once
            with writer_lock(settings):
                pass
