"""Does retrieval generalise? hit@1/hit@5/MRR on the tuning split, the held-out split and public corpora.

Run with ``python -m bench generalisation`` (options: ``--help``). Prints one table: corpus, method,
n, hit@1, hit@5, MRR, and with ``--sweep`` the tuning-split grid the defaults were chosen from.

Corpora:

* ``kb-tune`` / ``kb-heldout``: the shipped ``knowledge/`` with the questions of ``evals/collab_qa.jsonl``
  in ``evals/splits/tune.txt`` / ``heldout.txt`` (answerable ones; relevance = CONTRACTS rule).
* ``rgb-hard``: the first 25 RGB questions, each with 1 positive and 15 of its own negatives (passages on
  the same news event without the answer): ranking inside a topic, not finding the topic.
* ``rgb`` and ``cmrc``: public Chinese corpora made by ``../shared/datasets/{rgb,cmrc2018}/to_eval.py``
  into ``--work`` (never into the repo), reduced to a subset (``--questions``, ``--passages``) because
  embedding thousands of passages takes long here. Relevance = the gold passage's file.
* ``cmrc-full-{tune,heldout}``, ``rgb-full-{tune,heldout}``, ``rgb-one-{tune,heldout}``: every CMRC
  passage (3 questions each) / the first ``--rgb-full-questions`` RGB questions with all their passages
  (``rgb-one``: only each question's first positive kept), questions split by sha1 of the id.

Methods: ``dense whole passage`` (each document embedded whole, the same model), ``bm25 char-bigram``
(whole documents), ``dense chunks, plain cosine`` and ``bm25 char-bigram, chunks`` (the same baselines over the
product's chunks: the fair passage-level comparison where documents are long), ``hybrid v1`` (the previous product ranking: bare chunks, no whole short
documents, no per-document cap, keyword weight 1.5), ``hybrid h9r2`` (equal RRF constants 60/60, no
list-top rule) and ``hybrid now`` (the product defaults of
``assistant.retrieval`` and ``ingest.chunking``). Dense search runs in numpy over the same vectors
Chroma would hold (exact cosine); embeddings are cached in ``--work`` so re-runs are fast.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]


def datasets_dir() -> Path:
    """The folder holding rgb/ and cmrc2018/: the evaluation suite's rule (``$ADVISOR_DATASETS``, else
    ``../shared/datasets`` beside the repository, else the workplace's shared folder), so a worktree elsewhere finds them."""
    from evaluation.suite.runner import default_datasets

    return default_datasets()


SPLITS = REPO / "evals" / "splits"
FETCH_K = 30
EQUAL_RRF = {"dense_rrf_k": 60, "keyword_rrf_k": 60, "list_top_within": 0}  # fusion before branch h9f


# ----------------------------------------------------------------------------- splits
def split_of(qid: str) -> str:
    """``tune`` or ``heldout``: the listed split (evals/splits/*.txt), else by sha1 of the id (even = tune)."""
    for name in ("tune", "heldout"):
        path = SPLITS / f"{name}.txt"
        if path.exists() and qid in path.read_text(encoding="utf-8").split():
            return name
    return "tune" if int(hashlib.sha1(qid.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "heldout"


# ----------------------------------------------------------------------------- corpora
@dataclass
class Corpus:
    name: str
    root: Path
    files: list[Path]
    questions: list[dict]
    docs: list = field(default_factory=list)  # LoadedDocument per file
    with_v1: bool = True  # also rank with the v1 chunks (costs one more embedding pass)

    def load(self) -> "Corpus":
        from ingest.errors import IngestError
        from ingest.loaders import load_file

        self.docs = []
        for p in self.files:
            try:
                self.docs.append(load_file(p, self.root, 50 * 2**20))
            except IngestError as exc:  # as ingest does: the file is reported and left out
                print(f"  skipped {exc}", flush=True)
        return self


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def kb_corpus(split: str) -> Corpus:
    from ingest.loaders import discover

    root = REPO / "knowledge"
    rows = [r for r in _rows(REPO / "evals" / "collab_qa.jsonl")
            if split_of(r["id"]) == split and not r.get("should_refuse")
            and (r.get("evidence_any") or r.get("expected_sources"))]
    files = [p for p in discover(root) if p.suffix in (".md", ".txt", ".docx", ".pdf", ".html", ".htm")]
    return Corpus(f"kb-{split}", root, files, rows)


def _to_eval(script: Path, out: Path, *args: str) -> Path:
    if not (out / "questions.jsonl").exists():
        subprocess.run([sys.executable, str(script), str(out), *args], check=True, stdout=subprocess.DEVNULL)
    return out


def rgb_corpus(work: Path, n_questions: int, per_question: int = 2, negatives: int | None = None,
               name: str = "rgb") -> Corpus | None:
    """First ``n_questions`` RGB questions; per question its first ``per_question`` positives and
    ``negatives`` (default ``per_question``) of its own negatives (same news event, no answer)."""
    script = datasets_dir() / "rgb" / "to_eval.py"
    if not script.exists():
        return None
    out = _to_eval(script, work / "rgb-src", "--limit", str(n_questions))
    rows = _rows(out / "questions.jsonl")[:n_questions]
    names = sorted(p.name for p in (out / "corpus").iterdir())
    index = {n: i for i, n in enumerate(names)}
    keep: list[str] = []
    questions = []
    for i, r in enumerate(rows):
        pos = [p for p in r["expected_sources"] if p in index]
        last = max(index[p] for p in pos)
        nxt = min((index[p] for p in rows[i + 1]["expected_sources"] if index[p] > last), default=len(names)) \
            if i + 1 < len(rows) else len(names)
        own_negatives = [names[j] for j in range(last + 1, nxt)][:per_question if negatives is None else negatives]
        chosen = pos[:per_question]
        keep += chosen + own_negatives
        questions.append({**r, "expected_sources": chosen})
    files = [out / "corpus" / n for n in dict.fromkeys(keep)]
    return Corpus(name, out / "corpus", files, questions)


def cmrc_corpus(work: Path, n_passages: int, n_questions: int) -> Corpus | None:
    """The first ``n_passages`` CMRC passages (whole articles: hard negatives) and one question on
    every ``n_passages // n_questions``-th of them."""
    script = datasets_dir() / "cmrc2018" / "to_eval.py"
    if not script.exists():
        return None
    out = _to_eval(script, work / "cmrc-src")
    files = sorted((out / "corpus").iterdir())[:n_passages]
    names = {p.name for p in files}
    step = max(1, n_passages // n_questions)
    wanted = {p.name for p in files[::step]}
    rows = [r for r in _rows(out / "questions.jsonl") if r["expected_sources"][0] in wanted and r["expected_sources"][0] in names]
    return Corpus("cmrc", out / "corpus", files, rows[:n_questions])


def full_corpus(work: Path, dataset: str, split: str, per_passage: int = 3, rgb_questions: int = 0,
                one_positive: bool = False) -> Corpus | None:
    """Every passage of a public corpus (``cmrc`` 848 Wikipedia passages, ``rgb`` 7,337 news passages with
    many near-duplicates on one event) and the questions of one split (sha1 of the id, like the kb split).

    CMRC keeps ``per_passage`` questions per passage; ``rgb_questions`` > 0 keeps the first N RGB questions and
    every passage (positive or negative) written for them. ``one_positive`` (RGB) removes every positive but
    each question's first from the corpus, so one file holds the answer. Relevance = the gold passage's file."""
    folder = {"cmrc": "cmrc2018", "rgb": "rgb"}[dataset]
    script = datasets_dir() / folder / "to_eval.py"
    if not script.exists():
        return None
    if dataset == "cmrc":
        out = _to_eval(script, work / "cmrc-full-src", "--per-passage", str(per_passage))
    elif rgb_questions:  # the passages of the first N questions (embedding all 7,337 takes long here)
        out = _to_eval(script, work / f"rgb-q{rgb_questions}-src", "--limit", str(rgb_questions))
    else:
        out = _to_eval(script, work / "rgb-full-src")
    rows = _rows(out / "questions.jsonl")
    files = sorted((out / "corpus").iterdir())
    name = f"{dataset}-full-{split}"
    if one_positive:  # only each question's first positive stays: the one passage with the answer among the rest
        extra = {p for r in rows for p in r["expected_sources"][1:]} - {r["expected_sources"][0] for r in rows}
        files = [f for f in files if f.name not in extra]
        rows = [{**r, "expected_sources": r["expected_sources"][:1]} for r in rows]
        name = f"{dataset}-one-{split}"
    rows = [r for r in rows if split_of(r["id"]) == split]
    return Corpus(name, out / "corpus", files, rows, with_v1=False)


# ----------------------------------------------------------------------------- embedding cache
class EmbedCache:
    """Vectors by sha256(model, kind, text), kept in ``path`` (npz) between runs."""

    BATCH = 512

    def __init__(self, emb, path: Path) -> None:
        self.emb, self.path = emb, path
        self.vecs: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                self.vecs = {k: data[k] for k in data.files}

    def _key(self, text: str, query: bool) -> str:
        return hashlib.sha256(f"{self.emb.model_id}\0{int(query)}\0{text}".encode("utf-8")).hexdigest()

    def encode(self, texts: Sequence[str], query: bool = False) -> np.ndarray:
        keys = [self._key(t, query) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self.vecs))
        if missing:
            by_key = dict(zip(keys, texts))
            t = time.perf_counter()
            for start in range(0, len(missing), self.BATCH):  # saved per batch: a stopped run keeps its work
                batch = missing[start:start + self.BATCH]
                self.vecs.update(zip(batch, self.emb.encode([by_key[k] for k in batch], is_query=query)))
                self.save()
            print(f"  embedded {len(missing)} {'queries' if query else 'passages'} in {time.perf_counter() - t:.0f} s",
                  flush=True)
        if not keys:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self.vecs[k] for k in keys])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, **self.vecs)
        tmp.replace(self.path)


# ----------------------------------------------------------------------------- metrics
def relevant(row: dict, source: str, text: str) -> bool:
    from bench.retrieval_bench import is_relevant

    return is_relevant(row, source, text)


def score(rows: list[dict], ranked: list[list[tuple[str, str]]], k: int = 5) -> dict:
    """hit@1, hit@k, MRR (over the first 10) for ranked ``(source, text)`` lists (CONTRACTS relevance), and
    ``file hit@k`` / ``file mrr``: judged by the gold file only (``expected_sources``), as issue 9 judges."""
    by_file = [{"expected_sources": r.get("expected_sources") or []} for r in rows]
    out = _score(rows, ranked, k)
    files = _score(by_file, ranked, k)
    return {**out, f"file hit@{k}": files[f"hit@{k}"], "file mrr": files["mrr"]}


def _score(rows: list[dict], ranked: list[list[tuple[str, str]]], k: int) -> dict:
    h1 = hk = rr = 0.0
    for row, ranking in zip(rows, ranked):
        first = next((i for i, (s, t) in enumerate(ranking[:10], 1) if relevant(row, s, t)), None)
        if first:
            rr += 1 / first
            h1 += first == 1
            hk += first <= k
    n = max(len(rows), 1)
    return {"n": len(rows), "hit@1": h1 / n, f"hit@{k}": hk / n, "mrr": rr / n}


def doc_text(doc) -> str:
    return "\n".join(b.text for b in doc.blocks)


# ----------------------------------------------------------------------------- baselines
def dense_whole(corpus: Corpus, cache: EmbedCache, qvecs: np.ndarray) -> list[list[tuple[str, str]]]:
    texts = [doc_text(d) for d in corpus.docs]
    mat = cache.encode(texts)
    sims = qvecs @ mat.T
    return [[(corpus.docs[j].source, texts[j]) for j in np.argsort(-row)[:10]] for row in sims]


def bigrams(text: str) -> list[str]:
    compact = "".join(text.split()).lower()
    return [compact[i:i + 2] for i in range(len(compact) - 1)] or ([compact] if compact else [])


def bm25_bigram(corpus: Corpus) -> list[list[tuple[str, str]]]:
    """Character-bigram BM25 over whole documents."""
    return bm25_ranked([(d.source, doc_text(d)) for d in corpus.docs], corpus.questions)


def bm25_ranked(items: Sequence[tuple[str, str]], rows: Sequence[dict]) -> list[list[tuple[str, str]]]:
    """Character-bigram BM25 over ``(source, text)`` items: the top 10 per question."""
    import bm25s

    texts = [t for _, t in items]
    model = bm25s.BM25()
    model.index([bigrams(t) for t in texts], show_progress=False)
    vocab = model.vocab_dict
    out = []
    for row in rows:
        ids = [vocab[t] for t in bigrams(row["question"]) if t in vocab]
        scores = np.asarray(model.get_scores_from_ids(ids), dtype=np.float32) if ids else np.zeros(len(texts))
        out.append([items[j] for j in np.argsort(-scores, kind="stable")[:10]])
    return out


def chunk_baselines(index: "ChunkIndex", rows: list[dict], qvecs: np.ndarray) -> dict[str, list[list[tuple[str, str]]]]:
    """Plain dense and plain BM25 over the product's own chunks: the fair passage-level baselines.

    A whole document holds every clause it has, so on a corpus of long documents (``knowledge/``) the whole-passage
    baselines' "passage hit@5" is a file hit judged on far more text than five chunks; compare the hybrid's passage
    figures with these, its file figures with the whole-passage ones."""
    items = [(c.metadata["source"], c.page_content) for c in index.chunks]
    sims = qvecs @ index.matrix.T
    dense = [[items[j] for j in np.argsort(-row, kind="stable")[:10]] for row in sims]
    from ingest.chunking import chunk_index_text

    indexed = [(c.metadata["source"], chunk_index_text(c)) for c in index.chunks]
    by_indexed = dict(zip(indexed, items))
    keyword = [[by_indexed[i] for i in ranking] for ranking in bm25_ranked(indexed, rows)]
    return {"dense chunks, plain cosine": dense, "bm25 char-bigram, chunks": keyword}


# ----------------------------------------------------------------------------- the product ranking
@dataclass
class Variant:
    """One chunking + indexing configuration; ranking knobs are applied per query."""

    size: int = 300
    prefix: bool = True
    whole_factor: float = 1.5


class ChunkIndex:
    """Chunks of a corpus under one ``Variant``: vectors (cached) and a real ``KeywordIndex``."""

    def __init__(self, corpus: Corpus, variant: Variant, cache: EmbedCache) -> None:
        from langchain_core.documents import Document

        from ingest.chunking import chunk_document, chunk_index_text
        from ingest.keyword_index import KeywordIndex

        chunks = []
        for doc in corpus.docs:
            for c in chunk_document(doc, variant.size, whole_doc_factor=variant.whole_factor):
                if not variant.prefix:
                    c.metadata["header"] = ""
                c.id = f"{c.metadata['version_key']}:{c.metadata['chunk_index']}"
                chunks.append(c)
        self.chunks: list[Document] = chunks
        texts = [chunk_index_text(c) for c in chunks]
        self.matrix = cache.encode(texts)
        if not variant.prefix:  # v1 indexed title and section for BM25 (not for the vectors)
            for c in chunks:
                c.metadata["header"] = " ".join(p for p in (c.metadata["title"], c.metadata["section"]) if p)
        self.keyword = KeywordIndex.build(chunks, 0)
        if not variant.prefix:
            for c in chunks:
                c.metadata["header"] = ""
        self.by_id = {c.id: c for c in chunks}

    def candidates(self, query: str, qvec: np.ndarray) -> tuple[list, list]:
        sims = self.matrix @ qvec
        top = np.argsort(-sims)[:FETCH_K]
        dense = [(self.chunks[i], float(sims[i])) for i in top]
        keyword = [(self.by_id[cid], s) for cid, s in self.keyword.search(query, FETCH_K)]
        return dense, keyword


def hybrid(index: ChunkIndex, rows: list[dict], qvecs: np.ndarray, *, dense_weight: float, keyword_weight: float,
           cap: int | None, decay: float | None = None, legacy: bool = False,
           **fusion: int) -> list[list[tuple[str, str]]]:
    """The product's ``fuse_candidates``; ``legacy`` = the ranking before issue 9 item 1's second round
    (near-duplicates dropped across documents, no per-document decay)."""
    from assistant.fusion import drop_near_duplicates
    from assistant.retrieval import DEFAULT_DOCUMENT_DECAY, diversify, fuse_candidates

    decay = DEFAULT_DOCUMENT_DECAY if decay is None else decay
    out = []
    for row, q in zip(rows, qvecs):
        dense, keyword = index.candidates(row["question"], q)
        if legacy:
            hits = fuse_candidates(dense, keyword, dense_weight=dense_weight, keyword_weight=keyword_weight,
                                   max_per_document=None, document_decay=1.0, **EQUAL_RRF)
            hits = diversify(drop_near_duplicates(hits, lambda h: h.doc.page_content), cap)
        else:
            hits = fuse_candidates(dense, keyword, dense_weight=dense_weight, keyword_weight=keyword_weight,
                                   max_per_document=cap, document_decay=decay, **fusion)
        out.append([(h.doc.metadata["source"], h.doc.page_content) for h in hits[:10]])
    return out


# ----------------------------------------------------------------------------- run
def queries(rows: list[dict]) -> list[str]:
    from assistant.followup import FollowupRewriter

    rw = FollowupRewriter()
    return [rw.rewrite(r["question"], r.get("history")) for r in rows]


def evaluate(corpus: Corpus, cache: EmbedCache, sweep: bool) -> list[tuple[str, str, dict]]:
    from assistant.retrieval import (DEFAULT_DENSE_RRF_K, DEFAULT_DENSE_WEIGHT, DEFAULT_KEYWORD_RRF_K,
                                     DEFAULT_KEYWORD_WEIGHT, DEFAULT_LIST_TOP_WITHIN, DEFAULT_MAX_PER_DOCUMENT,
                                     DEFAULT_STORY_DOCUMENT_DECAY, DEFAULT_STORY_MAX_PER_DOCUMENT)
    from ingest.chunking import WHOLE_DOC_FACTOR

    t = time.perf_counter()
    corpus.load()
    rows = corpus.questions
    for r, q in zip(rows, queries(rows)):
        r["question_rewritten"] = q
    qrows = [{**r, "question": r["question_rewritten"]} for r in rows]
    qvecs = cache.encode([r["question"] for r in qrows], query=True)
    print(f"{corpus.name}: {len(corpus.docs)} documents, {len(rows)} questions", flush=True)
    table: list[tuple[str, str, dict]] = []

    def add(method: str, ranked) -> None:
        m = score(qrows, ranked)
        table.append((corpus.name, method, m))
        print(f"  {method:46s} n={m['n']:3d} hit@1 {m['hit@1']:.3f} hit@5 {m['hit@5']:.3f} MRR {m['mrr']:.3f}"
              f" | file hit@5 {m['file hit@5']:.3f} MRR {m['file mrr']:.3f}", flush=True)

    add("dense whole passage", dense_whole(corpus, cache, qvecs))
    add("bm25 char-bigram", bm25_bigram(Corpus(corpus.name, corpus.root, corpus.files, qrows, corpus.docs)))
    if corpus.with_v1:
        v1 = ChunkIndex(corpus, Variant(300, prefix=False, whole_factor=0), cache)
        add("hybrid v1 (bare chunks, kw 1.5, no cap)",
            hybrid(v1, qrows, qvecs, dense_weight=1, keyword_weight=1.5, cap=None, legacy=True))
    default = ChunkIndex(corpus, Variant(300, prefix=True, whole_factor=WHOLE_DOC_FACTOR), cache)
    for method, ranked in chunk_baselines(default, qrows, qvecs).items():
        add(method, ranked)
    add("hybrid before (kw 1, cap 3, dedup across files)",
        hybrid(default, qrows, qvecs, dense_weight=1, keyword_weight=1, cap=3, legacy=True))
    add("hybrid h9r2 (RRF 60/60, decay 0.9, cap 3)",
        hybrid(default, qrows, qvecs, dense_weight=DEFAULT_DENSE_WEIGHT, keyword_weight=DEFAULT_KEYWORD_WEIGHT,
               cap=DEFAULT_MAX_PER_DOCUMENT, **EQUAL_RRF))
    add(f"hybrid now (RRF {DEFAULT_DENSE_RRF_K}/{DEFAULT_KEYWORD_RRF_K}, list tops in top {DEFAULT_LIST_TOP_WITHIN})",
        hybrid(default, qrows, qvecs, dense_weight=DEFAULT_DENSE_WEIGHT, keyword_weight=DEFAULT_KEYWORD_WEIGHT,
               cap=DEFAULT_MAX_PER_DOCUMENT))
    add("hybrid now without the per-document cap and decay (stories)",
        hybrid(default, qrows, qvecs, dense_weight=DEFAULT_DENSE_WEIGHT, keyword_weight=DEFAULT_KEYWORD_WEIGHT,
               cap=DEFAULT_STORY_MAX_PER_DOCUMENT, decay=DEFAULT_STORY_DOCUMENT_DECAY))
    add("hybrid, RRF 20/60 without list tops (not adopted)",
        hybrid(default, qrows, qvecs, dense_weight=DEFAULT_DENSE_WEIGHT, keyword_weight=DEFAULT_KEYWORD_WEIGHT,
               cap=DEFAULT_MAX_PER_DOCUMENT, list_top_within=0))
    add("hybrid h9r2, keyword weight 0.5 (not adopted)",
        hybrid(default, qrows, qvecs, dense_weight=DEFAULT_DENSE_WEIGHT, keyword_weight=0.5, cap=DEFAULT_MAX_PER_DOCUMENT,
               **EQUAL_RRF))
    add("dense chunks only (not adopted)",
        hybrid(default, qrows, qvecs, dense_weight=1.0, keyword_weight=0.0, cap=DEFAULT_MAX_PER_DOCUMENT))
    if sweep:
        grid: list[tuple[str, ChunkIndex]] = [("300 +header whole", default)]
        grid.append(("300 +header", ChunkIndex(corpus, Variant(300, True, 0), cache)))
        grid.append(("300 whole", ChunkIndex(corpus, Variant(300, False, WHOLE_DOC_FACTOR), cache)))
        for size in (200, 400):
            grid.append((f"{size} +header whole", ChunkIndex(corpus, Variant(size, True, WHOLE_DOC_FACTOR), cache)))
        for label, index in grid:
            for kw in (0.0, 0.5, 1.0, 1.5, 2.0):
                for cap in (None, 1, 2, 3):
                    dw = 1.0
                    name = f"{label} kw {kw:g} cap {cap or '-'}"
                    add(name, hybrid(index, qrows, qvecs, dense_weight=dw, keyword_weight=kw, cap=cap))
            add(f"{label} dense only", hybrid(index, qrows, qvecs, dense_weight=1, keyword_weight=0, cap=None))
            add(f"{label} keyword only", hybrid(index, qrows, qvecs, dense_weight=0, keyword_weight=1, cap=None))
    print(f"  ({time.perf_counter() - t:.0f} s)", flush=True)
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench generalisation", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", default=["kb-tune", "kb-heldout", "rgb", "rgb-hard", "cmrc"],
                        help="kb-tune kb-heldout rgb rgb-hard cmrc, or the whole public corpora with a question "
                             "split: cmrc-full-tune cmrc-full-heldout rgb-full-tune rgb-full-heldout "
                             "(default: the first five)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/advisor-bench-generalisation"),
                        help="where corpora and the embedding cache go (outside the repo)")
    parser.add_argument("--rgb-questions", type=int, default=100, help="RGB questions (2 positives + 2 negatives each)")
    parser.add_argument("--passages", type=int, default=200, help="CMRC passages")
    parser.add_argument("--questions", type=int, default=50, help="CMRC questions (one per passage, spread)")
    parser.add_argument("--per-passage", type=int, default=3, help="CMRC questions per passage (cmrc-full-*)")
    parser.add_argument("--rgb-full-questions", type=int, default=0,
                        help="rgb-full-*: the first N questions and their passages (0 = all 300, 7,337 passages)")
    parser.add_argument("--sweep", action="store_true", help="also print the tuning grid (use on kb-tune)")
    parser.add_argument("--json", type=Path, default=None, help="write the table as JSON here")
    args = parser.parse_args(argv)

    from ingest.embeddings import make_embeddings
    from ingest.settings import Settings

    settings = Settings(_env_file=None, data_dir=args.work / "data")
    emb = make_embeddings(settings)
    cache = EmbedCache(emb, args.work / f"embeddings-{emb.model_id.replace('/', '_').replace(':', '_')}.npz")
    makers: dict[str, Callable[[], Corpus | None]] = {
        "kb-tune": lambda: kb_corpus("tune"),
        "kb-heldout": lambda: kb_corpus("heldout"),
        "rgb": lambda: rgb_corpus(args.work, args.rgb_questions),
        "rgb-hard": lambda: rgb_corpus(args.work, 25, per_question=1, negatives=15, name="rgb-hard"),
        "cmrc": lambda: cmrc_corpus(args.work, args.passages, args.questions),
    }
    for dataset in ("cmrc", "rgb"):
        for split in ("tune", "heldout"):
            makers[f"{dataset}-full-{split}"] = (
                lambda d=dataset, s=split: full_corpus(args.work, d, s, args.per_passage, args.rgb_full_questions))
    for split in ("tune", "heldout"):
        makers[f"rgb-one-{split}"] = (
            lambda s=split: full_corpus(args.work, "rgb", s, rgb_questions=args.rgb_full_questions, one_positive=True))
    unknown = [c for c in args.corpora if c not in makers]
    if unknown:
        parser.error(f"unknown corpus {unknown}: use {sorted(makers)}")
    table = []
    for name in args.corpora:
        corpus = makers[name]()
        if corpus is None:
            print(f"{name}: dataset not found under {datasets_dir()} (set ADVISOR_DATASETS); skipped")
            continue
        table += evaluate(corpus, cache, args.sweep)
    print("\n| corpus | method | n | hit@1 | hit@5 | MRR | file hit@5 | file MRR |\n|---|---|---|---|---|---|---|---|")
    for corpus_name, method, m in table:
        if not args.sweep or not method[0].isdigit():
            print(f"| {corpus_name} | {method} | {m['n']} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['mrr']:.3f} "
                  f"| {m['file hit@5']:.3f} | {m['file mrr']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps([{"corpus": c, "method": me, **m} for c, me, m in table], ensure_ascii=False,
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
