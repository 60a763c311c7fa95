"""Offline probe: among the sentences an answer already quotes, does the bundled model's multiple-choice pick state
the asked facts more often than the answer's first sentence? Tune story sets only."""
import os, sys, json, re, glob
sys.path.insert(0, os.getcwd())
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_multiple_choice import load_llama, mc_scores
from evaluation.metrics import answer_containment
from evaluation.dataset import load_questions

CIT = re.compile(r"\s*\[\d+\]\s*")
LEAD = re.compile(r"^(结论：|Conclusion:\s*|建议步骤：|\d+\.\s*(\[ \]\s*)?|现在先做：|仍解决不了时：|这是“[^”]*”问题。)+")

def sentences(answer):
    out = []
    for line in answer.splitlines():
        for part in CIT.split(line):
            part = LEAD.sub("", part.strip()).strip()
            part = re.sub(r"^(现在先做：|仍解决不了时：)", "", part)
            if len(part) >= 8 and part not in out:
                out.append(part)
    return out[:8]

llm = load_llama()
sets = sys.argv[1:]
tot = dict(n=0, first=0, mc=0, up=0, down=0, reach=0)
for s in sets:
    qs = {}
    for l in open(f"/tmp/advisor-suite/sets/{s}.jsonl"):
        d = json.loads(l); qs[d["id"]] = d
    for l in open(f"/tmp/r39/base_tune/{s}/results.jsonl"):
        r = json.loads(l); m = r["metrics"]
        if m.get("answer_in_first_line") is None or not r["answer"]:
            continue
        ans = qs[r["id"]]["answers"]
        cands = sentences(r["answer"])
        if len(cands) < 2:
            continue
        right = [answer_containment(ans, c) for c in cands]
        sc, n = mc_scores(llm, r["question"], cands)
        pick = max(range(len(cands)), key=lambda i: sc[i])
        tot["n"] += 1; tot["first"] += right[0]; tot["mc"] += right[pick]; tot["reach"] += any(right)
        tot["up"] += right[pick] > right[0]; tot["down"] += right[pick] < right[0]
    print(s, tot, flush=True)
