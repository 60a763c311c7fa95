"""``KeywordIndex``: jieba tokens + bm25s over the live chunks, saved under ``settings.keyword_dir``.

Layout: ``keyword_dir/CURRENT`` names the live snapshot folder ``g<generation>-<nonce>/`` holding
the bm25s arrays, ``chunks.jsonl`` (id, text, metadata, tokens) and ``meta.json``. A new snapshot
is written completely, then ``CURRENT`` is replaced atomically, then old snapshots are removed, so
a reader (or a crash) never meets a half-written index.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.documents import Document

from ingest.store import crash_point

if TYPE_CHECKING:
    from ingest.settings import Settings

CURRENT = "CURRENT"
LOAD_ATTEMPTS = 5
"""Reads of ``CURRENT`` tried when concurrent syncs (another replica) replace the snapshot being read."""
_WORD = re.compile(r"\w", re.UNICODE)
STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 也 就 都 而 等 把 被 对 从 这 那 个 之 其 为 以 于 上 下 中 将 着 过 还 又 并 "
    "如 若 则 即 且 但 很 更 最 已 要 会 能 可 可以 应 应当 应该 有 没有 不 没 让 给 向 到 由 由于 因为 所以 "
    "如果 如何 怎么 怎样 什么 哪些 哪个 吗 呢 吧 啊 呀 么 我 你 他 她 它 我们 你们 他们 大家 自己 这个 那个 "
    "这些 那些 一个 一些 进行 通过 关于 对于 以及 a an the of and or to in on for is are be with by as at"
    .split())
_jieba_lock = threading.Lock()
_jieba_ready = False


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens, lower-cased, without punctuation, whitespace or stopwords."""
    global _jieba_ready
    import jieba

    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba_ready = True
    return [t for t in (w.strip().lower() for w in jieba.cut_for_search(text))
            if t and _WORD.search(t) and t not in STOPWORDS]


class KeywordIndex:
    """BM25 over chunk texts; built after each committed change, loaded once by readers."""

    def __init__(self, retriever: Any, chunks: list[Document], tokens: list[list[str]], generation: int,
                 live_keys: set[str] | None = None) -> None:
        self._bm25 = retriever
        self._chunks = chunks
        self._tokens = tokens
        self._by_id = {c.id: i for i, c in enumerate(chunks)}
        self._version = np.array([c.metadata.get("version_key", "") for c in chunks], dtype=object)
        self.generation = generation
        self._live_mask = None if live_keys is None else self._mask(live_keys)

    # ---------------------------------------------------------------- building / saving
    @classmethod
    def build(cls, chunks: Sequence[Document], generation: int,
              previous: KeywordIndex | None = None) -> KeywordIndex:
        """Index ``chunks`` (tokens of chunks already in ``previous`` are reused by chunk_hash)."""
        import bm25s

        cache: dict[str, list[str]] = {}
        if previous is not None:
            for c, toks in zip(previous._chunks, previous._tokens):
                cache[c.metadata.get("chunk_hash", "")] = toks
        chunks = list(chunks)
        tokens = [cache.get(c.metadata.get("chunk_hash", "")) or tokenize(_indexed_text(c)) for c in chunks]
        retriever = bm25s.BM25()
        if chunks:
            retriever.index(tokens, show_progress=False)
        return cls(retriever, chunks, tokens, generation)

    def save(self, settings: Settings) -> Path:
        """Write a new snapshot and switch ``CURRENT`` to it atomically; returns the snapshot folder."""
        root = settings.keyword_dir
        root.mkdir(parents=True, exist_ok=True)
        name = f"g{self.generation}-{uuid.uuid4().hex[:8]}"
        tmp = root / f".tmp-{name}"
        tmp.mkdir()
        if self._chunks:
            self._bm25.save(str(tmp), show_progress=False)
        with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as f:
            for c, toks in zip(self._chunks, self._tokens):
                f.write(json.dumps({"id": c.id, "text": c.page_content, "metadata": c.metadata, "tokens": toks},
                                   ensure_ascii=False) + "\n")
        _write_json(tmp / "meta.json", {"generation": self.generation, "chunks": len(self._chunks)})
        _fsync_dir(tmp)
        crash_point("keyword-index-written")
        os.replace(tmp, root / name)
        _atomic_write(root / CURRENT, name)
        crash_point("keyword-index-switched")
        for old in root.iterdir():
            if old.name not in (name, CURRENT) and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
        return root / name

    @classmethod
    def load(cls, settings: Settings) -> KeywordIndex | None:
        """The saved index, or ``None`` when none was built yet. If it lags the manifest (a sync was
        interrupted), results are limited to versions live in the manifest. A snapshot that another process
        replaces while it is read (``save`` switches ``CURRENT`` and removes the old folder) is read again from the
        new ``CURRENT``; a folder missing while ``CURRENT`` still names it is an error."""
        root = settings.keyword_dir
        for _attempt in range(LOAD_ATTEMPTS):
            try:
                name = (root / CURRENT).read_text(encoding="utf-8").strip()
            except FileNotFoundError:
                return None
            try:
                return cls._load_folder(settings, root / name)
            except FileNotFoundError:
                if _current_name(root) == name:
                    raise  # not replaced under us: the snapshot itself is damaged
        return cls._load_folder(settings, root / (_current_name(root) or ""))

    @classmethod
    def _load_folder(cls, settings: Settings, folder: Path) -> KeywordIndex:
        """One snapshot folder, read as it is."""
        import bm25s

        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        chunks, tokens = [], []
        with open(folder / "chunks.jsonl", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                chunks.append(Document(id=row["id"], page_content=row["text"], metadata=row["metadata"]))
                tokens.append(row["tokens"])
        retriever = bm25s.BM25.load(str(folder), show_progress=False) if chunks else bm25s.BM25()
        generation = int(meta["generation"])
        live = _manifest_live_keys(settings, generation)
        return cls(retriever, chunks, tokens, generation, live)

    # ---------------------------------------------------------------- reading
    def search(self, query: str, k: int, version_keys: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """Top-``k`` ``(chunk_id, bm25 score)`` with score > 0, optionally only these versions."""
        if not self._chunks or k <= 0:
            return []
        vocab = self._bm25.vocab_dict
        ids = [vocab[t] for t in tokenize(query) if t in vocab]
        if not ids:
            return []
        scores = np.asarray(self._bm25.get_scores_from_ids(ids), dtype=np.float32).copy()
        if self._live_mask is not None:
            scores[~self._live_mask] = 0.0
        if version_keys is not None:
            scores[~self._mask(set(version_keys))] = 0.0
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self._chunks[i].id, float(scores[i])) for i in top if scores[i] > 0]

    def chunk(self, chunk_id: str) -> Document:
        """The indexed chunk with this id (``KeyError`` when absent)."""
        return self._chunks[self._by_id[chunk_id]]

    def __len__(self) -> int:
        return len(self._chunks)

    def _mask(self, keys: set[str]) -> np.ndarray:
        return np.fromiter((v in keys for v in self._version), dtype=bool, count=len(self._version))


def _current_name(root: Path) -> str | None:
    """The snapshot folder ``CURRENT`` names now, or ``None`` when there is none."""
    try:
        return (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def _saved_or_none(settings: Settings) -> KeywordIndex | None:
    """The saved snapshot whose tokens a rebuild reuses, or ``None`` when there is none or it is damaged."""
    try:
        return KeywordIndex.load(settings)
    except Exception:  # noqa: BLE001 - a damaged snapshot is simply rebuilt
        return None


def build_and_save(settings: Settings, chunks: Iterable[Document], generation: int) -> KeywordIndex:
    """Rebuild from ``chunks`` (reusing tokens of the current snapshot) and save atomically."""
    previous = _saved_or_none(settings)
    index = KeywordIndex.build(list(chunks), generation, previous)
    index.save(settings)
    return index


def saved_generation(settings: Settings) -> int | None:
    """Generation of the saved snapshot, ``None`` when absent or unreadable."""
    try:
        name = (settings.keyword_dir / CURRENT).read_text(encoding="utf-8").strip()
        return int(json.loads((settings.keyword_dir / name / "meta.json").read_text(encoding="utf-8"))["generation"])
    except (OSError, ValueError, KeyError):
        return None


def _indexed_text(chunk: Document) -> str:
    """The same text the dense path embeds: ``标题 > 章节`` header + passage (see ``ingest.chunking``)."""
    from ingest.chunking import chunk_index_text

    return chunk_index_text(chunk)


def _manifest_live_keys(settings: Settings, generation: int) -> set[str] | None:
    """Live version keys when the manifest moved past ``generation``; ``None`` when they agree."""
    from state.db import is_shared
    from state.manifest import Manifest

    if not is_shared(settings) and not settings.manifest_path.exists():
        return None
    current, records = Manifest.from_settings(settings).snapshot()
    return None if current == generation else {r.version_key for r in records}


def _write_json(path: Path, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def refresh_from_store(settings: Settings, store: Any, previous: KeywordIndex | None = None) -> KeywordIndex | None:
    """Bring this host's saved snapshot up to the store's generation; returns the new index, or
    ``None`` when nothing had to change.

    With a shared database (``ADVISOR_DATABASE_URL``) another host's sync moves the generation
    without touching this host's ``keyword_dir``; the snapshot is then rebuilt here. Only the
    versions that are new since ``previous`` (default: the saved snapshot) are fetched from Chroma;
    chunks and tokens of unchanged versions are reused. Skipped while a writer holds the lock: its
    commits are still arriving, and the rebuild follows when it ends."""
    from state.db import writer_busy

    generation = store.generation()  # read before the chunks: a newer commit triggers another rebuild
    if saved_generation(settings) == generation or writer_busy(settings):
        return None
    if previous is None:
        previous = _saved_or_none(settings)
    live = {r.version_key: r.chunk_count for r in store.documents()}
    kept: dict[str, list[Document]] = {}
    for chunk in (previous._chunks if previous is not None else []):
        key = chunk.metadata.get("version_key", "")
        if key in live:
            kept.setdefault(key, []).append(chunk)
    stale = [k for k, n in live.items() if len(kept.get(k, ())) != n]
    for key in stale:
        kept.pop(key, None)
    chunks = [c for group in kept.values() for c in group] + (store.get_chunks(version_keys=stale) if stale else [])
    chunks.sort(key=lambda d: (d.metadata.get("source", ""), int(d.metadata.get("chunk_index", 0))))
    index = KeywordIndex.build(chunks, generation, previous)
    index.save(settings)
    return index


class KeywordFollower:
    """A daemon thread calling ``refresh_from_store`` every ``interval`` seconds (web replicas on a
    shared database). Readers (``assistant.retrieval.KeywordSource``) pick the new snapshot up on
    their next query. ``stop()`` ends it."""

    def __init__(self, settings: Settings, store: Any, interval: float = 2.0, index: KeywordIndex | None = None) -> None:
        self.settings, self.store, self.interval = settings, store, interval
        self.rebuilds = 0
        self._index = index  # the last one built: no reload from disk next time
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="keyword-follower", daemon=True)

    def start(self) -> KeywordFollower:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        log = logging.getLogger(__name__)
        while not self._stop.wait(self.interval):
            try:
                index = refresh_from_store(self.settings, self.store, self._index)
                if index is not None:
                    self._index = index
                    self.rebuilds += 1
                    log.info("keyword index rebuilt for store generation %s", self.store.generation())
            except Exception:  # noqa: BLE001 - a passing database/Chroma hiccup: try again next round
                log.warning("keyword index refresh failed; retrying in %.0f s", self.interval, exc_info=True)
