"""Round 40: the refusal decision of every single-turn question of some suite sets, pickled for analysis.

Runs the real store and retriever of the evaluation suite (``/tmp/advisor-suite/stores/kb``, made by
``python -m evaluation.suite run``) and records, per question, the shipped decision (``Advisor._judge``, the
setting rule included), the decision before the setting rule, the evidence and the top 3 passages.

    HF_HUB_OFFLINE=1 python docs/notes/round40-experiments/refusal_decisions.py OUT.pkl kb-tune bp3 enum bp4 bp5 …
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import assistant.refusal as refusal
from assistant.advisor import Advisor
from ingest.settings import load_settings

SUITE = Path("/tmp/advisor-suite")


def main(out: str, sets: list[str]) -> None:
    advisor = Advisor.from_settings(load_settings(data_dir=SUITE / "stores" / "kb"), llm="extractive")
    advisor.ensure_ready()
    rows = []
    for name in sets:
        for line in (SUITE / "sets" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            if q.get("history"):
                continue  # follow-ups: the suite run measures them through the whole pipeline
            found = advisor.retriever.search(q["question"])
            passages = [h.doc.page_content for h in found.hits[:3]]
            titles = [str(h.doc.metadata.get("title", "")) for h in found.hits[:3]]
            covered = advisor._synonyms().covered_wording(q["question"], "".join(passages))
            before_setting = refusal.decide(refusal.evidence_for(q["question"], found.best_dense, passages,
                                                                 titles[0] if titles else "", covered, titles),
                                            advisor.refusal_thresholds())
            decision = advisor._judge(q["question"], found)
            rows.append(dict(set=name, id=q["id"], question=q["question"], should=bool(q.get("should_refuse")),
                             refused=decision.refused, reason=decision.reason, ev=decision.evidence,
                             base=before_setting, passages=passages))
    Path(out).write_bytes(pickle.dumps(rows))
    print(len(rows), "questions")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
