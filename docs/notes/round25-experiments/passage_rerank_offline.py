"""Offline: would a learned reorder of the composer's passages put a passage stating every asked fact first more
often? Reads the saved suite results (their contexts) and the set files; leave-one-set-out over the tune sets,
then the held-out sets scored with a model fitted on all tune sets (report only)."""
import json, re, sys, glob, collections
from pathlib import Path
import numpy as np
from assistant.extractive import bigrams, overlap, query_bigrams, typed_spans
from assistant.question_types import classify, QType
from assistant.lead_ranker import SentenceVectors, _cosine as cosine
from evaluation.metrics import answer_containment
from evaluation.lead_training import Sample, fit, LeadScore, lead_score
import pickle, os
from ingest.embeddings import make_embeddings
from ingest.settings import load_settings

CLAUSE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")
vectors = SentenceVectors(make_embeddings(load_settings()))
NAMES = ("rank", "top", "score", "gap", "policy", "clause", "overlap", "head_overlap", "typed", "length", "sim", "sim_gap", "most_sim", "extra", "best_sentence", "best_sentence_gap", "most_similar_sentence")

def samples(run_dir, sets, top=10):
    out = []
    for name in sets:
        qs = {json.loads(l)["id"]: json.loads(l) for l in open(f"/tmp/advisor-suite/sets/{name}.jsonl")}
        for l in open(f"{run_dir}/{name}/results.jsonl"):
            r = json.loads(l)
            q = qs.get(r["id"])
            if not q or not q.get("answers") or not r["contexts"] or r["refused"]:
                continue
            ctx = r["contexts"][:top]
            query = r.get("standalone_question") or r["question"]
            qt = classify(r["question"]); grams = query_bigrams(query)
            scores = [float(c["score"]) for c in ctx]
            qv = vectors.query(query)
            sims = [cosine(qv, v) for v in vectors.sentences([c["text"][:600] for c in ctx])]
            best_sent = []
            for c in ctx:
                sents = [x for x in re.split(r"(?<=[。；！？\n])", c["text"]) if len(x.strip()) >= 6][:12] or [c["text"][:200]]
                best_sent.append(max(cosine(qv, v) for v in vectors.sentences([x.strip() for x in sents])))
            rows = []
            for i, c in enumerate(ctx):
                typed = float(qt not in (None, QType.OTHER, QType.HOWTO, QType.YESNO) and bool(typed_spans(c["text"], qt)))
                rows.append([1 / (i + 1), float(i == 0), scores[i], scores[i] - max(scores[:5]), float(c["source"].startswith("policies/")),
                             float(bool(CLAUSE.search(c["section"]))), overlap(grams, c["text"]), overlap(grams, bigrams(c["section"])),
                             typed, min(len(c["text"]), 600) / 300, sims[i], sims[i] - max(sims), float(sims[i] >= max(sims)), float(i >= 5),
                             best_sent[i], best_sent[i] - max(best_sent), float(best_sent[i] >= max(best_sent))])
            right = np.array([answer_containment(q["answers"], c["text"]) for c in ctx])
            out.append(Sample(r["id"], name, np.array(rows), right))
    return out

TUNE = "kb-tune sc-tune bp-tune bp2-tune bp3 fs bs1 bs2 bs3 bs4 en enum ew bp4 bp5 bs5 bs6 bs7 bs8".split()
HELD = "kb-held sc-held bp-held bp2-held fp bp6 bp7 bs9 bs10 bs11 bs12".split()
if os.path.exists("/tmp/r25/tune2.pkl"):
    tune, held = pickle.load(open("/tmp/r25/tune2.pkl", "rb"))
else:
    tune = samples("/tmp/suite/base_t", TUNE); held = samples("/tmp/suite/base_h", HELD); pickle.dump((tune, held), open("/tmp/r25/tune2.pkl", "wb"))
print("tune samples", len(tune), "reachable", sum(s.right.any() for s in tune), "top1", sum(bool(s.right[0]) for s in tune))
for l2 in (0.003, 0.03):
    for margin in (0.0, 0.5):
        total = LeadScore()
        for g in TUNE:
            rest = [s for s in tune if s.group != g]
            w = fit(rest, l2)
            total += lead_score([s for s in tune if s.group == g], w, margin, None)
        print("cv", l2, margin, vars(total))
import sys as _s; w = fit(tune, float(_s.argv[1]) if len(_s.argv) > 1 else 0.03)
print(dict(zip(NAMES, np.round(w, 2))))
print("held reachable", sum(s.right.any() for s in held), "of", len(held))
for margin in (0.0, 0.5):
    print("held", margin, vars(lead_score(held, w, margin, None)))
