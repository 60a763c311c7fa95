"""The one error type for a file that cannot be ingested."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A bad input file: ``str(e)`` is one line naming the file, the problem and the remedy."""

    def __init__(self, path: Path | str, problem: str, remedy: str) -> None:
        self.path = Path(path)
        self.problem = problem
        self.remedy = remedy
        super().__init__(f"{self.path}: {problem} — {remedy}")

    def __str__(self) -> str:
        return f"{self.path}: {self.problem} — {self.remedy}"
