"""Start-up time of ``Advisor.warm_up`` with and without the saved case index (``<data_dir>/cases/``) and English
index (``<data_dir>/english/``, ``english_lexicon``).

Each run is a fresh process (what a CLI call, an eval or a web replica pays): it opens the store of
``--data-dir``, times ``Advisor.warm_up()`` and, inside it, the case index (loaded from the file or embedded).
The runs use a temporary copy of the store: "without" runs delete the copy's ``cases/`` and ``english/`` first (the
run rebuilds and saves them), "with" runs find them; the store itself is never touched.

    nice -n 10 python -m bench warmup --data-dir /tmp/kbdata --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _timed(per_generation, key: str, spent: dict[str, float]) -> None:
    """Time ``per_generation``'s computation (loaded or built) into ``spent[key]``."""
    compute = per_generation._compute

    def timed(store):
        started = time.perf_counter()
        value = compute(store)
        spent[key] = time.perf_counter() - started
        return value

    per_generation._compute = timed


def _child(data_dir: Path) -> dict[str, float]:
    """One start-up, timed: ``{"warm_up_s", "cases_s", "lexicon_s", "cases", "english_keys"}``."""
    from assistant.advisor import Advisor
    from ingest.settings import load_settings

    advisor = Advisor.from_settings(load_settings(data_dir=data_dir, llm="extractive"), llm="extractive")
    spent: dict[str, float] = {}
    _timed(advisor._cases._index, "cases_s", spent)  # the case index alone (loaded or built)
    _timed(advisor._lexicon, "lexicon_s", spent)  # the English index (dictionary read, store terms looked up)
    started = time.perf_counter()
    advisor.warm_up()
    spent["warm_up_s"] = time.perf_counter() - started
    spent["cases"] = float(len(advisor._cases.index().cases))
    lexicon = advisor._lexicon.get()
    spent["english_keys"] = float(len(lexicon.index) if lexicon is not None else 0)
    return spent


def _run(data_dir: Path, saved: bool) -> dict[str, float]:
    if not saved:
        for kind in ("cases", "english"):
            shutil.rmtree(data_dir / kind, ignore_errors=True)
    out = subprocess.run([sys.executable, "-m", "bench.warmup_bench", "--child", "--data-dir", str(data_dir)],
                         check=True, capture_output=True, text=True, env=os.environ.copy())
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench warmup", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="a synced store, copied for the runs (default: ADVISOR_DATA_DIR / .env)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind, alternating (default 3)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.data_dir is None:
        from ingest.settings import load_settings

        args.data_dir = Path(load_settings().data_dir)
    if not (args.data_dir / "manifest.sqlite3").exists():
        print(f"--data-dir {args.data_dir}: no store there, skipped (run `advisor ingest sync` first)")
        return 0
    if args.child:
        print(json.dumps(_child(args.data_dir)))
        return 0
    import tempfile

    runs: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    with tempfile.TemporaryDirectory(prefix="warmup-bench-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(args.data_dir, copy)
        for _ in range(args.repeat):
            for saved in (False, True):
                runs[saved].append(_run(copy, saved))
    print(f"store {args.data_dir}: {int(runs[True][0]['cases'])} cases, {int(runs[True][0]['english_keys'])} English "
          f"keys; {args.repeat} fresh processes each, median (min-max)")
    print(f"{'case and English index':<22}{'warm_up s':>22}{'of it, cases s':>22}{'of it, English index s':>26}")
    for saved in (False, True):
        cells = []
        for key in ("warm_up_s", "cases_s", "lexicon_s"):
            values = [r[key] for r in runs[saved]]
            cells.append(f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})")
        print(f"{'saved files' if saved else 'built (no files)':<22}{cells[0]:>22}{cells[1]:>22}{cells[2]:>26}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
