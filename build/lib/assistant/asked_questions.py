"""The questions users asked: from a file, or from what a deployment recorded (refusals, chat, feedback).

``advisor synonyms suggest`` mines them for everyday words the documents never use. A deployment records three
kinds of question in its state database (``Settings.state_db``, or ``ADVISOR_DATABASE_URL``):

* the refusal log (``state.refusals``: every question the product could not answer, one row per time asked),
* the web chat's conversations (``messages`` of role ``user``: every question typed in the chat),
* 👍/👎 feedback (``feedback``: the rated answers' questions; a 👎 is a question answered badly).

A chat question that was refused or rated is recorded by two or three of them, so ``recorded_questions`` counts a
question as often as the log that saw it most often holds it (asked three times in the chat and refused three
times: three, not six).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.settings import Settings


class QuestionFileError(ValueError):
    """A questions file that cannot be read; the message names the file (and the line)."""


@dataclass(frozen=True)
class AskedQuestion:
    """One question as asked, and where it was found (``refusals``, ``chat``, ``feedback`` or a file path)."""

    text: str
    source: str


def from_file(path: Path) -> list[AskedQuestion]:
    """The questions of ``path``: ``.jsonl`` lines with a ``question`` field (the eval format), or any other
    file as plain text, one question a line (blank lines and ``#`` lines skipped)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QuestionFileError(f"{path}: no such questions file") from None
    except IsADirectoryError:
        raise QuestionFileError(f"{path}: is a folder — give a .jsonl file or a text file of questions") from None
    except UnicodeDecodeError as e:
        raise QuestionFileError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    out: list[AskedQuestion] = []
    jsonl = path.suffix.lower() == ".jsonl"
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or (not jsonl and line.startswith("#")):
            continue
        if not jsonl:
            out.append(AskedQuestion(line, str(path)))
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise QuestionFileError(f"{path}:{number}: not a JSON object ({e.msg}) — one object a line, "
                                    f"with a \"question\" field") from None
        question = row.get("question") if isinstance(row, dict) else None
        if not isinstance(question, str):
            raise QuestionFileError(f"{path}:{number}: no \"question\" text in this line")
        if question.strip():
            out.append(AskedQuestion(question.strip(), str(path)))
    return out


def recorded_questions(settings: Settings) -> list[AskedQuestion]:
    """The questions this deployment recorded (see the module docstring); none when it has no state database."""
    import sqlalchemy as sa

    from state.db import app_url, engine_for, reading
    from state.schema import feedback, messages, refusals

    if not settings.database_url and not settings.state_db.exists():
        return []
    engine = engine_for(app_url(settings))
    tables = set(sa.inspect(engine).get_table_names())
    with reading(engine) as db:
        chat = [r[0] for r in db.execute(sa.select(messages.c.content).where(messages.c.role == "user")
                                         .order_by(messages.c.id))] if "messages" in tables else []
        refused = [r[0] for r in db.execute(sa.select(refusals.c.question).order_by(refusals.c.id))] \
            if "refusals" in tables else []
        rated = [r[0] for r in db.execute(sa.select(feedback.c.question).order_by(feedback.c.id))] \
            if "feedback" in tables else []
    times: dict[str, tuple[int, str]] = {}
    for source, texts in (("chat", chat), ("refusals", refused), ("feedback", rated)):
        for text, n in Counter(t.strip() for t in texts if t and t.strip()).items():
            if n > times.get(text, (0, ""))[0]:
                times[text] = (n, source)
    return [AskedQuestion(text, source) for text, (n, source) in times.items() for _ in range(n)]


__all__ = ["AskedQuestion", "QuestionFileError", "from_file", "recorded_questions"]
