"""``evals/blind_policies2.jsonl``: a second report-only set of manager fact questions in everyday words.

Same checks as ``blind_policies.jsonl`` (``blind_fact_checks``): ids ``bp2-`` unique across ``evals/*.jsonl``,
split ``blind_policies2``, tags ``["blind", "policy", <type>]``, every answer a short fact verbatim in the
governing clause or guidance section, the reference answer citing 《title》 and that clause or section, the
should-refuse fields and topics, and that the file stays out of ``collab_qa.jsonl``, ``splits/`` and the
answer bench's question pool. Besides: its own mix, questions in the asker's words (they quote neither
their answers nor their evidence), and facts no earlier question file asks (no question elsewhere in
``evals/`` has the same answer in the same governing passage).
"""

from __future__ import annotations

import pytest

from blind_fact_checks import (
    check_facts_verbatim, check_ids_split_and_tags, check_in_askers_words, check_kept_out_of_tuning_data, check_mix,
    check_not_asked_elsewhere, check_refused_topics_not_in_knowledge, check_shuffled, check_should_refuse_fields, load,
)
from evaluation.dataset import EvalQuestion

NAME = "blind_policies2.jsonl"
PREFIX = "bp2-"
SPLIT = "blind_policies2"
REFUSED_TOPICS = {
    "bp2-refuse-housing-fund": ("公积金",),
    "bp2-refuse-marriage-leave": ("婚假", "结婚"),
    "bp2-refuse-health-checkup": ("体检", "医院"),
    "bp2-refuse-parking": ("停车", "车位"),
}


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_ids_split_and_tags(repo_root, questions):
    check_ids_split_and_tags(repo_root, questions, NAME, PREFIX, SPLIT)


def test_should_refuse_fields(questions):
    check_should_refuse_fields(questions, NAME)


def test_should_refuse_topics_are_not_in_knowledge(repo_root, questions):
    """Housing fund, marriage leave, health check-ups, parking: workplace questions knowledge/ never mentions."""
    check_refused_topics_not_in_knowledge(repo_root, questions, NAME, REFUSED_TOPICS)


def test_facts_are_verbatim_in_the_governing_passage(repo_root, questions):
    check_facts_verbatim(repo_root, questions, NAME)


def test_kept_out_of_tuning_data(repo_root, questions):
    """The module docstring promised it; no test checked it before round 19."""
    check_kept_out_of_tuning_data(repo_root, questions)


def test_mix(questions):
    check_mix(questions, NAME)


def test_shuffled_so_a_limit_gives_a_mix(questions):
    check_shuffled(questions, NAME)


def test_questions_are_in_the_askers_words(questions):
    check_in_askers_words(questions, NAME)


# Blind sets written after this one by writers who never saw it, and never tuned on: a fact they share with it
# cannot leak tuning into it, so they are not "other files" for the check below. everyday_words_h9kd.jsonl (round 20)
# is a later *tune* file written from knowledge/ alone: it repeats facts of this set (the knowledge base is small), so
# tuning on it can reach this set's facts in other words; the round-20 note records it. english_blind_r50.jsonl (round
# 50) likewise: written blind from knowledge/ alone, then tuned on; it asks 两页 of the meeting playbook's pre-read
# section in English, as the held-out bp2-guide-premeeting-pages does in Chinese (its glossary entries read only
# English questions; that answer did not change).
LATER_BLIND_SETS = frozenset({
    "blind_scenarios4.jsonl", "blind_scenarios5.jsonl", "blind_scenarios6.jsonl", "blind_scenarios7.jsonl",
    "blind_scenarios8.jsonl", "blind_policies3.jsonl", "blind_scenarios9.jsonl", "blind_policies4.jsonl",
    "blind_scenarios10.jsonl", "blind_policies5.jsonl", "everyday_words_h9kd.jsonl",
    "blind_scenarios11.jsonl", "blind_policies6.jsonl", "blind_scenarios12.jsonl", "blind_policies7.jsonl",
    "english_blind_r50.jsonl", "blind_scenarios13.jsonl",
})


def test_facts_are_not_asked_by_other_question_files(repo_root, questions):
    check_not_asked_elsewhere(repo_root, questions, NAME, LATER_BLIND_SETS)
