"""``python -m evaluation.suite ...`` is the same as ``advisor eval-suite ...``."""

from evaluation.suite.cli import app

if __name__ == "__main__":
    app()
