"""``evals/yesno_everyday_r47.jsonl``: a tune set of short yes/no questions in everyday words (round 47).

Written from ``knowledge/policies/`` after reading the code but before any answer to them was seen (not blind): 52
questions a manager asks before acting (能不能…, 可以吗, 算不算), every policy 6-10 times. Ids ``yn47-`` unique across
``evals/*.jsonl``, split ``yn47-tune``, tags ``["yn47", "policy", "yesno", "everyday"]``, every answer the short fact
the verdict turns on, verbatim in the governing clause, which the reference answer cites with its 《title》; no
question quotes its answer.
"""

from __future__ import annotations

import pytest

from blind_fact_checks import (check_facts_verbatim, check_in_askers_words, check_registered_set, check_short_policy_set,
                               load)
from evaluation.dataset import EvalQuestion

NAME = "yesno_everyday_r47.jsonl"


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_ids_split_tags_and_mix(repo_root, questions):
    check_short_policy_set(repo_root, questions, NAME, "yn47-", "yn47-tune", ["yn47", "policy", "yesno", "everyday"], 52)


def test_facts_are_verbatim_in_the_governing_clause(repo_root, questions):
    check_facts_verbatim(repo_root, questions, NAME)


def test_questions_are_in_the_askers_words(questions):
    check_in_askers_words(questions, NAME)


def test_registered_as_a_tune_set_of_the_suite(repo_root):
    check_registered_set(repo_root, "yn", NAME)
