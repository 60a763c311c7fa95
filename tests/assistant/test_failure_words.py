"""The failure words: one list, read by the follow-up detector and the escalation ladder."""

from assistant.failure_words import FOLLOW_UP_FAILED, NO_DECISION, NOT_ACTING, STEP_FAILED, UNRESOLVED
from assistant.followon import asks_next_step


def test_the_shared_words_are_read_by_both() -> None:
    for word in UNRESOLVED:
        assert FOLLOW_UP_FAILED.search(f"那要是{word}呢？") and STEP_FAILED.search(f"二级升级{word}")
        assert asks_next_step(f"那要是{word}呢？")


def test_each_reader_keeps_its_own_words() -> None:
    assert not set(NOT_ACTING) & set(NO_DECISION) and not set(UNRESOLVED) & (set(NOT_ACTING) | set(NO_DECISION))
    assert asks_next_step("对方还是不同意呢？") and not STEP_FAILED.search("对方还是不同意")  # the dispute itself
    assert STEP_FAILED.search("分管副总裁也协调不下来") and not asks_next_step("分管副总裁也协调不下来")
    assert STEP_FAILED.search("The escalation FAILED") and not asks_next_step("It failed")
