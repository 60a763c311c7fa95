"""Optional cross-encoder reranking (sentence-transformers ``CrossEncoder``), off by default.

Set ``ADVISOR_RERANKER`` to a model id (e.g. ``BAAI/bge-reranker-base``, needs a model hub or
the HF cache) or to a local folder holding a saved CrossEncoder.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from langchain_core.documents import Document

from ingest.settings import Settings


class RerankerError(RuntimeError):
    """The configured reranker cannot be loaded."""


class CrossEncoderReranker:
    """Scores (question, passage) pairs jointly; loaded once, safe to share between threads."""

    def __init__(self, model_name_or_path: str, max_length: int = 512, batch_size: int = 16) -> None:
        from sentence_transformers import CrossEncoder

        local = Path(model_name_or_path).expanduser()
        target = str(local) if local.exists() else model_name_or_path
        offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0", "false", "False")
        try:
            self.model = CrossEncoder(target, max_length=max_length, device="cpu", local_files_only=offline or local.exists())
        except Exception as exc:  # noqa: BLE001 - any loading failure becomes one clear message
            raise RerankerError(
                f"reranker {model_name_or_path!r} could not be loaded ({type(exc).__name__}: {exc}) — "
                "set ADVISOR_RERANKER to a local CrossEncoder folder, or unset it to turn reranking off"
            ) from exc
        self.name = model_name_or_path
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        """Relevance score of each text for ``query`` (higher is better)."""
        if not texts:
            return []
        with self._lock:  # torch on 2 cores: one batch at a time is fastest and avoids oversubscription
            scores = self.model.predict([(query, t) for t in texts], batch_size=self.batch_size,
                                        show_progress_bar=False)
        return [float(s) for s in scores]

    def rerank(self, query: str, docs: Sequence[Document], top_n: int | None = None) -> list[tuple[Document, float]]:
        """``docs`` re-ordered by cross-encoder score, best first (stable for ties)."""
        scores = self.score(query, [d.page_content for d in docs])
        order = sorted(range(len(docs)), key=lambda i: (-scores[i], i))
        ranked = [(docs[i], scores[i]) for i in order]
        return ranked[:top_n] if top_n is not None else ranked


_CACHE: dict[str, CrossEncoderReranker] = {}
_CACHE_LOCK = threading.Lock()


def make_reranker(settings: Settings) -> CrossEncoderReranker | None:
    """The reranker named by ``settings.reranker`` (one instance per model per process), or None when off."""
    name = (settings.reranker or "").strip()
    if not name or name.lower() in ("none", "off", "false", "0"):
        return None
    with _CACHE_LOCK:
        if name not in _CACHE:
            _CACHE[name] = CrossEncoderReranker(name)
        return _CACHE[name]
