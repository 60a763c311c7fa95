"""Round 40 (dropped): a second coverage limit — refuse below LIMIT when the passages say less than COV of the
question's words. Reads the pickles of ``refusal_decisions.py`` (tune and held out) and prints each setting's counts.

    python docs/notes/round40-experiments/coverage_limit_sweep.py TUNE.pkl HELD.pkl
"""

from __future__ import annotations

import pickle
import sys

from assistant.story import is_story


def counts(rows: list[dict], limit: float, cov: float, stories_exempt: bool) -> tuple[int, int]:
    """(should-refuse questions still answered, answerable questions refused) under the extra limit."""
    missed = false = 0
    for r in rows:
        e, refused = r["ev"], r["refused"]
        if (not refused and not e.english and e.best_dense is not None and e.best_dense < limit and e.coverage < cov
                and not (stories_exempt and is_story(r["question"]))):
            refused = True
        missed += r["should"] and not refused
        false += (not r["should"]) and refused
    return missed, false


def main(tune_path: str, held_path: str) -> None:
    tune, held = (pickle.loads(open(p, "rb").read()) for p in (tune_path, held_path))
    for limit in (0.89, 0.895, 0.90, 0.905):
        for cov in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
            for exempt in (False, True):
                (tm, tf), (hm, hf) = counts(tune, limit, cov, exempt), counts(held, limit, cov, exempt)
                print(f"limit {limit} coverage < {cov} stories exempt {exempt}: tune missed {tm} false {tf} | "
                      f"held out missed {hm} false {hf}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
