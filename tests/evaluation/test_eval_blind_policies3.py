"""``evals/blind_policies3.jsonl``: a third report-only set of manager fact questions in everyday words.

Written blind in round 18 from ``knowledge/`` only, with the same checks as ``blind_policies2.jsonl``
(``blind_fact_checks``): ids ``bp3-`` unique across ``evals/*.jsonl``, split ``blind_policies3``, tags
``["blind", "policy", <type>]``, every answer a short fact verbatim in the governing clause or guidance
section, the reference answer citing 《title》 and that clause or section, the should-refuse fields and
topics, kept out of ``collab_qa.jsonl``, ``splits/`` and the answer bench's question pool; its mix, a
seeded shuffle, questions that quote neither their answers nor their evidence, and facts no other
``evals/`` file asks from the same passage (``blind_scenarios8.jsonl``, written in the same round, included).
"""

from __future__ import annotations

import pytest

from blind_fact_checks import (
    check_facts_verbatim, check_ids_split_and_tags, check_in_askers_words, check_kept_out_of_tuning_data, check_mix,
    check_not_asked_elsewhere, check_refused_topics_not_in_knowledge, check_shuffled, check_should_refuse_fields, load,
)
from evaluation.dataset import EvalQuestion

NAME = "blind_policies3.jsonl"
PREFIX = "bp3-"
SPLIT = "blind_policies3"
REFUSED_TOPICS = {
    "bp3-refuse-overtime-pay": ("加班费", "调休"),
    "bp3-refuse-travel-hotel": ("差旅", "酒店", "住宿"),
    "bp3-refuse-maternity-leave": ("产假", "生育"),
    "bp3-refuse-stock-options": ("期权", "股票"),
}
# Blind sets written after this one by writers who never saw it: a fact they share with it cannot leak
# tuning into it, so they are not "other files" for the check below. Add later blind files here.
LATER_BLIND_SETS: frozenset[str] = frozenset({"blind_scenarios9.jsonl", "blind_policies4.jsonl",
                                                "blind_scenarios10.jsonl", "blind_policies5.jsonl",
                                                "everyday_words_h9kd.jsonl"})


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_ids_split_and_tags(repo_root, questions):
    check_ids_split_and_tags(repo_root, questions, NAME, PREFIX, SPLIT)


def test_should_refuse_fields(questions):
    check_should_refuse_fields(questions, NAME)


def test_should_refuse_topics_are_not_in_knowledge(repo_root, questions):
    """Overtime pay, travel hotels, maternity leave, stock options: workplace questions knowledge/ never mentions."""
    check_refused_topics_not_in_knowledge(repo_root, questions, NAME, REFUSED_TOPICS)


def test_facts_are_verbatim_in_the_governing_passage(repo_root, questions):
    check_facts_verbatim(repo_root, questions, NAME)


def test_kept_out_of_tuning_data(repo_root, questions):
    check_kept_out_of_tuning_data(repo_root, questions)


def test_mix(questions):
    check_mix(questions, NAME)


def test_shuffled_so_a_limit_gives_a_mix(questions):
    check_shuffled(questions, NAME)


def test_questions_are_in_the_askers_words(questions):
    check_in_askers_words(questions, NAME)


def test_facts_are_not_asked_by_other_question_files(repo_root, questions):
    check_not_asked_elsewhere(repo_root, questions, NAME, LATER_BLIND_SETS)
