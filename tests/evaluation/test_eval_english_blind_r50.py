"""``evals/english_blind_r50.jsonl``: 40 English manager questions written blind from ``knowledge/`` (round 50).

Written by a helper that read only ``knowledge/`` and ``evals/check_blind_set.py`` (not the code, no answer, no other
eval file): 26 stories and 14 short questions, every policy 5 times and 5 sections of different guidance documents,
each answer the Chinese fact verbatim in the governing clause or section. Counted once blind (first line 21 of 40),
then a **tune** set (suite set ``enb``): its first-line misses were read for the English glossary.
"""

from __future__ import annotations

from collections import Counter

import pytest

from blind_fact_checks import checked_blind_set, check_ids_unique, check_registered_set, load
from evaluation.dataset import EvalQuestion
from assistant.language import is_english

NAME = "english_blind_r50.jsonl"


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_passes_the_checked_blind_set(repo_root):
    per_source = checked_blind_set(repo_root, NAME)
    policies = {s for s in per_source if s.startswith("policies/")}
    assert policies == {f"policies/{p.name}" for p in (repo_root / "knowledge" / "policies").glob("*.md")}
    assert all(per_source[p] == 5 for p in policies), per_source
    assert sum(1 for s in per_source if s.startswith("guidance/")) == 5, per_source


def test_english_questions_with_their_kind_and_type(repo_root, questions):
    check_ids_unique(repo_root, questions, NAME)
    assert len(questions) == 40
    for q in questions:
        where = f"{NAME}:{q.line} ({q.id})"
        assert q.id.startswith("enb50-") and q.split == "enb50-tune", where
        assert is_english(q.question) and not any("\u4e00" <= ch <= "\u9fff" for ch in q.question), where
        assert q.tags[:2] == ["enb50", "english"] and q.tags[2] in ("story", "short"), where
        assert not q.should_refuse and not q.history, where
    kinds = Counter(q.tags[2] for q in questions)
    types = Counter(q.tags[4] for q in questions)
    assert kinds == {"story": 26, "short": 14}, kinds
    assert set(types) == {"who", "duration", "number", "yesno", "action"} and min(types.values()) >= 5, types


def test_registered_as_a_tune_set_of_the_suite(repo_root):
    check_registered_set(repo_root, "enb", NAME)
