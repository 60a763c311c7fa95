"""Progress reporting for long ingest runs: a Rich bar on stderr, or nothing."""

from __future__ import annotations

from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


class SyncProgress(Protocol):
    """What ``Syncer`` reports while it works."""

    def start(self, total: int, description: str) -> None: ...
    def advance(self, n: int) -> None: ...
    def note(self, message: str) -> None: ...
    def stop(self) -> None: ...


class NullProgress:
    """Reports nothing (tests, libraries, ``progress=False``)."""

    def start(self, total: int, description: str) -> None:
        pass

    def advance(self, n: int) -> None:
        pass

    def note(self, message: str) -> None:
        pass

    def stop(self) -> None:
        pass


class RichProgress:
    """A Rich progress bar (chunks embedded) plus one-line notes, on stderr."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._progress: Progress | None = None
        self._task: int | None = None

    def start(self, total: int, description: str) -> None:
        self.stop()
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("chunks"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=self.console, transient=False)
        self._progress.start()
        self._task = self._progress.add_task(description, total=total)

    def advance(self, n: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def note(self, message: str) -> None:
        self.console.print(message, highlight=False, markup=False)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
            self._task = None


def make_progress(progress: bool | SyncProgress) -> SyncProgress:
    """``True`` -> Rich bar, ``False`` -> silent, an object -> itself."""
    if progress is True:
        return RichProgress()
    if progress is False or progress is None:
        return NullProgress()
    return progress
