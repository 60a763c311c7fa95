"""Initial schema: manifest (documents, meta), history (conversations, messages), feedback, refusals.

Data dirs made before migrations existed already hold some of these tables (created with
CREATE TABLE IF NOT EXISTS, same columns): only the missing ones are created, so they keep working.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())

    def create(name: str, *columns, **kw) -> None:
        if name not in existing:
            op.create_table(name, *columns, **kw)

    create("documents",
           sa.Column("source", sa.Text, primary_key=True),
           sa.Column("content_hash", sa.Text, nullable=False),
           sa.Column("version_key", sa.Text, nullable=False, unique=True),
           sa.Column("title", sa.Text), sa.Column("doc_type", sa.Text), sa.Column("department", sa.Text),
           sa.Column("access", sa.Text), sa.Column("version", sa.Text), sa.Column("effective_date", sa.Text),
           sa.Column("chunk_count", sa.Integer, nullable=False),
           sa.Column("size", sa.BigInteger), sa.Column("mtime", sa.Double), sa.Column("updated_at", sa.Double))
    create("meta",
           sa.Column("key", sa.Text, primary_key=True),
           sa.Column("value", sa.Text, nullable=False))
    meta = sa.table("meta", sa.column("key", sa.Text), sa.column("value", sa.Text))
    if op.get_bind().execute(sa.select(meta.c.key).where(meta.c.key == "generation")).first() is None:
        op.bulk_insert(meta, [{"key": "generation", "value": "0"}])

    create("conversations",
           sa.Column("id", sa.Text, primary_key=True),
           sa.Column("owner", sa.Text, nullable=False),
           sa.Column("title", sa.Text, nullable=False),
           sa.Column("created_at", sa.Double, nullable=False),
           sa.Column("updated_at", sa.Double, nullable=False))
    if "conversations" not in existing:
        op.create_index("conversations_owner", "conversations", ["owner", "updated_at"])
    create("messages",
           sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
           sa.Column("conversation_id", sa.Text, sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                     nullable=False),
           sa.Column("role", sa.Text, sa.CheckConstraint("role IN ('user', 'assistant')"), nullable=False),
           sa.Column("content", sa.Text, nullable=False),
           sa.Column("meta", sa.Text, nullable=False, server_default="{}"),
           sa.Column("created_at", sa.Double, nullable=False),
           sqlite_autoincrement=True)
    if "messages" not in existing:
        op.create_index("messages_conversation", "messages", ["conversation_id", "id"])

    create("feedback",
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
           sqlite_autoincrement=True)

    create("refusals",
           sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
           sa.Column("question", sa.Text, nullable=False),
           sa.Column("normalized", sa.Text, nullable=False),
           sa.Column("user", sa.Text),
           sa.Column("time", sa.Text, nullable=False),
           sa.Column("best_score", sa.Double),
           sqlite_autoincrement=True)
    if "refusals" not in existing:
        op.create_index("refusals_normalized", "refusals", ["normalized"])


def downgrade() -> None:
    for name in ("refusals", "feedback", "messages", "conversations", "meta", "documents"):
        op.drop_table(name)
