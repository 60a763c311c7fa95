"""Leave-one-set-out and held-out lead scores with the extra features of lead_clause_features_collect.py (round 39)."""
import os, pickle, sys
import numpy as np
sys.path.insert(0, os.getcwd())
from evaluation.lead_training import Sample, fit, LeadScore, MOVED

def score_fn_eval(samples, scorer):
    """Leads right when ``scorer`` chooses (the shipped rule: a moved lead stands, ties keep the rules' lead)."""
    out = LeadScore()
    for s in samples:
        z = scorer(s.rows)
        best = int(np.argmax(z))
        if best and (z[best] - z[0] <= 0 or s.rows[0][MOVED]):
            best = 0
        before, after = bool(s.right[0]), bool(s.right[best])
        out.rules += before; out.model += after; out.up += after and not before; out.down += before and not after
        out.n += 1; out.reachable += bool(s.right.any())
    return out


def cv(samples, trainer):
    """Leave one set out: train on the others, score the left-out set."""
    groups = sorted({s.group for s in samples}); tot = LeadScore(); per = {}
    for g in groups:
        sc = trainer([s for s in samples if s.group != g])
        r = score_fn_eval([s for s in samples if s.group == g], sc); per[g] = r; tot += r
    return tot, per


def fmt(t):
    return f"n {t.n} reach {t.reachable} rules {t.rules} model {t.model} up {t.up} down {t.down}"

XN = ("clause_sim", "clause_sim_gap", "most_clause_sim", "asked_sim", "asked_sim_gap", "most_asked_sim",
      "asked_overlap", "case_sim", "has_case", "story")

def load(name, cols, inter=()):
    out = []
    for d in pickle.load(open(f"/tmp/r39/x_{name}.pkl", "rb")):
        x = d["x"]
        parts = [d["rows"]] + [x[:, [XN.index(c)]] for c in cols]
        st = x[:, [XN.index("story")]]
        for c in inter:  # story interactions
            if c in XN:
                parts.append(x[:, [XN.index(c)]] * st)
            else:
                from assistant.lead_ranker import FEATURES
                parts.append(d["rows"][:, [FEATURES.index(c)]] * st)
        out.append(Sample(d["id"], d["group"], np.hstack(parts), d["right"]))
    return out

def story_split(samples, scorer):
    a = [s for s in samples if len(s.id) and s.group.startswith("bs")]
    return score_fn_eval(a, scorer)

if __name__ == "__main__":
    configs = {
        "base": ((), ()),
        "+clause": (("clause_sim", "clause_sim_gap", "most_clause_sim"), ()),
        "+asked": (("asked_sim", "asked_sim_gap", "most_asked_sim"), ()),
        "+asked_overlap": (("asked_overlap",), ()),
        "+case": (("case_sim", "has_case"), ()),
        "+clause+asked": (("clause_sim", "clause_sim_gap", "most_clause_sim", "asked_sim", "asked_sim_gap", "most_asked_sim"), ()),
        "+all": (XN[:-1], ()),
        "+story_inter sim": ((), ("similarity", "similarity_gap", "overlap", "story")),
        "+all+story_inter": (XN[:-1], ("clause_sim", "clause_sim_gap", "asked_sim", "asked_sim_gap", "case_sim", "story")),
    }
    which = sys.argv[1:] or list(configs)
    held_ok = True
    try:
        pickle.load(open("/tmp/r39/x_held.pkl", "rb"))
    except FileNotFoundError:
        held_ok = False
    for name in which:
        cols, inter = configs[name]
        tune = load("tune", cols, inter)
        for l2 in (0.003, 0.03):
            t, per = cv(tune, lambda s: (lambda w: (lambda r: r @ w))(fit(s, l2)))
            stories = LeadScore()
            for g in per:
                if g.startswith("bs"):
                    stories += per[g]
            line = f"{name:20} l2={l2:<6} LOSO {fmt(t)} | stories model {stories.model}/{stories.n}"
            if held_ok:
                held = load("held", cols, inter)
                w = fit(tune, l2)
                h = score_fn_eval(held, lambda r: r @ w)
                hs = score_fn_eval([s for s in held if s.group.startswith("bs")], lambda r: r @ w)
                line += f" || held {fmt(h)} | held stories {hs.model}/{hs.n}"
            print(line, flush=True)
