"""Appending accepted rules to a synonyms file without ever leaving a broken one.

The new text (the file as it is, a dated comment, the new lines) is parsed with the same parser the product
reads the file with (``synonyms.parse``) before anything is written; it is then written to a temporary file in
the same folder, flushed to disk and renamed over the old one (``os.replace`` is atomic), so a reader — the web
server re-reads the file when it changes — sees the old file or the new one, never half of one; an interrupted
write leaves the old file and at most a stray temporary file. A missing file (and its folder) is created.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from assistant.synonyms import Synonyms, SynonymsError, parse


def appended_text(old: str, lines: Sequence[str], comment: str) -> str:
    """``old`` followed by a blank line, ``# comment`` and ``lines`` (one rule a line)."""
    head = old if not old or old.endswith("\n") else old + "\n"
    sep = "\n" if head.strip() else ""
    return head + sep + f"# {comment}\n" + "".join(f"{line}\n" for line in lines)


def append_rules(path: Path, lines: Sequence[str], comment: str) -> Synonyms:
    """Append ``lines`` under ``# comment`` to the synonyms file at ``path`` atomically; returns the new table.

    Raises ``SynonymsError`` naming the file and line, and writes nothing, when the file as it is or a new line is
    malformed, or a line spans several lines."""
    path = Path(path)
    if any("\n" in line or "\r" in line for line in (*lines, comment)):
        raise SynonymsError(f"{path}: a rule or comment to append spans several lines — give one rule a line")
    try:
        old = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        old = ""
    except UnicodeDecodeError as e:
        raise SynonymsError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}) — save it as UTF-8") from None
    parse(old, path)  # a file broken already is not appended to: fix it first (the error names the line)
    new = appended_text(old, lines, comment)
    table = parse(new, path)
    write_atomically(path, new)
    return table


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one rename; the old file stays whole if anything fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["append_rules", "appended_text", "write_atomically"]
