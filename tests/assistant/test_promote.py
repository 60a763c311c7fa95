"""promote / first_within: the close runner-up that passes a test leads; nothing else moves."""

from assistant.promote import first_within, promote


def test_the_first_passing_runner_up_within_the_margin_leads():
    ranked = [(1.0, "a"), (0.95, "b"), (0.9, "c"), (0.5, "d")]
    assert promote(ranked, lambda s: s in "cd", 0.2) == [(0.9, "c"), (1.0, "a"), (0.95, "b"), (0.5, "d")]


def test_a_runner_up_beyond_the_margin_or_depth_does_not_lead():
    ranked = [(1.0, "a"), (0.95, "b"), (0.5, "d")]
    assert promote(ranked, lambda s: s == "d", 0.2) == ranked
    assert first_within(ranked, lambda s: s == "b", 0.2, depth=1) is None
    assert first_within(ranked, lambda s: s == "b", 0.2, depth=2) == (0.95, "b")


def test_the_best_itself_is_never_tested_and_empty_stays_empty():
    assert first_within([(1.0, "a")], lambda s: True, 1.0) is None
    assert promote([], lambda s: True, 1.0) == []
