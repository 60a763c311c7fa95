"""Conversations per user in the state database (``state``: SQLite ``settings.state_db`` by default,
PostgreSQL with ``ADVISOR_DATABASE_URL``), kept across reloads, restarts and replicas."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from state.db import app_url, engine_for, reading, writing
from state.schema import conversations as _conv
from state.schema import messages as _msg

if TYPE_CHECKING:
    from ingest.settings import Settings


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str
    updated_at: float
    turns: int


@dataclass(frozen=True)
class Message:
    role: str
    content: str
    meta: dict

    def as_history(self) -> dict:
        """OpenAI-style ``{"role", "content"}`` as the Advisor and the CONTRACTS ``history`` expect."""
        return {"role": self.role, "content": self.content}


class HistoryStore:
    """Create, list, reopen and append to one owner's conversations."""

    def __init__(self, target: str | Path | Engine) -> None:
        """``target``: a SQLite file path, a database URL or an engine."""
        self.engine = engine_for(target)

    @classmethod
    def from_settings(cls, settings: Settings) -> HistoryStore:
        return cls(app_url(settings))

    def create(self, owner: str, title: str) -> str:
        cid = uuid.uuid4().hex
        now = time.time()
        with writing(self.engine) as db:
            db.execute(sa.insert(_conv).values(id=cid, owner=owner, title=_title(title), created_at=now, updated_at=now))
        return cid

    def append(self, owner: str, conversation_id: str, role: str, content: str, meta: dict | None = None) -> None:
        """Add one message; raises KeyError when the conversation is not the owner's."""
        now = time.time()
        with writing(self.engine) as db:
            self._check_owner(db, owner, conversation_id)
            db.execute(sa.insert(_msg).values(conversation_id=conversation_id, role=role, content=content,
                                              meta=json.dumps(meta or {}, ensure_ascii=False), created_at=now))
            db.execute(sa.update(_conv).where(_conv.c.id == conversation_id).values(updated_at=now))

    def add_turn(self, owner: str, conversation_id: str | None, question: str, answer: str, meta: dict | None = None) -> str:
        """Store a question and its answer, creating the conversation when needed; returns its id."""
        cid = conversation_id if conversation_id and self.exists(owner, conversation_id) else self.create(owner, question)
        self.append(owner, cid, "user", question)
        self.append(owner, cid, "assistant", answer, meta)
        return cid

    def exists(self, owner: str, conversation_id: str) -> bool:
        with reading(self.engine) as db:
            row = db.execute(sa.select(_conv.c.id).where(_conv.c.id == conversation_id, _conv.c.owner == owner)).first()
        return row is not None

    def list(self, owner: str, limit: int = 50) -> list[Conversation]:
        """The owner's conversations, most recently used first."""
        turns = (sa.select(sa.func.count()).select_from(_msg)
                 .where(_msg.c.conversation_id == _conv.c.id, _msg.c.role == "user").scalar_subquery())
        query = (sa.select(_conv.c.id, _conv.c.title, _conv.c.updated_at, turns.label("turns"))
                 .where(_conv.c.owner == owner).order_by(_conv.c.updated_at.desc()).limit(limit))
        with reading(self.engine) as db:
            rows = db.execute(query).all()
        return [Conversation(r.id, r.title, r.updated_at, r.turns) for r in rows]

    def messages(self, owner: str, conversation_id: str) -> list[Message]:
        """All messages in order; raises KeyError when the conversation is not the owner's."""
        with reading(self.engine) as db:
            self._check_owner(db, owner, conversation_id)
            rows = db.execute(sa.select(_msg.c.role, _msg.c.content, _msg.c.meta)
                              .where(_msg.c.conversation_id == conversation_id).order_by(_msg.c.id)).all()
        return [Message(r.role, r.content, json.loads(r.meta)) for r in rows]

    def truncate(self, owner: str, conversation_id: str, turns: int) -> None:
        """Keep only the first ``turns`` question/answer pairs (after a retry or undo in the chat)."""
        with writing(self.engine) as db:
            self._check_owner(db, owner, conversation_id)
            ids = db.execute(sa.select(_msg.c.id).where(_msg.c.conversation_id == conversation_id,
                                                        _msg.c.role == "user").order_by(_msg.c.id)).scalars().all()
            if len(ids) > turns:
                db.execute(sa.delete(_msg).where(_msg.c.conversation_id == conversation_id, _msg.c.id >= ids[turns]))

    def delete(self, owner: str, conversation_id: str) -> None:
        with writing(self.engine) as db:
            self._check_owner(db, owner, conversation_id)
            db.execute(sa.delete(_msg).where(_msg.c.conversation_id == conversation_id))
            db.execute(sa.delete(_conv).where(_conv.c.id == conversation_id))

    @staticmethod
    def _check_owner(db: Connection, owner: str, conversation_id: str) -> None:
        found = db.execute(sa.select(_conv.c.owner).where(_conv.c.id == conversation_id)).scalar()
        if found is None or found != owner:
            raise KeyError(f"conversation {conversation_id!r} not found for {owner!r}")


def _title(text: str, limit: int = 30) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
