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
    POLICY_DOCS, SINGLE_TYPES, alternatives, check_facts_verbatim, check_ids_split_and_tags,
    check_kept_out_of_tuning_data, check_not_asked_elsewhere, check_refused_topics_not_in_knowledge,
    check_should_refuse_fields, guidance_count, load, per_doc_counts, question_type,
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


def test_mix(questions):
    kinds = [question_type(q) for q in questions]
    assert len(questions) == 40, f"{NAME}: 40 questions expected, found {len(questions)}"
    assert kinds.count("english") == 4, f"{NAME}: 4 English questions expected"
    assert kinds.count("refuse") == 4, f"{NAME}: 4 should-refuse questions expected"
    assert kinds.count("followup") == 5, f"{NAME}: 5 follow-ups with a history expected"
    assert kinds.count("twopart") == 3 and all(len(q.answers) == 2 for q in questions if question_type(q) == "twopart"), (
        f"{NAME}: 3 two-part questions, each with two answers"
    )
    singles = [k for k in kinds if k in SINGLE_TYPES]
    assert len(singles) == 24 and set(singles) == SINGLE_TYPES, f"{NAME}: 24 single fact questions of every type"
    assert all(singles.count(k) >= 3 for k in SINGLE_TYPES), f"{NAME}: at least 3 single questions of each type"
    per_doc = per_doc_counts(questions)
    off = sorted(d for d in POLICY_DOCS if not 3 <= per_doc.get(f"policies/{d}", 0) <= 5)
    assert not off, f"{NAME}: every policy is used 3-5 times, not so on {off}"
    guidance = guidance_count(questions)
    assert 4 <= guidance <= 6, f"{NAME}: 4-6 guidance questions expected, found {guidance}"


def test_shuffled_so_a_limit_gives_a_mix(questions):
    """``--limit 10`` takes several question types and documents, not one block of the file."""
    head = questions[:10]
    assert len({question_type(q) for q in head}) >= 5, f"{NAME}: the first 10 questions should mix the types"
    assert len({s for q in head for s in q.expected_sources}) >= 5, f"{NAME}: the first 10 questions should mix documents"


def test_questions_are_in_the_askers_words(questions):
    """A question quotes neither its answers nor its evidence phrase (everyday words, not the clause's)."""
    for q in (q for q in questions if not q.should_refuse):
        where = f"{NAME}:{q.line} ({q.id})"
        quoted = [a for item in q.answers for a in alternatives(item) if a in q.question]
        quoted += [ev for ev in q.evidence_any if ev in q.question]
        assert not quoted, f"{where}: the question quotes {quoted}; ask it in everyday words"


# Blind sets written after this one by writers who never saw it, and never tuned on: a fact they share with it
# cannot leak tuning into it, so they are not "other files" for the check below.
LATER_BLIND_SETS = frozenset({
    "blind_scenarios4.jsonl", "blind_scenarios5.jsonl", "blind_scenarios6.jsonl", "blind_scenarios7.jsonl",
    "blind_scenarios8.jsonl", "blind_policies3.jsonl", "blind_scenarios9.jsonl", "blind_policies4.jsonl",
})


def test_facts_are_not_asked_by_other_question_files(repo_root, questions):
    check_not_asked_elsewhere(repo_root, questions, NAME, LATER_BLIND_SETS)
