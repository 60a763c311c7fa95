"""Answer every question once, appending to results.jsonl as it goes, so a re-run resumes."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from evaluation.baseline import read_results
from evaluation.dataset import EvalQuestion
from evaluation.metrics import score

RESULTS = "results.jsonl"
PREVIOUS = "results.previous.jsonl"
RUN_STATE = "run.json"


class Answerer(Protocol):
    """What the runner needs from the assistant (``assistant.advisor.Advisor`` satisfies it)."""

    def ask(self, question: str, history: list[dict] | None = None, user: Any = None,
            filters: dict | None = None, k: int | None = None) -> Any: ...


class ResumeMismatch(RuntimeError):
    """``--out`` holds results of a run with a different configuration."""


@dataclass
class RunOutcome:
    rows: list[dict]              # one scored results line per question, in question order
    surplus: list[dict]           # finished lines of questions outside this run (e.g. a smaller --limit)
    answered: int                 # questions answered by this invocation
    resumed: int                  # questions taken from an earlier, interrupted invocation
    seconds: float                # wall time spent answering in this invocation
    errors: list[str] = field(default_factory=list)


def check_resume(out_dir: Path, run_key: dict, restart: bool = False) -> None:
    """Prepare ``out_dir``: keep results of the same run, refuse those of a different one.

    ``run_key`` holds what must match for old answers to stay valid (question file hash, k, LLM,
    embedding model, chunking, knowledge-base fingerprint). ``restart`` discards old results.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    results, state = out_dir / RESULTS, out_dir / RUN_STATE
    if restart:
        results.unlink(missing_ok=True)
        (out_dir / PREVIOUS).unlink(missing_ok=True)
    if results.exists() and results.stat().st_size:
        old = json.loads(state.read_text(encoding="utf-8")).get("run_key", {}) if state.exists() else {}
        diff = sorted(k for k in set(old) | set(run_key) if old.get(k) != run_key.get(k))
        if diff:
            details = "; ".join(f"{k}: {old.get(k)!r} -> {run_key.get(k)!r}" for k in diff)
            raise ResumeMismatch(
                f"{out_dir} holds results of a different run ({details}) — "
                "use another --out folder, or add --restart to discard them"
            )
    tmp = state.with_suffix(".tmp")
    tmp.write_text(json.dumps({"run_key": run_key}, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, state)


def load_finished(out_dir: Path) -> dict[str, dict]:
    """Results lines already written (errors excluded, so they are retried), by id.

    Reads results.jsonl and results.previous.jsonl, then rewrites results.jsonl without torn lines
    or errored attempts so that appends stay valid JSONL.
    """
    rows = []
    for name in (PREVIOUS, RESULTS):
        if (out_dir / name).exists():
            rows += read_results(out_dir / name)
    good = {r["id"]: r for r in rows if isinstance(r, dict) and r.get("id") and not r.get("error")}
    write_results(out_dir, good.values())
    (out_dir / PREVIOUS).unlink(missing_ok=True)
    return good


def write_final(out_dir: Path, rows: list[dict], surplus: list[dict]) -> None:
    """results.jsonl holds exactly this run's questions; other finished answers go to results.previous.jsonl."""
    write_results(out_dir, rows)
    if surplus:
        write_results(out_dir, surplus, PREVIOUS)
    else:
        (out_dir / PREVIOUS).unlink(missing_ok=True)


def write_results(out_dir: Path, rows: Iterable[dict], name: str = RESULTS) -> None:
    """Atomically replace results.jsonl (or ``name``)."""
    path = out_dir / name
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def answer_one(advisor: Answerer, q: EvalQuestion, k: int) -> dict:
    """Ask one question; an exception becomes a results line with ``error`` set."""
    start = time.perf_counter()
    try:
        answer = advisor.ask(q.question, history=q.history or None, k=k)
        data = answer.to_dict()
    except Exception as e:  # noqa: BLE001 - one failing question must not stop the batch
        total = (time.perf_counter() - start) * 1000
        data = {"question": q.question, "answer": "", "refused": False, "llm": "", "citations": [],
                "contexts": [], "latency_ms": {"retrieval": None, "generation": None, "total": total},
                "error": f"{type(e).__name__}: {e}"}
    data["question"] = q.question
    return {"id": q.id, **data}


def run_questions(
    advisor: Answerer,
    questions: list[EvalQuestion],
    out_dir: Path,
    k: int,
    on_progress: Callable[[dict], None] | None = None,
) -> RunOutcome:
    """Answer the questions not yet in ``out_dir/results.jsonl`` and append each line as it finishes.

    Lines are flushed and fsynced one by one; a Ctrl-C leaves every finished question on disk.
    """
    finished = load_finished(out_dir)
    todo = [q for q in questions if q.id not in finished]
    if on_progress:
        for q in questions:
            if q.id in finished:
                on_progress(finished[q.id])
    new: dict[str, dict] = {}
    errors = []
    start = time.perf_counter()
    with (out_dir / RESULTS).open("a", encoding="utf-8") as f:
        for q in todo:
            row = answer_one(advisor, q, k)
            row["metrics"] = score(q, row, k)
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
            new[q.id] = row
            if row.get("error"):
                errors.append(f"{q.id}: {row['error']}")
            if on_progress:
                on_progress(row)
    seconds = time.perf_counter() - start
    by_id = {**finished, **new}
    rows = [by_id[q.id] for q in questions]
    wanted = {q.id for q in questions}
    surplus = [r for i, r in finished.items() if i not in wanted]
    return RunOutcome(rows=rows, surplus=surplus, answered=len(new), resumed=sum(1 for q in questions if q.id in finished), seconds=seconds, errors=errors)


def rescore(rows: list[dict], questions: dict[str, EvalQuestion], k: int) -> None:
    """Recompute the metrics of every row in place from its stored answer (judge scores are dropped)."""
    for r in rows:
        r["metrics"] = score(questions[r["id"]], r, k)
