"""Shared fixtures: the bundled embedding model and the shipped knowledge base, built once per session."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def make_settings() -> Callable[..., object]:
    """Settings rooted in a temp data dir; never reads the developer's .env."""
    from ingest.settings import Settings

    def _make(data_dir: Path, **overrides: object):
        values = {"data_dir": Path(data_dir), "knowledge_dir": KNOWLEDGE, "llm": "extractive"}
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return _make


@pytest.fixture(scope="session")
def embeddings(make_settings, tmp_path_factory):
    """The bundled offline embedding model, loaded once."""
    from ingest.embeddings import make_embeddings

    return make_embeddings(make_settings(tmp_path_factory.mktemp("emb")))


@pytest.fixture(scope="session")
def kb_settings(make_settings, embeddings, tmp_path_factory):
    """Settings whose data dir holds the shipped knowledge/ synced once (treat as read-only)."""
    from ingest.store import KnowledgeStore
    from ingest.sync import Syncer

    settings = make_settings(tmp_path_factory.mktemp("kb"))
    store = KnowledgeStore.open(settings, embeddings)
    report = Syncer(settings, store, embeddings).sync(KNOWLEDGE, progress=False)
    assert not report.failed, [str(f) for f in report.failed]
    return settings


@pytest.fixture(scope="session")
def kb_store(kb_settings, embeddings):
    from ingest.store import KnowledgeStore

    return KnowledgeStore.open(kb_settings, embeddings)


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL cluster on loopback for the whole session (Debian's binaries; stopped at the end).

    Missing binaries fail (never skip) with a message naming ``make system-deps``."""
    from state.local_pg import LocalPostgres, find_bindir

    try:
        find_bindir()
    except FileNotFoundError as exc:
        pytest.fail(str(exc))
    pg = LocalPostgres.start()
    try:
        yield pg
    finally:
        pg.stop()


@pytest.fixture()
def pg_url(postgres, request) -> str:
    """A fresh, empty database on the session's PostgreSQL (``postgresql://...`` as users write it)."""
    import re
    import uuid

    name = re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:6]
    return postgres.create_database(name)
