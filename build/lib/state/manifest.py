"""The ingestion manifest: which version of each document is live, plus a ``generation`` counter.

Readers only ever see chunks whose ``version_key`` is live here; ``commit`` switches a document to
a new version in one transaction (the crash-safety protocol of ``ingest.sync``). Every committed
change bumps ``generation`` (one row, updated under its row lock), which is how every process —
on any host, when the database is shared — notices a new store state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from state import schema
from state.db import engine_for, manifest_url, reading, writing

if TYPE_CHECKING:
    from ingest.settings import Settings


@dataclass(frozen=True)
class DocumentRecord:
    """One manifest row: the live version of one document."""

    source: str
    content_hash: str
    version_key: str
    title: str = ""
    doc_type: str = ""
    department: str = ""
    access: str = "all"
    version: str = ""
    effective_date: str = ""
    chunk_count: int = 0
    size: int = 0
    mtime: float = 0.0
    updated_at: float = 0.0


COLUMNS = [f.name for f in fields(DocumentRecord)]
_docs, _meta = schema.documents, schema.meta


def _record(row: sa.Row) -> DocumentRecord:
    values = dict(row._mapping)
    return DocumentRecord(**{k: ("" if values[k] is None and k not in ("size", "mtime", "updated_at") else values[k])
                             for k in COLUMNS})


class Manifest:
    """Live document versions in the state database (SQLite file or the shared PostgreSQL)."""

    def __init__(self, target: str | Path | Engine) -> None:
        self.engine = engine_for(target)

    @classmethod
    def from_settings(cls, settings: Settings) -> Manifest:
        return cls(manifest_url(settings))

    # ---------------------------------------------------------------- reads
    def generation(self) -> int:
        with reading(self.engine) as db:
            value = db.execute(sa.select(_meta.c.value).where(_meta.c.key == "generation")).scalar()
        return int(value) if value is not None else 0

    def get_meta(self, key: str) -> str | None:
        with reading(self.engine) as db:
            return db.execute(sa.select(_meta.c.value).where(_meta.c.key == key)).scalar()

    def records(self) -> list[DocumentRecord]:
        with reading(self.engine) as db:
            return [_record(r) for r in db.execute(sa.select(_docs).order_by(_docs.c.source))]

    def snapshot(self) -> tuple[int, list[DocumentRecord]]:
        """(generation, live records) read in one transaction, so they belong together."""
        with reading(self.engine) as db:
            gen = db.execute(sa.select(_meta.c.value).where(_meta.c.key == "generation")).scalar()
            rows = [_record(r) for r in db.execute(sa.select(_docs).order_by(_docs.c.source))]
        return int(gen or 0), rows

    def get(self, source: str) -> DocumentRecord | None:
        with reading(self.engine) as db:
            row = db.execute(sa.select(_docs).where(_docs.c.source == source)).first()
        return _record(row) if row else None

    # ---------------------------------------------------------------- writes (one transaction each)
    def set_meta(self, key: str, value: str) -> None:
        with writing(self.engine) as db:
            _upsert_meta(db, key, value)

    def commit(self, record: DocumentRecord) -> None:
        """Make ``record`` the live version of its source (one transaction, bumps the generation)."""
        with writing(self.engine) as db:
            db.execute(sa.delete(_docs).where(sa.or_(_docs.c.source == record.source,
                                                     _docs.c.version_key == record.version_key)))
            db.execute(sa.insert(_docs).values(**asdict(record)))
            _bump(db)

    def touch(self, source: str, size: int, mtime: float) -> None:
        """Refresh a row's file stat without changing its version (no generation bump)."""
        with writing(self.engine) as db:
            db.execute(sa.update(_docs).where(_docs.c.source == source).values(size=size, mtime=mtime))

    def remove(self, sources: Sequence[str]) -> None:
        """Drop these documents in one transaction (bumps the generation)."""
        with writing(self.engine) as db:
            db.execute(sa.delete(_docs).where(_docs.c.source.in_(list(sources))))
            _bump(db)

    def clear(self) -> None:
        """Drop every document (one transaction, bumps the generation)."""
        with writing(self.engine) as db:
            db.execute(sa.delete(_docs))
            _bump(db)

    def close(self) -> None:
        """Nothing to release: connections are pooled per process (kept for callers of the old API)."""


def _bump(db: Connection) -> None:
    db.execute(sa.update(_meta).where(_meta.c.key == "generation")
               .values(value=sa.cast(sa.cast(_meta.c.value, sa.Integer) + 1, sa.Text)))


def _upsert_meta(db: Connection, key: str, value: str) -> None:
    if db.execute(sa.update(_meta).where(_meta.c.key == key).values(value=value)).rowcount == 0:
        db.execute(sa.insert(_meta).values(key=key, value=value))
