"""``evals/blind_policies.jsonl``: a report-only set of manager fact questions in everyday words.

Checked with the project's own loader: ids ``bp-`` unique across ``evals/*.jsonl``, split
``blind_policies``, tags ``["blind", "policy", <type>]``, the required fields, every ``answers`` item a
short fact (2-12 characters) verbatim in the governing passage (a numbered policy clause **第X条** or a
``guidance/`` section of an expected source, quoted by ``evidence_any``), the reference answer citing
the document title and that clause or section, the should-refuse fields, the mix of question types,
and that the file stays out of ``collab_qa.jsonl``, ``splits/`` and the answer bench's question pool.
The checks and the mix (``MIXES``) live in ``blind_fact_checks``, shared with the later blind fact sets.
"""

from __future__ import annotations

import pytest

from blind_fact_checks import (
    check_facts_verbatim, check_ids_split_and_tags, check_kept_out_of_tuning_data, check_mix,
    check_refused_topics_not_in_knowledge, check_should_refuse_fields, load,
)
from evaluation.dataset import EvalQuestion

NAME = "blind_policies.jsonl"
PREFIX = "bp-"
SPLIT = "blind_policies"


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_ids_split_and_tags(repo_root, questions):
    check_ids_split_and_tags(repo_root, questions, NAME, PREFIX, SPLIT)


def test_should_refuse_fields(questions):
    check_should_refuse_fields(questions, NAME)


def test_should_refuse_topics_are_not_in_knowledge(repo_root, questions):
    """The refused topics are plausible workplace questions the knowledge base does not cover."""
    topics = {"bp-refuse-probation": ("试用期", "转正"), "bp-refuse-sick-leave": ("病假",),
              "bp-refuse-allowance": ("餐补", "补贴")}
    check_refused_topics_not_in_knowledge(repo_root, questions, NAME, topics)


def test_facts_are_verbatim_in_the_governing_passage(repo_root, questions):
    check_facts_verbatim(repo_root, questions, NAME)


def test_mix(questions):
    check_mix(questions, NAME)


def test_kept_out_of_tuning_data(repo_root, questions):
    """Report only: not in collab_qa.jsonl, not in any split list, not in the answer bench's question pool."""
    check_kept_out_of_tuning_data(repo_root, questions)
