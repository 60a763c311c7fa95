"""👍/👎 feedback on answers, and its export as evaluation questions (CONTRACTS input format).

Export: ``python -m web.feedback export OUT.jsonl [--data-dir DIR]`` or the admin tab's button.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from web.history import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL,
    message_key TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    history TEXT NOT NULL DEFAULT '[]',
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL DEFAULT 0,
    citations TEXT NOT NULL DEFAULT '[]',
    llm TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    UNIQUE (owner, message_key)
);
"""


@dataclass
class FeedbackItem:
    """One rated answer, as stored."""

    id: int
    owner: str
    rating: str
    comment: str
    question: str
    history: list[dict]
    answer: str
    refused: bool
    citations: list[dict]
    llm: str
    created_at: float

    def to_eval_case(self) -> dict:
        """A CONTRACTS evaluation-input line; 👍 answers become the reference, their citations the expected sources."""
        case: dict = {"id": f"feedback-{self.id}", "question": self.question}
        if self.history:
            case["history"] = self.history
        if self.rating == "up":
            if self.refused:
                case["should_refuse"] = True
            else:
                case["reference_answer"] = self.answer
                sources = list(dict.fromkeys(c["source"] for c in self.citations if c.get("source")))
                if sources:
                    case["expected_sources"] = sources
        case["tags"] = ["feedback", self.rating]
        return case


class FeedbackStore:
    """Feedback rows in ``settings.state_db``; one row per (user, answer), the latest rating wins."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        with connect(self.db_path) as conn:
            conn.executescript(_SCHEMA)

    def record(
        self,
        owner: str,
        message_key: str,
        rating: str,
        *,
        question: str,
        answer: str,
        citations: list[dict],
        llm: str,
        refused: bool = False,
        history: list[dict] | None = None,
        comment: str | None = None,
    ) -> int:
        """Insert or update the rating (and comment, when given) of one answer; returns the row id."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', got {rating!r}")
        now = time.time()
        cites = [{k: c.get(k, "") for k in ("n", "source", "title", "section", "text")} for c in citations]
        with connect(self.db_path) as conn:
            conn.execute(
                "INSERT INTO feedback(owner, message_key, rating, comment, question, history, answer, refused, "
                "citations, llm, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(owner, message_key) DO UPDATE SET rating=excluded.rating, updated_at=excluded.updated_at, "
                "question=excluded.question, history=excluded.history, answer=excluded.answer, "
                "refused=excluded.refused, citations=excluded.citations, llm=excluded.llm, "
                "comment=CASE WHEN ? IS NULL THEN feedback.comment ELSE excluded.comment END",
                (owner, message_key, rating, comment or "", question, json.dumps(history or [], ensure_ascii=False),
                 answer, int(refused), json.dumps(cites, ensure_ascii=False), llm, now, now, comment),
            )
            row = conn.execute("SELECT id FROM feedback WHERE owner=? AND message_key=?", (owner, message_key)).fetchone()
        return int(row["id"])

    def comment(self, owner: str, message_key: str, comment: str) -> bool:
        """Attach a comment to an already rated answer; False when it has not been rated."""
        with connect(self.db_path) as conn:
            cur = conn.execute(
                "UPDATE feedback SET comment=?, updated_at=? WHERE owner=? AND message_key=?",
                (comment.strip(), time.time(), owner, message_key),
            )
        return cur.rowcount > 0

    def items(self) -> list[FeedbackItem]:
        with connect(self.db_path) as conn:
            rows = conn.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        return [
            FeedbackItem(
                id=r["id"], owner=r["owner"], rating=r["rating"], comment=r["comment"], question=r["question"],
                history=json.loads(r["history"]), answer=r["answer"], refused=bool(r["refused"]),
                citations=json.loads(r["citations"]), llm=r["llm"], created_at=r["created_at"],
            )
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        with connect(self.db_path) as conn:
            rows = conn.execute("SELECT rating, COUNT(*) AS n FROM feedback GROUP BY rating").fetchall()
        return {"up": 0, "down": 0} | {r["rating"]: r["n"] for r in rows}

    def export_jsonl(self, out: Path) -> int:
        """Write every rated answer as an evaluation question (``advisor eval`` input); returns the count."""
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        items = self.items()
        tmp = out.with_name(out.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps(item.to_eval_case(), ensure_ascii=False) + "\n")
        tmp.replace(out)
        return len(items)


def main(argv: list[str] | None = None) -> int:
    """``python -m web.feedback export OUT.jsonl [--data-dir DIR]``."""
    from ingest.settings import load_settings

    parser = argparse.ArgumentParser(prog="python -m web.feedback", description="Export web feedback as evaluation questions.")
    sub = parser.add_subparsers(dest="command", required=True)
    exp = sub.add_parser("export", help="write feedback as CONTRACTS evaluation JSONL")
    exp.add_argument("out", type=Path)
    exp.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = load_settings(data_dir=args.data_dir)
    n = FeedbackStore(settings.state_db).export_jsonl(args.out)
    print(f"{n} feedback item(s) -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
