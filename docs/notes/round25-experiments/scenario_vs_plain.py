"""For scenario-form answers: is the asked fact in the first line of the scenario answer or of the plain composer's?"""
import sys, json
from pathlib import Path
import assistant.extractive as ex
from evaluation.lead_training import _suite_samples
from evaluation.metrics import answer_containment, first_line
import evaluation.lead_training as lt

rows = []
def collect(advisor, questions, group, vectors, k=5, tick=None, ranker="lead"):
    orig = ex.scenario_applies
    for q in questions:
        if not q.answers:
            continue
        a = advisor.ask(q.question, history=q.history or None, k=k).answer
        if "现在先做" not in a.split("\n")[0] and "Do now" not in a.split("\n")[0]:
            continue
        ex.scenario_applies = lambda *args: False
        try:
            b = advisor.ask(q.question, history=q.history or None, k=k).answer
        finally:
            ex.scenario_applies = orig
        r = dict(id=q.id, group=group, scen_first=answer_containment(q.answers, first_line(a)),
                 plain_first=answer_containment(q.answers, first_line(b)),
                 scen_any=answer_containment(q.answers, a), plain_any=answer_containment(q.answers, b), a=a, b=b)
        rows.append(r)
    return []
lt.collect = collect
_suite_samples(sys.argv[2:], Path("/tmp/advisor-suite"), print)
Path(sys.argv[1]).write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
import collections
t = collections.Counter()
for r in rows:
    t["n"] += 1
    for k in ("scen_first", "plain_first", "scen_any", "plain_any"):
        t[k] += r[k] >= 1.0
print(dict(t))
