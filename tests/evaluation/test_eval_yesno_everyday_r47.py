"""``evals/yesno_everyday_r47.jsonl``: a tune set of short yes/no questions in everyday words (round 47).

Written from ``knowledge/policies/`` after reading the code but before any answer to them was seen (not blind): 52
questions a manager asks before acting (能不能…, 可以吗, 算不算), every policy 6-10 times. Ids ``yn47-`` unique across
``evals/*.jsonl``, split ``yn47-tune``, tags ``["yn47", "policy", "yesno", "everyday"]``, every answer the short fact
the verdict turns on, verbatim in the governing clause, which the reference answer cites with its 《title》; no
question quotes its answer.
"""

from __future__ import annotations

from collections import Counter

import pytest

from blind_fact_checks import (check_facts_verbatim, check_ids_unique, check_in_askers_words, check_registered_set,
                               load)
from evaluation.dataset import EvalQuestion

NAME = "yesno_everyday_r47.jsonl"


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_ids_split_tags_and_mix(repo_root, questions):
    check_ids_unique(repo_root, questions, NAME)
    assert len(questions) == 52, f"{NAME}: 52 questions expected, found {len(questions)}"
    for q in questions:
        where = f"{NAME}:{q.line} ({q.id})"
        assert q.id.startswith("yn47-") and q.split == "yn47-tune", where
        assert q.tags == ["yn47", "policy", "yesno", "everyday"], where
        assert not q.should_refuse and not q.history and len(q.question) <= 40, f"{where}: short single questions only"
    per_doc = Counter(q.expected_sources[0] for q in questions)
    assert len(per_doc) == 7 and min(per_doc.values()) >= 6, f"{NAME}: every policy 6 times or more: {per_doc}"


def test_facts_are_verbatim_in_the_governing_clause(repo_root, questions):
    check_facts_verbatim(repo_root, questions, NAME)


def test_questions_are_in_the_askers_words(questions):
    check_in_askers_words(questions, NAME)


def test_registered_as_a_tune_set_of_the_suite(repo_root):
    check_registered_set(repo_root, "yn", NAME)
