"""``evals/blind_scenarios13.jsonl``: 60 Chinese manager stories, written blind (round 52).

Written by a helper that read only ``knowledge/``, ``evals/check_blind_set.py`` and the first two rows of
``evals/blind_scenarios12.jsonl`` (not the code, no answer): stories of 50-150 characters in everyday words, asking who
(14), how long (14), how many (12), yes or no (12, with the expected verdict) or what to do first (8); 45 on the seven
policies (a different clause each), 15 on guidance sections, 8 follow-ups with a history. Split before any answer was
read, by asked kind and verdict alternately: ``bs13t`` (30, tuned on after the first count) and ``bs13h`` (30, held
out: counted, never read).
"""

from __future__ import annotations

from collections import Counter

import pytest

from blind_fact_checks import check_ids_unique, check_registered_halves, checked_blind_set, load
from evaluation.dataset import EvalQuestion

NAME = "blind_scenarios13.jsonl"


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_passes_the_checked_blind_set(repo_root):
    per_source = checked_blind_set(repo_root, NAME)
    policies = {f"policies/{p.name}" for p in (repo_root / "knowledge" / "policies").glob("*.md")}
    assert policies <= set(per_source) and min(per_source[p] for p in policies) >= 6, per_source
    assert sum(n for source, n in per_source.items() if source.startswith("guidance/")) == 15, per_source


def test_chinese_stories_with_follow_ups_verdicts_and_halves(repo_root, questions):
    check_ids_unique(repo_root, questions, NAME)
    assert len(questions) == 60
    for q in questions:
        where = f"{NAME}:{q.line} ({q.id})"
        assert q.id.startswith("bs13-") and q.split in ("blind13-tune", "blind13-heldout"), where
        assert q.tags[:2] == ["blind", "scenario"] and len(q.question) >= 40 and not q.should_refuse, where
        assert not any(a in q.question for a in q.answers), where  # the fact asked for is not told
    assert sum(bool(q.history) for q in questions) == 8
    assert Counter(q.expected_verdict for q in questions if q.expected_verdict) == {"yes": 4, "no": 8}
    halves = Counter(q.split for q in questions)
    assert halves == {"blind13-tune": 30, "blind13-heldout": 30}
    for split in halves:  # each half holds follow-ups and both verdicts
        assert sum(bool(q.history) for q in questions if q.split == split) == 4, split
        assert {q.expected_verdict for q in questions if q.split == split} == {"", "yes", "no"}, split


def test_registered_as_a_tune_half_and_a_held_out_half(repo_root, questions):
    check_registered_halves(repo_root, questions, NAME,
                            {"bs13t": ("blind13-tune", False), "bs13h": ("blind13-heldout", True)})
