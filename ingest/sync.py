"""``Syncer``: make the store mirror a folder, add or remove documents, rebuild - crash-safe.

Per document (see docs/ARCHITECTURE.md "The store ... crash safety"):
parse and chunk -> embed, reusing stored vectors of identical chunks (by ``chunk_hash``) ->
upsert the new chunks (invisible: their version is not live) -> one manifest transaction makes the
new version live -> delete the old version's chunks. Killed anywhere, readers see exactly one
version and the next run removes the leftovers. A bad file is reported and skipped; its stored
version (if any) stays live. After any committed change the keyword index is rebuilt and saved.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.documents import Document

from ingest.chunking import INDEX_FORMAT, chunk_document, chunk_index_text
from ingest.errors import IngestError
from ingest.frontmatter import sidecar_path
from ingest.keyword_index import build_and_save, saved_generation
from ingest.loaders import discover, load_file
from ingest.progress import SyncProgress, make_progress
from ingest.store import DocumentRecord, KnowledgeStore, StoreError, crash_point
from state.db import WriterBusyError, writer_lock

if TYPE_CHECKING:
    from ingest.embeddings import NamedEmbeddings
    from ingest.settings import Settings

CHUNKER_VERSION = INDEX_FORMAT


class SyncBusyError(StoreError):
    """Another ingest command holds the writer lock of this data dir."""


@dataclass
class FileError:
    """One file that could not be ingested: what is wrong and what to do."""

    path: str
    problem: str
    remedy: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem} — {self.remedy}"


@dataclass
class SyncReport:
    """What one sync/add/remove/rebuild did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[FileError] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_reused: int = 0
    orphans_removed: int = 0
    keyword_index_rebuilt: bool = False
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 when every file went in, 1 when some failed."""
        return 1 if self.failed else 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["exit_code"] = self.exit_code
        return data


@dataclass
class _Planned:
    """A parsed document waiting to be written."""

    path: Path
    chunks: list[Document]
    record: DocumentRecord
    previous: DocumentRecord | None


class Syncer:
    """Writes to a ``KnowledgeStore``; one writer per data dir at a time (file lock)."""

    def __init__(self, settings: Settings, store: KnowledgeStore, embeddings: NamedEmbeddings, *,
                 wait: float = 0.0, on_wait: Callable[[str], None] | None = None) -> None:
        """``wait``: seconds a command waits for another writer to finish before failing (0: fails at once);
        ``on_wait`` is told once when it starts waiting."""
        self.settings = settings
        self.store = store
        self.embeddings = embeddings
        self.wait = wait
        self.on_wait = on_wait

    # ---------------------------------------------------------------- commands
    def sync(self, folder: Path | None = None, progress: bool | SyncProgress = True) -> SyncReport:
        """Make the store mirror ``folder`` (default ``settings.knowledge_dir``)."""
        folder = self._folder(folder)
        started = time.perf_counter()
        report = SyncReport()
        with self._writer():
            force = self._prepare(report)
            seen: set[str] = set()
            planned = []
            for path in discover(folder):
                source = _relative(path, folder)
                seen.add(source)
                item = self._plan(path, folder, source, force, report)
                if item is not None:
                    planned.append(item)
            self._write(planned, report, progress)
            gone = [r for r in self.store.documents() if r.source not in seen]
            self._remove(gone, report)
            self._finish(report)
            self.store.manifest.set_meta("chunking", self._chunking())  # every document now uses it
        report.seconds = time.perf_counter() - started
        return report

    def add(self, paths: Iterable[Path], progress: bool | SyncProgress = True) -> SyncReport:
        """Add or replace single files (or every file under a folder)."""
        started = time.perf_counter()
        report = SyncReport()
        with self._writer():
            force = self._prepare(report)
            planned = []
            for raw in paths:
                target = Path(raw)
                if not target.exists():
                    report.failed.append(FileError(str(target), "no such file or folder", "check the path"))
                    continue
                root = self._root_for(target)
                files = discover(target) if target.is_dir() else [target]
                for path in files:
                    item = self._plan(path, root, _relative(path, root), force, report)
                    if item is not None:
                        planned.append(item)
            self._write(planned, report, progress)
            self._finish(report)
        report.seconds = time.perf_counter() - started
        return report

    def remove(self, sources: Iterable[str]) -> SyncReport:
        """Remove documents by source (``policies/x.md``; a path inside the knowledge folder also works)."""
        started = time.perf_counter()
        report = SyncReport()
        with self._writer():
            self._prepare(report)
            live = {r.source: r for r in self.store.documents()}
            gone = []
            for raw in sources:
                source = self._source_name(raw, live)
                if source is None:
                    report.failed.append(FileError(raw, "no such document in the store",
                                                   "run `advisor ingest list` to see the stored sources"))
                else:
                    gone.append(live[source])
            self._remove(gone, report)
            self._finish(report)
        report.seconds = time.perf_counter() - started
        return report

    def rebuild(self, folder: Path | None = None, progress: bool | SyncProgress = True) -> SyncReport:
        """Drop everything and re-embed ``folder`` with the current embedding model."""
        folder = self._folder(folder)
        with self._writer():
            self.store.reset(self.embeddings)
        return self.sync(folder, progress)

    # ---------------------------------------------------------------- steps
    def _folder(self, folder: Path | None) -> Path:
        """``folder`` (default ``settings.knowledge_dir``); a missing folder raises ``FileNotFoundError``."""
        folder = Path(folder or self.settings.knowledge_dir)
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: no such folder — pass an existing folder or set ADVISOR_KNOWLEDGE_DIR")
        return folder

    def _prepare(self, report: SyncReport) -> set[str]:
        """Sources that must be re-ingested (stored chunks missing, chunking changed). Orphans are kept
        until ``_finish`` so an interrupted run's embeddings can be reused."""
        _, broken = self.store.check()
        if self.store.manifest.get_meta("chunking") not in (None, self._chunking()):
            return {r.source for r in self.store.documents()}
        return set(broken)

    def _chunking(self) -> str:
        s = self.settings
        return f"{CHUNKER_VERSION}:{s.chunk_size}:{s.chunk_overlap}:{s.whole_doc_factor:g}"

    def _plan(self, path: Path, root: Path, source: str, force: set[str], report: SyncReport) -> _Planned | None:
        """Skip an unchanged file; otherwise load and chunk it (failures go to the report)."""
        previous = self.store.manifest.get(source)
        size, mtime = _stat(path)
        if previous is not None and source not in force:
            if (previous.size, previous.mtime) == (size, mtime):
                report.unchanged.append(source)
                return None
            if _file_hash(path) == previous.content_hash:
                self.store.manifest.touch(source, size, mtime)
                report.unchanged.append(source)
                return None
        try:
            doc = load_file(path, root, max_bytes=int(self.settings.max_file_mb * 1024 * 1024))
            chunks = chunk_document(doc, self.settings)
        except IngestError as exc:
            report.failed.append(FileError(str(exc.path), exc.problem, exc.remedy))
            return None
        except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the batch
            report.failed.append(FileError(str(path), f"could not be read ({type(exc).__name__}: {exc})",
                                           "check that the file opens normally; convert it to .md or .txt"))
            return None
        if not chunks:
            report.failed.append(FileError(str(path), "no text to index", "add content or delete the file"))
            return None
        if previous is not None and previous.content_hash == doc.content_hash and source not in force:
            self.store.manifest.touch(source, size, mtime)
            report.unchanged.append(source)
            return None
        m = doc.meta
        record = DocumentRecord(
            source=doc.source, content_hash=doc.content_hash, version_key=f"{doc.source}#{doc.content_hash}",
            title=m.title, doc_type=m.doc_type, department=m.department, access=m.access, version=m.version,
            effective_date=m.effective_date, chunk_count=len(chunks), size=size, mtime=mtime,
            updated_at=time.time())
        return _Planned(path, chunks, record, previous)

    def _write(self, planned: list[_Planned], report: SyncReport, progress: bool | SyncProgress) -> None:
        """Embed (with reuse) and commit each planned document by the update protocol."""
        if not planned:
            return
        cache = self.store.stored_embeddings(c.metadata["chunk_hash"] for p in planned for c in p.chunks)
        to_embed = {c.metadata["chunk_hash"] for p in planned for c in p.chunks} - cache.keys()
        bar = make_progress(progress)
        bar.start(len(to_embed), f"embedding ({self.embeddings.model_id})")
        try:
            for item in planned:
                try:
                    self._write_one(item, cache, bar, report)
                except (IngestError, StoreError, ValueError, RuntimeError, OSError) as exc:
                    report.failed.append(FileError(str(item.path), f"could not be stored ({exc})",
                                                   "the previous version stays live; run the sync again"))
        finally:
            bar.stop()

    def _write_one(self, item: _Planned, cache: dict[str, np.ndarray], bar: SyncProgress,
                   report: SyncReport) -> None:
        chunks = item.chunks
        hashes = [c.metadata["chunk_hash"] for c in chunks]
        missing: list[str] = list(dict.fromkeys(h for h in hashes if h not in cache))
        if missing:
            texts = {c.metadata["chunk_hash"]: chunk_index_text(c) for c in chunks}
            done = [0]

            def tick(n: int, _total: int) -> None:
                bar.advance(n - done[0])
                done[0] = n

            vectors = self.embeddings.encode([texts[h] for h in missing], progress=tick)
            cache.update(zip(missing, vectors))
        report.chunks_embedded += len(missing)
        report.chunks_reused += len(hashes) - len(missing)
        self.store.put_chunks(chunks, np.stack([cache[h] for h in hashes]))
        crash_point("after-upsert")
        self.store.commit(item.record)
        crash_point("after-commit")
        prev = item.previous
        if prev is not None and prev.version_key != item.record.version_key:
            self.store.delete_versions([prev.version_key])
        elif prev is not None:  # same content re-chunked: drop surplus chunks of the same version
            self.store.delete_surplus(item.record.version_key, len(chunks))
        (report.updated if prev is not None else report.added).append(item.record.source)

    def _remove(self, gone: Sequence[DocumentRecord], report: SyncReport) -> None:
        """Drop documents from the manifest in one transaction, then delete their chunks."""
        if not gone:
            return
        self.store.manifest.remove([r.source for r in gone])
        crash_point("after-remove-commit")
        self.store.delete_versions(r.version_key for r in gone)
        report.removed.extend(r.source for r in gone)

    def _finish(self, report: SyncReport) -> None:
        """Delete orphaned chunks; rebuild the keyword index when the manifest moved past the snapshot."""
        report.orphans_removed = self.store.remove_orphans()
        generation = self.store.generation()
        if report.changed or saved_generation(self.settings) != generation:
            build_and_save(self.settings, self.store.get_chunks(), generation)
            report.keyword_index_rebuilt = True

    # ---------------------------------------------------------------- helpers
    @contextmanager
    def _writer(self) -> Iterator[None]:
        """Exclusive writer lock (a second writer gets a clear error, at once or after ``wait`` seconds): a file
        lock on the data dir, or a PostgreSQL advisory lock when the state database is shared between hosts."""
        try:
            with writer_lock(self.settings, self.wait, self.on_wait):
                yield
        except WriterBusyError as exc:
            raise SyncBusyError(str(exc)) from None

    def _root_for(self, target: Path) -> Path:
        """Sources are relative to the knowledge folder when inside it, else to the parent folder."""
        knowledge = self.settings.knowledge_dir.resolve()
        if target.resolve().is_relative_to(knowledge):
            return self.settings.knowledge_dir
        return target.parent

    def _source_name(self, raw: str, live: dict[str, DocumentRecord]) -> str | None:
        candidate = raw.replace("\\", "/").strip()
        if candidate in live:
            return candidate
        path = Path(raw)
        try:
            rel = path.resolve().relative_to(self.settings.knowledge_dir.resolve()).as_posix()
        except ValueError:
            return None
        return rel if rel in live else None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.resolve().relative_to(root.resolve()).as_posix()


def _stat(path: Path) -> tuple[int, float]:
    """(size, mtime) of the file plus its sidecar: the cheap "unchanged" test."""
    st = path.stat()
    size, mtime = st.st_size, st.st_mtime
    side = sidecar_path(path)
    if side.is_file():
        sst = side.stat()
        size, mtime = size + sst.st_size, max(mtime, sst.st_mtime)
    return size, mtime


def _file_hash(path: Path) -> str:
    """sha256 of file bytes + sidecar bytes (the loader's ``content_hash``), without parsing."""
    h = hashlib.sha256(path.read_bytes())
    side = sidecar_path(path)
    if side.is_file():
        h.update(side.read_bytes())
    return h.hexdigest()
