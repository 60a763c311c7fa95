"""The 结论 of a date question: the date written right before the asked event's verb.

Sentences written for these tests (an invented game service), not taken from an evaluation set.
"""

from __future__ import annotations

from assistant.eventdate import dates_event
from context_builders import first_line as _first_line


def _span(text: str, piece: str) -> tuple[int, int]:
    return text.index(piece), text.index(piece) + len(piece)


def test_dates_event_only_when_the_date_stands_right_before_the_event_word():
    text = "星海游戏将于2031年3月8日0时终止运营。"
    assert dates_event(text, [_span(text, "2031年3月8日")], "运营")
    far = "星海游戏的代理协议将在2031年3月7日到期，届时将暂停星海运营。"
    assert not dates_event(far, [_span(far, "2031年3月7日")], "运营")  # another clause
    late = "星海游戏运营至2031年3月7日。"
    assert not dates_event(late, [_span(late, "2031年3月7日")], "运营")  # the word comes before the date
    assert not dates_event(text, [_span(text, "2031年3月8日")], None)


def test_the_date_of_the_asked_event_wins_over_a_date_of_something_else():
    texts = [
        "星海公司发布声明称，由于未能就符合星海运营原则的续约条款达成一致，现有代理协议将在2031年3月7日到期，"
        "届时将暂停星海游戏在大陆区的大部分服务。大陆区的《星海传说》《星海争霸》等游戏产品将于2031年3月8日0时终止运营。",
    ]
    first = _first_line("星海游戏大陆区终止运营时间", texts).split("[1]")[0]  # the 结论's first sentence
    assert "2031年3月8日" in first, first
