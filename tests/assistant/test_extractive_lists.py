"""A set question ("…的主演是谁") whose passage names one member a sentence: the 结论 goes on to the next member.

Sentences written for these tests (an invented ice show), not taken from an evaluation set.
"""

from __future__ import annotations

from assistant.extractive import Sentence, compose_extractive
from assistant.lists import continues_list, next_member
from assistant.types import Context


def _span(text: str, piece: str) -> tuple[int, int]:
    return text.index(piece), text.index(piece) + len(piece)


def test_continues_list_needs_the_same_words_before_a_new_name():
    first = "领衔主演 冰舞冠军 林雪 饰：秋月"
    nxt = "领衔主演 冰舞冠军 高峰 饰：远山"
    assert continues_list(first, [_span(first, "林雪")], nxt, [_span(nxt, "高峰")])
    assert not continues_list(first, [_span(first, "林雪")], first, [_span(first, "林雪")])  # the same member
    other = "导演王川表示，冰舞冠军高峰的加入让演出更精彩。"
    assert not continues_list(first, [_span(first, "林雪")], other, [_span(other, "高峰")])  # other words before it


def test_the_conclusion_names_each_member_of_a_cast_written_one_a_sentence():
    text = ("冰上舞剧《雪原追光》 主演介绍：  领衔主演 冰舞冠军 林雪 饰：秋月 北方最出色的冰舞运动员之一，2031年冬运会冰舞亚军，"
            "为北方冰舞赢得首枚冬运会银牌。2032-2035年先后多次获得锦标赛亚军等优异成绩。  "
            "领衔主演 冰舞冠军 高峰 饰：远山 北方最出色的冰舞运动员之一，2031年冬运会冰舞亚军，为北方冰舞赢得首枚冬运会银牌。")
    contexts = [Context(rank=1, source="p1.txt", section="", text=text, score=1.0)]
    line = compose_extractive("《雪原追光》的主演是谁", contexts).splitlines()[0]
    assert "林雪" in line and "高峰" in line, line


def test_next_member_is_the_next_sentence_of_the_same_passage_naming_a_new_member():
    names = ("林雪", "高峰", "白川")

    def spans(text: str) -> list[tuple[int, int]]:
        return [_span(text, n) for n in names if n in text]

    best = Sentence(text="领衔主演 冰舞冠军 林雪 饰：秋月", n=1, pos=0, is_step=False)
    filler = Sentence(text="北方最出色的冰舞运动员之一。", n=1, pos=1, is_step=False)
    second = Sentence(text="领衔主演 冰舞冠军 高峰 饰：远山", n=1, pos=2, is_step=False)
    far = Sentence(text="领衔主演 冰舞冠军 白川 饰：长河", n=1, pos=3, is_step=False)
    elsewhere = Sentence(text="领衔主演 冰舞冠军 白川 饰：长河", n=2, pos=1, is_step=False)
    assert next_member(best, [far, elsewhere, second, filler, best], spans, 220) is second  # reading order, not rank
    assert next_member(best, [far, elsewhere, filler], spans, 220) is None  # too far on, or another passage
    assert next_member(best, [second], spans, len(best.quote) + len(second.quote) - 1) is None  # too long together
