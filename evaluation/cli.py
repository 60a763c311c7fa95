"""``advisor eval QUESTIONS --out DIR ...``: the Typer command function (mounted by advisor_cli)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from evaluation.dataset import DatasetError, load_questions
from evaluation.pipeline import EvalError, EvalOptions, parse_thresholds, run_evaluation
from ingest.terminal import INTERRUPTED, PARTIAL_FAILURE, fail


def eval_command(
    questions: Annotated[Path, typer.Argument(help="Questions file (.jsonl, or .csv with the same columns).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Output folder: results.jsonl, summary.json, report.html.", show_default=False)],
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Evaluate over this folder instead of the knowledge base (ingested into a separate store).")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="--out folder of an earlier run to diff against.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Passages retrieved per question (hit@k, nDCG@k ...).")] = 5,
    llm: Annotated[str | None, typer.Option("--llm", help="local | extractive | openai:<model> (default: ADVISOR_LLM).")] = None,
    fail_under: Annotated[list[str] | None, typer.Option("--fail-under", help="METRIC=VALUE, e.g. hit@5=0.8; exit 1 when the aggregate is below. Repeatable.")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Store and state folder (same as ADVISOR_DATA_DIR); with --corpus, where the corpus store is kept.")] = None,
    judge: Annotated[str | None, typer.Option("--judge", help="LLM judge backend (local | openai:<model>) for faithfulness and correctness.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N questions.")] = None,
    restart: Annotated[bool, typer.Option("--restart", help="Discard results already in --out instead of resuming.")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
) -> None:
    """Answer every question, score retrieval, answers, refusals and grounding, write results.jsonl, summary.json and report.html.

    Re-running with the same --out resumes after an interruption. Exit codes: 0 ok, 1 a --fail-under
    threshold was missed, 2 bad usage or a bad input file.
    """
    try:
        items = load_questions(questions)
        thresholds = parse_thresholds(fail_under or [], k)
    except (DatasetError, EvalError) as e:
        raise fail(str(e)) from None
    if limit:
        items = items[:limit]
    options = EvalOptions(
        questions_path=questions, out_dir=out, k=k, llm=llm, corpus=corpus, baseline=baseline,
        data_dir=data_dir, judge=judge, restart=restart, progress=progress and sys.stderr.isatty(),
    )
    try:
        summary = run_evaluation(items, options)
    except EvalError as e:
        raise fail(str(e)) from None
    except KeyboardInterrupt:
        typer.echo(f"\n已中断 interrupted: finished questions are saved in {out / 'results.jsonl'}; run the same command again to resume.", err=True)
        raise typer.Exit(INTERRUPTED) from None
    _print_summary(summary, out)
    missed = [
        f"{name}={summary['metrics'].get(name, {}).get('mean')} < {value}"
        for name, value in thresholds.items()
        if (summary["metrics"].get(name, {}).get("mean") is None) or summary["metrics"][name]["mean"] < value
    ]
    if missed:
        typer.echo("未达标 below threshold: " + "; ".join(missed), err=True)
        raise typer.Exit(PARTIAL_FAILURE)


def _print_summary(summary: dict, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False)
    table = Table(title=f"{summary['n']} questions · {summary['config'].get('llm')} · k={summary['config'].get('k')}")
    table.add_column("metric")
    table.add_column("mean", justify="right")
    table.add_column("95% CI", justify="right")
    table.add_column("n", justify="right")
    deltas = (summary.get("baseline") or {}).get("deltas", {})
    if deltas:
        table.add_column("Δ vs baseline", justify="right")
    for name, s in summary["metrics"].items():
        row = [name, f"{s['mean']:.3f}", f"{s['ci_low']:.3f}–{s['ci_high']:.3f}", str(s["n"])]
        if deltas:
            d = deltas.get(name)
            row.append(f"{d['mean']:+.3f}{' *' if d['significant'] else ''}" if d else "")
        table.add_row(*row)
    console.print(table)
    lat = summary["latency_ms"]["total"]
    t = summary["timings"]
    if lat["n"]:
        console.print(f"latency total p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms · wall {t['wall_seconds']:.1f} s · {t['questions_per_second']:.2f} questions/s")
    if summary["failures"]:
        console.print("failures: " + ", ".join(f"{k}={v}" for k, v in summary["failures"].items()))
    console.print(f"wrote {out / 'results.jsonl'}, {out / 'summary.json'}, {out / 'report.html'}")
