"""👍/👎 feedback on answers, and its export as evaluation questions (CONTRACTS input format).

Export: ``python -m web.feedback export OUT.jsonl [--data-dir DIR]`` or the admin tab's button.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from state.db import app_url, engine_for, reading, writing
from state.schema import feedback as _fb

if TYPE_CHECKING:
    from ingest.settings import Settings

EVIDENCE_CHARS = 80
"""Characters of a cited passage kept as an exported question's ``evidence_any``: enough to name one passage."""


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
        """A CONTRACTS evaluation-input line; 👍 answers become the reference, their citations the expected sources, the
        passages their first line cites the ``evidence_any``."""
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
                evidence = self.lead_evidence()
                if evidence:
                    case["evidence_any"] = evidence
        case["tags"] = ["feedback", self.rating]
        return case


    def lead_evidence(self) -> list[str]:
        """The opening (``EVIDENCE_CHARS``, whitespace removed) of each passage the answer's first line cites — all
        cited passages when it cites none: the passages a 👍 says answer the question (``advisor adapter learn``)."""
        first = next((line for line in self.answer.splitlines() if line.strip()), "")
        lead = {int(n) for n in re.findall(r"\[(\d+)\]", first)}
        chosen = [c for c in self.citations if c.get("n") in lead] or self.citations
        openings = (re.sub(r"\s+", "", str(c.get("text") or ""))[:EVIDENCE_CHARS] for c in chosen)
        return list(dict.fromkeys(o for o in openings if o))


class FeedbackStore:
    """Feedback rows in the state database; one row per (user, answer), the latest rating wins."""

    def __init__(self, target: str | Path | Engine) -> None:
        """``target``: a SQLite file path, a database URL or an engine."""
        self.engine = engine_for(target)

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(app_url(settings))

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
        values = {"rating": rating, "question": question, "history": json.dumps(history or [], ensure_ascii=False),
                  "answer": answer, "refused": int(refused), "citations": json.dumps(cites, ensure_ascii=False),
                  "llm": llm, "updated_at": now}
        if comment is not None:
            values["comment"] = comment
        with writing(self.engine) as db:
            insert = _dialect_insert(db.dialect.name)(_fb).values(
                owner=owner, message_key=message_key, created_at=now, **{"comment": "", **values})
            db.execute(insert.on_conflict_do_update(index_elements=["owner", "message_key"], set_=values))
            row_id = db.execute(sa.select(_fb.c.id).where(_fb.c.owner == owner,
                                                          _fb.c.message_key == message_key)).scalar_one()
        return int(row_id)

    def comment(self, owner: str, message_key: str, comment: str) -> bool:
        """Attach a comment to an already rated answer; False when it has not been rated."""
        with writing(self.engine) as db:
            result = db.execute(sa.update(_fb).where(_fb.c.owner == owner, _fb.c.message_key == message_key)
                                .values(comment=comment.strip(), updated_at=time.time()))
        return result.rowcount > 0

    def items(self) -> list[FeedbackItem]:
        with reading(self.engine) as db:
            rows = db.execute(sa.select(_fb).order_by(_fb.c.id)).all()
        return [
            FeedbackItem(
                id=r.id, owner=r.owner, rating=r.rating, comment=r.comment, question=r.question,
                history=json.loads(r.history), answer=r.answer, refused=bool(r.refused),
                citations=json.loads(r.citations), llm=r.llm, created_at=r.created_at,
            )
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        with reading(self.engine) as db:
            rows = db.execute(sa.select(_fb.c.rating, sa.func.count()).group_by(_fb.c.rating)).all()
        return {"up": 0, "down": 0} | {rating: n for rating, n in rows}

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
    n = FeedbackStore.from_settings(settings).export_jsonl(args.out)
    print(f"{n} feedback item(s) -> {args.out}", file=sys.stderr)
    return 0


def _dialect_insert(dialect: str):  # noqa: ANN202 - the dialect's insert() with on_conflict_do_update
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


if __name__ == "__main__":
    raise SystemExit(main())
