"""Learn the query adapter (``assistant/query_adapter.npz``) from eval questions whose facts are known.

Each question of the named suite sets is rewritten as the advisor would (follow-ups become standalone) and embedded;
its gold passages are the store's passages that state every asked fact. Leave-one-set-out cross-validation reports
where the dense search ranks the first gold passage without and with an adapter learned on the other sets;
then one adapter (``fit_ensemble``) is learned on all of them and written. ``python -m evaluation.adapter_training
SET...``; a user's own store: ``advisor adapter learn QUESTIONS`` (``evaluation/adapter_cli.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.query_adapter import ADAPTER_FILE, L2, RANK, SEEDS, Block, QueryAdapter, fit_ensemble, gold_ranks
from evaluation.dataset import EvalQuestion
from evaluation.metrics import answer_containment
from evaluation.text import strip_ws
from evaluation.suite.advisors import add_set_arguments

if TYPE_CHECKING:
    from assistant.followup import FollowupRewriter
    from assistant.retrieval import HybridRetriever


@dataclass(frozen=True)
class SetBlock:
    """One suite set's labelled questions over its store."""

    name: str
    block: Block


@dataclass(frozen=True)
class RankScore:
    """Dense ranks of the first gold passage: hit@1, hit@5 and mean reciprocal rank."""

    n: int
    hit1: float
    hit5: float
    mrr: float

    @classmethod
    def of(cls, ranks: np.ndarray) -> "RankScore":
        if not len(ranks):
            return cls(0, 0.0, 0.0, 0.0)
        return cls(len(ranks), float(np.mean(ranks == 1)), float(np.mean(ranks <= 5)), float(np.mean(1.0 / ranks)))


def gold_test(question: EvalQuestion, evidence: bool = True) -> Callable[[str], bool] | None:
    """Whether a passage answers ``question``: it states every fact in ``answers``; without answers, it contains an
    ``evidence_any`` string (whitespace removed, as retrieval is judged; ``advisor``'s feedback export writes the
    cited passages there; ``evidence=False``: answers only); None when it names neither (``expected_sources`` alone
    is a whole document)."""
    if question.answers:
        facts = list(question.answers)
        return lambda text: answer_containment(facts, text) == 1
    needles = [n for n in (strip_ws(e) for e in question.evidence_any) if n] if evidence else []
    if needles:
        return lambda text: any(n in strip_ws(text) for n in needles)
    return None


def block_for(questions: Sequence[tuple[str, Callable[[str], bool]]], passages: Sequence[str],
              passage_vectors: np.ndarray, embed: Callable[[str], Sequence[float]]) -> Block:
    """The block of ``(question, answers_it)`` pairs over a store's passages (texts and their stored vectors)."""
    gold = np.array([[answers(text) for text in passages] for _, answers in questions],
                    dtype=bool).reshape(len(questions), len(passages))
    queries = np.array([embed(q) for q, _ in questions], dtype=np.float32).reshape(len(questions), -1)
    return Block(queries=queries, passages=np.asarray(passage_vectors, dtype=np.float32), gold=gold)


def ranks(block: Block, adapter: QueryAdapter | None) -> np.ndarray:
    """The dense rank of each answerable question's first gold passage (with ``adapter`` if given)."""
    keep = block.gold.any(axis=1)
    queries = block.queries[keep]
    if not len(queries):
        return np.array([], dtype=int)
    if adapter is not None:
        queries = np.array([adapter.apply(q) for q in queries], dtype=np.float32)
    return gold_ranks(queries, block.passages, block.gold[keep])


def score(block: Block, adapter: QueryAdapter | None) -> RankScore:
    """Where the dense search ranks each answerable question's first gold passage (with ``adapter`` if given)."""
    return RankScore.of(ranks(block, adapter))


def cross_validate(sets: Sequence[SetBlock], model_id: str, seeds: int,
                   **options: Any) -> dict[str, tuple[RankScore, RankScore]]:
    """Per set: (before, after) with an adapter learned on the other sets; {} for fewer than two sets."""
    if len(sets) < 2:
        return {}
    out = {}
    for held in sets:
        rest = [s.block for s in sets if s.name != held.name]
        adapter = fit_ensemble(rest, model_id, seeds=seeds, **options)
        out[held.name] = (score(held.block, None), score(held.block, adapter))
    return out


def k_fold(block: Block, model_id: str, folds: int, seeds: int, on_fold: Callable[[], None] = lambda: None,
           **options: Any) -> tuple[RankScore, RankScore]:
    """(before, after) over every answerable question of one store, each scored with an adapter learned on the
    other ``folds - 1`` folds (questions dealt to folds in a fixed shuffled order); ``on_fold`` after each fold."""
    answerable = np.flatnonzero(block.gold.any(axis=1))
    order = np.random.default_rng(0).permutation(answerable)
    before, after = [], []
    for part in np.array_split(order, folds):
        rest = np.setdiff1d(answerable, part)
        adapter = fit_ensemble([_rows(block, rest)], model_id, seeds=seeds, **options)
        before.append(ranks(_rows(block, part), None))
        after.append(ranks(_rows(block, part), adapter))
        on_fold()
    return RankScore.of(np.concatenate(before)), RankScore.of(np.concatenate(after))


def _rows(block: Block, rows: np.ndarray) -> Block:
    return Block(queries=block.queries[rows], passages=block.passages, gold=block.gold[rows])


def store_block(retriever: "HybridRetriever", rewriter: "FollowupRewriter", questions: Sequence[EvalQuestion],
                evidence: bool = True) -> Block:
    """The block of ``questions`` that name their facts or evidence over ``retriever``'s store: each rewritten as the
    advisor would (a follow-up becomes standalone), embedded, its gold passages the stored ones ``gold_test`` accepts."""
    store = retriever.store
    docs = store.get_chunks()
    stored = store.stored_embeddings(str(d.metadata.get("chunk_hash", "")) for d in docs)
    docs = [d for d in docs if str(d.metadata.get("chunk_hash", "")) in stored]
    vectors = np.array([stored[str(d.metadata["chunk_hash"])] for d in docs], dtype=np.float32)
    labelled = [(rewriter.rewrite(q.question, q.history or None), test) for q in questions
                if (test := gold_test(q, evidence)) is not None]
    return block_for(labelled, [d.page_content for d in docs], vectors, retriever.embed_query)


def _suite_blocks(names: list[str], work: Path, echo: Callable[[str], None]) -> tuple[list[SetBlock], str]:
    """Rewrite, embed and label the questions of the suite sets ``names`` over their stores."""
    from evaluation.suite.advisors import set_advisors

    out: list[SetBlock] = []
    model_id = ""
    for name, advisor, questions in set_advisors(names, work, "adapter-training", echo):
        model_id = str(getattr(advisor.retriever.embeddings, "model_id", ""))
        block = store_block(advisor.retriever, advisor.rewriter, questions, evidence=False)  # as the shipped one
        echo(f"set {name}: {len(block.queries)} questions with facts, {int(block.gold.any(axis=1).sum())} with a "
             f"passage stating them, {len(block.passages)} passages")
        out.append(SetBlock(name, block))
    return out, model_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.adapter_training", description=__doc__.split("\n\n")[0])
    add_set_arguments(parser)
    parser.add_argument("--out", type=Path, default=ADAPTER_FILE, help="adapter file to write")
    parser.add_argument("--rank", type=int, default=RANK)
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--seeds", type=int, default=SEEDS, help="adapters averaged into the one written")
    args = parser.parse_args(argv)
    if args.rank < 1 or args.seeds < 1 or args.l2 < 0:
        print("error: --rank and --seeds must be at least 1, --l2 at least 0", file=sys.stderr)
        return 2
    sets, model_id = _suite_blocks(args.sets, args.work, print)
    if not any(s.block.gold.any() for s in sets):
        print("error: no question of these sets has a passage stating its facts", file=sys.stderr)
        return 1
    options = {"rank": args.rank, "l2": args.l2}
    print(f"{'held-out set':16} {'n':>4} {'hit@1':>13} {'hit@5':>13} {'MRR':>13}")
    for name, (before, after) in cross_validate(sets, model_id, args.seeds, **options).items():
        print(f"{name:16} {before.n:4d} {before.hit1:5.3f} → {after.hit1:5.3f} {before.hit5:5.3f} → {after.hit5:5.3f} "
              f"{before.mrr:5.3f} → {after.mrr:5.3f}")
    fit_ensemble([s.block for s in sets], model_id, seeds=args.seeds, **options).save(args.out)
    print(f"wrote {args.out} (embedding model {model_id})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
