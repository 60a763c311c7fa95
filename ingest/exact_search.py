"""Exact cosine search over a small collection's vectors, the same answer in every process.

Chroma's HNSW index is approximate, and a local collection below its sync threshold is indexed anew in each process
with several threads: the graph, and so the neighbours an unusual query vector reaches, differ between processes.
Measured (round 42) on the shipped knowledge base (334 chunks): the learned query adapter's vector for
"公司有没有 上个月的一般什么时候能看到？" got one of two top-30 lists, in 4 of 12 processes missing the second-best
passage, and one held-out answer changed its 结论 from run to run. Up to ``EXACT_MAX`` chunks the vectors are read
once per store change and every query is ranked exactly (a 20,000 × 384 product takes a few milliseconds), with the
retriever's metadata filters read here (``supports``, ``matches``); larger collections and other filters keep
Chroma's index.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any

import numpy as np
from langchain_core.documents import Document

EXACT_MAX = 20_000
"""Collections up to this many chunks are searched exactly."""
_BATCH = 5_000


class ExactIndex:
    """The normalised vectors, texts and metadata of a collection, read again when the caller's ``key`` changes."""

    def __init__(self, collection: Any) -> None:
        self.collection = collection
        self._lock = threading.Lock()
        self._loaded: tuple[Hashable, list[str], list[str], list[dict], np.ndarray, list[str], np.ndarray] | None = None

    def _current(self, key: Hashable) -> tuple[list[str], list[str], list[dict], np.ndarray, list[str], np.ndarray]:
        with self._lock:
            if self._loaded is None or self._loaded[0] != key:
                ids, texts, metas, rows = [], [], [], []
                total = self.collection.count()
                for offset in range(0, total, _BATCH):
                    res = self.collection.get(include=["embeddings", "documents", "metadatas"], limit=_BATCH,
                                              offset=offset)
                    ids += res["ids"]
                    texts += res["documents"]
                    metas += [dict(m or {}) for m in res["metadatas"]]
                    rows += list(res["embeddings"])
                order = np.argsort(np.asarray(ids, dtype=object), kind="stable")  # the same row order everywhere
                ids, texts, metas = [ids[i] for i in order], [texts[i] for i in order], [metas[i] for i in order]
                matrix = np.asarray([rows[i] for i in order], dtype=np.float32).reshape(len(ids), -1)
                norms = np.linalg.norm(matrix, axis=1, keepdims=True) if len(ids) else np.ones((0, 1), np.float32)
                versions = sorted({str(m.get("version_key")) for m in metas})  # each row's version as a number
                number = {v: i for i, v in enumerate(versions)}
                codes = np.asarray([number[str(m.get("version_key"))] for m in metas], dtype=np.int64)
                self._loaded = (key, ids, texts, metas, matrix / np.maximum(norms, 1e-12), versions, codes)
            _key, ids, texts, metas, matrix, versions, codes = self._loaded
        return ids, texts, metas, matrix, versions, codes

    def search(self, query: np.ndarray, k: int, allowed: set[str], key: Hashable,
               where: dict | None = None) -> list[tuple[Document, float]]:
        """The ``k`` chunks of ``allowed`` versions (and matching ``where``, a filter ``supports`` reads) most similar
        to ``query`` (cosine, best first; ties by id). ``key``: what changes with the collection (the store's
        generation and chunk count); the vectors are read again when it does."""
        ids, texts, metas, matrix, versions, codes = self._current(key)
        if not ids or k <= 0:
            return []
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        scores = matrix @ (q / max(float(np.linalg.norm(q)), 1e-12))
        readable = np.fromiter((v in allowed for v in versions), dtype=bool, count=len(versions))
        candidates = np.flatnonzero(readable[codes])
        if where is not None:
            candidates = np.asarray([i for i in candidates if matches(where, metas[i])], dtype=np.int64)
        best = candidates[np.argsort(-scores[candidates], kind="stable")[:k]]
        return [(Document(id=ids[i], page_content=texts[i], metadata=dict(metas[i])), float(scores[i])) for i in best]


def supports(where: dict | None) -> bool:
    """Whether ``matches`` reads ``where``: the Chroma filters the retriever writes (``{"doc_type": {"$in": [...]}}``,
    ``$and`` / ``$or`` of them, ``$eq`` / ``$ne`` / ``$nin``, a bare value). Anything else is left to Chroma."""
    if where is None:
        return True
    if not isinstance(where, dict) or not where:
        return False
    for key, value in where.items():
        if key in ("$and", "$or"):
            if not isinstance(value, list) or not all(supports(w) for w in value):
                return False
        elif key.startswith("$"):
            return False
        elif isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("$in", "$nin", "$eq", "$ne"):
                return False
    return True


def matches(where: dict, meta: dict) -> bool:
    """Whether chunk metadata ``meta`` passes the Chroma filter ``where`` (one ``supports`` reads)."""
    for key, value in where.items():
        if key == "$and":
            ok = all(matches(w, meta) for w in value)
        elif key == "$or":
            ok = any(matches(w, meta) for w in value)
        elif isinstance(value, dict):
            op, arg = next(iter(value.items()))
            have = meta.get(key)
            ok = have in arg if op == "$in" else have not in arg if op == "$nin" else (have == arg) == (op == "$eq")
        else:
            ok = meta.get(key) == value
        if not ok:
            return False
    return True


__all__ = ["EXACT_MAX", "ExactIndex", "matches", "supports"]
