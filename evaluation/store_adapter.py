"""Learning a store's own query adapter from labelled questions: shared by ``advisor adapter learn`` and the web
admin's "learn from feedback".

The questions (``answers``, else ``evidence_any``: ``evaluation.adapter_training.gold_test``) are labelled over the
retriever's store, k-fold cross-validation measures the dense ranking without and with an adapter learned on the
other folds, and the adapter learned on all of them is written (atomically) only when its cross-validated MRR beats
the plain ranking and the adapter in use (``adapter_to_beat``), unless forced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.query_adapter import SEEDS, STORE_ADAPTER, AdapterFileError, QueryAdapter, choose_adapter, fit_ensemble

if TYPE_CHECKING:
    from assistant.followup import FollowupRewriter
    from assistant.retrieval import HybridRetriever
    from evaluation.adapter_training import RankScore
    from web.feedback import FeedbackItem
    from evaluation.dataset import EvalQuestion

MIN_QUESTIONS = 30
"""Fewer labelled (or answerable) questions than this are refused: the folds would be too small to measure anything
(and an adapter learned from about 20 questions did not help in the round-26 measurements: hundreds are better)."""
DEFAULT_FOLDS = 5


class TooFewQuestions(ValueError):
    """Too few questions to learn from; the message says how many there are and what to add."""


@dataclass(frozen=True)
class LearnResult:
    """What learning measured, and the adapter written (None when cross-validation showed no gain)."""

    questions: int
    answerable: int
    passages: int
    folds: int
    before: "RankScore"
    after: "RankScore"
    in_use: "RankScore | None"
    adapter: QueryAdapter | None

    @property
    def to_beat(self) -> tuple[str, float]:
        """What the learned adapter must beat, and its MRR: the plain ranking, or the adapter in use when better."""
        if self.in_use is not None and self.in_use.mrr >= self.before.mrr:
            return "the adapter in use", self.in_use.mrr
        return "the plain ranking", self.before.mrr

    @property
    def gain(self) -> bool:
        """The learned adapter's cross-validated MRR beats the plain ranking and the adapter in use."""
        return self.after.mrr > self.to_beat[1]


def adapter_to_beat(setting: str | None, model_id: str, data_dir: Path) -> QueryAdapter | None:
    """The adapter a newly learned one must beat: the one ``setting`` puts in use (the shipped one, a file), but not
    the store's own — it was learned from earlier questions, most of them asked again now, so it would be judged on
    questions it learned from — and none when the one in use cannot be read (learning is how it gets replaced)."""
    try:
        choice = choose_adapter(setting, model_id, data_dir)
    except AdapterFileError:
        return None
    return None if choice.path == data_dir / STORE_ADAPTER else choice.adapter


def labelled(questions: Sequence["EvalQuestion"]) -> list["EvalQuestion"]:
    """The questions a gold passage can be found for; ``TooFewQuestions`` below ``MIN_QUESTIONS``."""
    from evaluation.adapter_training import gold_test

    out = [q for q in questions if gold_test(q) is not None]
    if len(out) < MIN_QUESTIONS:
        raise TooFewQuestions(f"{len(out)} questions with \"answers\" or \"evidence_any\", at least {MIN_QUESTIONS} "
                              "needed (hundreds are better): add questions whose \"answers\" name the facts the answer "
                              "must state")
    return out


def learn_store_adapter(retriever: "HybridRetriever", rewriter: "FollowupRewriter", questions: Sequence["EvalQuestion"],
                        target: Path, *, in_use: QueryAdapter | None = None, folds: int = DEFAULT_FOLDS,
                        seeds: int = SEEDS, force: bool = False,
                        on_fold: Callable[[], None] = lambda: None) -> LearnResult:
    """Label ``questions`` over the retriever's store (plain query vectors), cross-validate, and write the adapter to
    ``target`` when it beats the plain ranking and ``in_use`` (or ``force``). ``TooFewQuestions`` when fewer than
    ``MIN_QUESTIONS`` are answerable."""
    from evaluation.adapter_training import k_fold, score, store_block

    asked = labelled(questions)
    block = store_block(retriever, rewriter, asked)
    answerable = int(block.gold.any(axis=1).sum())
    if answerable < MIN_QUESTIONS:
        raise TooFewQuestions(f"only {answerable} of {len(asked)} questions have a passage in the store stating their "
                              f"\"answers\" (or holding their evidence), {MIN_QUESTIONS} needed: check that the facts "
                              "are written as the documents write them, and that the store is synced")
    model_id = str(getattr(retriever.embeddings, "model_id", ""))
    before, after = k_fold(block, model_id, folds, seeds, on_fold=on_fold)
    current = score(block, in_use) if in_use is not None else None
    result = LearnResult(len(asked), answerable, len(block.passages), folds, before, after, current, None)
    if not (result.gain or force):
        return result
    adapter = fit_ensemble([block], model_id, seeds=seeds)
    adapter.save(target)  # atomic: an interrupt keeps the file there was
    return LearnResult(len(asked), answerable, len(block.passages), folds, before, after, current, adapter)


def thumbs_up_questions(items: Sequence["FeedbackItem"]) -> list["EvalQuestion"]:
    """The 👍 feedback items (not refusals) as questions whose evidence is the passages
    their answer's first line cites."""
    from evaluation.dataset import EvalQuestion

    cases = [item.to_eval_case() for item in items if item.rating == "up"]
    return [EvalQuestion(id=c["id"], question=c["question"], history=c.get("history", []),
                         evidence_any=c["evidence_any"], tags=c["tags"]) for c in cases if c.get("evidence_any")]
