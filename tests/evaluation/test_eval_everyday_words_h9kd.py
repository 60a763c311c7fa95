"""``evals/everyday_words_h9kd.jsonl``: a tune set of policy fact questions in everyday words (round 20, h9kd).

Written from ``knowledge/`` before the product's answers to it were seen: ids ``h9kd-`` unique across
``evals/*.jsonl``, split ``h9kd-everyday-tune``, tags ``["h9kd", "policy", <type>, "everyday"]``, every answer a short
fact verbatim in the governing clause, the reference answer citing 《title》 and that clause, and no question
quoting its answer or its evidence phrase. Its facts are not new (the knowledge base's clauses are all asked by
some ``evals/`` file); its wording is.
"""

from __future__ import annotations

import pytest

from blind_fact_checks import (check_facts_verbatim, check_ids_unique, check_in_askers_words, check_registered_set,
                               load)
from evaluation.dataset import EvalQuestion

NAME = "everyday_words_h9kd.jsonl"
TYPES = {"who", "duration", "number", "action"}


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_ids_split_and_tags(repo_root, questions):
    check_ids_unique(repo_root, questions, NAME)
    assert 36 <= len(questions) <= 50, f"{NAME}: about 40 questions expected, found {len(questions)}"
    for q in questions:
        where = f"{NAME}:{q.line} ({q.id})"
        assert q.id.startswith("h9kd-") and q.split == "h9kd-everyday-tune", where
        assert q.tags[:2] == ["h9kd", "policy"] and q.tags[2] in TYPES and q.tags[3] == "everyday", where
        assert not q.should_refuse and not q.history, f"{where}: answerable single questions only"


def test_facts_are_verbatim_in_the_governing_clause(repo_root, questions):
    check_facts_verbatim(repo_root, questions, NAME)


def test_questions_are_in_the_askers_words(questions):
    check_in_askers_words(questions, NAME)


def test_registered_as_a_tune_set_of_the_suite(repo_root):
    check_registered_set(repo_root, "ew", NAME)
