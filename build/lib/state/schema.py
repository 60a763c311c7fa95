"""The tables of the state database (SQLAlchemy Core). Changing one needs a new migration in
``state/migrations/versions`` (``python -m state revision -m "what changed"``)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# ---------------------------------------------------------------- ingestion manifest (ingest.store)
documents = sa.Table(
    "documents", metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("version_key", sa.Text, nullable=False, unique=True),
    sa.Column("title", sa.Text), sa.Column("doc_type", sa.Text), sa.Column("department", sa.Text),
    sa.Column("access", sa.Text), sa.Column("version", sa.Text), sa.Column("effective_date", sa.Text),
    sa.Column("chunk_count", sa.Integer, nullable=False),
    sa.Column("size", sa.BigInteger), sa.Column("mtime", sa.Double), sa.Column("updated_at", sa.Double),
)
meta = sa.Table(  # key/value: 'generation' (bumped by every committed change), 'chunking'
    "meta", metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# ---------------------------------------------------------------- web chat history (web.history)
conversations = sa.Table(
    "conversations", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Column("updated_at", sa.Double, nullable=False),
    sa.Index("conversations_owner", "owner", "updated_at"),
)
messages = sa.Table(
    "messages", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.Text, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("role", sa.Text, sa.CheckConstraint("role IN ('user', 'assistant')"), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("meta", sa.Text, nullable=False, server_default="{}"),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Index("messages_conversation", "conversation_id", "id"),
    sqlite_autoincrement=True,
)

# ---------------------------------------------------------------- 👍/👎 feedback (web.feedback)
feedback = sa.Table(
    "feedback", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("message_key", sa.Text, nullable=False),
    sa.Column("rating", sa.Text, sa.CheckConstraint("rating IN ('up', 'down')"), nullable=False),
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("history", sa.Text, nullable=False, server_default="[]"),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("refused", sa.Integer, nullable=False, server_default="0"),
    sa.Column("citations", sa.Text, nullable=False, server_default="[]"),
    sa.Column("llm", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Column("updated_at", sa.Double, nullable=False),
    sa.UniqueConstraint("owner", "message_key"),
    sqlite_autoincrement=True,
)

# ---------------------------------------------------------------- refused questions (state.refusals)
refusals = sa.Table(
    "refusals", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("normalized", sa.Text, nullable=False),
    sa.Column("user", sa.Text),
    sa.Column("time", sa.Text, nullable=False),  # ISO 8601, UTC
    sa.Column("best_score", sa.Double),
    sa.Index("refusals_normalized", "normalized"),
    sqlite_autoincrement=True,
)
