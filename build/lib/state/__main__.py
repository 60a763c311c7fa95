"""``python -m state upgrade|current|revision -m MSG`` for the configured database (``ADVISOR_DATABASE_URL``
or the SQLite files under ``--data-dir``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from ingest.settings import load_settings
    from state.db import MIGRATIONS, StateError, app_url, current_revision, engine_for, hide_password, manifest_url

    parser = argparse.ArgumentParser(prog="python -m state", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["upgrade", "current", "revision"])
    parser.add_argument("-m", "--message", help="revision: what the new migration changes")
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = load_settings(data_dir=args.data_dir)
    if args.command == "revision":
        from alembic import command
        from alembic.config import Config

        if not args.message:
            parser.error("revision needs -m MESSAGE")
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine_for(app_url(settings)).begin() as conn:  # autogenerate compares against the migrated database
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=args.message, autogenerate=True)
        return 0
    try:
        for url in dict.fromkeys((manifest_url(settings), app_url(settings))):
            engine = engine_for(url)  # opening migrates to head
            print(f"{hide_password(url)}: revision {current_revision(engine)}")
    except StateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
