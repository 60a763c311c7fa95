"""``advisor synonyms suggest``: lines for the synonyms file mined from the questions users asked.

Reads the questions (``--from FILE``, repeatable; without it, what the deployment recorded: chat, refusals,
feedback — ``assistant/asked_questions.py``), proposes ``everyday => document word`` lines ranked by evidence
(``assistant/synonym_suggest.py``) and prints them; ``--write`` appends the ones at ``--min-score`` or more to the
synonyms file under a dated comment (``assistant/synonyms_edit.py``: validated, atomic). Exit 2 on bad input.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table

from ingest.terminal import err_console, fail, out_console

if TYPE_CHECKING:
    from assistant.synonym_suggest import Suggestion
    from assistant.synonyms import Synonyms
    from ingest.settings import Settings

app = typer.Typer(help="The knowledge base's synonyms file (docs/synonyms.md).", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)

DEFAULT_MIN_SCORE = 0.6
"""The score ``--write`` accepts from when no ``--min-score`` is given (chosen on the issue-9 tune questions:
see docs/synonyms.md)."""


@app.command("suggest")
def suggest_command(
    from_files: Annotated[Optional[list[Path]], typer.Option(
        "--from", help="Questions file (.jsonl with a \"question\" field, or one question a line); repeatable. "
                       "Default: the questions this deployment recorded (chat, refusals, feedback).")] = None,
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="Store and state folder (ADVISOR_DATA_DIR).")] = None,
    synonyms_file: Annotated[Optional[Path], typer.Option(
        "--synonyms", help="The synonyms file read and written (default: ADVISOR_SYNONYMS_FILE or "
                           "<knowledge dir>/synonyms.txt).")] = None,
    min_score: Annotated[Optional[float], typer.Option(
        "--min-score", help=f"With --write: append the lines scoring this or more (default {DEFAULT_MIN_SCORE}).")] = None,
    write: Annotated[bool, typer.Option("--write", help="Append the accepted lines to the synonyms file.")] = False,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows shown in the table.")] = 40,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a suggestion, instead of the table.")] = False,
) -> None:
    """Suggest synonyms lines (everyday word => the documents' word) from the questions users asked."""
    from assistant.asked_questions import QuestionFileError, from_file, recorded_questions
    from assistant.synonyms import SynonymsError, load
    from ingest.settings import load_settings

    settings = load_settings(data_dir=data_dir)
    path = Path(synonyms_file) if synonyms_file else settings.synonyms_path
    try:
        table = load(path)
        asked = [q for f in from_files for q in from_file(f)] if from_files else recorded_questions(settings)
    except (QuestionFileError, SynonymsError) as exc:
        raise fail(str(exc)) from None
    if not asked:
        where = ", ".join(map(str, from_files)) if from_files else f"the state database of {settings.data_dir}"
        raise fail(f"no questions in {where} — pass a questions file with --from FILE")
    suggestions = _mine([q.text for q in asked], settings, table)
    accepted = [s for s in suggestions if s.score >= (DEFAULT_MIN_SCORE if min_score is None else min_score)]
    if as_json:
        for s in suggestions:
            typer.echo(json.dumps({"line": s.line, "word": s.word, "terms": list(s.terms), "score": s.score,
                                   "similarity": s.similarity, "shared_character": s.kin,
                                   "in_context": s.context, "questions": s.questions,
                                   "accepted": s in accepted}, ensure_ascii=False))
    else:
        _print(suggestions[:top], accepted, len(asked), path)
    if write and accepted:
        from assistant.synonyms_edit import append_rules

        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
        comment = f"{stamp} advisor synonyms suggest: {len(accepted)} lines from {len(asked)} questions (score ≥ " \
                  f"{DEFAULT_MIN_SCORE if min_score is None else min_score})"
        try:
            append_rules(path, [s.line for s in accepted], comment)
        except (SynonymsError, OSError) as exc:
            raise fail(str(exc)) from None
        err_console().print(f"appended {len(accepted)} lines to {path}", markup=False)
    elif write:
        err_console().print(f"nothing to append to {path} (no suggestion at the score)",
                                                    markup=False)


def _mine(questions: list[str], settings: Settings, table: Synonyms) -> list[Suggestion]:
    """Open the store (read only) and run the suggester."""
    from assistant.retrieval import HybridRetriever
    from assistant.store_glossary import GlossarySource
    from assistant.synonym_suggest import retrieved_contexts, suggest

    try:
        retriever = HybridRetriever.from_settings(settings)
        if not retriever.store.count():
            raise fail(f"the store in {settings.data_dir} is empty — run `advisor ingest sync` first")
    except typer.Exit:
        raise
    except Exception as exc:  # store errors carry their own remedy
        if type(exc).__name__.endswith(("MismatchError", "StoreError", "FormatError")):
            raise fail(str(exc)) from None
        raise
    glossary = GlossarySource(retriever).current()
    passages = [d.page_content for d in retriever.store.get_chunks()]
    return suggest(questions, glossary, retrieved_contexts(questions, retriever), table, passages)


def _print(suggestions: list[Suggestion], accepted: list[Suggestion], n_questions: int, path: Path) -> None:
    console = out_console()
    table = Table(title=f"建议的同义词（{n_questions} 个问题；写入 {path}）")
    for column, justify in (("score", "right"), ("line", "left"), ("asked", "right"), ("similarity", "right"),
                            ("shared 字", "center"), ("in context", "right"), ("example", "left")):
        table.add_column(column, justify=justify)
    for s in suggestions:
        mark = "✓ " if s in accepted else "  "
        table.add_row(f"{s.score:.2f}", mark + s.line, str(len(s.questions)), f"{s.similarity:.3f}",
                      "✓" if s.kin else "", f"{s.context:.2f}", s.questions[0][:40])
    console.print(table)
    console.print(f"✓ = at the score --write appends ({len(accepted)} of {len(suggestions)})")


__all__ = ["DEFAULT_MIN_SCORE", "app", "suggest_command"]
