"""``advisor ask``: answer one question from the command line (pretty, or ``--json``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table

from assistant.types import Answer, Evidence, User
from ingest.terminal import fail

def make_user(name: str | None, department: str | None, roles: list[str] | None) -> User | None:
    """The reader given on the command line; None (reads everything) when no identity was given."""
    if not name and not department and not roles:
        return None
    return User(name=name or "cli", department=department or None, roles=frozenset(r.strip() for r in roles or [] if r.strip()))


def render_evidence(evidence: Evidence, console: Console) -> None:
    """The sentences the answer rests on (shown before the model's first token)."""
    if not evidence.items:
        return
    console.print("[bold]依据[/]", highlight=False)
    for e in evidence.items:
        console.print(f"  [cyan][{e.n}][/] {e.label()}：[dim]{e.sentence}[/]", highlight=False, soft_wrap=True)
    console.print("[dim]正在根据以上依据生成建议…[/]", highlight=False)


def stream_answer(items, console: Console) -> Answer:
    """Show evidence at once, then the advice as it streams; return the final ``Answer``.

    The streamed text is a preview: when the final answer differs (citations repaired, model
    fallback), the final version is printed in full.
    """
    streamed = ""
    final: Answer | None = None
    for item in items:
        if isinstance(item, Evidence):
            render_evidence(item, console)
        elif isinstance(item, Answer):
            final = item
        else:
            streamed += item
            console.file.write(item)
            console.file.flush()
    assert final is not None
    console.file.write("\n")
    render(final, console, body=streamed.strip() != final.answer.strip())
    return final


def render(answer: Answer, console: Console, body: bool = True) -> None:
    """Answer (unless already streamed), citations and a one-line footer (backend, latency)."""
    if answer.standalone_question:
        console.print(f"[dim]理解为：{answer.standalone_question}[/]", highlight=False)
    style = "yellow" if answer.refused else "green"
    if body:
        console.print(Panel(Markdown(answer.answer), title="回答" if not answer.refused else "未能回答", border_style=style))
    if answer.citations:
        table = Table(title="引用", show_lines=False, expand=False)
        table.add_column("#", justify="right")
        table.add_column("出处")
        table.add_column("文件", style="dim")
        for c in answer.citations:
            table.add_row(str(c.n), c.label(), c.source)
        console.print(table)
    for warning in answer.warnings:
        console.print(f"[yellow]注意：{warning}[/]", highlight=False)
    lat = answer.latency_ms
    console.print(
        f"[dim]llm={answer.llm}  retrieval={lat.get('retrieval', 0):.0f} ms  first token={lat.get('first_token', 0):.0f} ms  "
        f"generation={lat.get('generation', 0):.0f} ms  total={lat.get('total', 0):.0f} ms[/]"
    )


def ask(
    question: Annotated[str, typer.Argument(help="The question, e.g. “跨部门会议纪要多久内发出？”")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (the eval results fields).")] = False,
    llm: Annotated[Optional[str], typer.Option("--llm", help="local | extractive | openai:<model>")] = None,
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="Store and state folder (ADVISOR_DATA_DIR).")] = None,
    k: Annotated[Optional[int], typer.Option("--k", help="How many passages to retrieve.")] = None,
    user: Annotated[Optional[str], typer.Option("--user", help="Answer as this user (access rules apply).")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="The user's department.")] = None,
    role: Annotated[Optional[list[str]], typer.Option("--role", help="A role of the user (repeatable).")] = None,
) -> None:
    """Answer one question from the knowledge base, with citations."""
    from assistant.advisor import Advisor, EmptyKnowledgeBase
    from assistant.llm import BackendError
    from assistant.retrieval import FilterError
    from ingest.settings import load_settings

    if not question.strip():
        raise fail("QUESTION is empty — pass the question in quotes, e.g. advisor ask \"跨部门会议纪要多久内发出？\"")
    if k is not None and k < 1:
        raise fail(f"--k must be at least 1, got {k}")
    try:
        settings = load_settings(data_dir=data_dir)
        from state.db import is_shared

        if not is_shared(settings) and not settings.manifest_path.exists():
            raise EmptyKnowledgeBase(
                f"no knowledge base in {settings.data_dir} — run `advisor ingest sync` first"
                + (f" (with --data-dir {data_dir})" if data_dir else "")
            )
        advisor = Advisor.from_settings(settings, llm=llm)
        advisor.ensure_ready()
        reader = make_user(user, department, role)
        if not as_json and sys.stdout.isatty():
            stream_answer(advisor.stream(question, user=reader, k=k), Console())
            return
        answer = advisor.ask(question, user=reader, k=k)
    except (EmptyKnowledgeBase, BackendError, FilterError, ValueError) as exc:
        raise fail(str(exc)) from None
    except Exception as exc:  # store errors (e.g. embedding mismatch) carry their own remedy
        if type(exc).__name__.endswith(("MismatchError", "StoreError", "FormatError", "IngestError")):
            raise fail(str(exc)) from None
        raise
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        render(answer, Console())
