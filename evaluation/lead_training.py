"""Learn the lead ranker (``assistant/lead_ranker.json``) from eval questions whose facts are known.

For each question the real advisor answers it while ``lead_ranker.recording`` keeps what the composer's first
lead choice saw; a candidate is right when its sentence states every asked fact. Gradient-boosted trees (each
candidate judged on its own, scikit-learn's ``HistGradientBoostingClassifier``, saved as JSON trees:
``assistant.lead_trees``) or, with ``--kind linear``, a listwise softmax model (L2, fitted with L-BFGS) learn
which candidate to lead with; leave-one-set-out cross-validation reports how often the lead holds the facts
before and after. ``python -m evaluation.lead_training SET...`` trains on the
suite's sets (``evaluation/suite_sets.toml``) and writes the weights file; ``--likelihood`` adds the bundled chat
model's query likelihood of each candidate (``LIKELIHOOD_FEATURES``) and writes ``lead_ranker_likelihood.json``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.lead_ranker import (FEATURES, LIKELIHOOD_WEIGHTS_FILE, WEIGHTS_FILE, Likelihood, SentenceVectors,
                                   add_likelihood, candidate_indices, features, model_features, model_scores,
                                   recording)
from assistant.lead_trees import LEAF
from assistant.question_types import QType
from evaluation.metrics import answer_containment
from evaluation.suite.advisors import add_set_arguments

L2 = 0.003
"""Weight decay (round 24: 0.003, 0.03 and 0.3 compared by leave-one-set-out cross-validation; 0.003 best)."""
MARGIN = 0.0
"""How much the model's choice must beat the composer's lead (0, 0.25 and 0.5 compared; 0 best)."""
MOVED = FEATURES.index("moved_lead")
TREES = {"max_iter": 150, "learning_rate": 0.05, "max_depth": 5, "min_samples_leaf": 20, "l2_regularization": 1.0}
"""The trees' settings (round 58, leave one set out on round 57's samples of the 29 tune sets: 150 or 300 trees,
learning rate 0.03 or 0.05, depth 4–6, 20 or 40 samples a leaf compared; 583–595 of 817 leads right against the
linear model's 581, these 592 with 6 turned wrong; on this round's 816 samples 590, 9 turned wrong, linear 581)."""
KINDS = ("trees", "linear")


@dataclass
class Sample:
    """One question's candidates: feature rows, which state the asked facts, and the set it came from."""

    id: str
    group: str
    rows: np.ndarray
    right: np.ndarray


def sample_from_call(qid: str, group: str, answers: Sequence, call: dict, vectors: SentenceVectors) -> Sample | None:
    """The sample of one recorded ``lead_order`` call (``None`` with fewer than two candidates)."""
    ranked = call["ranked"]
    positions = candidate_indices(ranked)
    # yes/no questions are not learned from (round 59, leave one set out: with them the other leads fall 590 -> 586 of
    # 816; the trees learned without them lead yes/no questions 175 of 289 right against the rules' 159)
    if len(positions) < 2 or call["qtype"] is QType.YESNO:
        return None
    rows = features(call["query"], call["qtype"], ranked, call["contexts"], vectors)
    if vectors.likelihood is not None:
        rows = add_likelihood(call["query"], ranked, call["contexts"], vectors.likelihood, rows)
    rows = np.array(rows)
    right = np.array([answer_containment(answers, ranked[i][1].quote) for i in positions], dtype=float)
    return Sample(qid, group, rows, right)


def collect(advisor, questions: Iterable, group: str, vectors: SentenceVectors, k: int = 5,
            tick: Callable[[], None] | None = None) -> list[Sample]:
    """Answer each question with facts and keep its first lead choice as a sample."""
    samples = []
    for q in questions:
        if q.answers:
            with recording() as calls:
                advisor.ask(q.question, history=q.history or None, k=k)
            call = next((c for c in calls if c["vectors"]), None)  # the answer's own choice (evidence, 结论)
            sample = sample_from_call(q.id, group, q.answers, call, vectors) if call else None
            if sample is not None:
                samples.append(sample)
        if tick:
            tick()
    return samples


def fit(samples: Sequence[Sample], l2: float = L2) -> np.ndarray:
    """Weights maximising the likelihood of the right candidates (softmax over each question's candidates)."""
    from scipy.optimize import minimize

    usable = [s for s in samples if s.right.any()]
    if not usable:
        raise ValueError("no sample has a candidate stating its facts: nothing to learn from")

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = 0.5 * l2 * float(w @ w), l2 * w
        for s in usable:
            z = s.rows @ w
            z = z - z.max()
            p = np.exp(z) / np.exp(z).sum()
            target = s.right / s.right.sum()
            value -= float(target @ (z - np.log(np.exp(z).sum()))) / len(usable)
            grad = grad + s.rows.T @ (p - target) / len(usable)
        return value, grad

    return minimize(loss, np.zeros(usable[0].rows.shape[1]), jac=True, method="L-BFGS-B").x


def fit_trees(samples: Sequence[Sample]) -> dict:
    """Gradient-boosted trees scoring each candidate's log-odds of stating the asked facts, as the JSON-ready part
    of a model file (``baseline``, ``trees``: ``assistant.lead_trees``)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    usable = [s for s in samples if s.right.any()]
    if not usable:
        raise ValueError("no sample has a candidate stating its facts: nothing to learn from")
    x = np.vstack([s.rows for s in usable])
    y = np.concatenate([s.right for s in usable]).astype(int)
    if len(set(y)) < 2:
        raise ValueError("every candidate states its facts: nothing to tell apart")
    model = HistGradientBoostingClassifier(**TREES, early_stopping=False, random_state=0).fit(x, y)
    return export_trees(model)


def export_trees(model: Any) -> dict:
    """A fitted binary ``HistGradientBoostingClassifier`` as ``baseline`` and ``trees`` (``assistant.lead_trees``):
    the same log-odds as its ``decision_function`` on rows without missing values."""
    trees = []
    for (predictor,) in model._predictors:  # one tree per iteration of a binary classifier
        nodes = predictor.nodes
        trees.append({"feature": [LEAF if leaf else int(f) for leaf, f in zip(nodes["is_leaf"], nodes["feature_idx"])],
                      "threshold": [float(t) for t in nodes["num_threshold"]],
                      "left": [int(i) for i in nodes["left"]], "right": [int(i) for i in nodes["right"]],
                      "value": [round(float(v), 6) for v in nodes["value"]]})
    return {"baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


Model = np.ndarray | dict
"""Linear weights (``fit``) or a model file's dict (``fit_trees``)."""


def _fit(samples: Sequence[Sample], kind: str, l2: float) -> Model:
    """A model of ``kind`` fitted on ``samples``."""
    return fit_trees(samples) if kind == "trees" else fit(samples, l2)


def _scores(rows: np.ndarray, model: Model) -> np.ndarray:
    """The model's score of each candidate row."""
    return rows @ model if isinstance(model, np.ndarray) else np.array(model_scores(rows.tolist(), model))


@dataclass
class LeadScore:
    """Leads stating the facts: the composer's, the model's, and the questions each turned right or wrong."""

    rules: int = 0
    model: int = 0
    up: int = 0
    down: int = 0
    n: int = 0
    reachable: int = 0  # questions with a candidate stating the facts: the most any choice can get right

    def __iadd__(self, other: "LeadScore") -> "LeadScore":
        for name in ("rules", "model", "up", "down", "n", "reachable"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def lead_score(samples: Sequence[Sample], weights: Model, margin: float = MARGIN,
               guard: int | None = MOVED) -> LeadScore:
    """How often the lead states the facts with the composer's order and with the model's choice. ``guard``: the
    feature column that, when set on the first row, keeps the composer's lead (``lead_order``'s rule-moved lead);
    ``None`` for rows of other features."""
    out = LeadScore()
    for s in samples:
        z = _scores(s.rows, weights)
        best = int(np.argmax(z))
        if best and (z[best] - z[0] <= margin or guard is not None and s.rows[0][guard]):  # a rule's lead stands
            best = 0
        before, after = bool(s.right[0]), bool(s.right[best])
        out.rules += before
        out.model += after
        out.up += after and not before
        out.down += before and not after
        out.n += 1
        out.reachable += bool(s.right.any())
    return out


def cross_validate(samples: Sequence[Sample], l2: float = L2, margin: float = MARGIN,
                   kind: str = KINDS[0]) -> dict[str, LeadScore]:
    """Leave one set out: per set, the lead score of a model of ``kind`` fitted on the other sets (none with one
    set)."""
    groups = sorted({s.group for s in samples})
    if len(groups) < 2:
        return {}
    out = {}
    for group in groups:
        model = _fit([s for s in samples if s.group != group], kind, l2)
        out[group] = lead_score([s for s in samples if s.group == group], model, margin)
    return out


def save(path: Path, weights: Model, embedding_model: str, samples: Sequence[Sample], l2: float = L2,
         margin: float = MARGIN, likelihood: bool = False) -> None:
    """Write the model file (atomically) with what it was learned from: linear ``weights`` (with ``l2``) or
    trees (``fit_trees``, with their settings)."""
    groups: dict[str, int] = {}
    for s in samples:
        groups[s.group] = groups.get(s.group, 0) + 1
    head = {"features": list(model_features(likelihood)), "margin": margin, "embedding_model": embedding_model}
    if isinstance(weights, dict):
        text = _trees_text({**head, "settings": TREES, "trained_on": groups}, weights)
    else:
        model = {**head, "weights": [round(float(w), 6) for w in weights], "l2": l2, "trained_on": groups}
        text = json.dumps(model, ensure_ascii=False, indent=1)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(path)


def _trees_text(head: dict, trees: dict) -> str:
    """A trees model file's JSON: ``head``'s fields one a line, then ``baseline`` and one line per tree (what the
    file is stays readable at its top; a tree is up to 61 nodes)."""
    lines = [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in head.items()]
    lines.append(f' "baseline": {json.dumps(trees["baseline"])}')
    body = ",\n".join(lines)
    tree_lines = ",\n".join("  " + json.dumps(tree, separators=(",", ":")) for tree in trees["trees"])
    return "{\n" + body + ',\n "trees": [\n' + tree_lines + "\n ]\n}"


def _suite_samples(names: list[str], work: Path, echo: Callable[[str], None],
                   likelihood: Likelihood | None = None) -> tuple[list[Sample], str]:
    """Answer the suite sets ``names`` with the extractive advisor and collect their samples (with the chat model's
    likelihood features when ``likelihood`` is given)."""
    from evaluation.suite.advisors import set_advisors

    samples: list[Sample] = []
    model_id = ""
    for name, advisor, questions in set_advisors(names, work, "lead-training", echo):
        vectors = SentenceVectors(advisor.retriever.embeddings, embed_query=advisor.retriever.embed_query,
                                  likelihood=likelihood)
        model_id = vectors.model_id
        found = collect(advisor, questions, name, vectors)
        echo(f"set {name}: {len(found)} samples")
        samples += found
    return samples, model_id


class SamplesFileError(ValueError):
    """A ``--samples`` file that cannot serve the named sets."""


def _samples(names: list[str], work: Path, cache: Path | None,
             likelihood: Callable[[], Likelihood] | None = None) -> tuple[list[Sample], str]:
    """The samples of the sets ``names``: read from ``cache`` when it exists, else collected (and kept there);
    ``likelihood`` makes the chat model's scorer when samples with its features must be collected."""
    width = len(model_features(likelihood is not None))
    if cache and cache.is_file():
        try:
            with cache.open("rb") as f:
                kept, model_id = pickle.load(f)
            samples = [Sample(**fields) for fields in kept if fields["group"] in names]
        except Exception as e:  # noqa: BLE001 - any unreadable file gets one message naming it
            raise SamplesFileError(f"{cache}: not a samples file of this tool ({type(e).__name__}: {e}); "
                                   "delete it or pass another --samples path to collect again") from e
        if any(s.rows.shape[1] != width for s in samples):
            raise SamplesFileError(f"{cache} holds samples of other features (learned {'without' if likelihood else 'with'} "
                                   "--likelihood); delete it or pass another --samples path")
        missing = sorted(set(names) - {s.group for s in samples})
        if missing:
            raise SamplesFileError(f"{cache} holds no samples of {', '.join(missing)}; delete it or pass another "
                                   "--samples path to collect every named set")
        print(f"samples read from {cache}")
        return samples, model_id
    samples, model_id = _suite_samples(names, work, print, likelihood() if likelihood else None)
    if cache:
        with cache.open("wb") as f:
            pickle.dump(([vars(s) for s in samples], model_id), f)  # plain fields: loadable from any entry point
    return samples, model_id


def _model_likelihood() -> Likelihood:
    """The bundled model's query-likelihood scorer (its own process, as ``ADVISOR_RERANKER=local`` uses it)."""
    from assistant.rerank import local_model_reranker
    from ingest.settings import load_settings

    return local_model_reranker(load_settings()).score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.lead_training", description=__doc__.split("\n\n")[0])
    add_set_arguments(parser)
    parser.add_argument("--out", type=Path, help=f"weights file to write (default {WEIGHTS_FILE.name}, with "
                        f"--likelihood {LIKELIHOOD_WEIGHTS_FILE.name}, beside the ranker)")
    parser.add_argument("--likelihood", action="store_true",
                        help="add the bundled chat model's query likelihood of each candidate (the ranker used with "
                             "ADVISOR_RERANKER=local); starts the model process")
    parser.add_argument("--samples", type=Path,
                        help="keep the collected samples in this file and reuse them when it exists (to compare --l2 and "
                             "--margin without answering every question again)")
    parser.add_argument("--kind", choices=KINDS, default="trees",
                        help="gradient-boosted trees (default; the shipped lead_ranker.json) or a linear model (the "
                             "shipped lead_ranker_likelihood.json, round 30)")
    parser.add_argument("--l2", type=float, default=L2, help="the linear model's weight decay")
    parser.add_argument("--margin", type=float, default=MARGIN)
    args = parser.parse_args(argv)
    try:
        samples, model_id = _samples(args.sets, args.work, args.samples,
                                     _model_likelihood if args.likelihood else None)
    except SamplesFileError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not samples:
        print("error: the sets have no question with facts to learn from", file=sys.stderr)
        return 1
    total = LeadScore()
    print(f"{'held-out set':24} {'n':>4} {'reachable':>9} {'rules':>6} {'model':>6} {'up':>4} {'down':>5}")
    for group, score in cross_validate(samples, args.l2, args.margin, args.kind).items():
        print(f"{group:24} {score.n:4d} {score.reachable:9d} {score.rules:6d} {score.model:6d} {score.up:4d} {score.down:5d}")
        total += score
    print(f"{'all (cross-validated)':24} {total.n:4d} {total.reachable:9d} {total.rules:6d} {total.model:6d} {total.up:4d} "
          f"{total.down:5d}")
    out = args.out or (LIKELIHOOD_WEIGHTS_FILE if args.likelihood else WEIGHTS_FILE)
    save(out, _fit(samples, args.kind, args.l2), model_id, samples, args.l2, args.margin, args.likelihood)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
