"""Compare a run with an earlier one (``--baseline DIR``): paired deltas and flipped questions."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.metrics import LOWER_IS_BETTER
from evaluation.stats import paired_delta


class BaselineError(ValueError):
    """The baseline folder is missing or unreadable."""


def read_results(path: Path) -> list[dict]:
    """Every complete line of a results.jsonl (a torn last line is ignored)."""
    rows = []
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return rows


def load_baseline(folder: Path) -> tuple[list[dict], dict]:
    """``(results rows, summary)`` of an earlier ``--out`` folder."""
    folder = Path(folder)
    results, summary = folder / "results.jsonl", folder / "summary.json"
    if not results.is_file():
        raise BaselineError(f"{results}: not found — pass the --out folder of a finished earlier run as --baseline")
    try:
        meta = json.loads(summary.read_text(encoding="utf-8")) if summary.is_file() else {}
    except json.JSONDecodeError as e:
        raise BaselineError(f"{summary}: invalid JSON ({e.msg}) — re-run that evaluation") from None
    return read_results(results), meta


def compare(rows: list[dict], base_rows: list[dict], base_summary: dict, metrics: list[str], folder: Path) -> dict:
    """Per-metric paired deltas (current − baseline, by id) and the questions that flipped."""
    cur = {r["id"]: r for r in rows}
    base = {r["id"]: r for r in base_rows}
    shared = sorted(set(cur) & set(base))
    deltas = {}
    for name in metrics:
        c = {i: cur[i]["metrics"].get(name) for i in shared}
        b = {i: base[i]["metrics"].get(name) for i in shared}
        d = paired_delta(c, b)
        if d["n"] == 0:
            continue
        bm = [v for v in b.values() if v is not None]
        cm = [v for i, v in c.items() if v is not None and b[i] is not None]
        d["baseline"] = sum(bm) / len(bm) if bm else None
        d["current"] = sum(cm) / len(cm) if cm else None
        d["lower_is_better"] = name in LOWER_IS_BETTER
        d["significant"] = d["ci_low"] is not None and (d["ci_low"] > 0 or d["ci_high"] < 0)
        deltas[name] = d

    def flip(before: bool, after: bool) -> list[dict]:
        return [
            {"id": i, "question": cur[i].get("question", ""), "failure": cur[i]["metrics"].get("failure"),
             "baseline_failure": base[i]["metrics"].get("failure")}
            for i in shared
            if bool(base[i]["metrics"].get("pass")) is before and bool(cur[i]["metrics"].get("pass")) is after
        ]

    return {
        "dir": str(folder),
        "config": base_summary.get("config", {}),
        "n_shared": len(shared),
        "only_current": sorted(set(cur) - set(base)),
        "only_baseline": sorted(set(base) - set(cur)),
        "deltas": deltas,
        "pass_to_fail": flip(True, False),
        "fail_to_pass": flip(False, True),
    }
