"""``python -m bench [NAME] [ARGS...]``: run every ``bench/<name>_bench.py`` (or only ``NAME``).

Each bench module exposes ``main(argv: list[str]) -> int | None`` and prints its own table.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def available() -> list[str]:
    """Bench names present next to this file, e.g. ``["answer", "ingest", "retrieval"]``."""
    return sorted(p.name[: -len("_bench.py")] for p in Path(__file__).parent.glob("*_bench.py"))


def main(argv: list[str]) -> int:
    names = available()
    if argv and argv[0] in ("-h", "--help"):
        print(f"usage: python -m bench [{'|'.join(names)}] [args...]")
        return 0
    if argv:
        if argv[0] not in names:
            print(f"unknown bench {argv[0]!r}; available: {', '.join(names)}", file=sys.stderr)
            return 2
        selected, rest = [argv[0]], argv[1:]
    else:
        selected, rest = names, []
    worst = 0
    for name in selected:
        print(f"\n=== bench: {name} ===", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}_bench")
        code = module.main(rest) or 0
        print(f"=== {name}: {time.perf_counter() - started:.1f} s, exit {code} ===", flush=True)
        worst = max(worst, int(code))
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
