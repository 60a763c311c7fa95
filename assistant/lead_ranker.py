"""The learned lead ranker: which of the composer's best candidate sentences leads the 结论.

The composer's rules rank candidate sentences; on questions nobody tuned them for they often put a clause of
another passage first while the asked fact sits in a better-ranked one (round 24: in 128 of ~280 held-out
first-line misses the fact was in the top 5 passages). A learned model (gradient-boosted trees since round 58,
``assistant.lead_trees``; linear before) over features of the composer's best ``TOP`` candidates — the rules'
score and order, the passage's retrieval rank and score, policy clause or guidance, word overlap with the question,
whether the sentence states the asked kind of fact, and the embedding model's similarity of question and
sentence — picks the lead.

It is learned from eval questions (``python -m evaluation.lead_training``) and ships as ``lead_ranker.json`` with
the embedding model it was learned with; for another model (another cosine scale) or without the file the
composer's order stands.

With ``ADVISOR_RERANKER=local`` the bundled chat model also scores each candidate by query likelihood (how likely
it finds the question after reading ``<title> <section>：<sentence>``, ``assistant.query_likelihood``): three more
features, their own (linear) weights (``lead_ranker_likelihood.json``, ``lead_training --likelihood --kind
linear``). It reads everyday words the small embedding model misses (round 30: held-out leads 141 → 155 of 251).
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from assistant.lead_trees import tree_scores

TOP = 8
"""Candidates the model chooses among (the composer's best ``TOP``)."""
WEIGHTS_FILE = Path(__file__).with_name("lead_ranker.json")
LIKELIHOOD_WEIGHTS_FILE = Path(__file__).with_name("lead_ranker_likelihood.json")
FEATURES = ("gap", "order", "lead", "moved_lead", "passage_rank", "extra", "retrieval", "retrieval_gap", "policy", "clause",
            "overlap", "passage_overlap", "typed", "opens", "length", "step", "top_passage", "passage_best",
            "policy_open_question", "similarity", "similarity_gap", "most_similar")
LIKELIHOOD_FEATURES = ("likelihood_gap", "likelihood_rank", "most_likely")
"""Appended to ``FEATURES`` when the chat model scores the candidates (``SentenceVectors.likelihood``)."""
_CLAUSE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")
log = logging.getLogger(__name__)
_RECORDING: ContextVar[list | None] = ContextVar("lead_recording", default=None)


class Embedder(Protocol):
    """What ``SentenceVectors`` needs of a langchain ``Embeddings`` with a ``model_id``."""

    model_id: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


Likelihood = Callable[[str, Sequence[str]], list[float]]
"""Query likelihood of a question after each text (``LocalModelReranker.score``); raises when the model fails."""


class SentenceVectors:
    """Question and sentence vectors of one embedding model; sentence vectors cached (candidate sentences recur
    across questions), question vectors left to ``embed_query`` (the retriever's remembers its searches').
    ``likelihood``: the chat model's query-likelihood scorer, when the store reranks with it."""

    def __init__(self, embeddings: Embedder, max_cached: int = 20_000,
                 embed_query: Callable[[str], list[float]] | None = None, likelihood: Likelihood | None = None) -> None:
        self.embeddings = embeddings
        self.likelihood = likelihood
        self.embed_query = embed_query or embeddings.embed_query  # the retriever's: it has the question's already
        self.model_id = getattr(embeddings, "model_id", type(embeddings).__name__)
        self.max_cached = max_cached
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def query(self, text: str) -> list[float]:
        """The question's vector (query mode)."""
        return list(self.embed_query(text))

    def sentences(self, texts: Sequence[str]) -> list[list[float]]:
        """The sentences' vectors (passage mode), embedding only the ones not seen before."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vec in zip(missing, self.embeddings.embed_documents(missing), strict=True):
                self._store(text, list(vec))
        with self._lock:
            return [self._cache[t] for t in texts]

    def _store(self, key: str, vec: list[float]) -> None:
        with self._lock:
            self._cache[key] = vec
            while len(self._cache) > self.max_cached:
                self._cache.popitem(last=False)


@contextmanager
def recording() -> Iterator[list[dict]]:
    """Collect what each ``lead_order`` call saw (query, type, candidates, contexts): the training data."""
    calls: list[dict] = []
    token = _RECORDING.set(calls)
    try:
        yield calls
    finally:
        _RECORDING.reset(token)


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = math.fsum(x * y for x, y in zip(a, b))
    norm = math.sqrt(math.fsum(x * x for x in a)) * math.sqrt(math.fsum(y * y for y in b))
    return dot / norm if norm else 0.0


def candidate_indices(ranked: Sequence[tuple[float, Any]]) -> list[int]:
    """Positions in ``ranked`` of the candidates: the first ``TOP`` distinct sentences (the ；-pieces of one
    sentence quote the same text: the first piece stands for them, the yes/no verdict reads its own piece)."""
    seen: set[str] = set()
    out = []
    for i, (_score, s) in enumerate(ranked):
        if s.quote not in seen:
            seen.add(s.quote)
            out.append(i)
            if len(out) == TOP:
                break
    return out


def features(query: str, qtype: Any, ranked: Sequence[tuple[float, Any]], contexts: Sequence[Any],
             vectors: SentenceVectors) -> list[list[float]]:
    """One row of ``FEATURES`` per candidate (``candidate_indices``).

    ``ranked`` is the rules' order, not always by score: a case or claim rule may have moved a lower-scored
    clause first (``moved_lead``); ``gap`` is each score's distance to the best score."""
    from assistant.extractive import bigrams, overlap, query_bigrams, typed_spans
    from assistant.question_types import QType

    candidates = [ranked[i] for i in candidate_indices(ranked)]
    grams = query_bigrams(query)
    top_score = max(score for score, _s in candidates)
    moved = candidates[0][0] < top_score
    main = [c.score for c in contexts[:5]] or [0.0]
    best_in: dict[int, float] = {}
    for score, s in ranked:
        best_in.setdefault(s.n, score)
    open_question = qtype in (None, QType.OTHER, QType.HOWTO)
    asked = vectors.query(query)
    similarity = [_cosine(asked, v) for v in vectors.sentences([s.quote for _score, s in candidates])]
    most = max(similarity)
    rows = []
    for j, ((score, s), sim) in enumerate(zip(candidates, similarity, strict=True)):
        c = contexts[s.n - 1]
        policy = float(c.doc_type == "policy")
        typed = float(not open_question and qtype is not QType.YESNO and bool(typed_spans(s.quote, qtype)))
        rows.append([
            max(score - top_score, -2.0), 1.0 / (1 + j), float(j == 0), float(j == 0 and moved), 1.0 / s.n, float(s.n > 5), float(c.score),
            float(c.score) - max(main), policy, float(bool(_CLAUSE.search(f"{c.section} {s.quote[:8]}"))),
            overlap(grams, s.quote), overlap(grams, bigrams(f"{c.title} {c.section} {c.text}")), typed,
            float(s.pos == 0), min(len(s.quote), 200) / 100, float(s.is_step), float(s.n == candidates[0][1].n),
            float(best_in[s.n] == score), policy * float(open_question), sim, sim - most, float(sim >= most),
        ])
    return rows


def candidate_text(sentence: Any, context: Any) -> str:
    """What the chat model reads of a candidate: its passage's title and section, then the sentence."""
    return f"{context.title} {context.section}：{sentence.quote}"


def candidate_likelihoods(query: str, ranked: Sequence[tuple[float, Any]], contexts: Sequence[Any],
                          likelihood: Likelihood) -> tuple[list[Any], list[float]]:
    """The candidates of ``ranked`` (``candidate_indices``) and the chat model's likelihood of ``query`` after each
    (``candidate_text``); raises when the model fails."""
    candidates = [ranked[i][1] for i in candidate_indices(ranked)]
    return candidates, likelihood(query, [candidate_text(s, contexts[s.n - 1]) for s in candidates])


def likelihood_features(query: str, ranked: Sequence[tuple[float, Any]], contexts: Sequence[Any],
                        likelihood: Likelihood) -> list[list[float]]:
    """One row of ``LIKELIHOOD_FEATURES`` per candidate: distance to the most likely, 1 / (1 + rank), most likely."""
    _candidates, scores = candidate_likelihoods(query, ranked, contexts, likelihood)
    best = max(scores)
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    rank = {i: r for r, i in enumerate(order)}
    return [[value - best, 1.0 / (1 + rank[i]), float(value >= best)] for i, value in enumerate(scores)]


def add_likelihood(query: str, ranked: Sequence[tuple[float, Any]], contexts: Sequence[Any], likelihood: Likelihood,
                   rows: list[list[float]]) -> list[list[float]]:
    """``rows`` (``features``) with each candidate's ``likelihood_features`` appended; raises when the model fails."""
    extra = likelihood_features(query, ranked, contexts, likelihood)
    return [row + more for row, more in zip(rows, extra, strict=True)]


def model_features(likelihood: bool) -> tuple[str, ...]:
    """The feature names of the plain model or of the one with the chat model's likelihood."""
    return FEATURES + LIKELIHOOD_FEATURES if likelihood else FEATURES


@lru_cache(maxsize=4)
def load_model(path: str = str(WEIGHTS_FILE), likelihood: bool = False) -> dict | None:
    """A model file (``features``, ``margin``, ``embedding_model``, and ``weights`` of a linear model or ``trees``,
    ``lead_trees``), or ``None`` when there is none or it was learned on other features than
    ``model_features(likelihood)``."""
    file = Path(path)
    if not file.is_file():
        return None
    model = json.loads(file.read_text(encoding="utf-8"))
    names = model_features(likelihood)
    if list(model.get("features", [])) != list(names):
        return None
    if "trees" in model:
        return model if model["trees"] else None
    return model if len(model.get("weights", [])) == len(names) else None


def linear(rows: Sequence[Sequence[float]], weights: Sequence[float]) -> list[float]:
    """A linear model's score of each feature row."""
    return [math.fsum(w * x for w, x in zip(weights, row, strict=True)) for row in rows]


def model_scores(rows: Sequence[Sequence[float]], model: dict) -> list[float]:
    """The score of each feature row under ``model``: its trees' (``lead_trees``) or its linear weights'."""
    return tree_scores(rows, model) if "trees" in model else linear(rows, model["weights"])


def lead_order(query: str, qtype: Any, ranked: list, contexts: Sequence[Any],
               vectors: SentenceVectors | None = None, model: dict | None = None) -> list:
    """``ranked`` with the model's choice moved first when it beats the composer's lead by the model's margin.

    Unchanged when a rule moved the lead over better-scored sentences (round 24, cross-validated: 255 vs 253 of 438
    leads right, 10 vs 13 turned wrong; for a yes/no question, the clause ``verdict_first`` moved up to rule on the
    asked act), without ``vectors``, without a model (``model``, default the shipped one) or when the model was
    learned with another embedding model than ``vectors``'. With ``vectors.likelihood`` the likelihood model
    (``lead_ranker_likelihood.json``) chooses; when the chat model fails to score, the plain one."""
    calls = _RECORDING.get()
    if calls is not None:
        calls.append({"query": query, "qtype": qtype, "ranked": list(ranked[:TOP]), "contexts": list(contexts),
                      "vectors": vectors is not None})
    model = model if model is not None else load_model()
    if model is None or vectors is None or model.get("embedding_model") != vectors.model_id:
        return ranked
    positions = candidate_indices(ranked)
    if len(positions) < 2 or ranked[0][0] < max(ranked[i][0] for i in positions):
        return ranked  # a case, claim or verdict rule chose this lead over better-scored sentences: it stands
    try:
        rows = features(query, qtype, ranked, contexts, vectors)
    except Exception as e:  # noqa: BLE001 - an embedding failure must not fail the answer: the rules' lead stands
        log.warning("lead ranker skipped, the embedding model failed: %s", e)
        return ranked
    rows, model = _with_likelihood(query, ranked, contexts, vectors, rows, model)
    values = model_scores(rows, model)
    pick = max(range(len(values)), key=values.__getitem__)
    if pick == 0 or values[pick] - values[0] <= model.get("margin", 0.0):
        return ranked
    best = positions[pick]
    return [ranked[best], *ranked[:best], *ranked[best + 1:]]


def _with_likelihood(query: str, ranked: list, contexts: Sequence[Any], vectors: SentenceVectors,
                     rows: list[list[float]], model: dict) -> tuple[list[list[float]], dict]:
    """``rows`` and ``model``, or rows with the likelihood features and the likelihood model when the chat model
    scores the candidates and such a model was learned with ``vectors``' embedding model."""
    if vectors.likelihood is None:
        return rows, model
    scored = load_model(str(LIKELIHOOD_WEIGHTS_FILE), True)
    if scored is None or scored.get("embedding_model") != vectors.model_id:
        return rows, model
    try:
        return add_likelihood(query, ranked, contexts, vectors.likelihood, rows), scored
    except Exception as e:  # noqa: BLE001 - the chat model failed: the plain model still chooses
        log.warning("lead ranker without the model's likelihood, scoring failed: %s", e)
        return rows, model
