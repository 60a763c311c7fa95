"""``KnowledgeStore``: the Chroma collection plus the manifest; the only code that touches Chroma.

The manifest (``state.manifest``: SQLite under the data dir, or the shared ``ADVISOR_DATABASE_URL``)
says which version of each document is live; readers only ever see chunks whose ``version_key`` is
live there. Writers (``ingest.sync``) follow the protocol in
docs/ARCHITECTURE.md: upsert new chunks -> switch the manifest row in one transaction -> delete the
old chunks. Chunks of no live version are orphans: invisible to readers, removed by the next writer (``remove_orphans``).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np
from langchain_core.documents import Document

from ingest.access import Reader, can_read
from ingest.chunking import INDEX_FORMAT
from ingest.exact_search import EXACT_MAX, ExactIndex, supports
from state.manifest import DocumentRecord, Manifest

if TYPE_CHECKING:
    from ingest.embeddings import NamedEmbeddings
    from ingest.settings import Settings

COLLECTION = "collab_advisor"
_BATCH = 500  # ids / hashes per Chroma request
CRASH_ENV = "ADVISOR_CRASH_AT"
_PINNED: ContextVar[tuple[int, int] | None] = ContextVar("store_generation", default=None)
"""(id of the store, generation) ``KnowledgeStore.one_generation`` read for the running block of this thread or task."""


def crash_point(name: str) -> None:
    """Test hook: die on the spot (like a kill -9) when ``$ADVISOR_CRASH_AT`` names this point."""
    wanted = os.environ.get(CRASH_ENV)
    if wanted and wanted == name:
        os._exit(137)


class StoreError(RuntimeError):
    """The store cannot be opened or used (message says what to do)."""


class EmbeddingMismatchError(StoreError):
    """The collection was built with another embedding model."""


class IndexFormatError(StoreError):
    """The collection was built by an older chunking/index format (what is embedded per chunk changed)."""


def chunk_id(version_key: str, chunk_index: int) -> str:
    """Chroma id of a chunk: ``sha1(version_key)[:16]:index``."""
    return f"{hashlib.sha1(version_key.encode('utf-8')).hexdigest()[:16]}:{chunk_index}"


def fingerprint_of(pairs: Iterable[tuple[str, str]]) -> str:
    """sha256 over sorted ``(source, content_hash)`` pairs."""
    h = hashlib.sha256()
    for source, content_hash in sorted(pairs):
        h.update(f"{source}\t{content_hash}\n".encode("utf-8"))
    return h.hexdigest()


def make_client(settings: Settings) -> Any:
    """``chromadb.HttpClient`` for ``settings.chroma_url``, else a ``PersistentClient`` under ``chroma_dir``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}")
        if url.scheme not in ("http", "https") or not url.hostname:
            raise StoreError(f"ADVISOR_CHROMA_URL={settings.chroma_url!r} is not a URL like http://host:8000")
        port = url.port or (443 if url.scheme == "https" else 8000)
        try:
            return chromadb.HttpClient(host=url.hostname, port=port, ssl=url.scheme == "https",
                                       settings=chroma_settings)
        except Exception as exc:  # noqa: BLE001 - connection errors differ by version
            raise StoreError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc} — start it "
                             "(chroma run --path DIR --port PORT) or unset ADVISOR_CHROMA_URL") from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


class KnowledgeStore:
    """Chroma collection + manifest. Readers use the public query methods; ``ingest.sync`` writes."""

    def __init__(self, settings: Settings, client: Any, collection: Any, manifest: Manifest, model_id: str) -> None:
        self.settings = settings
        self.client = client
        self.collection = collection
        self.manifest = manifest
        self.model_id = model_id
        self._live_cache: tuple[int, dict[str, DocumentRecord]] | None = None
        self._exact = ExactIndex(collection)

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, settings: Settings, embeddings: NamedEmbeddings, *, check_model: bool = True) -> KnowledgeStore:
        """Open (creating if needed) the store; a collection built with another model raises
        ``EmbeddingMismatchError`` unless ``check_model=False`` (used by rebuild)."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        client = make_client(settings)
        manifest = Manifest.from_settings(settings)
        collection = _get_or_create(client, embeddings.model_id)
        meta = collection.metadata or {}
        stored = meta.get("embedding_model")
        filled = bool(manifest.records() or collection.count())
        if stored != embeddings.model_id:
            if check_model and stored and filled:
                raise EmbeddingMismatchError(
                    f"the store in {settings.data_dir} was built with embedding model {stored!r}, but "
                    f"ADVISOR_EMBEDDING selects {embeddings.model_id!r} — run `advisor ingest rebuild` to "
                    f"re-embed everything with the new model, or set ADVISOR_EMBEDDING={stored}")
        fmt = str(meta.get("index_format", "1"))
        if check_model and filled and fmt != INDEX_FORMAT:
            raise IndexFormatError(
                f"the store in {settings.data_dir} was built with chunk/index format {fmt}, but this version "
                f"embeds and indexes chunks in format {INDEX_FORMAT} (document title and heading path with each "
                "passage, short documents whole) — run `advisor ingest rebuild` to re-chunk and re-embed everything")
        if check_model and (stored != embeddings.model_id or meta.get("index_format") != INDEX_FORMAT):
            collection.modify(metadata={**meta, "embedding_model": embeddings.model_id, "index_format": INDEX_FORMAT})
        return cls(settings, client, collection, manifest, stored or embeddings.model_id if not check_model
                   else embeddings.model_id)

    @property
    def location(self) -> str:
        """Where the vectors live: the Chroma URL or folder."""
        return self.settings.chroma_url or str(self.settings.chroma_dir.resolve())

    # ---------------------------------------------------------------- reader API
    def documents(self) -> list[DocumentRecord]:
        """Manifest rows of the live documents, sorted by source."""
        return list(self._live().values())

    def readable_version_keys(self, user: Reader | None) -> list[str] | None:
        """Live version keys ``user`` may read; ``None`` when they may read everything (no filter needed)."""
        live = self._live().values()
        keys = [r.version_key for r in live if can_read(r.access, user)]
        return None if len(keys) == len(live) else keys

    def dense_search(self, query_embedding: Sequence[float] | np.ndarray, k: int, where: dict | None = None,
                     version_keys: Sequence[str] | None = None) -> list[tuple[Document, float]]:
        """Top-``k`` live chunks by cosine similarity (higher is better), optionally filtered. Up to ``EXACT_MAX``
        chunks, with no filter or one ``exact_search.supports``, the ranking is exact (``ingest.exact_search``: the
        same in every process); else Chroma's approximate index."""
        live = {r.version_key for r in self._live().values()}
        allowed = live if version_keys is None else live & set(version_keys)
        if k <= 0 or not allowed:
            return []
        query = np.asarray(query_embedding, dtype=np.float32).reshape(1, -1)
        total = self.collection.count()
        if total <= EXACT_MAX and supports(where):
            return self._exact.search(query, k, allowed, (self.generation(), total), where)
        records = self._live().values()
        expected = sum(r.chunk_count for r in records)
        filtered = version_keys is not None or total > expected  # orphans present: filter in Chroma
        if filtered:
            # A big ``$in`` list is slow in Chroma (measured ~0.5 s at 100k chunks / 2,000 documents), so when
            # most chunks are allowed, over-fetch without it and filter here; the filtered query is the fallback.
            readable = sum(r.chunk_count for r in records if r.version_key in allowed)
            share = readable / max(total, 1)
            if share >= 0.5:
                n = min(total, int(k / share * 1.5) + 10)
                out = self._query(query, n, where, allowed)
                if len(out) >= min(k, readable):
                    return out[:k]
        conditions = [c for c in (where, {"version_key": {"$in": sorted(allowed)}} if filtered else None) if c]
        chroma_where = None if not conditions else conditions[0] if len(conditions) == 1 else {"$and": conditions}
        return self._query(query, min(k, max(total, 1)), chroma_where, allowed)

    def _query(self, query: np.ndarray, n: int, where: dict | None, allowed: set[str]) -> list[tuple[Document, float]]:
        """Chroma's top ``n`` for ``where``, keeping only chunks of ``allowed`` versions."""
        res = self.collection.query(query_embeddings=query, n_results=max(n, 1), where=where,
                                    include=["documents", "metadatas", "distances"])
        out = []
        for cid, text, meta, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0],
                                         res["distances"][0]):
            if meta.get("version_key") in allowed:
                out.append((Document(id=cid, page_content=text, metadata=dict(meta)), 1.0 - float(dist)))
        return out

    def get_chunks(self, version_keys: Sequence[str] | None = None) -> list[Document]:
        """Live chunks (optionally only these versions) with metadata, ordered by source and chunk_index."""
        live = {r.version_key for r in self._live().values()}
        wanted = sorted(live if version_keys is None else live & set(version_keys))
        docs: list[Document] = []
        for i in range(0, len(wanted), _BATCH):
            res = self.collection.get(where={"version_key": {"$in": wanted[i:i + _BATCH]}},
                                      include=["documents", "metadatas"])
            docs.extend(Document(id=cid, page_content=text, metadata=dict(meta))
                        for cid, text, meta in zip(res["ids"], res["documents"], res["metadatas"]))
        docs.sort(key=lambda d: (d.metadata.get("source", ""), int(d.metadata.get("chunk_index", 0))))
        return docs

    def generation(self) -> int:
        """Bumps on every committed change (inside ``one_generation``: the value read when the block began)."""
        pinned = _PINNED.get()
        if pinned is not None and pinned[0] == id(self):
            return pinned[1]
        return self.manifest.generation()

    @contextmanager
    def one_generation(self) -> Iterator[int]:
        """Read the generation once for the block: a question's searches, caches and keyword index check it a dozen
        times or more (four times per dense search), each a database transaction; inside the block they all see the
        store state the question began with. Only for readers (one thread or task; nested blocks reuse the value);
        writers never run inside one. A reader whose documents are not yet read (or are older) reads them at the start,
        so the block's documents and generation are one state even when a writer commits before the first search."""
        pinned = _PINNED.get()
        if pinned is not None and pinned[0] == id(self):
            yield pinned[1]
            return
        generation = self.manifest.generation()
        cached = self._live_cache
        if cached is None or cached[0] != generation:
            generation = self._load_live()[0]  # the live documents and their generation from one read
        token = _PINNED.set((id(self), generation))
        try:
            yield generation
        finally:
            _PINNED.reset(token)

    def fingerprint(self) -> str:
        """sha256 over (source, content_hash) of the live documents."""
        return fingerprint_of((r.source, r.content_hash) for r in self._live().values())

    def count(self) -> int:
        """Number of live chunks."""
        return sum(r.chunk_count for r in self._live().values())

    def _live(self) -> dict[str, DocumentRecord]:
        cached = self._live_cache
        if cached is None or cached[0] != self.generation():
            cached = self._load_live()
        return cached[1]

    def _load_live(self) -> tuple[int, dict[str, DocumentRecord]]:
        """Read the live documents with their generation (one transaction) and keep them."""
        gen, records = self.manifest.snapshot()
        self._live_cache = cached = (gen, {r.source: r for r in records})
        return cached

    # ---------------------------------------------------------------- writer API (ingest.sync)
    def stored_embeddings(self, chunk_hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Embeddings already stored for any of these chunk hashes (the reuse cache)."""
        hashes = sorted(set(chunk_hashes))
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(hashes), _BATCH):
            res = self.collection.get(where={"chunk_hash": {"$in": hashes[i:i + _BATCH]}},
                                      include=["embeddings", "metadatas"])
            for meta, emb in zip(res["metadatas"], res["embeddings"]):
                found.setdefault(meta["chunk_hash"], np.asarray(emb, dtype=np.float32))
        return found

    def put_chunks(self, chunks: Sequence[Document], vectors: np.ndarray) -> None:
        """Upsert chunks (ids from version_key + chunk_index); invisible until their version is committed."""
        for i in range(0, len(chunks), _BATCH):
            part = chunks[i:i + _BATCH]
            self.collection.upsert(
                ids=[chunk_id(c.metadata["version_key"], int(c.metadata["chunk_index"])) for c in part],
                embeddings=np.asarray(vectors[i:i + _BATCH], dtype=np.float32),
                documents=[c.page_content for c in part],
                metadatas=[_scalar_meta(c.metadata) for c in part])

    def commit(self, record: DocumentRecord) -> None:
        """Switch ``record.source`` to this version (one manifest transaction)."""
        self.manifest.commit(record)

    def delete_versions(self, version_keys: Iterable[str]) -> None:
        """Delete every chunk of these versions (callers ensure they are no longer live)."""
        for n, key in enumerate(sorted(set(version_keys))):
            if n:
                crash_point("mid-delete")
            self.collection.delete(where={"version_key": key})

    def delete_surplus(self, version_key: str, chunk_count: int) -> None:
        """Delete chunks of ``version_key`` at index >= ``chunk_count`` (left over by a re-chunking)."""
        self.collection.delete(where={"$and": [{"version_key": version_key},
                                               {"chunk_index": {"$gte": chunk_count}}]})

    def stored_counts(self) -> dict[str, int]:
        """Chunks per version_key actually present in Chroma."""
        counts: dict[str, int] = {}
        res = self.collection.get(include=["metadatas"])
        for meta in res["metadatas"]:
            key = meta.get("version_key", "")
            counts[key] = counts.get(key, 0) + 1
        return counts

    def check(self) -> tuple[list[str], list[str]]:
        """(orphaned version keys, live sources whose stored chunk count is wrong)."""
        live = self._live()
        expected = sum(r.chunk_count for r in live.values())
        if self.collection.count() == expected:  # the common case: nothing to inspect
            return [], []
        counts = self.stored_counts()
        live_keys = {r.version_key for r in live.values()}
        orphans = sorted(k for k in counts if k not in live_keys)
        broken = [r.source for r in live.values() if counts.get(r.version_key, 0) != r.chunk_count]
        return orphans, broken

    def remove_orphans(self) -> int:
        """Delete chunks of versions that are not live; returns how many.

        Call only while holding the writer lock: a running sync's not-yet-committed chunks look orphaned.
        """
        orphans, _ = self.check()
        if not orphans:
            return 0
        before = self.collection.count()
        self.delete_versions(orphans)
        return before - self.collection.count()

    def reset(self, embeddings: NamedEmbeddings) -> None:
        """Forget everything: empty the manifest first (readers see an empty store), then recreate the
        collection for ``embeddings``."""
        self.manifest.clear()
        try:
            self.client.delete_collection(COLLECTION)
        except Exception:  # noqa: BLE001 - missing collection is fine
            pass
        self.collection = _get_or_create(self.client, embeddings.model_id)
        self.model_id = embeddings.model_id
        self._live_cache = None

    def close(self) -> None:
        self.manifest.close()


def _get_or_create(client: Any, model_id: str) -> Any:
    try:
        return client.get_or_create_collection(
            COLLECTION, configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": model_id, "index_format": INDEX_FORMAT,
                      "created_at": time.strftime("%Y-%m-%dT%H:%M:%S")},
            embedding_function=None)
    except Exception as exc:  # noqa: BLE001 - chroma raises many types for an unreachable server
        if type(exc).__name__ in ("EmbeddingMismatchError", "IndexFormatError", "StoreError"):
            raise
        raise StoreError(f"cannot open the Chroma collection: {exc} — check ADVISOR_CHROMA_URL or "
                         "that the data dir is writable") from exc


def _scalar_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma accepts scalar metadata values only."""
    return {k: v if isinstance(v, (str, int, float, bool)) else ("" if v is None else str(v))
            for k, v in meta.items()}
