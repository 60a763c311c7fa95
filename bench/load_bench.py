"""Load benchmark of the web app: N simultaneous users (gradio_client threads) each asking Q questions.

``python -m bench load [--llm extractive,local] [--users 20] [--questions 5]`` serves the app on a free
loopback port over the configured data dir (synced and warmed up first, as ``advisor web`` does), then reports
per backend: errors (must be 0), p50/p95 time to first streamed update and to the whole answer, wall time, and the
latency of retrieval-only ``/search`` calls made while answers are generating (they must not wait behind them).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field

QUESTIONS = [
    "跨部门会议纪要应在多长时间内发出？",
    "其他部门推诿时我该怎么推进？",
    "协作分歧什么时候应该升级到部门负责人？",
    "如何和兄弟部门约定内部服务水平？",
    "跨职能项目团队启动时要明确哪些事项？",
    "RACI矩阵里A和R有什么区别？",
    "需求变更没人负责怎么办？",
    "信息共享需要走什么审批？",
    "如何提升跨部门的沟通效率？",
    "跨部门例会多久开一次？",
]


@dataclass
class Timings:
    first: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    search: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)  # server-side answer time (no queue wait)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[idx]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _user(url: str, user_no: int, n_questions: int, barrier: threading.Barrier, out: Timings,
          deadline: float) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001
        with out.lock:
            out.errors.append(f"user {user_no}: connect: {exc}")
        barrier.abort()
        return
    try:
        barrier.wait()
    except threading.BrokenBarrierError:  # another simulated user could not connect
        return
    for i in range(n_questions):
        if time.perf_counter() > deadline:
            break
        question = QUESTIONS[(user_no + i) % len(QUESTIONS)]
        start = time.perf_counter()
        first = None
        try:
            job = client.submit(question=question, api_name="/ask")
            for update in job:
                if first is None and update and update.get("answer"):
                    first = time.perf_counter() - start
            result = job.result()
            total = time.perf_counter() - start
            if not result or not result.get("done"):
                raise RuntimeError(f"no final answer: {result!r}")
        except Exception as exc:  # noqa: BLE001
            with out.lock:
                out.errors.append(f"user {user_no} q{i}: {type(exc).__name__}: {exc}")
            continue
        with out.lock:
            out.first.append(first if first is not None else total)
            out.total.append(total)
            out.server.append(float(result.get("latency_ms", {}).get("total", float("nan"))) / 1000)
            done = len(out.total)
        if done % 10 == 0:
            print(f"  {done} answers done (last: user {user_no}, {total:.1f}s)", flush=True)


def _searcher(url: str, stop: threading.Event, out: Timings) -> None:
    """Retrieval-only calls while answers generate: measures that browsing is not queued behind them."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    i = 0
    while not stop.is_set():
        start = time.perf_counter()
        try:
            client.predict(query=QUESTIONS[i % len(QUESTIONS)], k=5, api_name="/search")
            with out.lock:
                out.search.append(time.perf_counter() - start)
        except Exception as exc:  # noqa: BLE001
            with out.lock:
                out.errors.append(f"search: {exc}")
        i += 1
        stop.wait(1.0)


def run_mode(llm: str, users: int, questions: int, max_seconds: float) -> tuple[Timings, float]:
    """Serve the app with backend ``llm`` and drive it with ``users`` threads."""
    from assistant.advisor import Advisor
    from ingest.settings import load_settings
    from web.server import ensure_synced, start

    settings = load_settings(llm=llm, port=_free_port(), host="127.0.0.1")
    settings.users_file = None  # one local user: the bench measures answering, not login
    advisor = Advisor.from_settings(settings, llm=llm)
    ensure_synced(settings, advisor)
    advisor.warm_up(model=True)  # as the real server does before it serves (``web.server.start(block=True)``):
    # the derived files of a freshly synced store (calibration, glossary, case index) are built now, not in
    # the first users' answers
    demo = start(settings, advisor, sync=False, block=False)
    out = Timings()
    try:
        barrier = threading.Barrier(users)
        deadline = time.perf_counter() + max_seconds
        threads = [threading.Thread(target=_user, args=(demo.local_url, n, questions, barrier, out, deadline))
                   for n in range(users)]
        stop = threading.Event()
        searcher = threading.Thread(target=_searcher, args=(demo.local_url, stop, out))
        started = time.perf_counter()
        for t in threads:
            t.start()
        searcher.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        stop.set()
        searcher.join()
    finally:
        demo.close()
    return out, wall


def report(llm: str, users: int, questions: int, out: Timings, wall: float) -> str:
    n = len(out.total)
    lines = [
        f"== web load: llm={llm} users={users} questions/user={questions}",
        f"answers {n}/{users * questions}  errors {len(out.errors)}  wall {wall:.1f}s  throughput {n / wall:.2f} answers/s",
        f"first update  p50 {percentile(out.first, 50):.2f}s  p95 {percentile(out.first, 95):.2f}s",
        f"whole answer  p50 {percentile(out.total, 50):.2f}s  p95 {percentile(out.total, 95):.2f}s"
        f"  (mean {statistics.fmean(out.total) if out.total else float('nan'):.2f}s)",
        f"server time   p50 {percentile(out.server, 50):.2f}s  p95 {percentile(out.server, 95):.2f}s  (one answer without queue wait)",
        f"/search during load  n={len(out.search)}  p50 {percentile(out.search, 50):.2f}s  p95 {percentile(out.search, 95):.2f}s"
        f"  ratio p50(search)/p50(answer) {percentile(out.search, 50) / percentile(out.total, 50):.3f}"
        if out.search and out.total else "/search during load  n=0",
    ]
    lines += [f"  error: {e}" for e in out.errors[:10]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__.splitlines()[0])
    parser.add_argument("--llm", default="extractive,local", help="comma-separated backends to run")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=5, help="questions per user")
    parser.add_argument("--max-seconds", type=float, default=3600,
                        help="stop asking new questions after this long (answers in flight still finish)")
    args = parser.parse_args(argv)
    failed = False
    for llm in [m.strip() for m in args.llm.split(",") if m.strip()]:
        out, wall = run_mode(llm, args.users, args.questions, args.max_seconds)
        print(report(llm, args.users, args.questions, out, wall), flush=True)
        failed |= bool(out.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
