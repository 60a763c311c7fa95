"""Conversations per user, kept in SQLite (``settings.state_db``) across reloads and restarts."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_owner ON conversations(owner, updated_at);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_conversation ON messages(conversation_id, id);
"""


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A short-lived connection (one per call, so handlers on any thread are safe); commits on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.row_factory = sqlite3.Row
    try:
        with conn:
            yield conn
    finally:
        conn.close()


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

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        with connect(self.db_path) as conn:
            conn.executescript(_SCHEMA)

    def create(self, owner: str, title: str) -> str:
        cid = uuid.uuid4().hex
        now = time.time()
        with connect(self.db_path) as conn:
            conn.execute(
                "INSERT INTO conversations(id, owner, title, created_at, updated_at) VALUES (?,?,?,?,?)",
                (cid, owner, _title(title), now, now),
            )
        return cid

    def append(self, owner: str, conversation_id: str, role: str, content: str, meta: dict | None = None) -> None:
        """Add one message; raises KeyError when the conversation is not the owner's."""
        now = time.time()
        with connect(self.db_path) as conn:
            self._check_owner(conn, owner, conversation_id)
            conn.execute(
                "INSERT INTO messages(conversation_id, role, content, meta, created_at) VALUES (?,?,?,?,?)",
                (conversation_id, role, content, json.dumps(meta or {}, ensure_ascii=False), now),
            )
            conn.execute("UPDATE conversations SET updated_at=? WHERE id=?", (now, conversation_id))

    def add_turn(self, owner: str, conversation_id: str | None, question: str, answer: str, meta: dict | None = None) -> str:
        """Store a question and its answer, creating the conversation when needed; returns its id."""
        cid = conversation_id if conversation_id and self.exists(owner, conversation_id) else self.create(owner, question)
        self.append(owner, cid, "user", question)
        self.append(owner, cid, "assistant", answer, meta)
        return cid

    def exists(self, owner: str, conversation_id: str) -> bool:
        with connect(self.db_path) as conn:
            row = conn.execute("SELECT 1 FROM conversations WHERE id=? AND owner=?", (conversation_id, owner)).fetchone()
        return row is not None

    def list(self, owner: str, limit: int = 50) -> list[Conversation]:
        """The owner's conversations, most recently used first."""
        with connect(self.db_path) as conn:
            rows = conn.execute(
                "SELECT c.id, c.title, c.updated_at, "
                "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id=c.id AND m.role='user') AS turns "
                "FROM conversations c WHERE c.owner=? ORDER BY c.updated_at DESC LIMIT ?",
                (owner, limit),
            ).fetchall()
        return [Conversation(r["id"], r["title"], r["updated_at"], r["turns"]) for r in rows]

    def messages(self, owner: str, conversation_id: str) -> list[Message]:
        """All messages in order; raises KeyError when the conversation is not the owner's."""
        with connect(self.db_path) as conn:
            self._check_owner(conn, owner, conversation_id)
            rows = conn.execute(
                "SELECT role, content, meta FROM messages WHERE conversation_id=? ORDER BY id", (conversation_id,)
            ).fetchall()
        return [Message(r["role"], r["content"], json.loads(r["meta"])) for r in rows]

    def truncate(self, owner: str, conversation_id: str, turns: int) -> None:
        """Keep only the first ``turns`` question/answer pairs (after a retry or undo in the chat)."""
        with connect(self.db_path) as conn:
            self._check_owner(conn, owner, conversation_id)
            ids = [r["id"] for r in conn.execute(
                "SELECT id FROM messages WHERE conversation_id=? AND role='user' ORDER BY id", (conversation_id,))]
            if len(ids) > turns:
                cut = ids[turns]
                conn.execute("DELETE FROM messages WHERE conversation_id=? AND id>=?", (conversation_id, cut))

    def delete(self, owner: str, conversation_id: str) -> None:
        with connect(self.db_path) as conn:
            self._check_owner(conn, owner, conversation_id)
            conn.execute("DELETE FROM messages WHERE conversation_id=?", (conversation_id,))
            conn.execute("DELETE FROM conversations WHERE id=?", (conversation_id,))

    @staticmethod
    def _check_owner(conn: sqlite3.Connection, owner: str, conversation_id: str) -> None:
        row = conn.execute("SELECT owner FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        if row is None or row["owner"] != owner:
            raise KeyError(f"conversation {conversation_id!r} not found for {owner!r}")


def _title(text: str, limit: int = 30) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
