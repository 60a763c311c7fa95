"""What every ``advisor`` command prints to the terminal: plain consoles, one error line, the exit codes.

The codes are CONTRACTS.md's: 0 success, 1 partial failure, 2 bad usage or bad input, 130 interrupted.
"""

from __future__ import annotations

import typer
from rich.console import Console

PARTIAL_FAILURE = 1
USAGE_ERROR = 2
INTERRUPTED = 130


def out_console() -> Console:
    """Standard output without rich's markup guessing (file names and Chinese text print as given)."""
    return Console(soft_wrap=True, highlight=False)


def err_console() -> Console:
    """Standard error, plain like ``out_console``."""
    return Console(stderr=True, soft_wrap=True, highlight=False)


def fail(message: str, code: int = USAGE_ERROR) -> typer.Exit:
    """Print ``error: message`` on standard error; the caller raises the returned exit (``raise fail(...)``)."""
    err_console().print(f"error: {message}", markup=False)
    return typer.Exit(code=code)
