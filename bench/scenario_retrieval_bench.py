"""Does retrieval bring the clause a scenario question turns on?

Run with ``python -m bench scenario_retrieval --data-dir DIR [--split tune] FILE.jsonl ...``. Every
question with ``evidence_any`` goes through the Advisor (extractive backend, so composing costs
milliseconds) and the passages its answer was composed from are searched for the evidence string
(whitespace and width ignored, as ``evaluation.metrics.relevance`` does). Prints, per file: questions,
evidence among the passages (hit), among the first 3, the mean rank of the first passage holding it, and
the questions missed. ``--split NAME`` keeps only the questions of that split (``evals/splits/NAME.txt``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path


def evidence_rank(needles: Sequence[str], texts: Sequence[str]) -> int | None:
    """1-based rank of the first text holding any needle (whitespace/width-insensitive), or None."""
    from evaluation.text import strip_ws

    wanted = [strip_ws(n) for n in needles if strip_ws(n)]
    for rank, text in enumerate(texts, start=1):
        flat = strip_ws(text)
        if any(n in flat for n in wanted):
            return rank
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scenario_retrieval")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--split", default="")
    parser.add_argument("--verbose", action="store_true", help="list the missed questions")
    args = parser.parse_args(argv)

    from assistant.advisor import Advisor
    from evaluation.dataset import load_questions
    from ingest.settings import load_settings

    advisor = Advisor.from_settings(load_settings(data_dir=args.data_dir), llm="extractive")
    advisor.warm_up()
    print(f"{'file':34} {'n':>3} {'hit':>6} {'top3':>6} {'rank':>5} {'ms/q':>6}")
    for path in args.files:
        questions = [q for q in load_questions(path) if q.evidence_any and not q.should_refuse
                     and (not args.split or q.split == args.split)]
        ranks: list[int | None] = []
        started = time.perf_counter()
        for q in questions:
            answer = advisor.ask(q.question, history=q.history or None)
            ranks.append(evidence_rank(q.evidence_any, [c.text for c in answer.contexts]))
        ms = (time.perf_counter() - started) * 1000 / max(len(questions), 1)
        found = [r for r in ranks if r is not None]
        n = max(len(questions), 1)
        mean = sum(found) / len(found) if found else float("nan")
        print(f"{path.name[:34]:34} {len(questions):>3} {len(found) / n:>6.3f} "
              f"{sum(r <= 3 for r in found) / n:>6.3f} {mean:>5.2f} {ms:>6.0f}")
        if args.verbose:
            for q, r in zip(questions, ranks):
                print(f"   {q.id:28} rank {r if r is not None else '-':>3}  {q.evidence_any[0][:40]}")
    return 0
