"""Answer-composition benchmark: time to first token and whole-answer time per backend.

Run with ``python -m bench answer`` (or ``python -m bench.answer_bench``). Questions come from
``evals/*.jsonl`` (the first few of each file, report-only ``fresh_*``/``blind_*`` sets left out); each question gets fixed contexts: the three
~300-character passages of ``knowledge/`` that share most character bigrams with it, read straight
from the Markdown files, so the benchmark does not depend on the store or the embedding model.
Prints p50/p95 per backend and the local/extractive ratios. For the ``local`` backend it also prints
the CPU variant the model process chose, the model's own first token (the extracted 结论 is shown
before it), the prompt tokens per answer (all, and new ones after the
KV-cached system prompt), measured prompt and generation tokens/s, and checks the targets of issue 8:
first token p50 <= 1.2 x (new prompt tokens / prompt tokens per s) + 0.5 s (<= 3 s with AVX-512),
whole answer p50 <= 10 s.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from assistant.extractive import bigrams, overlap
from assistant.generation import Composed, make_composer
from assistant.types import Context
from bench.scratch import scratch_dir
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
    """The first questions of each evals/*.jsonl file, interleaved, or a built-in list.

    The report-only sets (``fresh_*``, ``blind_*``) are left out: nothing reads their answers here,
    but a benchmark that prints answers must not become a way of looking at them.
    """
    per_file: list[list[str]] = []
    for path in sorted((REPO / "evals").glob("*.jsonl")):
        if path.name.startswith(("fresh_", "blind_")):
            continue
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        per_file.append([row["question"] for row in lines if not row.get("should_refuse")])
    mixed = [q for group in zip(*per_file, strict=False) for q in group] if per_file else []
    unique = list(dict.fromkeys(mixed))  # collab_qa.jsonl and ci_slice.jsonl repeat other files' lines
    return (unique or FALLBACK_QUESTIONS)[:n]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _post(url: str, body: dict, timeout: float = 300.0) -> dict:
    import urllib.request

    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def token_count(root: str, text: str) -> int:
    """Tokens of ``text`` for the served model (llama-cpp-python's /extras/tokenize)."""
    return len(_post(f"{root}/extras/tokenize", {"input": text})["tokens"])


TEMPLATE_TOKENS = 5
"""Chat-template tokens around one message (<|im_start|>role\n … <|im_end|>\n) for Qwen2.5."""


def prompt_tokens(root: str, composer, question: str, contexts: list[Context]) -> tuple[int, int]:
    """(all prompt tokens, new ones after the cached system prompt) of the answer the product sends."""
    from assistant.extractive import compose_extractive

    conclusion = composer.conclusion(compose_extractive(question, contexts))
    system, user = composer.model_messages(question, contexts, conclusion)
    sys_tokens = token_count(root, str(system.content)) + TEMPLATE_TOKENS
    new = token_count(root, str(user.content)) + TEMPLATE_TOKENS + 3  # + "<|im_start|>assistant\n"
    return sys_tokens + new, new


def model_speed(base_url: str, rounds: int = 3) -> dict[str, float]:
    """Prompt and generation tokens/s of the served model, measured on fresh (uncached) prompts."""
    text = "跨部门协作需求单由服务方在收到后1个工作日内响应，紧急需求4小时内响应，逾期自动催办并计入考核。"
    prompt_rates, gen_rates = [], []
    for i in range(rounds):
        body = {"model": "local", "messages": [{"role": "user", "content": f"第{i}轮 {time.time()} " + text * 6}], "max_tokens": 1}
        started = time.perf_counter()
        out = _post(f"{base_url}/chat/completions", body)
        prompt_s = time.perf_counter() - started
        prompt_rates.append(out["usage"]["prompt_tokens"] / prompt_s)
        body = {"model": "local", "max_tokens": 64, "temperature": 0.8,
                "messages": [{"role": "user", "content": f"第{i}轮：从1数到200，用逗号分隔，不要省略。"}]}
        started = time.perf_counter()
        out = _post(f"{base_url}/chat/completions", body)
        elapsed = time.perf_counter() - started
        usage = out["usage"]
        gen_rates.append(usage["completion_tokens"] / max(1e-3, elapsed - usage["prompt_tokens"] / prompt_rates[-1]))
    return {"prompt_tps": statistics.median(prompt_rates), "gen_tps": statistics.median(gen_rates)}


def local_report(composer, cases: list[tuple[str, list[Context]]], r: dict) -> None:
    """CPU variant, prompt sizes, model speed and the issue-8 targets for the local backend."""
    backend = composer.backend
    status = backend.status() if backend is not None else {}
    base_url = status.get("base_url") or ""
    if not base_url:
        print("   (no local model process: skipped the speed report)")
        return
    root = base_url[: -len("/v1")]
    sizes = [prompt_tokens(root, composer, q, c) for q, c in cases]
    speed = model_speed(base_url)
    all_p50 = statistics.median(a for a, _ in sizes)
    new_p50 = statistics.median(n for _, n in sizes)
    first_p50 = _pct(r["model_first"] or r["first"], .5) / 1000
    whole_p50 = _pct(r["total"], .5) / 1000
    bound = 1.2 * new_p50 / speed["prompt_tps"] + 0.5
    print(f"   CPU variant {status.get('cpu_variant')}, threads {status.get('threads')}, model pid {status.get('pid')}")
    print(f"   prompt tokens per answer p50 {all_p50:.0f} (new after the cached system prompt: {new_p50:.0f}), "
          f"max {max(a for a, _ in sizes)}")
    print(f"   model speed: prompt {speed['prompt_tps']:.1f} tokens/s, generation {speed['gen_tps']:.1f} tokens/s")
    print(f"   targets: prompt tokens p50 {all_p50:.0f} <= 350 {'PASS' if all_p50 <= 350 else 'MISS'} | "
          f"first token p50 {first_p50:.2f} s <= 1.2 x {new_p50:.0f}/{speed['prompt_tps']:.0f} + 0.5 = {bound:.2f} s "
          f"{'PASS' if first_p50 <= bound else 'MISS'}"
          + (f" | <= 3 s (AVX-512) {'PASS' if first_p50 <= 3 else 'MISS'}" if "avx512" in _cpu_flags() else "")
          + f" | whole answer p50 {whole_p50:.2f} s <= 10 s {'PASS' if whole_p50 <= 10 else 'MISS'}")


def _cpu_flags() -> str:
    try:
        return Path("/proc/cpuinfo").read_text()
    except OSError:
        return ""


def run_backend(backend: str, cases: list[tuple[str, list[Context]]], data_dir: Path, max_tokens: int) -> dict:
    """Time each question with one backend; returns first-token/total lists and the backends that answered."""
    settings = load_settings(data_dir=data_dir, llm=backend, llm_timeout=120.0)
    composer = make_composer(settings, backend, max_tokens=max_tokens)
    load_s = 0.0
    if backend != "extractive":
        started = time.perf_counter()
        composer.warm_up()
        load_s = time.perf_counter() - started
    first, total, answered, chars, model_first = [], [], [], [], []
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
        if final and "model_first_token_ms" in final.timings:
            model_first.append(final.timings["model_first_token_ms"])
    return {"first": first, "total": total, "answered": answered, "chars": chars, "load_s": load_s, "composer": composer,
            "model_first": model_first}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench answer", description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="extractive,local", help="comma-separated backends (default: extractive,local)")
    parser.add_argument("-n", "--questions", type=int, default=10, help="number of questions (default 10)")
    parser.add_argument("--max-tokens", type=int, default=200, help="answer length cap for model backends")
    parser.add_argument("--data-dir", type=Path, default=None, help="data dir holding models/ (default: a temp dir; the model is joined there)")
    args = parser.parse_args(argv)

    pool = passages(REPO / "knowledge")
    cases = [(q, contexts_for(q, pool)) for q in questions(args.questions)]
    data_dir = args.data_dir or scratch_dir("answer-bench-")
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
        if r["model_first"]:
            print(f"{'':>12}  (first text is the extracted 结论; the model's first token p50 "
                  f"{_pct(r['model_first'], .5):.1f} ms  p95 {_pct(r['model_first'], .95):.1f} ms)")
        if backend == "local":
            local_report(r["composer"], cases, r)
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
