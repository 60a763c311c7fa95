"""``advisor refusals``: the questions this deployment refused, and whose business each one is.

Reads the refusal log of the state database (SQLite in the data dir, or the shared PostgreSQL: ``state/refusals.py``),
most frequent first, and says per question which department usually owns it or "—" (``refusal.owner_label``): a
question no other department owns is a gap the knowledge base could fill. A summary counts the gaps and the questions
per department, so an admin knows which documents to add and which questions to send on. ``--json`` prints one object a
question for scripts. Exit 2 when the state database cannot be read.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table

from ingest.terminal import fail, out_console

if TYPE_CHECKING:
    from state.refusals import RefusalStat


def refusals_command(
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="Store and state folder (ADVISOR_DATA_DIR).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many distinct questions to list.")] = 50,
    gaps_only: Annotated[bool, typer.Option("--gaps", help="Only the questions no other department owns (among the --limit most frequent).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a question, instead of the table.")] = False,
) -> None:
    """List the refused questions, most frequent first, with the department whose business each one is."""
    from assistant.refusal import GAP, owner_label
    from ingest.settings import load_settings
    from state.refusals import list_refusals

    settings = load_settings(data_dir=data_dir)
    try:
        stats = list_refusals(settings, limit)
    except Exception as exc:  # noqa: BLE001 - a missing or unreadable database: say which and what to do
        raise fail(f"cannot read the refusal log of {settings.data_dir}: {exc} — check --data-dir "
                   "(or ADVISOR_DATABASE_URL for a shared database)") from None
    rows = [(s, owner_label(s.question)) for s in stats]
    if gaps_only:
        rows = [(s, owner) for s, owner in rows if owner == GAP]
    if as_json:
        for s, owner in rows:
            typer.echo(json.dumps({"question": s.question, "count": s.count, "last_time": s.last_time,
                                   "best_score": s.best_score, "users": list(s.users),
                                   "owner": None if owner == GAP else owner}, ensure_ascii=False))
        return
    _print(rows, settings.data_dir, GAP)


def _print(rows: list[tuple[RefusalStat, str]], data_dir: Path, gap: str) -> None:
    console = out_console()
    if not rows:
        console.print(f"no refused questions in the log of {data_dir}", markup=False)
        return
    table = Table(title=f"拒答的问题（{data_dir}）")
    for column, justify in (("次数", "right"), ("问题", "left"), ("归属部门", "left"), ("最高相似度", "right"),
                            ("最近一次", "left")):
        table.add_column(column, justify=justify)
    for s, owner in rows:
        table.add_row(str(s.count), s.question, owner, "" if s.best_score is None else f"{s.best_score:.3f}",
                      s.last_time)
    console.print(table)
    by_owner = Counter(owner for _, owner in rows)
    gaps = by_owner.pop(gap, 0)
    others = "，".join(f"{owner} {n}" for owner, n in by_owner.most_common())
    console.print(f"知识库缺口 {gaps} 个问题（可补充文档）" + (f"；其他部门的问题：{others}" if others else ""), markup=False)


__all__ = ["refusals_command"]
