"""One evaluation run from start to finish: store, assistant, answers, judge, summary, report."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from evaluation.baseline import BaselineError, compare, load_baseline
from evaluation.dataset import EvalQuestion, file_sha256
from evaluation.judge import CACHE_FILE, JudgeCache, LLMJudge, reference_text
from evaluation.report import write_report
from evaluation.runner import ResumeMismatch, check_resume, rescore, run_questions, write_final
from evaluation.summary import build_summary, known_metrics
from ingest.settings import Settings, load_settings

SUMMARY = "summary.json"
REPORT = "report.html"
REFUSALS = "refusals.sqlite3"


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


def _settings(options: EvalOptions) -> Settings:
    data_dir = options.data_dir if not options.corpus else None
    return load_settings(data_dir=data_dir)


def _load_advisor(settings: Settings, backend: str, out_dir: Path):
    """The real Advisor for ``settings``; its refusals go to the out dir, not the product's refusal log."""
    from assistant.advisor import Advisor, EmptyKnowledgeBase
    from assistant.refusal import RefusalLog
    from ingest.store import StoreError

    t = time.perf_counter()
    try:
        advisor = Advisor.from_settings(settings, llm=backend)
        advisor.ensure_ready()
    except (EmptyKnowledgeBase, StoreError) as e:
        raise EvalError(f"{e} (or pass --corpus DIR)") from None
    advisor.refusal_log = RefusalLog(out_dir / REFUSALS)
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


def _progress_bar(enabled: bool, total: int, description: str):
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


def run_evaluation(questions: list[EvalQuestion], options: EvalOptions) -> dict:
    """Run (or resume) the evaluation and write results.jsonl, summary.json and report.html; returns the summary."""
    started = time.perf_counter()
    out_dir = Path(options.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise EvalError(f"--out {out_dir}: exists and is not a folder — choose a folder path")
    base = None
    if options.baseline:
        try:
            base = load_baseline(options.baseline)
        except BaselineError as e:
            raise EvalError(str(e)) from None
    settings = _settings(options)
    from assistant.llm import BackendError, resolve_backend

    try:
        backend = resolve_backend(settings, options.llm)
    except BackendError as e:
        raise EvalError(f"--llm: {e}") from None

    out_dir.mkdir(parents=True, exist_ok=True)
    ingest_seconds = 0.0
    if options.corpus:
        from evaluation.corpus import CorpusError, corpus_store_dir, ingest_corpus

        t = time.perf_counter()
        try:
            settings, _ = ingest_corpus(settings, options.corpus, corpus_store_dir(out_dir, options.data_dir), options.progress)
        except CorpusError as e:
            raise EvalError(str(e)) from None
        ingest_seconds = time.perf_counter() - t
    advisor, load_seconds = _load_advisor(settings, backend, out_dir)
    store = advisor.store
    config = {
        "questions": str(options.questions_path),
        "questions_sha256": file_sha256(options.questions_path),
        "n_questions": len(questions),
        "llm": backend,
        "embedding_model": store.model_id,
        "chunk_size": settings.chunk_size,
        "chunk_overlap": settings.chunk_overlap,
        "reranker": settings.reranker,
        "k": options.k,
        "kb_fingerprint": store.fingerprint(),
        "kb_chunks": store.count(),
        "kb_documents": len(store.documents()),
        "data_dir": str(settings.data_dir),
        "corpus": str(options.corpus) if options.corpus else None,
    }
    run_key = {key: config[key] for key in ("questions_sha256", "llm", "embedding_model", "chunk_size", "chunk_overlap", "reranker", "k", "kb_fingerprint")}
    try:
        check_resume(out_dir, run_key, options.restart)
    except ResumeMismatch as e:
        raise EvalError(str(e)) from None

    passed = [0, 0]

    with _progress_bar(options.progress, len(questions), "eval") as bar:
        task = bar.add_task("回答 answering", total=len(questions), status="")

        def tick(row: dict) -> None:
            passed[0] += bool(row["metrics"].get("pass"))
            passed[1] += 1
            bar.update(task, advance=1, status=f"pass {passed[0]}/{passed[1]}")

        outcome = run_questions(advisor, questions, out_dir, options.k, on_progress=tick)

    by_id = {q.id: q for q in questions}
    rows = outcome.rows
    rescore(rows, by_id, options.k)
    judge_info = None
    if options.judge:
        judge = _make_judge(settings, options.judge, out_dir)
        with _progress_bar(options.progress, len(rows), "judge") as bar:
            task = bar.add_task("评审 judging", total=len(rows), status=judge.model_id)
            for r in rows:
                q = by_id[r["id"]]
                r["metrics"].update(judge.score(r, reference_text(q.reference_answer, q.answers), q.should_refuse))
                r["metrics"]["judge"] = judge.model_id
                bar.update(task, advance=1)
        judge_info = {"model": judge.model_id, "calls": judge.calls, "cache_hits": judge.cache_hits}
    config["judge"] = judge_info
    write_final(out_dir, rows, outcome.surplus)

    diff = None
    if base is not None:
        diff = compare(rows, base[0], base[1], known_metrics(options.k), options.baseline)

    answer_total_s = sum(float((r.get("latency_ms") or {}).get("total") or 0) for r in rows) / 1000
    timings = {
        "wall_seconds": round(time.perf_counter() - started, 3),
        "ingest_seconds": round(ingest_seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "answer_seconds": round(outcome.seconds, 3),
        "answered": outcome.answered,
        "resumed": outcome.resumed,
        "questions_per_second": (outcome.answered / outcome.seconds) if outcome.answered and outcome.seconds else
        (len(rows) / answer_total_s if answer_total_s else 0.0),
    }
    config["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    summary = build_summary(rows, by_id, options.k, config, timings, diff)
    _atomic_json(out_dir / SUMMARY, summary)
    write_report(out_dir / REPORT, summary, rows, by_id)
    return summary
