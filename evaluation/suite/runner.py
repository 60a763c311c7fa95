"""Corpora, stores and one ``advisor eval`` run per named set (in-process, resumable)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.suite.corpora import build_corpus
from evaluation.suite.definitions import REPO_ROOT, CorpusDef, SetDef, Suite, SuiteError
from evaluation.suite.sets import MissingSetFile, set_lines, write_set

DATASETS_ENV = "ADVISOR_DATASETS"
"""Environment variable naming the folder that holds rgb/ and cmrc2018/ with their to_eval.py."""
WORKPLACE_DATASETS = Path("/work/shared/datasets")
"""Where the team's reference datasets live when the checkout is not next to ``shared/`` (a CI clone elsewhere)."""


def default_datasets() -> Path:
    """``$ADVISOR_DATASETS``, else ``../shared/datasets`` next to the repository, else the workplace's shared folder
    (the first that exists; ``../shared/datasets`` when none does, so the error names the usual place)."""
    import os

    beside = REPO_ROOT.parent / "shared" / "datasets"
    if os.environ.get(DATASETS_ENV):
        return Path(os.environ[DATASETS_ENV])
    return next((p for p in (beside, WORKPLACE_DATASETS) if p.is_dir()), beside)


@dataclass
class SuiteOptions:
    work: Path
    out: Path
    llm: str | None = "extractive"
    baseline: Path | None = None
    datasets: Path = field(default_factory=default_datasets)
    k: int = 5
    progress: bool = True
    restart: bool = False
    repo_root: Path = REPO_ROOT


@dataclass
class Prepared:
    """A corpus ready to evaluate over: the folder synced into the store, and to_eval's questions (public corpora)."""

    folder: Path
    store: Path
    questions: Path | None


def prepare_corpus(c: CorpusDef, options: SuiteOptions, echo: Callable[[str], None]) -> Prepared:
    """Build the public corpus (or take the repository folder) and sync its store under ``WORK/stores/NAME``."""
    if c.public:
        root = build_corpus(c, options.datasets, options.work, echo)
        folder, questions = root / "corpus", root / "questions.jsonl"
    else:
        folder, questions = options.repo_root / str(c.folder), None
    store = Path(options.work) / "stores" / c.name
    sync_store(c.name, folder, store, options.progress, echo)
    return Prepared(folder=folder, store=store, questions=questions)


STORE_WAIT_SECONDS = 4 * 3600.0
"""How long a suite run waits for another run (or ingest command) syncing the same store: two runs started together
share a store that needs syncing, and the second waits for the first's sync instead of failing every set."""


def sync_store(name: str, folder: Path, store: Path, progress: bool, echo: Callable[[str], None]) -> None:
    """Sync ``folder`` into ``store`` with the product's ingest code (a store in step is left as it is)."""
    from evaluation.corpus import CorpusError, ingest_corpus
    from ingest.settings import load_settings
    from ingest.store import StoreError

    t = time.perf_counter()
    try:
        _, report = ingest_corpus(load_settings(), folder, store, progress, wait=STORE_WAIT_SECONDS,
                                  on_wait=lambda message: echo(f"store {name}: {message}"))
    except (CorpusError, StoreError) as e:
        raise SuiteError(f"store {name}: {e}") from None
    what = "in step" if not report.changed else (
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed, "
        f"{report.chunks_embedded} chunks embedded")
    failed = f", {len(report.failed)} FAILED" if report.failed else ""
    echo(f"store {name}: {what}{failed} ({time.perf_counter() - t:.1f} s, {store})")


def run_set(s: SetDef, prepared: Prepared, options: SuiteOptions, echo: Callable[[str], None]) -> dict:
    """Write the set's questions under ``WORK/sets`` and run (or resume) ``advisor eval`` into ``OUT/SET``."""
    from evaluation.dataset import DatasetError, load_questions
    from evaluation.pipeline import EvalError, EvalOptions, run_evaluation

    path = write_set(set_lines(s, options.repo_root, prepared.questions), Path(options.work) / "sets" / f"{s.name}.jsonl")
    try:
        items = load_questions(path)
    except DatasetError as e:
        raise SuiteError(f"set {s.name}: {e}") from None
    base = Path(options.baseline) / s.name if options.baseline else None
    eval_options = EvalOptions(
        questions_path=path, out_dir=Path(options.out) / s.name, k=options.k, llm=options.llm,
        corpus=prepared.folder, baseline=base if base and (base / "results.jsonl").is_file() else None,
        data_dir=prepared.store, restart=options.restart, progress=options.progress,
    )
    echo(f"set {s.name}: {len(items)} questions over {s.corpus} -> {eval_options.out_dir}")
    try:
        return run_evaluation(items, eval_options)
    except EvalError as e:
        raise SuiteError(f"set {s.name}: {e}") from None


def run_suite(suite: Suite, names: list[str], options: SuiteOptions, echo: Callable[[str], None] = print) -> list[str]:
    """Run every selected set (corpora and stores first, each once); returns the messages of sets that failed."""
    chosen = suite.select(names)
    prepared: dict[str, Prepared] = {}
    broken: dict[str, str] = {}
    problems = []
    for s in chosen:
        try:
            if s.corpus in broken:
                raise SuiteError(f"set {s.name}: not run, corpus {s.corpus} failed ({broken[s.corpus]})")
            if s.corpus not in prepared:
                try:
                    prepared[s.corpus] = prepare_corpus(suite.corpora[s.corpus], options, echo)
                except SuiteError as e:
                    broken[s.corpus] = str(e)
                    raise
            run_set(s, prepared[s.corpus], options, echo)
        except MissingSetFile as e:
            echo(str(e))
        except SuiteError as e:
            echo(f"error: {e}")
            problems.append(str(e))
        sys.stdout.flush()
    return problems
