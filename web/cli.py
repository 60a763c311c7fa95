"""``advisor web``: serve the web chat (same as ``python app.py``)."""

from __future__ import annotations

from pathlib import Path

import typer

from ingest.settings import load_settings
from ingest.terminal import fail


def web(
    host: str | None = typer.Option(None, "--host", help="Address to listen on (ADVISOR_HOST, default 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", help="Port (ADVISOR_PORT, default 7860)."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help="Store and state folder (ADVISOR_DATA_DIR)."),
    users_file: Path | None = typer.Option(
        None, "--users-file", help="Users YAML for login (ADVISOR_USERS_FILE); without one, login is off."),
) -> None:
    """Serve the web chat; syncs the knowledge folder first."""
    from assistant.llm import BackendError
    from assistant.query_adapter import AdapterFileError
    from ingest.store import StoreError
    from web.auth import UsersFileError
    from state.db import StateError
    from web.server import serve

    try:
        settings = load_settings(host=host, port=port, data_dir=data_dir, users_file=users_file)
        serve(settings)
    except (UsersFileError, BackendError, StoreError, StateError, AdapterFileError, OSError) as exc:  # each message names the fix
        raise fail(str(exc)) from None
