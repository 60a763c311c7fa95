"""``blind_fact_checks.check_mix`` on made-up question lists: a list of the promised mix passes, and each way of
leaving the mix (a count off, a two-part question with one answer, a follow-up without its history, a policy asked
too often) fails. The blind files' own tests run the same check on the files; this shows the check can fail."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from blind_fact_checks import MIXES, POLICY_DOCS, SINGLE_TYPES, check_mix
from evaluation.dataset import EvalQuestion

NAME = "blind_policies2.jsonl"
"""A mix with exact counts and ranges on both sides."""


def _question(i: int, kind: str, source: str | None) -> EvalQuestion:
    history = [{"role": "user", "content": "上一个问题"}, {"role": "assistant", "content": "上一个回答"}] \
        if kind == "followup" else []
    return EvalQuestion(id=f"t-{i}", question=f"问题{i}", history=history,
                        expected_sources=[source] if source else [], answers=["甲乙", "丙丁"][:2 if kind == "twopart" else 1],
                        should_refuse=kind == "refuse", tags=["blind", "policy", kind])


def _mixed() -> list[EvalQuestion]:
    """40 questions of ``MIXES[NAME]``: 24 single facts (5 who, 5 duration, 5 number, 5 yesno, 4 action), 5
    follow-ups, 3 two-part, 4 English, 4 should-refuse; 5 answered by guidance, 31 spread over the 7 policies."""
    kinds = [k for k in sorted(SINGLE_TYPES) for _ in range(5)][:24]
    kinds += ["followup"] * 5 + ["twopart"] * 3 + ["english"] * 4 + ["refuse"] * 4
    out, n = [], 0
    for i, kind in enumerate(kinds):
        if kind == "refuse":
            source = None
        elif n < 5:
            source, n = "guidance/talk.md", n + 1
        else:
            source, n = f"policies/{POLICY_DOCS[(n - 5) % len(POLICY_DOCS)]}", n + 1
        out.append(_question(i, kind, source))
    return out


def _kind(questions: list[EvalQuestion], kind: str) -> list[EvalQuestion]:
    return [q for q in questions if q.tags[2] == kind]


def test_the_promised_mix_passes():
    check_mix(_mixed(), NAME)


def _one_answer(qs):
    _kind(qs, "twopart")[0].answers = ["甲乙"]


def _no_history(qs):
    _kind(qs, "followup")[0].history = []


def _one_english_less(qs):
    _kind(qs, "english")[0].tags[2] = "who"


def _few_of_one_type(qs):
    for q in _kind(qs, "who")[:3]:
        q.tags[2] = "number"


def _policy_too_often(qs):
    busy = qs[-5].expected_sources[0]  # the last policy-sourced question's document ...
    for q in [q for q in qs if q.expected_sources and q.expected_sources[0] != busy][:2]:
        q.expected_sources = [busy]  # ... asked twice more


def _guidance_too_often(qs):
    for q in [q for q in qs if q.expected_sources and q.expected_sources[0].startswith("policies/")][:2]:
        q.expected_sources = ["guidance/talk.md"]


@pytest.mark.parametrize("spoil", [_one_answer, _no_history, _one_english_less, _few_of_one_type, _policy_too_often,
                                   _guidance_too_often])
def test_each_way_out_of_the_mix_fails(spoil: Callable[[list[EvalQuestion]], None]):
    questions = copy.deepcopy(_mixed())
    spoil(questions)
    with pytest.raises(AssertionError):
        check_mix(questions, NAME)


def test_open_ranges_have_no_upper_bound():
    """``blind_policies.jsonl`` promised at least 5 follow-ups and at least 4 questions a policy: more still pass."""
    mix = MIXES["blind_policies.jsonl"]
    assert mix.followups[1] is None and mix.per_policy[1] is None and mix.twopart[1] is None
