"""Slice the question files into the named sets: lines kept byte for byte, in file order."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.suite.definitions import SetDef, SuiteError


class MissingSetFile(SuiteError):
    """An ``optional`` set's questions file does not exist (skipped with a message)."""


def read_id_list(path: Path) -> list[str]:
    """Ids of a ``splits/NAME.txt`` file: one per line, ``#`` comments and blank lines ignored (as the loader reads it)."""
    ids = []
    for raw in Path(path).read_text(encoding="utf-8-sig").splitlines():
        qid = raw.split("#", 1)[0].strip()
        if qid:
            ids.append(qid)
    return ids


def question_lines(path: Path) -> list[str]:
    """The non-blank lines of a JSONL questions file, without their line ends."""
    return [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _id(line: str, path: Path, n: int) -> str:
    try:
        return str(json.loads(line)["id"])
    except (json.JSONDecodeError, KeyError, TypeError):
        raise SuiteError(f"{path}: question {n} has no readable id") from None


def by_ids(lines: list[str], ids: list[str], path: Path, *, all_required: bool) -> list[str]:
    """The lines whose id is in ``ids``, in file order; ``all_required``: every id must be found."""
    wanted = set(ids)
    kept = [line for n, line in enumerate(lines, 1) if _id(line, path, n) in wanted]
    if all_required:
        found = {_id(line, path, 0) for line in kept}
        missing = [i for i in ids if i not in found]
        if missing:
            raise SuiteError(f"{path}: ids not found: {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}")
    return kept


def by_rows(lines: list[str], rows: tuple[int, int], path: Path) -> list[str]:
    """Question rows ``[first, end)`` (0-based) of a questions file."""
    lo, hi = rows
    if hi > len(lines):
        raise SuiteError(f"{path}: has {len(lines)} questions, rows [{lo}, {hi}) asked — rebuild the corpus")
    return lines[lo:hi]


def set_lines(s: SetDef, repo_root: Path, corpus_questions: Path | None) -> list[str]:
    """The question lines of set ``s``: from its repository file, or rows of its corpus's questions file."""
    if s.rows is not None:
        if corpus_questions is None:
            raise SuiteError(f"set {s.name}: its corpus has no questions file")
        return by_rows(question_lines(corpus_questions), s.rows, corpus_questions)
    path = repo_root / s.file
    if not path.is_file():
        if s.optional:
            raise MissingSetFile(f"set {s.name}: {s.file} does not exist — skipped")
        raise SuiteError(f"set {s.name}: {path} not found")
    lines = question_lines(path)
    if s.ids_file:
        return by_ids(lines, read_id_list(repo_root / s.ids_file), path, all_required=False)
    if s.ids:
        return by_ids(lines, list(s.ids), path, all_required=True)
    return lines


def write_set(lines: list[str], dest: Path) -> Path:
    """Write the set's questions file; left untouched when the content is the same (resumed runs match)."""
    text = "".join(line + "\n" for line in lines)
    if not lines:
        raise SuiteError(f"{dest.name}: the set is empty")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not dest.is_file() or dest.read_text(encoding="utf-8") != text:
        dest.write_text(text, encoding="utf-8")
    return dest
