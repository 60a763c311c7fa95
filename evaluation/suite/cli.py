"""``python -m evaluation.suite run|table|sets`` (also ``advisor eval-suite ...``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from evaluation.suite.definitions import DEFAULT_SETS_FILE, SuiteError, load_suite
from ingest.terminal import INTERRUPTED, PARTIAL_FAILURE, fail

app = typer.Typer(
    help="The issue-9 evaluation suite: public corpora and stores under --work, one `advisor eval` run per named set, "
         "the README table.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)

SetsFile = Annotated[Path, typer.Option("--sets-file", help="The sets and corpora definitions (TOML).")]
Baseline = Annotated[Path | None, typer.Option("--baseline", help="--out folder of an earlier suite run: old figures in brackets, up/down counts.")]


def _print_table(out: Path, sets_file: Path, baseline: Path | None) -> None:
    from evaluation.suite.table import build_table, to_markdown, write_table

    table = build_table(out, load_suite(sets_file), baseline)
    if not table:
        raise fail(f"{out}: no set folder with results.jsonl")
    typer.echo(to_markdown(table))
    md, js = write_table(out, table)
    typer.echo(f"wrote {md}, {js}")


@app.command()
def run(
    sets: Annotated[list[str] | None, typer.Argument(help="Set names, or the groups all | tune | held (default: all).", show_default=False)] = None,
    work: Annotated[Path, typer.Option("--work", help="Generated corpora, stores and set files (never the repository).")] = Path("/tmp/advisor-suite"),
    out: Annotated[Path, typer.Option("--out", help="Results: one `advisor eval` folder per set, suite_table.md/.json.", show_default=False)] = ...,
    llm: Annotated[str, typer.Option("--llm", help="extractive | local | openai:<model>.")] = "extractive",
    baseline: Baseline = None,
    datasets: Annotated[Path | None, typer.Option("--datasets", help="Folder holding rgb/ and cmrc2018/ with their to_eval.py (default: ../shared/datasets next to the repository).")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Passages retrieved per question.")] = 5,
    restart: Annotated[bool, typer.Option("--restart", help="Discard results already in --out/SET instead of resuming.")] = False,
    sets_file: SetsFile = DEFAULT_SETS_FILE,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bars (ingest, answering).")] = True,
) -> None:
    """Build what the sets need (corpora, stores: reused when in step), run each set, print and write the table.

    Re-running resumes: finished questions are kept in --out/SET. Exit 0 when every set ran, 1 when one failed,
    2 on bad usage.
    """
    from evaluation.suite.runner import SuiteOptions, default_datasets, run_suite

    try:
        suite = load_suite(sets_file)
        suite.select(sets or [])
    except SuiteError as e:
        raise fail(str(e)) from None
    options = SuiteOptions(work=work, out=out, llm=llm, baseline=baseline, datasets=datasets or default_datasets(),
                           k=k, progress=progress and sys.stderr.isatty(), restart=restart)
    out.mkdir(parents=True, exist_ok=True)
    try:
        problems = run_suite(suite, sets or [], options, typer.echo)
    except KeyboardInterrupt:
        typer.echo("\n已中断 interrupted: finished questions are saved; run the same command again to resume.", err=True)
        raise typer.Exit(INTERRUPTED) from None
    _print_table(out, sets_file, baseline)
    if problems:
        typer.echo(f"{len(problems)} set(s) failed:\n  " + "\n  ".join(problems), err=True)
        raise typer.Exit(PARTIAL_FAILURE)


@app.command()
def table(
    out: Annotated[Path, typer.Argument(help="The --out folder of a suite run.", show_default=False)],
    baseline: Baseline = None,
    sets_file: SetsFile = DEFAULT_SETS_FILE,
) -> None:
    """Print (and write as suite_table.md / suite_table.json) the table of a finished or partial run."""
    try:
        _print_table(out, sets_file, baseline)
    except SuiteError as e:
        raise fail(str(e)) from None


@app.command("sets")
def list_sets(sets_file: SetsFile = DEFAULT_SETS_FILE) -> None:
    """List the named sets: corpus, source, held-out or tune."""
    try:
        suite = load_suite(sets_file)
    except SuiteError as e:
        raise fail(str(e)) from None
    for s in suite.sets.values():
        typer.echo(f"{s.name:10} {'held-out' if s.heldout else 'tune':8} {s.corpus:8} {s.label}")
