"""Temporary folders for a benchmark run, removed when the run ends (also on Ctrl-C).

A benchmark store is about 1 GB (the embedding model and the generated chunks); folders left behind by
earlier runs once filled the disk and made a CI install fail. Pass ``--data-dir`` / ``--big-dir`` to keep one.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch_dir(prefix: str) -> Path:
    """A new temporary folder, deleted with its contents when the Python process exits."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path
