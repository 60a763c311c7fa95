"""``evals/yesno_blind_r48.jsonl``: a held-out set of short yes/no questions with the expected verdict (round 48).

Written from ``knowledge/policies/`` before any answer to them was seen and never tuned on: 47 questions a manager
asks before acting, 6-7 per policy, other clauses than the ``yn47`` tune set's where the policy has them. Each names
the short fact the verdict turns on (verbatim in the governing clause, which the reference answer cites) and
``expected_verdict``: ``yes`` (allowed / required / so) or ``no``, a mix of both.
"""

from __future__ import annotations

from collections import Counter

import pytest

from blind_fact_checks import (check_facts_verbatim, check_ids_unique, check_in_askers_words, check_registered_set,
                               load)
from evaluation.dataset import EvalQuestion

NAME = "yesno_blind_r48.jsonl"


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_ids_split_tags_verdicts_and_mix(repo_root, questions):
    check_ids_unique(repo_root, questions, NAME)
    assert len(questions) == 47, f"{NAME}: 47 questions expected, found {len(questions)}"
    for q in questions:
        where = f"{NAME}:{q.line} ({q.id})"
        assert q.id.startswith("yh48-") and q.split == "yh48-heldout", where
        assert q.tags == ["yh48", "policy", "yesno", "everyday"], where
        assert q.expected_verdict in ("yes", "no"), f"{where}: every question has its expected verdict"
        assert not q.should_refuse and not q.history and len(q.question) <= 40, f"{where}: short single questions only"
    verdicts = Counter(q.expected_verdict for q in questions)
    assert min(verdicts.values()) >= 15, f"{NAME}: both verdicts well represented: {verdicts}"
    per_doc = Counter(q.expected_sources[0] for q in questions)
    assert len(per_doc) == 7 and min(per_doc.values()) >= 6, f"{NAME}: every policy 6 times or more: {per_doc}"
    assert len({q.expected_sources[0] for q in questions[:7]}) == 7, f"{NAME}: the first 7 questions take each policy"


def test_facts_are_verbatim_in_the_governing_clause(repo_root, questions):
    check_facts_verbatim(repo_root, questions, NAME)


def test_questions_are_in_the_askers_words(questions):
    check_in_askers_words(questions, NAME)


def test_registered_as_a_held_out_set_of_the_suite(repo_root):
    check_registered_set(repo_root, "yh", NAME, heldout=True)
