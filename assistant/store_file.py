"""Files derived from a store's documents and kept with the store: ``<data_dir>/<kind>/<key>.npz``.

The store glossary and the case index both embed text of the store's live passages with its embedding model;
both keep the vectors under the data dir, named by what they depend on (``store_file_path``: the file's format,
the embedding model and the documents' fingerprint), so a sync that changes a document or a new model gives
a new name and the file is rebuilt. Writes are atomic (``save_npz``: a temp file in the same folder, renamed),
and a file that cannot be read — truncated, corrupt, of another format — reads as absent (``load_npz``). A data dir
holds one store, so a kind's folder keeps only the file just written: files of older documents or another model,
and temp files a killed writer left, are removed after each write (``drop_stale``).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

log = logging.getLogger(__name__)

FORMAT_KEY = "format"
STALE_TEMP_SECONDS = 3600.0
"""A temp file older than this was left by a writer that was killed (a write takes seconds): it is removed."""


def store_file_path(store: Any, kind: str, file_format: str) -> Path:
    """Where the ``kind`` file of ``store`` is kept: ``<data_dir>/<kind>/<sha1(format|model|fingerprint)>.npz``."""
    key = hashlib.sha1(f"{file_format}|{store.model_id}|{store.fingerprint()}".encode()).hexdigest()[:16]
    return Path(store.settings.data_dir) / kind / f"{key}.npz"


def save_npz(path: Path, file_format: str, **arrays: np.ndarray) -> None:
    """Write ``arrays`` and ``file_format`` to ``path`` atomically: into a temp file of the same folder, then
    renamed over ``path`` (an interrupted write leaves no half file; concurrent writers never share a temp)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")  # the usual file mode (mkstemp's is 0600)
    try:
        with tmp.open("xb") as handle:
            np.savez(handle, **arrays, **{FORMAT_KEY: np.array(file_format)})
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    drop_stale(path)


def drop_stale(path: Path) -> list[Path]:
    """Remove the other ``.npz`` files of ``path``'s folder (older documents' or another model's: the store keeps
    one file of each kind) and temp files older than ``STALE_TEMP_SECONDS``; returns what was removed. Another
    writer's fresh temp file is left alone, and a file removed meanwhile by another process is skipped."""
    removed: list[Path] = []
    now = time.time()
    for other in path.parent.iterdir():
        try:
            stale = (other.suffix == ".npz" and other.name != path.name
                     or other.suffix == ".tmp" and now - other.stat().st_mtime > STALE_TEMP_SECONDS)
            if stale:
                other.unlink()
                removed.append(other)
        except FileNotFoundError:
            continue
    return removed


def load_npz(path: Path, file_format: str, allow_pickle: bool = False) -> dict[str, np.ndarray] | None:
    """The arrays saved at ``path`` by ``save_npz``, or None when the file is absent, unreadable (truncated,
    corrupt) or of another format."""
    try:
        if not zipfile.is_zipfile(path):  # never hand a non-archive to np.load (it would try to unpickle it)
            return None
        with np.load(path, allow_pickle=allow_pickle) as data:
            if str(data[FORMAT_KEY]) != file_format:
                return None
            return {name: data[name] for name in data.files if name != FORMAT_KEY}
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, pickle.UnpicklingError):
        return None


class Saved(Protocol):
    """A derived file's content: written with ``save(path)``."""

    def save(self, path: Path) -> None: ...


S = TypeVar("S", bound=Saved)


def load_or_build(path: Path, load: Callable[[Path], S | None], build: Callable[[], S | None], what: str) -> S | None:
    """The ``what`` read from ``path`` by ``load``; else ``build()`` and saved there (kept in memory, with a warning,
    when the data dir is read-only). None when ``build`` gives None."""
    found = load(path)
    if found is not None:
        return found
    built = build()
    if built is not None:
        try:
            built.save(path)
        except OSError as exc:
            log.warning("could not save the %s to %s: %s", what, path, exc)
    return built


__all__ = ["drop_stale", "load_npz", "load_or_build", "save_npz", "store_file_path"]
