"""Where is the asked fact among the full pipeline's passages (k=5) and a wider pool (k=20)?"""
import sys, json, collections
from pathlib import Path
import evaluation.lead_training as lt
from evaluation.metrics import answer_containment

out = []
def collect(advisor, questions, group, vectors, k=5, tick=None, ranker="lead"):
    for q in questions:
        if not q.answers:
            continue
        rows = {}
        for kk in (5, 20):
            _s, result, decision = advisor._retrieve(q.question, q.history or None, None, None, kk)
            texts = [h.doc.page_content for h in result.hits]
            rows[kk] = [answer_containment(q.answers, t) for t in texts]
        out.append(dict(id=q.id, group=group, k5=rows[5], k20=rows[20]))
    return []
lt.collect = collect
lt._suite_samples(sys.argv[2:], Path("/tmp/advisor-suite"), print)
Path(sys.argv[1]).write_text("\n".join(json.dumps(r) for r in out))
t = collections.Counter()
for r in out:
    t["n"] += 1
    t["top1"] += bool(r["k5"][:1] and r["k5"][0])
    t["top5"] += any(r["k5"][:5])
    t["k5 all (%d avg)" % 0] += any(r["k5"])
    t["k20 top5"] += any(r["k20"][:5])
    t["k20 top10"] += any(r["k20"][:10])
    t["k20 all"] += any(r["k20"])
print(dict(t))
