"""The refused-questions log (table ``refusals`` of the state database), read by the admin page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from state.db import app_url, engine_for, reading, writing
from state.schema import refusals as _ref

if TYPE_CHECKING:
    from ingest.settings import Settings


@dataclass(frozen=True)
class RefusalStat:
    """One refused question (grouped by its normalised text) for the admin page."""

    question: str
    count: int
    last_time: str
    best_score: float | None
    users: tuple[str, ...]


def normalize_question(question: str) -> str:
    """Lower-case text without whitespace or punctuation: the grouping key of the log."""
    return re.sub(r"[\s\W_]+", "", question.lower())


class RefusalLog:
    """The ``refusals`` table (SQLite file, database URL or engine); safe to share between threads and processes."""

    def __init__(self, target: str | Path | Engine) -> None:
        self.target = target
        self.path = target if isinstance(target, Path) else Path(str(target))  # shown in log messages
        self._engine: Engine | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> RefusalLog:
        return cls(app_url(settings) if settings.database_url else settings.state_db)

    @property
    def engine(self) -> Engine:
        if self._engine is None:  # opened on first use: answering never waits for a database it does not need
            self._engine = engine_for(self.target)
        return self._engine

    def record(self, question: str, user: str | None, best_score: float | None, when: datetime | None = None) -> None:
        """Store one refused question."""
        stamp = (when or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        with writing(self.engine) as db:
            db.execute(sa.insert(_ref).values(question=question, normalized=normalize_question(question), user=user,
                                              time=stamp, best_score=best_score))

    def frequent(self, limit: int = 50) -> list[RefusalStat]:
        """Refused questions, most frequent first (then most recent)."""
        n = sa.func.count().label("n")
        last = sa.func.max(_ref.c.time).label("last")
        groups = (sa.select(_ref.c.normalized, n, last, sa.func.max(_ref.c.best_score).label("best"),
                            sa.func.max(_ref.c.id).label("latest"))
                  .group_by(_ref.c.normalized).order_by(n.desc(), last.desc()).limit(limit))
        with reading(self.engine) as db:
            rows = db.execute(groups).all()
            keys = [r.normalized for r in rows]
            users: dict[str, set[str]] = {k: set() for k in keys}
            for key, user in db.execute(sa.select(_ref.c.normalized, _ref.c.user).distinct()
                                        .where(_ref.c.normalized.in_(keys), _ref.c.user.is_not(None))):
                users[key].add(user)
            latest = dict(db.execute(sa.select(_ref.c.id, _ref.c.question)
                                     .where(_ref.c.id.in_([r.latest for r in rows]))).all())
        return [RefusalStat(question=latest[r.latest], count=r.n, last_time=r.last, best_score=r.best,
                            users=tuple(sorted(u for u in users[r.normalized] if u)))
                for r in rows]


def list_refusals(settings: Settings, limit: int = 50) -> list[RefusalStat]:
    """Refused questions of this deployment, most frequent first (for the web admin page)."""
    return RefusalLog.from_settings(settings).frequent(limit)
