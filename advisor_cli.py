"""The ``advisor`` console script: mounts each area's commands, nothing else."""

from __future__ import annotations

import typer

from assistant.cli import ask
from assistant.refusals_cli import refusals_command
from assistant.synonyms_cli import app as synonyms_app
from evaluation.adapter_cli import app as adapter_app
from evaluation.cli import eval_command
from evaluation.suite.cli import app as eval_suite_app
from ingest.cli import app as ingest_app
from web.cli import web

app = typer.Typer(
    name="advisor",
    help="协作顾问 Collab Advisor: ingest guidance and policies, ask, evaluate, serve the web chat.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(ingest_app, name="ingest", help="Load documents into the store and keep it in step.")
app.command("ask", help="Answer one question from the command line.")(ask)
app.command("refusals", help="The refused questions, most frequent first, and whose business each one is.")(refusals_command)
app.command("eval", help="Batch Q&A evaluation (results.jsonl, summary.json, report.html).")(eval_command)
app.add_typer(eval_suite_app, name="eval-suite", help="The issue-9 evaluation suite: named sets, corpora, stores, the README table.")
app.command("web", help="Serve the web chat (same as python app.py).")(web)
app.add_typer(adapter_app, name="adapter", help="Learn this store's query adapter from eval questions; which one is used.")
app.add_typer(synonyms_app, name="synonyms", help="Suggest synonyms-file lines from the questions users asked.")


if __name__ == "__main__":
    app()
