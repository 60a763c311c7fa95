"""``evals/offtopic_stories_r57.jsonl``: 40 Chinese stories no store of ours answers (round 57).

Written blind by a helper that grepped the five corpora (``knowledge/`` and the four company corpora) for each story's
topic words; every row should be refused. The odd rows tune the story refusal (``refusal.STORY_MARGIN_SHARE``), the
even rows are held out (suite sets ``ots-<corpus>t`` / ``ots-<corpus>h``).
"""

from __future__ import annotations

from pathlib import Path

from assistant.story import is_story
from evaluation.dataset import load_questions
from evaluation.suite.definitions import load_suite

FILE = Path(__file__).resolve().parents[2] / "evals" / "offtopic_stories_r57.jsonl"


def test_every_row_is_a_story_to_refuse():
    rows = load_questions(FILE)
    assert [q.id for q in rows] == [f"ots-{i:02d}" for i in range(1, 41)]
    assert all(q.should_refuse and not q.answers and not q.evidence_any for q in rows)
    assert all(is_story(q.question) and 50 <= len(q.question) <= 150 and q.question.endswith("？") for q in rows)


def test_each_half_is_asked_of_each_store():
    suite = load_suite()
    for corpus in ("kb", "ht", "lh", "ys", "hk"):
        tune, held = suite.sets[f"ots-{corpus}t"], suite.sets[f"ots-{corpus}h"]
        assert not tune.heldout and held.heldout and tune.corpus == held.corpus
        odd = [f"ots-{i:02d}" for i in range(1, 41, 2)]
        assert list(tune.ids) == odd and sorted(set(held.ids) | set(odd)) == [f"ots-{i:02d}" for i in range(1, 41)]
