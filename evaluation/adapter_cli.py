"""``advisor adapter learn|status``: a store's own query adapter, learned from a company's eval questions.

``learn`` reads eval questions files (CONTRACTS.md: the questions with ``answers``, or else ``evidence_any``, are the
labels) and, with ``--feedback``, the deployment's 👍 answers (the passages their first line cites), and learns with
``evaluation.store_adapter``: the adapter goes to ``<data dir>/query_adapter.npz`` only when the k-fold
cross-validated ranking improves (``--force`` writes anyway).
``ADVISOR_QUERY_ADAPTER=auto`` (the default) then uses it for this store instead of the shipped one.
``status`` says which adapter this store's answers use and why; ``reset`` moves the store's own adapter aside. Exit 2 on bad input, 1 when nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table

from evaluation.store_adapter import DEFAULT_FOLDS
from ingest.terminal import INTERRUPTED, PARTIAL_FAILURE, err_console, fail, out_console

if TYPE_CHECKING:
    from assistant.retrieval import HybridRetriever
    from evaluation.dataset import EvalQuestion
    from evaluation.store_adapter import LearnResult
    from ingest.settings import Settings

app = typer.Typer(help="The store's learned query adapter (docs/retrieval.md, \"A store's own adapter\").", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)

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
    from assistant.query_adapter import SEEDS, STORE_ADAPTER
    from assistant.followup import FollowupRewriter
    from evaluation.store_adapter import TooFewQuestions, adapter_to_beat, labelled, learn_store_adapter
    from ingest.settings import load_settings

    settings = load_settings(data_dir=data_dir)
    asked, where = _gathered(settings, questions or [], feedback, split)
    target = out or settings.data_dir / STORE_ADAPTER
    try:
        labelled(asked)  # too few questions: said before the store and the model are opened
        retriever = _plain_retriever(settings)
        with _fold_bar(progress and not as_json, folds) as step:
            in_use = adapter_to_beat(settings.query_adapter, str(retriever.embeddings.model_id), settings.data_dir)
            result = learn_store_adapter(retriever, FollowupRewriter(), asked, target, in_use=in_use, folds=folds,
                                         seeds=seeds or SEEDS, force=force, on_fold=step)
    except TooFewQuestions as exc:
        raise fail(f"{where}: {exc}") from None
    except KeyboardInterrupt:
        raise fail(f"interrupted: {target} is unchanged", code=INTERRUPTED) from None
    if as_json:
        typer.echo(json.dumps({"questions": result.questions, "answerable": result.answerable,
                               "passages": result.passages, "folds": folds, "before": result.before.__dict__,
                               "in_use": result.in_use.__dict__ if result.in_use else None,
                               "after": result.after.__dict__, "written": str(target) if result.adapter else None},
                              ensure_ascii=False))
    else:
        _print_table(result)
    if result.adapter is None:
        beaten, mrr = result.to_beat
        raise fail(f"not written: cross-validated, the learned adapter does not rank better than {beaten} (MRR "
                    f"{mrr:.3f} → {result.after.mrr:.3f}); more or more varied questions may help, --force writes it "
                    "anyway", code=PARTIAL_FAILURE)
    if not as_json:
        used = ("used for this store from now on (ADVISOR_QUERY_ADAPTER=auto; restart a running advisor web)"
                if out is None else f"use it with ADVISOR_QUERY_ADAPTER={target}")
        out_console().print(f"wrote {target}: {used}", markup=False)


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
        raise fail(str(exc)) from None
    console = out_console()
    if choice.adapter is None:
        console.print(f"no adapter: plain dense ranking ({choice.reason})", markup=False)
        return
    console.print(f"{choice.path}: {choice.reason}; embedding model {choice.adapter.model_id}, rank "
                  f"{choice.adapter.u.shape[1]}, fingerprint {choice.adapter.fingerprint()}", markup=False)


@app.command("reset")
def reset_command(
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="Store and state folder (ADVISOR_DATA_DIR).")] = None,
) -> None:
    """Forget this store's own adapter (its file goes to <data dir>/deleted/); says which one is used instead."""
    import time

    from assistant.query_adapter import STORE_ADAPTER
    from ingest.settings import load_settings

    settings = load_settings(data_dir=data_dir)
    own = settings.data_dir / STORE_ADAPTER
    if not own.is_file():
        raise fail(f"{own}: this store has no adapter of its own (nothing to reset)")
    kept = settings.data_dir / "deleted" / time.strftime("%Y%m%d-%H%M%S") / STORE_ADAPTER
    kept.parent.mkdir(parents=True, exist_ok=True)
    own.replace(kept)
    out_console().print(f"moved {own} to {kept} (move it back to use it again)", markup=False)
    status_command(data_dir=data_dir)


def _gathered(settings: "Settings", files: list[Path], feedback: bool, split: str | None) -> tuple[list["EvalQuestion"], str]:
    """The questions of ``files`` (of ``split`` when given) and of the 👍 feedback, and where they came from."""
    from evaluation.dataset import DatasetError, load_questions
    from evaluation.store_adapter import thumbs_up_questions

    if not files and not feedback:
        raise fail("give a questions file, or --feedback to learn from this deployment's 👍 answers")
    try:
        asked = [q for path in files for q in load_questions(path)]
    except DatasetError as exc:
        raise fail(str(exc)) from None
    if split is not None:  # a split of the files; the feedback has none
        asked = [q for q in asked if q.split == split]
    if feedback and (settings.database_url or settings.state_db.exists()):
        from web.feedback import FeedbackStore

        asked += thumbs_up_questions(FeedbackStore.from_settings(settings).items())
    where = ", ".join([str(p) + (f" (split {split})" if split is not None else "") for p in files]
                      + (["the 👍 feedback"] if feedback else []))
    return asked, where


def _plain_retriever(settings: "Settings") -> "HybridRetriever":
    """The retriever over the store of ``settings`` (no adapter: the plain vectors are learned from); exit 2 when
    the store is empty or cannot be opened."""
    from assistant.advisor import EmptyKnowledgeBase
    from assistant.retrieval import HybridRetriever
    from ingest.store import StoreError

    try:
        retriever = HybridRetriever.from_settings(settings.model_copy(update={"query_adapter": "off"}))
        if retriever.store.count() == 0:
            raise EmptyKnowledgeBase(f"the knowledge base in {settings.data_dir} is empty — run `advisor ingest sync` first")
    except (EmptyKnowledgeBase, StoreError) as exc:
        raise fail(str(exc)) from None
    return retriever


@contextmanager
def _fold_bar(enabled: bool, folds: int) -> Iterator[Callable[[], None]]:
    """A Rich bar over the folds (nothing when off); yields the step to call after each fold."""
    if not enabled:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("learning, fold"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console(), transient=True) as bar:
        task = bar.add_task("folds", total=folds)
        yield lambda: bar.advance(task)


def _print_table(result: "LearnResult") -> None:
    table = Table(title=f"dense rank of the passage stating the facts · {result.answerable} of {result.questions} "
                        f"questions answerable · {result.passages} passages · {result.folds}-fold cross-validation")
    for name in ("", "hit@1", "hit@5", "MRR"):
        table.add_column(name, justify="right" if name else "left")
    rows = [("plain", result.before), *([("in use now", result.in_use)] if result.in_use else []),
            ("learned (cross-validated)", result.after)]
    for label, score in rows:
        table.add_row(label, f"{score.hit1:.3f}", f"{score.hit5:.3f}", f"{score.mrr:.3f}")
    out_console().print(table)
