"""Hybrid retrieval: dense search in Chroma + Chinese BM25, fused, de-duplicated, access-filtered.

Every candidate passes the metadata filters and the reader's access rule *inside* this module,
on both the dense and the keyword path, so a passage a user may not read never reaches the
prompt, the answer, the citations or the contexts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from assistant.fusion import (RRF_K, cap_per_group, decay_per_group, drop_duplicates_per_group, keep_within,
                             weighted_rrf)
from assistant.rerank import RerankerError
from assistant.story import is_story
from assistant.synonyms import SynonymSource, current_synonyms
from assistant.types import Context, User
from ingest.access import can_read
from ingest.chunking import chunk_index_text
from ingest.settings import Settings

FILTER_KEYS = {"doc_type": "doc_type", "department": "department"}
DOC_TYPES = ("policy", "guidance")

log = logging.getLogger(__name__)

# Chosen by measurement on the tuning halves of evals/, CMRC and RGB (docs/retrieval.md, "Ranking judged by file").
DEFAULT_K = 6
DEFAULT_FETCH_K = 30
DEFAULT_DENSE_WEIGHT = 1.0
DEFAULT_KEYWORD_WEIGHT = 1.0  # 0.5 ranks files better on RGB but costs evals/ hit@1 and MRR (tuning half)
DEFAULT_MAX_PER_DOCUMENT = 3
DEFAULT_DOCUMENT_DECAY = 0.9  # a document's n-th further passage scores x 0.9**n (soft diversity before the cap)
# A story (story.is_story: a manager telling what happened) is governed by several clauses of one policy, so its
# search keeps no per-document cap and no decay (issue 9, round 34: tune stories' asked facts in the top 5
# 380 -> 396 of 469, held-out 130 -> 148 of 247; docs/retrieval.md).
DEFAULT_STORY_MAX_PER_DOCUMENT: int | None = None
DEFAULT_STORY_DOCUMENT_DECAY = 1.0
# Dense-led fusion (issue 9, branch h9f): the dense list's ranks count more sharply (RRF constant 20) than the
# keyword list's (60), so a passage found mid-list by both no longer overtakes dense's top hits when BM25 is weak
# (paraphrased questions, many same-topic passages); each list's own first passage stays within the top 3, so an
# exact keyword match (a rare name or number the question copies) is never pushed out.
DEFAULT_DENSE_RRF_K = 20
DEFAULT_KEYWORD_RRF_K = RRF_K
DEFAULT_LIST_TOP_WITHIN = 3
DEFAULT_RERANK_CANDIDATES = 20
DUPLICATE_JACCARD = 0.8
QUERY_VECTORS_KEPT = 256
"""Query vectors a retriever remembers: one answer embeds its question for several searches and the lead ranker."""


class FilterError(ValueError):
    """A bad ``filters`` value; the message names the key and the allowed values."""


def normalize_filters(filters: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """Validate ``{"doc_type": [...], "department": [...]}`` (strings or lists; empty means no filter)."""
    out: dict[str, list[str]] = {}
    for key, value in (filters or {}).items():
        if key not in FILTER_KEYS:
            raise FilterError(f"filters: unknown key {key!r} — use one of {sorted(FILTER_KEYS)}")
        values = [value] if isinstance(value, str) else list(value or [])
        values = [str(v).strip() for v in values if str(v).strip()]
        if key == "doc_type":
            bad = [v for v in values if v not in DOC_TYPES]
            if bad:
                raise FilterError(f"filters: doc_type {bad} not allowed — use {list(DOC_TYPES)}")
        if values:
            out[key] = values
    return out


def chroma_where(filters: Mapping[str, list[str]]) -> dict | None:
    """The Chroma ``where`` clause for normalised filters."""
    clauses = [{FILTER_KEYS[k]: {"$in": v}} for k, v in filters.items()]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _matches(meta: Mapping[str, Any], filters: Mapping[str, list[str]]) -> bool:
    return all(str(meta.get(FILTER_KEYS[k], "")) in v for k, v in filters.items())


def chunk_key(doc: Document) -> str:
    """A stable id of a chunk that is the same on the dense and the keyword path."""
    meta = doc.metadata
    if meta.get("version_key") is not None and meta.get("chunk_index") is not None:
        return f"{meta['version_key']}:{meta['chunk_index']}"
    return str(doc.id)


@dataclass
class Hit:
    """One retrieved passage with the signals that ranked it."""

    doc: Document
    score: float                      # final ranking score (normalised RRF, or reranker score)
    dense_score: float | None = None  # cosine similarity, when the dense path found it
    keyword_score: float | None = None  # BM25 score, when the keyword path found it
    found_by: str = ""  # a search other than the question's that added it (``story_clause.FOUND_BY``), else ""

    def to_context(self, rank: int) -> Context:
        m = self.doc.metadata
        return Context(
            rank=rank, source=str(m.get("source", "")), section=str(m.get("section", "")),
            text=self.doc.page_content, score=round(float(self.score), 4), title=str(m.get("title", "")),
            doc_type=str(m.get("doc_type", "")), clause=str(m.get("clause", "")),
            department=str(m.get("department", "")), chunk_id=str(self.doc.id or chunk_key(self.doc)),
            found_by=self.found_by,
        )


@dataclass
class RetrievalResult:
    """What one search found, best first, plus the evidence the refusal decision needs."""

    hits: list[Hit]
    best_dense: float | None
    best_keyword: float | None
    timings: dict[str, float] = field(default_factory=dict)
    told_first: Document | None = None
    """The first passage of the keyword search of what a calm story says happened (``Advisor._told_hits``), kept so
    the answer can compare it with the passages' first (``agreed_lead.agreed_passage``) without searching again;
    None when that search did not run or found nothing (always None from ``HybridRetriever.search``)."""

    def contexts(self) -> list[Context]:
        return [h.to_context(i) for i, h in enumerate(self.hits, start=1)]


def fuse_candidates(dense: Sequence[tuple[Document, float]], keyword: Sequence[tuple[Document, float]], *,
                    dense_weight: float = DEFAULT_DENSE_WEIGHT, keyword_weight: float = DEFAULT_KEYWORD_WEIGHT,
                    duplicate_jaccard: float = DUPLICATE_JACCARD,
                    max_per_document: int | None = DEFAULT_MAX_PER_DOCUMENT,
                    document_decay: float = DEFAULT_DOCUMENT_DECAY, dense_rrf_k: int = DEFAULT_DENSE_RRF_K,
                    keyword_rrf_k: int = DEFAULT_KEYWORD_RRF_K,
                    list_top_within: int = DEFAULT_LIST_TOP_WITHIN) -> list[Hit]:
    """Weighted RRF of the dense and keyword lists (best first) with one constant per list (``dense_rrf_k``,
    ``keyword_rrf_k``); true duplicates dropped (a near-identical passage of the same document, or the same
    header + passage in another file); each further passage of one document scored ``× document_decay`` per
    passage before it; at most ``max_per_document`` passages of one document ahead of other documents'
    passages; finally each list's own first passage moved up into the first ``list_top_within`` places when it
    fell below (0 = off)."""
    docs: dict[str, Document] = {}
    dense_scores: dict[str, float] = {}
    keyword_scores: dict[str, float] = {}
    for d, s in dense:
        key = chunk_key(d)
        docs.setdefault(key, d)
        dense_scores.setdefault(key, float(s))
    for d, s in keyword:
        key = chunk_key(d)
        docs.setdefault(key, d)
        keyword_scores.setdefault(key, float(s))
    rankings: list[list[str]] = []
    weights: list[float] = []
    constants: list[int] = []
    for found, weight, const in ((dense, dense_weight, dense_rrf_k), (keyword, keyword_weight, keyword_rrf_k)):
        if found and weight > 0:
            rankings.append([chunk_key(d) for d, _ in found])
            weights.append(weight)
            constants.append(const)
    fused = weighted_rrf(rankings, weights, constants)
    top = sum(w / (c + 1) for w, c in zip(weights, constants)) or 1.0
    hits = [Hit(docs[key], score / top, dense_scores.get(key), keyword_scores.get(key)) for key, score in fused]
    hits = drop_duplicates_per_group(hits, lambda h: h.doc.page_content, _source, lambda h: chunk_index_text(h.doc),
                                     duplicate_jaccard)
    hits = diversify(hits, max_per_document, document_decay)
    if len(rankings) > 1 and list_top_within > 0:
        hits = keep_within(hits, lambda h: chunk_key(h.doc), [r[0] for r in rankings], list_top_within)
        for above, hit in zip(hits, hits[1:]):
            hit.score = min(hit.score, above.score)
    return hits


def _source(hit: Hit) -> str:
    return str(hit.doc.metadata.get("source", ""))


def diversify(hits: list[Hit], max_per_document: int | None, document_decay: float = 1.0) -> list[Hit]:
    """``decay_per_group`` (for positive scores such as normalised RRF) then ``cap_per_group`` by source; a
    passage moved down keeps a score no higher than the one above it, so scores stay in rank order."""
    if document_decay < 1.0:
        decayed = decay_per_group(hits, lambda h: h.score, _source, document_decay)
        hits = [Hit(h.doc, s, h.dense_score, h.keyword_score) for h, s in decayed]
    out = cap_per_group(hits, _source, max_per_document)
    for above, hit in zip(out, out[1:]):
        hit.score = min(hit.score, above.score)
    return out


class KeywordSource:
    """Holds the loaded ``KeywordIndex``; reloads it only when ``store.generation()`` changed.

    While the saved snapshot lags the manifest (a sync is between its commit and the index
    rebuild) the snapshot's generation is checked on each query, so the fresh index is picked up
    as soon as it is saved; the lagging one only ever returns live versions.
    """

    def __init__(self, settings: Settings, store: Any) -> None:
        self.settings = settings
        self.store = store
        self._lock = threading.Lock()
        self._index: Any = None
        self._seen: tuple[int, int | None] | None = None  # (store generation, snapshot generation)
        self._live: frozenset[str] = frozenset()
        self.loads = 0

    def current(self) -> tuple[Any, frozenset[str]]:
        """The keyword index (or None when none is built) and the live version keys of this generation."""
        from ingest.keyword_index import KeywordIndex, saved_generation

        generation = self.store.generation()
        seen = self._seen
        if seen is not None and seen[0] == generation and seen[1] == generation:
            return self._index, self._live
        snapshot = saved_generation(self.settings)
        if seen != (generation, snapshot):
            with self._lock:
                if self._seen != (generation, snapshot):
                    self._index = KeywordIndex.load(self.settings)
                    self._live = frozenset(d.version_key for d in self.store.documents())
                    self._seen = (generation, snapshot)
                    self.loads += 1
        return self._index, self._live


class HybridRetriever(BaseRetriever):
    """Dense + keyword retrieval fused by dense-led weighted reciprocal rank fusion (a langchain retriever).

    ``invoke(query)`` uses the ``user``/``filters``/``k`` fields; ``search()`` takes them per call,
    which is what the thread-shared ``Advisor`` uses.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Any
    embeddings: Embeddings
    keyword: Any = None  # KeywordSource | None; None = dense only
    synonyms: Any = None  # SynonymSource | None: the knowledge base's synonyms file, for the keyword search
    reranker: Any = None  # CrossEncoderReranker | None
    adapter: Any = None  # QueryAdapter | None: ranks the dense search (assistant.query_adapter)
    adapter_follower: Any = None  # AdapterFollower | None: swaps ``adapter`` when the store's own file changes
    k: int = DEFAULT_K
    fetch_k: int = DEFAULT_FETCH_K
    dense_weight: float = DEFAULT_DENSE_WEIGHT
    keyword_weight: float = DEFAULT_KEYWORD_WEIGHT
    rerank_candidates: int = DEFAULT_RERANK_CANDIDATES
    duplicate_jaccard: float = DUPLICATE_JACCARD
    max_per_document: int | None = DEFAULT_MAX_PER_DOCUMENT
    document_decay: float = DEFAULT_DOCUMENT_DECAY
    story_max_per_document: int | None = DEFAULT_STORY_MAX_PER_DOCUMENT
    story_document_decay: float = DEFAULT_STORY_DOCUMENT_DECAY
    dense_rrf_k: int = DEFAULT_DENSE_RRF_K
    keyword_rrf_k: int = DEFAULT_KEYWORD_RRF_K
    list_top_within: int = DEFAULT_LIST_TOP_WITHIN
    user: User | None = None
    filters: dict | None = None
    _query_vectors: OrderedDict[str, list[float]] = PrivateAttr(default_factory=OrderedDict)
    _query_lock: Any = PrivateAttr(default_factory=threading.Lock)

    @classmethod
    def from_settings(cls, settings: Settings, store: Any = None, embeddings: Embeddings | None = None,
                      **fields: Any) -> "HybridRetriever":
        """Open (or reuse) the store and embeddings of ``settings`` and build the retriever."""
        from assistant.query_adapter import AdapterFollower, load_adapter
        from assistant.rerank import make_reranker

        if embeddings is None:
            from ingest.embeddings import make_embeddings

            embeddings = make_embeddings(settings)
        if store is None:
            from ingest.store import KnowledgeStore

            store = KnowledgeStore.open(settings, embeddings)
        fields.setdefault("reranker", make_reranker(settings))
        if "adapter" not in fields:
            model_id = str(getattr(embeddings, "model_id", ""))
            if AdapterFollower.follows(settings.query_adapter):
                fields.setdefault("adapter_follower", AdapterFollower(settings.query_adapter, model_id, settings.data_dir))
            fields["adapter"] = load_adapter(settings.query_adapter, model_id, settings.data_dir)
        fields.setdefault("keyword", KeywordSource(settings, store))
        fields.setdefault("synonyms", SynonymSource(settings.synonyms_path))
        return cls(store=store, embeddings=embeddings, **fields)

    def refresh_adapter(self) -> None:
        """Rank with the store's own adapter as its file is now, when it was learned, replaced or reset since the last
        look (``AdapterFollower``; ``auto`` only). A stat per call; the file is read only when it changed."""
        if self.adapter_follower is not None and (choice := self.adapter_follower.changed()) is not None:
            self.adapter = choice.adapter

    def embed_query(self, query: str) -> list[float]:
        """The query vector, remembered for the last ``QUERY_VECTORS_KEPT`` queries (one answer searches with its
        question several times and the lead ranker reads it too). The embeddings serialise access to their native
        engine themselves; a failed embedding is not remembered."""
        with self._query_lock:
            vec = self._query_vectors.get(query)
            if vec is not None:
                self._query_vectors.move_to_end(query)
                return list(vec)
        vec = list(self.embeddings.embed_query(query))
        with self._query_lock:
            self._query_vectors[query] = vec
            while len(self._query_vectors) > QUERY_VECTORS_KEPT:
                self._query_vectors.popitem(last=False)
        return list(vec)

    def search(self, query: str, k: int | None = None, user: User | None = None,
               filters: Mapping[str, Any] | None = None, query_embedding: Sequence[float] | None = None,
               use_dense: bool = True, use_keyword: bool = True, rerank: bool = True,
               asked: bool = False) -> RetrievalResult:
        """The best ``k`` passages for ``query`` that ``user`` may read and ``filters`` allow (``rerank=False``: in the
        fused order even with a reranker, for searches with derived texts; ``asked``: ``query`` is the question as the
        user asked it, the only search where the ``local`` reranker reorders a story)."""
        k = k or self.k
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        flt = normalize_filters(filters)
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        readable = self.store.readable_version_keys(user)
        if readable is not None and not readable:
            return RetrievalResult([], None, None, {"total": 0.0})
        readable_set = frozenset(readable) if readable is not None else None
        fetch = max(self.fetch_k, k)

        dense: list[tuple[Document, float]] = []
        best_dense: float | None = None
        self.refresh_adapter()
        if use_dense:
            t = time.perf_counter()
            vec = list(query_embedding) if query_embedding is not None else self.embed_query(query)
            timings["embed"] = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            dense = self.store.dense_search(vec, fetch, chroma_where(flt), readable)
            dense = [(d, s) for d, s in dense if self._allowed(d, user, flt, readable_set)]
            best_dense = max((float(sc) for _, sc in dense), default=None)  # refusal evidence: the plain cosine
            if self.adapter is not None:  # the ranking: the learned adapter's
                dense = self.store.dense_search(self.adapter.apply(vec), fetch, chroma_where(flt), readable)
                dense = [(d, s) for d, s in dense if self._allowed(d, user, flt, readable_set)]
            timings["dense"] = (time.perf_counter() - t) * 1000

        keyword: list[tuple[Document, float]] = []
        if use_keyword and self.keyword is not None:
            t = time.perf_counter()
            keyword = self._keyword_search(query, fetch, user, flt, readable, readable_set)
            timings["keyword"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        cap, decay = self.diversity_for(query)
        hits = fuse_candidates(dense, keyword, dense_weight=self.dense_weight, keyword_weight=self.keyword_weight,
                               duplicate_jaccard=self.duplicate_jaccard, max_per_document=cap,
                               document_decay=decay, dense_rrf_k=self.dense_rrf_k,
                               keyword_rrf_k=self.keyword_rrf_k, list_top_within=self.list_top_within)
        timings["fuse"] = (time.perf_counter() - t) * 1000

        if rerank and self.reranker is not None and hits and self.reranker.applies(query, asked):
            t = time.perf_counter()
            try:
                hits = self._rerank(query, hits, k)
            except RerankerError as exc:  # the fused order stands
                log.warning("reranking skipped: %s", exc)
            timings["rerank"] = (time.perf_counter() - t) * 1000

        timings["total"] = (time.perf_counter() - t0) * 1000
        return RetrievalResult(
            hits=hits[:k],
            best_dense=best_dense,
            best_keyword=max((float(sc) for _, sc in keyword), default=None),
            timings=timings,
        )

    def diversity_for(self, query: str) -> tuple[int | None, float]:
        """The per-document cap and decay for ``query``: a story's (``story.is_story``) or the others'."""
        if is_story(query):
            return self.story_max_per_document, self.story_document_decay
        return self.max_per_document, self.document_decay

    def _rerank(self, query: str, hits: list[Hit], k: int) -> list[Hit]:
        """``hits`` in the reranker's order. A cross-encoder's scores alone order the top candidates (the rest are
        dropped); the ``local`` reranker's score less a weight per fused rank orders its candidates (its ``plan``:
        how many and the weight, a story's or a short question's), which keep the fused scores of the ranks they
        take (the lead ranker reads them); the rest follow."""
        plan = getattr(self.reranker, "plan", None)
        if plan is None:
            pool = hits[: max(self.rerank_candidates, k)]
            scores = self.reranker.score(query, [h.doc.page_content for h in pool])
            order = sorted(range(len(pool)), key=lambda i: (-scores[i], i))
            ranked = [Hit(pool[i].doc, scores[i], pool[i].dense_score, pool[i].keyword_score) for i in order]
            return diversify(ranked, self.diversity_for(query)[0])  # logits may be negative: no decay, the cap only
        candidates, weight = plan(query)
        pool = hits[:candidates]
        scores = self.reranker.score(query, [h.doc.page_content for h in pool])
        order = sorted(range(len(pool)), key=lambda i: (-(scores[i] - weight * i), i))
        ranked = [Hit(pool[i].doc, pool[rank].score, pool[i].dense_score, pool[i].keyword_score)
                  for rank, i in enumerate(order)]
        return ranked + hits[len(pool):]

    def _keyword_search(self, query: str, fetch: int, user: User | None, flt: dict[str, list[str]],
                        readable: list[str] | None, readable_set: frozenset[str] | None) -> list[tuple[Document, float]]:
        index, live = self.keyword.current()
        if index is None:
            return []
        # Metadata filters are applied after the BM25 search, so ask for more when filtering.
        want = fetch * (4 if flt else 1)
        query = current_synonyms(self.synonyms).expand(query)  # 泄出去 is also searched as 泄露 (synonyms.txt)
        out: list[tuple[Document, float]] = []
        for chunk_id, score in index.search(query, want, version_keys=readable):
            if score <= 0:
                continue
            try:
                doc = index.chunk(chunk_id)
            except KeyError:
                continue
            if doc.metadata.get("version_key") not in live:
                continue  # index older than the manifest: never return a chunk that is no longer live
            if not self._allowed(doc, user, flt, readable_set):
                continue
            if doc.id is None:
                doc = Document(page_content=doc.page_content, metadata=doc.metadata, id=chunk_id)
            out.append((doc, float(score)))
            if len(out) >= fetch:
                break
        return out

    def permits(self, user: User | None, filters: Mapping[str, Any] | None = None) -> Callable[[Document], bool]:
        """The access rule and ``filters`` that ``search`` applies, as a predicate on documents found
        another way (e.g. ``case_clauses`` over the whole store)."""
        readable = self.store.readable_version_keys(user)
        readable_set = frozenset(readable) if readable is not None else None
        flt = normalize_filters(filters)
        return lambda doc: self._allowed(doc, user, flt, readable_set)

    @staticmethod
    def _allowed(doc: Document, user: User | None, flt: dict[str, list[str]],
                 readable_set: frozenset[str] | None) -> bool:
        """The access rule and filters, checked again on every candidate (defence in depth)."""
        meta = doc.metadata
        if readable_set is not None and meta.get("version_key") not in readable_set:
            return False
        return can_read(str(meta.get("access", "all")), user) and _matches(meta, flt)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        result = self.search(query, k=self.k, user=self.user, filters=self.filters, asked=True)
        out = []
        for rank, hit in enumerate(result.hits, start=1):
            meta = dict(hit.doc.metadata, score=hit.score, rank=rank, dense_score=hit.dense_score,
                        keyword_score=hit.keyword_score)
            out.append(Document(page_content=hit.doc.page_content, metadata=meta, id=hit.doc.id))
        return out
