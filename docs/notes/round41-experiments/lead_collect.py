"""Collect lead samples with what each candidate is (sentence, passage title and section) for offline feature study.

``python docs/notes/round41-experiments/lead_collect.py tune|held`` answers the 19 tune (or 11 held-out kb) sets of a
synced ``/tmp/advisor-suite`` and writes ``/tmp/r41/lead_<name>.pkl``: per sample the shipped feature rows, which
candidates state every asked fact, the query, and per candidate its quote, passage rank, title, section and text.
"""
import os, sys, pickle
sys.path.insert(0, os.getcwd())
from pathlib import Path
from evaluation.lead_training import sample_from_call
from evaluation.suite.advisors import set_advisors
from assistant.lead_ranker import SentenceVectors, recording, candidate_indices


def main(name, sets):
    out = []
    for set_name, advisor, questions in set_advisors(sets, Path("/tmp/advisor-suite"), "lead-training", print):
        vectors = SentenceVectors(advisor.retriever.embeddings, embed_query=advisor.retriever.embed_query)
        n = 0
        for q in questions:
            if not q.answers:
                continue
            with recording() as calls:
                advisor.ask(q.question, history=q.history or None, k=5)
            call = next((c for c in calls if c["vectors"]), None)
            if not call:
                continue
            s = sample_from_call(q.id, set_name, q.answers, call, vectors)
            if s is None:
                continue
            cands = []
            for i in candidate_indices(call["ranked"]):
                sent = call["ranked"][i][1]
                c = call["contexts"][sent.n - 1]
                cands.append({"quote": sent.quote, "n": sent.n, "title": c.title, "section": c.section,
                              "text": c.text, "doc_type": c.doc_type})
            out.append({"id": s.id, "group": s.group, "rows": s.rows, "right": s.right, "query": call["query"],
                        "question": q.question, "followup": bool(q.history), "cands": cands})
            n += 1
        print(f"set {set_name}: {n} samples", flush=True)
    Path("/tmp/r41").mkdir(exist_ok=True)
    pickle.dump(out, open(f"/tmp/r41/lead_{name}.pkl", "wb"))
    print(name, len(out))


if __name__ == "__main__":
    tune = "kb-tune sc-tune bp-tune bp2-tune bp3 fs bs1 bs2 bs3 bs4 en enum ew bp4 bp5 bs5 bs6 bs7 bs8".split()
    held = "kb-held sc-held bp-held bp2-held fp bp6 bp7 bs9 bs10 bs11 bs12".split()
    main(sys.argv[1], tune if sys.argv[1] == "tune" else held)
