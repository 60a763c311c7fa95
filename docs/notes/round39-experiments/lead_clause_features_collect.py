"""Collect lead samples with extra candidate features (clause / asked-part / case similarity) for offline study."""
import os, sys, pickle, re
sys.path.insert(0, os.getcwd())
from pathlib import Path
import numpy as np
from evaluation.lead_training import sample_from_call
from evaluation.suite.advisors import set_advisors
from assistant.lead_ranker import SentenceVectors, recording, candidate_indices, _cosine
from assistant.asked import clauses, asked_clauses
from assistant.extractive import bigrams, overlap, query_bigrams

X = ("clause_sim", "clause_sim_gap", "most_clause_sim", "asked_sim", "asked_sim_gap", "most_asked_sim",
     "asked_overlap", "case_sim", "has_case", "story")
_CASE = re.compile(r"^(?:第[一二三四五六七八九十百零]+条\s*)?(.{4,60}?的)[，,]")

def extra(query, ranked, vectors):
    cands = [ranked[i][1] for i in candidate_indices(ranked)]
    parts = [c for c in clauses(query) if len(c.strip()) >= 4] or [query]
    asked = "".join(asked_clauses(query)) or query
    pv = [vectors.query(c) for c in parts]
    av = vectors.query(asked)
    sv = vectors.sentences([s.quote for s in cands])
    cases = [_CASE.match(s.quote) for s in cands]
    cv = vectors.sentences([m.group(1) for m in cases if m])
    cs = []
    k = 0
    for m in cases:
        if m:
            v = cv[k]; k += 1
            cs.append(max(_cosine(p, v) for p in pv))
        else:
            cs.append(0.0)
    clause_sim = [max(_cosine(p, v) for p in pv) for v in sv]
    asked_sim = [_cosine(av, v) for v in sv]
    ag = query_bigrams(asked)
    story = float(len(query) > 40)
    mc, ma = max(clause_sim), max(asked_sim)
    rows = []
    for j, s in enumerate(cands):
        rows.append([clause_sim[j], clause_sim[j] - mc, float(clause_sim[j] >= mc), asked_sim[j], asked_sim[j] - ma,
                     float(asked_sim[j] >= ma), overlap(ag, s.quote), cs[j], float(bool(cases[j])), story])
    return rows

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
            x = np.array(extra(call["query"], call["ranked"], vectors))
            out.append({"id": s.id, "group": s.group, "rows": s.rows, "right": s.right, "x": x, "query": call["query"]})
            n += 1
        print(f"set {set_name}: {n} samples", flush=True)
    pickle.dump(out, open(f"/tmp/r39/x_{name}.pkl", "wb"))
    print(name, len(out))

if __name__ == "__main__":
    tune = "kb-tune sc-tune bp-tune bp2-tune bp3 fs bs1 bs2 bs3 bs4 en enum ew bp4 bp5 bs5 bs6 bs7 bs8".split()
    held = "kb-held sc-held bp-held bp2-held fp bp6 bp7 bs9 bs10 bs11 bs12".split()
    main(sys.argv[1], tune if sys.argv[1] == "tune" else held)
