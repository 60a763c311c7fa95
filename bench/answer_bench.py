"""Answer-composition benchmark: time to first token and whole-answer time per backend.

Run with ``python -m bench answer`` (or ``python -m bench.answer_bench``). Questions come from
``evals/*.jsonl`` (the first few of each file); each question gets fixed contexts: the three
~300-character passages of ``knowledge/`` that share most character bigrams with it, read straight
from the Markdown files, so the benchmark does not depend on the store or the embedding model.
Prints p50/p95 per backend and the local/extractive ratios.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from assistant.extractive import bigrams, overlap
from assistant.generation import Composed, make_composer
from assistant.types import Context
from ingest.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
FALLBACK_QUESTIONS = [
    "跨部门沟通不畅怎么办？",
    "需求变更没人负责，应该由谁批准？",
    "其他部门提了协作需求单，我们要在多长时间内响应？",
    "跨部门会议的纪要什么时候发出？",
    "部门之间互相推诿时，怎么升级解决？",
]


def passages(knowledge: Path, size: int = 300) -> list[Context]:
    """The knowledge Markdown files cut into ~``size``-character passages at paragraph boundaries."""
    out: list[Context] = []
    for path in sorted(knowledge.rglob("*.md")):
        raw = path.read_text(encoding="utf-8")
        title_match = re.search(r"^title:\s*(.+)$", raw, re.M)
        body = raw.split("---", 2)[2] if raw.startswith("---") else raw
        section, buf = "", ""
        for para in re.split(r"\n\s*\n", body):
            para = para.strip()
            if para.startswith("#"):
                section = para.lstrip("#").strip()
                continue
            if buf and len(buf) + len(para) > size:
                out.append(_context(path, knowledge, title_match, section, buf))
                buf = ""
            buf = f"{buf}\n{para}".strip()
        if buf:
            out.append(_context(path, knowledge, title_match, section, buf))
    return out


def _context(path: Path, root: Path, title: re.Match[str] | None, section: str, text: str) -> Context:
    clause = re.match(r"\**(第[一二三四五六七八九十百零]+条)", text)
    return Context(rank=0, source=path.relative_to(root).as_posix(), section=section, text=text, score=0.0,
                   title=title.group(1).strip() if title else path.stem, clause=clause.group(1) if clause else "")


def contexts_for(question: str, pool: list[Context], k: int = 3) -> list[Context]:
    """The ``k`` passages sharing most bigrams with the question, ranked."""
    query = bigrams(question)
    best = sorted(pool, key=lambda c: -overlap(query, c.text))[:k]
    return [Context(**{**c.__dict__, "rank": i, "score": round(overlap(query, c.text), 3)}) for i, c in enumerate(best, 1)]


def questions(n: int) -> list[str]:
    """The first questions of each evals/*.jsonl file, interleaved, or a built-in list."""
    per_file: list[list[str]] = []
    for path in sorted((REPO / "evals").glob("*.jsonl")):
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        per_file.append([row["question"] for row in lines if not row.get("should_refuse")])
    mixed = [q for group in zip(*per_file, strict=False) for q in group] if per_file else []
    return (mixed or FALLBACK_QUESTIONS)[:n]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_backend(backend: str, cases: list[tuple[str, list[Context]]], data_dir: Path, max_tokens: int) -> dict:
    """Time each question with one backend; returns first-token/total lists and the backends that answered."""
    settings = load_settings(data_dir=data_dir, llm=backend, llm_timeout=120.0)
    composer = make_composer(settings, backend, max_tokens=max_tokens)
    load_s = 0.0
    if backend != "extractive":
        started = time.perf_counter()
        composer.warm_up()
        load_s = time.perf_counter() - started
    first, total, answered, chars = [], [], [], []
    for question, contexts in cases:
        started = time.perf_counter()
        first_at = None
        final: Composed | None = None
        for item in composer.stream(question, contexts):
            if first_at is None:
                first_at = time.perf_counter()
            if isinstance(item, Composed):
                final = item
        end = time.perf_counter()
        first.append(((first_at or end) - started) * 1000)
        total.append((end - started) * 1000)
        answered.append(final.llm if final else "?")
        chars.append(len(final.text) if final else 0)
    return {"first": first, "total": total, "answered": answered, "chars": chars, "load_s": load_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench answer", description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="extractive,local", help="comma-separated backends (default: extractive,local)")
    parser.add_argument("-n", "--questions", type=int, default=10, help="number of questions (default 10)")
    parser.add_argument("--max-tokens", type=int, default=300, help="answer length cap for model backends")
    parser.add_argument("--data-dir", type=Path, default=None, help="data dir holding models/ (default: a temp dir; the model is joined there)")
    args = parser.parse_args(argv)

    pool = passages(REPO / "knowledge")
    cases = [(q, contexts_for(q, pool)) for q in questions(args.questions)]
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="answer-bench-"))
    print(f"answer bench: {len(cases)} questions, {len(pool)} passages from knowledge/, 3 contexts each")
    results: dict[str, dict] = {}
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        r = results[backend] = run_backend(backend, cases, data_dir, args.max_tokens)
        fell_back = sum(a != backend for a in r["answered"])
        print(
            f"{backend:>12}: first token p50 {_pct(r['first'], .5):8.1f} ms  p95 {_pct(r['first'], .95):8.1f} ms | "
            f"whole answer p50 {_pct(r['total'], .5):8.1f} ms  p95 {_pct(r['total'], .95):8.1f} ms | "
            f"mean {statistics.mean(r['chars']):.0f} chars"
            + (f" | model load {r['load_s']:.1f} s" if r["load_s"] else "")
            + (f" | fell back {fell_back}/{len(cases)}" if fell_back else "")
        )
    if "extractive" in results:
        base = results["extractive"]
        for backend, r in results.items():
            if backend == "extractive":
                continue
            print(
                f"ratio {backend}/extractive: first token x{_pct(r['first'], .5) / max(_pct(base['first'], .5), 1e-3):.0f}, "
                f"whole answer x{_pct(r['total'], .5) / max(_pct(base['total'], .5), 1e-3):.0f} (p50)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
