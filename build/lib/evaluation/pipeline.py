"""One evaluation run from start to finish: store, assistant, answers, judge, summary, report."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from evaluation.baseline import BaselineError, compare, load_baseline
from evaluation.dataset import EvalQuestion, file_sha256
from evaluation.judge import CACHE_FILE, JudgeCache, LLMJudge, reference_text
from evaluation.report import write_report
from evaluation.runner import ResumeMismatch, RunOutcome, check_resume, rescore, run_questions, write_final
from evaluation.summary import build_summary, known_metrics
from ingest.settings import Settings, load_settings

if TYPE_CHECKING:
    from assistant.advisor import Advisor

SUMMARY = "summary.json"
REPORT = "report.html"
REFUSALS = "refusals.sqlite3"
# What stored answers depend on: a resumed run must match on every one of these.
RUN_KEY = ("questions_sha256", "llm", "embedding_model", "chunk_size", "chunk_overlap", "reranker", "query_adapter", "k",
           "kb_fingerprint")


class EvalError(RuntimeError):
    """Bad usage or input (exit 2); the message says what to change."""


@dataclass
class EvalOptions:
    questions_path: Path
    out_dir: Path
    k: int = 5
    llm: str | None = None
    corpus: Path | None = None
    baseline: Path | None = None
    data_dir: Path | None = None
    judge: str | None = None
    restart: bool = False
    progress: bool = True


_THRESHOLD = re.compile(r"^\s*([\w@]+)\s*=\s*([0-9.]+)\s*$")


def parse_thresholds(items: list[str], k: int) -> dict[str, float]:
    """``["hit@5=0.8"]`` -> ``{"hit@5": 0.8}``; unknown metric or bad value raises :class:`EvalError`."""
    known = known_metrics(k)
    out = {}
    for item in items:
        m = _THRESHOLD.match(item)
        if not m:
            raise EvalError(f"--fail-under {item!r}: expected METRIC=VALUE, e.g. hit@{k}=0.8")
        name, value = m.group(1), m.group(2)
        if name not in known:
            raise EvalError(f"--fail-under {item!r}: unknown metric {name!r} — known metrics: {', '.join(known)}")
        try:
            out[name] = float(value)
        except ValueError:
            raise EvalError(f"--fail-under {item!r}: {value!r} is not a number") from None
    return out


def load_advisor(store_settings: Settings, main_settings: Settings, backend: str,
                 out_dir: Path) -> tuple["Advisor", float]:
    """The real Advisor over ``store_settings``' store, answering with ``main_settings``' model set-up.

    Built from its parts rather than ``Advisor.from_settings`` so that a ``--corpus`` store reuses the
    model files under the main data dir (``settings.model_dir``) instead of joining a 1.1 GB copy,
    and so that refusals go to the out dir instead of the product's refusal log. Returns it and the seconds
    it took to load (model and store). Also used by ``evaluation.lead_training`` to answer the suite's sets.
    """
    from assistant.advisor import Advisor, EmptyKnowledgeBase
    from assistant.generation import make_composer
    from assistant.query_adapter import AdapterFileError
    from assistant.refusal import RefusalLog
    from assistant.retrieval import HybridRetriever
    from assistant.synonyms import SynonymsError
    from ingest.store import StoreError

    t = time.perf_counter()
    try:
        advisor = Advisor(
            store_settings,
            HybridRetriever.from_settings(store_settings),
            make_composer(main_settings, backend),
            refusal_log=RefusalLog(out_dir / REFUSALS),
        )
        advisor.ensure_ready()
    except (EmptyKnowledgeBase, StoreError) as e:
        raise EvalError(f"{e} (or pass --corpus DIR)") from None
    except (SynonymsError, AdapterFileError) as e:  # a malformed synonyms line; an adapter file it cannot use
        raise EvalError(str(e)) from None
    return advisor, time.perf_counter() - t


def _make_judge(settings: Settings, backend: str, out_dir: Path) -> LLMJudge:
    from assistant.llm import BackendError, EXTRACTIVE, make_chat_model, resolve_backend

    try:
        name = resolve_backend(settings, backend)
    except BackendError as e:
        raise EvalError(f"--judge: {e}") from None
    if name == EXTRACTIVE:
        raise EvalError("--judge extractive: the judge needs a model — use --judge local or --judge openai:<model>")
    model = make_chat_model(settings, name, max_tokens=96)
    model_id = name
    if name == "local":
        from assistant.local_model import MODEL_FILENAME

        model_id = f"local:{MODEL_FILENAME}"
    return LLMJudge(model, model_id, JudgeCache(out_dir / CACHE_FILE))


def _progress_bar(enabled: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"), TimeElapsedColumn(), TimeRemainingColumn(),
        disable=not enabled, transient=False,
    )


def _atomic_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _prepare_store(options: EvalOptions, settings: Settings) -> tuple[Settings, float]:
    """Settings of the store to evaluate; with ``--corpus`` the corpus is synced into its own store first."""
    if not options.corpus:
        return settings, 0.0
    from evaluation.corpus import CorpusError, corpus_store_dir, ingest_corpus
    from ingest.store import StoreError

    t = time.perf_counter()
    try:
        settings, _ = ingest_corpus(settings, options.corpus, corpus_store_dir(options.out_dir, options.data_dir), options.progress)
    except (CorpusError, StoreError) as e:
        raise EvalError(str(e)) from None
    return settings, time.perf_counter() - t


def _config(options: EvalOptions, settings: Settings, backend: str, advisor: Advisor, n_questions: int) -> dict:
    store = advisor.store
    adapter = advisor.retriever.adapter
    return {
        "questions": str(options.questions_path),
        "questions_sha256": file_sha256(options.questions_path),
        "n_questions": n_questions,
        "llm": backend,
        "embedding_model": store.model_id,
        "chunk_size": settings.chunk_size,
        "chunk_overlap": settings.chunk_overlap,
        "reranker": settings.reranker,
        "query_adapter": adapter.fingerprint() if adapter is not None else None,
        "k": options.k,
        "kb_fingerprint": store.fingerprint(),
        "kb_chunks": store.count(),
        "kb_documents": len(store.documents()),
        "data_dir": str(settings.data_dir),
        "corpus": str(options.corpus) if options.corpus else None,
    }


def _answer_all(advisor, questions: list[EvalQuestion], options: EvalOptions) -> RunOutcome:
    passed = [0, 0]
    with _progress_bar(options.progress) as bar:
        task = bar.add_task("回答 answering", total=len(questions), status="")

        def tick(row: dict) -> None:
            passed[0] += bool(row["metrics"].get("pass"))
            passed[1] += 1
            bar.update(task, advance=1, status=f"pass {passed[0]}/{passed[1]}")

        return run_questions(advisor, questions, options.out_dir, options.k, on_progress=tick)


def _judge_all(rows: list[dict], by_id: dict[str, EvalQuestion], settings: Settings, options: EvalOptions) -> dict:
    judge = _make_judge(settings, options.judge, options.out_dir)
    with _progress_bar(options.progress) as bar:
        task = bar.add_task("评审 judging", total=len(rows), status=judge.model_id)
        for r in rows:
            q = by_id[r["id"]]
            r["metrics"].update(judge.score(r, reference_text(q.reference_answer, q.answers), q.should_refuse))
            r["metrics"]["judge"] = judge.model_id
            bar.update(task, advance=1)
    return {"model": judge.model_id, "calls": judge.calls, "cache_hits": judge.cache_hits}


def run_evaluation(questions: list[EvalQuestion], options: EvalOptions) -> dict:
    """Run (or resume) the evaluation and write results.jsonl, summary.json and report.html; returns the summary."""
    started = time.perf_counter()
    out_dir = options.out_dir = Path(options.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise EvalError(f"--out {out_dir}: exists and is not a folder — choose a folder path")
    base = None
    if options.baseline:
        try:
            base = load_baseline(options.baseline)
        except BaselineError as e:
            raise EvalError(str(e)) from None
    from assistant.llm import BackendError, resolve_backend

    main_settings = load_settings(data_dir=None if options.corpus else options.data_dir)
    try:
        backend = resolve_backend(main_settings, options.llm)
    except BackendError as e:
        raise EvalError(f"--llm: {e}") from None
    out_dir.mkdir(parents=True, exist_ok=True)

    settings, ingest_seconds = _prepare_store(options, main_settings)
    advisor, load_seconds = load_advisor(settings, main_settings, backend, out_dir)
    config = _config(options, settings, backend, advisor, len(questions))
    try:
        check_resume(out_dir, {key: config[key] for key in RUN_KEY}, options.restart)
    except ResumeMismatch as e:
        raise EvalError(str(e)) from None

    outcome = _answer_all(advisor, questions, options)
    by_id = {q.id: q for q in questions}
    rows = outcome.rows
    rescore(rows, by_id, options.k)
    config["judge"] = _judge_all(rows, by_id, main_settings, options) if options.judge else None
    write_final(out_dir, rows, outcome.surplus)

    diff = compare(rows, base[0], base[1], known_metrics(options.k), options.baseline) if base else None
    answer_total_s = sum(float((r.get("latency_ms") or {}).get("total") or 0) for r in rows) / 1000
    timings = {
        "wall_seconds": round(time.perf_counter() - started, 3),
        "ingest_seconds": round(ingest_seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "answer_seconds": round(outcome.seconds, 3),
        "answered": outcome.answered,
        "resumed": outcome.resumed,
        # this invocation's answering throughput; for a fully resumed run, from the stored latencies
        "questions_per_second": (outcome.answered / outcome.seconds) if outcome.answered and outcome.seconds
        else (len(rows) / answer_total_s if answer_total_s else 0.0),
    }
    config["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    summary = build_summary(rows, by_id, options.k, config, timings, diff)
    _atomic_json(out_dir / SUMMARY, summary)
    write_report(out_dir / REPORT, summary, rows, by_id)
    return summary
