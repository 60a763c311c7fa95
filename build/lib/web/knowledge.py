"""Knowledge-base administration behind the admin tab: upload, delete, re-sync, list (no UI code here).

Uploads are checked (parsed and chunked) in a hidden staging folder before anything is written
where ``sync`` looks, so a bad upload changes nothing stored; a file that still fails during
``Syncer.add`` is rolled back (previous file restored). Every mutation runs under one lock.
"""

from __future__ import annotations

import shutil
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.access import can_read
from ingest.chunking import chunk_document
from ingest.errors import IngestError
from ingest.frontmatter import SIDECAR_SUFFIX
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from ingest.settings import Settings

UPLOAD_FOLDER = "uploads"
_RESERVED = set('<>:"/\\|?*') | {chr(c) for c in range(32)} | {"\x7f"}
_MAX_NAME = 120

Progress = Callable[[float, str], None]


class ProgressAdapter:
    """``ingest.progress.SyncProgress`` that forwards chunk counts to a ``(fraction, text)`` callback,
    mapped into ``[low, high]`` of the overall bar."""

    def __init__(self, callback: Progress | None, low: float = 0.0, high: float = 1.0) -> None:
        self.callback, self.low, self.high = callback, low, high
        self.total, self.done, self.description = 0, 0, ""

    def start(self, total: int, description: str) -> None:
        self.total, self.done, self.description = max(total, 0), 0, description
        self._emit()

    def advance(self, n: int) -> None:
        self.done += n
        self._emit()

    def note(self, message: str) -> None:
        self.description = message
        self._emit()

    def stop(self) -> None:
        pass

    def _emit(self) -> None:
        if self.callback is None:
            return
        frac = self.done / self.total if self.total else 0.0
        text = f"嵌入片段 {self.done}/{self.total}" if self.total else self.description
        self.callback(self.low + (self.high - self.low) * min(frac, 1.0), text)


@dataclass
class FileOutcome:
    """What happened to one uploaded file."""

    name: str
    source: str = ""
    status: str = ""  # added | replaced | failed
    problem: str = ""
    remedy: str = ""


@dataclass
class UploadResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    report: object | None = None  # the SyncReport of the files that passed the check

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def sanitize_filename(name: str) -> str:
    """A safe file name from an uploaded name: no folders, no hidden or reserved characters, bounded length.

    Raises ``ValueError`` when nothing usable is left (e.g. ``..`` or an empty name).
    """
    base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").split("/")[-1]
    cleaned = "".join("_" if ch in _RESERVED else ch for ch in base).strip().lstrip(".~$ ").rstrip(". ")
    if not cleaned or set(cleaned) <= {"_", "."}:
        raise ValueError(f"upload name {name!r} has no usable characters — rename the file")
    if len(cleaned) > _MAX_NAME:
        stem, dot, suffix = cleaned.rpartition(".")
        keep = _MAX_NAME - len(suffix) - 1
        cleaned = (stem[:keep] + dot + suffix) if dot and keep > 0 else cleaned[:_MAX_NAME]
    return cleaned


def _kind(name: str) -> str:
    low = name.lower()
    if low.endswith(SIDECAR_SUFFIX):
        return "sidecar"
    return "document" if Path(low).suffix in SUPPORTED_SUFFIXES else "unsupported"


class KnowledgeManager:
    """Upload / delete / re-sync the knowledge folder through the ingestion ``Syncer``."""

    def __init__(self, settings: Settings, store, syncer) -> None:
        self.settings = settings
        self.store = store
        self.syncer = syncer
        self.lock = threading.Lock()

    @property
    def upload_dir(self) -> Path:
        return self.settings.knowledge_dir / UPLOAD_FOLDER

    # ----------------------------------------------------------------- reading

    def documents(self, user=None) -> list:
        """Manifest rows the user may read (``user=None``: everything), sorted by source."""
        return sorted((d for d in self.store.documents() if can_read(d.access, user)), key=lambda d: d.source)

    # ----------------------------------------------------------------- changing

    def resync(self, progress: Progress | None = None):
        """Make the store mirror the knowledge folder; returns the ``SyncReport``."""
        with self.lock:
            if progress:
                progress(0.0, "正在同步知识库文件夹…")
            return self.syncer.sync(self.settings.knowledge_dir, progress=ProgressAdapter(progress))

    def remove(self, sources: Sequence[str]) -> tuple[object, list[Path]]:
        """Remove documents from the store and move their files (and sidecars) out of the knowledge
        folder into ``data_dir/deleted/<time>/`` so the next sync does not bring them back.

        Returns the ``SyncReport`` and the paths the files were moved to.
        """
        known = {d.source for d in self.store.documents()}
        missing = [s for s in sources if s not in known]
        if missing:
            raise KeyError(f"not in the knowledge base: {', '.join(missing)} — pick a source from the document list")
        with self.lock:
            report = self.syncer.remove(list(sources))
            moved: list[Path] = []
            trash = self.settings.data_dir / "deleted" / time.strftime("%Y%m%d-%H%M%S")
            root = self.settings.knowledge_dir.resolve()
            for source in sources:
                for path in (self.settings.knowledge_dir / source, self.settings.knowledge_dir / (source + SIDECAR_SUFFIX)):
                    if path.is_file() and path.resolve().is_relative_to(root):
                        target = trash / path.relative_to(self.settings.knowledge_dir)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.move(str(path), target)
                        moved.append(target)
            return report, moved

    def upload(self, files: Sequence[tuple[str, Path]], progress: Progress | None = None) -> UploadResult:
        """Check and add uploaded files (``(original name, temp path)`` pairs) under ``knowledge_dir/uploads``.

        Sidecars (``X.pdf.meta.yaml``) travel with their document. Files that fail the check are
        reported and never written to the knowledge folder.
        """
        result = UploadResult()
        named: dict[str, Path] = {}
        for original, temp in files:
            try:
                safe = sanitize_filename(original)
            except ValueError as exc:
                result.outcomes.append(FileOutcome(str(original), status="failed", problem=str(exc), remedy="rename the file"))
                continue
            if safe in named:
                result.outcomes.append(FileOutcome(original, status="failed", problem="uploaded twice in one batch",
                                                   remedy="upload each file once"))
                continue
            named[safe] = Path(temp)
        documents = [n for n in named if _kind(n) == "document"]
        for name in named:
            kind = _kind(name)
            if kind == "unsupported":
                result.outcomes.append(FileOutcome(
                    name, status="failed", problem=f"unsupported file type '{Path(name).suffix or '(none)'}'",
                    remedy="upload one of " + ", ".join(sorted(SUPPORTED_SUFFIXES)) + " (or a <file>.meta.yaml sidecar with its file)"))
            elif kind == "sidecar" and name[: -len(SIDECAR_SUFFIX)] not in named:
                result.outcomes.append(FileOutcome(
                    name, status="failed", problem="sidecar uploaded without its document",
                    remedy=f"upload it together with {name[: -len(SIDECAR_SUFFIX)]}"))
        if not documents:
            return result

        with self.lock:
            self.upload_dir.mkdir(parents=True, exist_ok=True)
            staging = self.upload_dir / f".incoming-{uuid.uuid4().hex}"
            staging.mkdir()
            try:
                accepted = self._check(documents, named, staging, result, progress)
                if accepted:
                    self._commit(accepted, named, staging, result, progress)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        return result

    # ----------------------------------------------------------------- upload steps

    def _check(self, documents: list[str], named: dict[str, Path], staging: Path, result: UploadResult,
               progress: Progress | None) -> list[str]:
        """Parse and chunk each document in staging; returns the names that passed."""
        max_bytes = int(self.settings.max_file_mb * 1024 * 1024)
        accepted = []
        for i, name in enumerate(documents):
            if progress:
                progress(i / (len(documents) * 2), f"检查 {name}")
            staged = staging / name
            shutil.copyfile(named[name], staged)
            side = name + SIDECAR_SUFFIX
            if side in named:
                shutil.copyfile(named[side], staging / side)
            try:
                doc = load_file(staged, staging, max_bytes)
                if not chunk_document(doc, self.settings.chunk_size, self.settings.chunk_overlap):
                    raise IngestError(staged, "no text found", "upload a file that contains text (scanned PDFs need OCR first)")
            except IngestError as exc:
                result.outcomes.append(FileOutcome(name, status="failed", problem=exc.problem, remedy=exc.remedy))
                continue
            target = self.upload_dir / name
            if target.is_symlink() or (target.exists() and not target.is_file()):
                result.outcomes.append(FileOutcome(name, status="failed", problem=f"{target} exists and is not a regular file",
                                                   remedy="rename the upload or remove that path"))
                continue
            accepted.append(name)
        return accepted

    def _commit(self, accepted: list[str], named: dict[str, Path], staging: Path, result: UploadResult,
                progress: Progress | None) -> None:
        """Move checked files into place, ``Syncer.add`` them, and roll back any that still fail."""
        backups = staging / ".previous"
        backups.mkdir()
        placed: dict[str, Path] = {}
        existed: dict[str, bool] = {}
        for name in accepted:
            for part in (name, name + SIDECAR_SUFFIX):
                staged, target = staging / part, self.upload_dir / part
                if not staged.exists():
                    continue
                existed[part] = target.exists()
                if existed[part]:
                    shutil.copy2(target, backups / part)
                staged.replace(target)
            placed[name] = self.upload_dir / name
        if progress:
            progress(0.5, f"写入向量库：{len(placed)} 个文件（嵌入较慢，请稍候）")
        report = self.syncer.add(list(placed.values()), progress=ProgressAdapter(progress, 0.5, 1.0))
        result.report = report
        failed = {Path(getattr(f, "path", "")).name: f for f in getattr(report, "failed", [])}
        for name, target in placed.items():
            source = target.relative_to(self.settings.knowledge_dir).as_posix()
            if name in failed:
                self._rollback(name, backups, existed)
                f = failed[name]
                result.outcomes.append(FileOutcome(name, source, "failed", getattr(f, "problem", str(f)), getattr(f, "remedy", "")))
            else:
                result.outcomes.append(FileOutcome(name, source, "replaced" if existed.get(name) else "added"))
        if progress:
            progress(1.0, "完成")

    def _rollback(self, name: str, backups: Path, existed: dict[str, bool]) -> None:
        for part in (name, name + SIDECAR_SUFFIX):
            target = self.upload_dir / part
            if existed.get(part):
                shutil.copy2(backups / part, target)
            elif part in existed:
                target.unlink(missing_ok=True)
