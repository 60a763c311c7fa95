"""``python -m ingest ...`` is the same as ``advisor ingest ...``."""

from ingest.cli import app

if __name__ == "__main__":
    app(prog_name="python -m ingest")
