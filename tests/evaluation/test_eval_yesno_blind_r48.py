"""``evals/yesno_blind_r48.jsonl``: a held-out set of short yes/no questions with the expected verdict (round 48).

Written from ``knowledge/policies/`` before any answer to them was seen and never tuned on: 47 questions a manager
asks before acting, 6-7 per policy, other clauses than the ``yn47`` tune set's where the policy has them. Each names
the short fact the verdict turns on (verbatim in the governing clause, which the reference answer cites) and
``expected_verdict``: ``yes`` (allowed / required / so) or ``no``, a mix of both.
"""

from __future__ import annotations

from collections import Counter

import pytest

from blind_fact_checks import (check_facts_verbatim, check_in_askers_words, check_registered_set, check_short_policy_set,
                               load)
from evaluation.dataset import EvalQuestion

NAME = "yesno_blind_r48.jsonl"


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_ids_split_tags_verdicts_and_mix(repo_root, questions):
    check_short_policy_set(repo_root, questions, NAME, "yh48-", "yh48-heldout", ["yh48", "policy", "yesno", "everyday"], 47)
    assert all(q.expected_verdict in ("yes", "no") for q in questions), f"{NAME}: every question has its expected verdict"
    verdicts = Counter(q.expected_verdict for q in questions)
    assert min(verdicts.values()) >= 15, f"{NAME}: both verdicts well represented: {verdicts}"
    assert len({q.expected_sources[0] for q in questions[:7]}) == 7, f"{NAME}: the first 7 questions take each policy"


def test_facts_are_verbatim_in_the_governing_clause(repo_root, questions):
    check_facts_verbatim(repo_root, questions, NAME)


def test_questions_are_in_the_askers_words(questions):
    check_in_askers_words(questions, NAME)


def test_registered_as_a_held_out_set_of_the_suite(repo_root):
    check_registered_set(repo_root, "yh", NAME, heldout=True)
