"""``evals/english_yesno_blind_r51.jsonl``: 60 English yes/no questions with the expected verdict, written blind (round 51).

Written by a helper that read only ``knowledge/``, ``evals/check_blind_set.py`` and the format of
``evals/yesno_blind_r48.jsonl`` (not the code, no answer): 40 short questions and 20 stories, every policy at least 8
times, 40 telling a number, amount, share or duration the clause's limit decides, each answer the Chinese fact the
verdict turns on, verbatim in the governing clause. Split before any answer was read, by kind and verdict alternately:
``eyt`` (29, tuned on after the first count) and ``eyh`` (31, held out: counted, never read).
"""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.language import is_english
from blind_fact_checks import checked_blind_set, check_ids_unique, check_registered_halves, load
from evaluation.dataset import EvalQuestion

NAME = "english_yesno_blind_r51.jsonl"


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load(repo_root, NAME)


def test_passes_the_checked_blind_set(repo_root):
    per_source = checked_blind_set(repo_root, NAME)
    assert set(per_source) == {f"policies/{p.name}" for p in (repo_root / "knowledge" / "policies").glob("*.md")}
    assert min(per_source.values()) >= 8, per_source


def test_english_yes_no_questions_with_their_verdicts_and_halves(repo_root, questions):
    check_ids_unique(repo_root, questions, NAME)
    assert len(questions) == 60
    for q in questions:
        where = f"{NAME}:{q.line} ({q.id})"
        assert q.id.startswith("eyn51-") and q.split in ("eyn51-tune", "eyn51-heldout"), where
        assert is_english(q.question) and not any("\u4e00" <= ch <= "\u9fff" for ch in q.question), where
        assert q.tags == ["eyn51", "english", q.tags[2], "policy", "yesno"] and q.tags[2] in ("story", "short"), where
        assert q.expected_verdict in ("yes", "no") and not q.should_refuse and not q.history, where
    assert Counter(q.tags[2] for q in questions) == {"short": 40, "story": 20}
    assert min(Counter(q.expected_verdict for q in questions).values()) >= 25
    halves = Counter((q.split, q.tags[2], q.expected_verdict) for q in questions)
    for kind in ("short", "story"):  # each half holds every kind and verdict, within one of the other's count
        for verdict in ("yes", "no"):
            tune, held = halves[("eyn51-tune", kind, verdict)], halves[("eyn51-heldout", kind, verdict)]
            assert tune and held and abs(tune - held) <= 1, halves


def test_registered_as_a_tune_half_and_a_held_out_half(repo_root, questions):
    check_registered_halves(repo_root, questions, NAME, {"eyt": ("eyn51-tune", False), "eyh": ("eyn51-heldout", True)})
