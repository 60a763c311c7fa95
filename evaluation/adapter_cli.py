"""``advisor adapter learn|status``: a store's own query adapter, learned from a company's eval questions.

``learn`` reads eval questions files (CONTRACTS.md: the questions with ``answers``, or else ``evidence_any``, are the
labels) and, with ``--feedback``, the deployment's 👍 answers (the passages their first line cites), finds the
passages of the configured store that state each question's facts (or hold its evidence), measures by k-fold cross-validation where the
dense search ranks them without and with an adapter learned on the other folds, and writes the adapter to
``<data dir>/query_adapter.npz`` only when the cross-validated ranking improves (``--force`` writes anyway).
``ADVISOR_QUERY_ADAPTER=auto`` (the default) then uses it for this store instead of the shipped one.
``status`` says which adapter this store's answers use and why. Exit 2 on bad input, 1 when nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from assistant.query_adapter import Block
    from evaluation.dataset import EvalQuestion
    from evaluation.adapter_training import RankScore
    from ingest.settings import Settings

app = typer.Typer(help="The store's learned query adapter (docs/retrieval.md, \"A store's own adapter\").", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)

MIN_QUESTIONS = 30
"""Fewer answerable questions than this are refused: the folds would be too small to measure anything (and an
adapter learned from about 20 questions did not help in the round-26 measurements: hundreds are better)."""
DEFAULT_FOLDS = 5


def _fail(message: str, code: int = 2) -> typer.Exit:
    Console(stderr=True, soft_wrap=True, highlight=False).print(f"错误 error: {message}", markup=False)
    return typer.Exit(code=code)


@app.command("learn")
def learn_command(
    questions: Annotated[Optional[list[Path]], typer.Argument(
        help="Eval questions files (.jsonl or .csv, CONTRACTS.md); the questions with \"answers\" (or, without them, "
             "\"evidence_any\") are learned from.", show_default=False)] = None,
    feedback: Annotated[bool, typer.Option("--feedback", help="Also learn from this deployment's 👍 answers (the "
                                                              "passages their first line cites).")] = False,
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="Store and state folder (ADVISOR_DATA_DIR).")] = None,
    split: Annotated[Optional[str], typer.Option("--split", help="Only the questions of this split (e.g. tune), so "
                                                                 "another split stays held out for advisor eval.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Adapter file to write (default: <data dir>/"
                                                              "query_adapter.npz, which auto uses).")] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, max=20, help="Cross-validation folds.")] = DEFAULT_FOLDS,
    seeds: Annotated[Optional[int], typer.Option("--seeds", min=1, help="Adapters averaged into the one written "
                                                                        "(default: as the shipped one).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Write the adapter even when cross-validation shows no gain.")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
) -> None:
    """Learn this store's query adapter from eval questions; written only when cross-validation shows a gain."""
    from assistant.query_adapter import SEEDS, STORE_ADAPTER, fit_ensemble
    from evaluation.adapter_training import k_fold
    from ingest.settings import load_settings

    settings = load_settings(data_dir=data_dir)
    labelled, where = _labelled_questions(settings, questions or [], feedback, split)
    block, model_id = _labelled_block(settings, labelled)
    answerable = int(block.gold.any(axis=1).sum())
    if answerable < MIN_QUESTIONS:
        raise _fail(f"{where}: only {answerable} of {len(labelled)} questions have a passage in {settings.data_dir} "
                    f"stating their \"answers\" (or evidence) ({MIN_QUESTIONS} needed): check that the facts are "
                    "written as the documents write them, and that the store is synced (advisor ingest sync)")
    seeds = seeds or SEEDS
    target = out or settings.data_dir / STORE_ADAPTER
    try:
        with _fold_bar(progress and not as_json, folds) as step:
            before, after = k_fold(block, model_id, folds, seeds, on_fold=step)
        written = after.mrr > before.mrr or force
        if written:
            fit_ensemble([block], model_id, seeds=seeds).save(target)  # atomic: an interrupt keeps the old file
    except KeyboardInterrupt:
        raise _fail(f"interrupted: {target} is unchanged", code=130) from None
    if as_json:
        typer.echo(json.dumps({"questions": len(labelled), "answerable": answerable, "passages": len(block.passages),
                               "folds": folds, "before": before.__dict__, "after": after.__dict__,
                               "written": str(target) if written else None}, ensure_ascii=False))
    else:
        _print_table(before, after, len(labelled), answerable, len(block.passages), folds)
    if not written:
        raise _fail(f"not written: the cross-validated ranking did not improve (MRR {before.mrr:.3f} → "
                    f"{after.mrr:.3f}); more or more varied questions may help, --force writes it anyway", code=1)
    if not as_json:
        used = ("used for this store from now on (ADVISOR_QUERY_ADAPTER=auto; restart a running advisor web)"
                if out is None else f"use it with ADVISOR_QUERY_ADAPTER={target}")
        Console(highlight=False, soft_wrap=True).print(f"wrote {target}: {used}", markup=False)


@app.command("status")
def status_command(
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="Store and state folder (ADVISOR_DATA_DIR).")] = None,
) -> None:
    """Which query adapter this store's answers use, and why."""
    from assistant.query_adapter import AdapterFileError, choose_adapter
    from ingest.embeddings import make_embeddings
    from ingest.settings import load_settings

    settings = load_settings(data_dir=data_dir)
    model_id = str(make_embeddings(settings).model_id)
    try:
        choice = choose_adapter(settings.query_adapter, model_id, settings.data_dir)
    except AdapterFileError as exc:
        raise _fail(str(exc)) from None
    console = Console(highlight=False, soft_wrap=True)
    if choice.adapter is None:
        console.print(f"no adapter: plain dense ranking ({choice.reason})", markup=False)
        return
    console.print(f"{choice.path}: {choice.reason}; embedding model {choice.adapter.model_id}, rank "
                  f"{choice.adapter.u.shape[1]}, fingerprint {choice.adapter.fingerprint()}", markup=False)


def _labelled_questions(settings: "Settings", files: list[Path], feedback: bool,
                        split: str | None) -> tuple[list["EvalQuestion"], str]:
    """The questions to learn from (those ``gold_test`` can label) and where they came from; at least
    ``MIN_QUESTIONS`` of them, else exit 2 naming the files."""
    from evaluation.adapter_training import gold_test
    from evaluation.dataset import DatasetError, load_questions

    if not files and not feedback:
        raise _fail("give a questions file, or --feedback to learn from this deployment's 👍 answers")
    try:
        asked = [q for path in files for q in load_questions(path)]
    except DatasetError as exc:
        raise _fail(str(exc)) from None
    if feedback:
        asked += _thumbs_up(settings)
    if split is not None:
        asked = [q for q in asked if q.split == split]
    labelled = [q for q in asked if gold_test(q) is not None]
    where = ", ".join([str(p) for p in files] + (["the 👍 feedback"] if feedback else []))
    where += f" (split {split})" if split is not None else ""
    if len(labelled) < MIN_QUESTIONS:
        raise _fail(f"{where}: {len(labelled)} questions with \"answers\" or \"evidence_any\", at least "
                    f"{MIN_QUESTIONS} needed (hundreds are better): add questions whose \"answers\" name the facts "
                    "the answer must state")
    return labelled, where


def _thumbs_up(settings: "Settings") -> list["EvalQuestion"]:
    """This deployment's 👍 answers (not refusals) as questions whose evidence is what their first line cites."""
    from evaluation.dataset import EvalQuestion
    from web.feedback import FeedbackStore

    if not settings.database_url and not settings.state_db.exists():
        return []
    cases = [item.to_eval_case() for item in FeedbackStore.from_settings(settings).items() if item.rating == "up"]
    return [EvalQuestion(id=c["id"], question=c["question"], history=c.get("history", []),
                         evidence_any=c["evidence_any"], tags=c["tags"]) for c in cases if c.get("evidence_any")]


def _labelled_block(settings: "Settings", labelled: list["EvalQuestion"]) -> tuple["Block", str]:
    """The questions' block over the store of ``settings`` (its adapter off: the plain vectors are learned from)."""
    from assistant.advisor import EmptyKnowledgeBase
    from assistant.followup import FollowupRewriter
    from assistant.retrieval import HybridRetriever
    from evaluation.adapter_training import store_block
    from ingest.store import StoreError

    plain = settings.model_copy(update={"query_adapter": "off"})
    try:
        retriever = HybridRetriever.from_settings(plain)
        if retriever.store.count() == 0:
            raise EmptyKnowledgeBase(f"the knowledge base in {settings.data_dir} is empty — run `advisor ingest sync` first")
    except (EmptyKnowledgeBase, StoreError) as exc:
        raise _fail(str(exc)) from None
    return store_block(retriever, FollowupRewriter(), labelled), str(getattr(retriever.embeddings, "model_id", ""))


@contextmanager
def _fold_bar(enabled: bool, folds: int) -> Iterator[Callable[[], None]]:
    """A Rich bar over the folds (nothing when off); yields the step to call after each fold."""
    if not enabled:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("learning, fold"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("folds", total=folds)
        yield lambda: bar.advance(task)


def _print_table(before: "RankScore", after: "RankScore", labelled: int, answerable: int, passages: int,
                 folds: int) -> None:
    table = Table(title=f"dense rank of the passage stating the facts · {answerable} of {labelled} questions "
                        f"answerable · {passages} passages · {folds}-fold cross-validation")
    for name in ("", "hit@1", "hit@5", "MRR"):
        table.add_column(name, justify="right" if name else "left")
    table.add_row("plain", f"{before.hit1:.3f}", f"{before.hit5:.3f}", f"{before.mrr:.3f}")
    table.add_row("with the adapter", f"{after.hit1:.3f}", f"{after.hit5:.3f}", f"{after.mrr:.3f}")
    Console(highlight=False).print(table)
