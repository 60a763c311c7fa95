"""The 结论 of a question written as a bare noun phrase ("X二审判决"): the sentence that says its head noun.

Sentences written for these tests (an invented court case), not taken from an evaluation set.
"""

from __future__ import annotations

from assistant.booktitles import in_book_title
from assistant.heads import head_word
from context_builders import first_line as _first_line


def test_head_word_is_the_last_noun_of_a_noun_phrase_question_only():
    assert head_word("周立平二审判决") == "判决"
    assert head_word("新型货轮的用途") == "用途"
    assert head_word("谁是周立平的辩护人") is None  # a question word asks in another way
    assert head_word("周立平二审判决了吗") is None
    assert head_word("票房最高的三部电影") is None  # items are asked, not an attribute
    assert head_word("周立平二审") is None  # not a noun: 二审 is tagged b


def test_the_sentence_saying_the_head_noun_answers_the_noun_phrase_question():
    texts = [
        "周立平二审开庭时，周立平的辩护人提出多项上诉理由，认为一审认定事实不清，请求发回重审。",
        "周立平案一再延期，直到2031年3月2日，法院作出维持无期徒刑的判决。",
    ]
    line = _first_line("周立平二审判决", texts)
    assert "无期徒刑" in line, line


# -- a word inside a 《title》 is no person ------------------------------------------------------------

def test_in_book_title_only_inside_the_marks():
    text = "影片《星河全宇宙》由林晓梅主演。"
    inner = (text.index("全宇宙"), text.index("全宇宙") + 3)
    name = (text.index("林晓梅"), text.index("林晓梅") + 3)
    assert in_book_title(text, *inner)
    assert not in_book_title(text, *name)


def test_a_film_sweeping_the_awards_does_not_answer_who_won_best_actress():
    texts = [
        "2031年第104届金像奖颁奖典礼正式落幕，现象级影片《瞬息全宇宙》独揽包括最佳影片、最佳导演、最佳女主角在内的7项大奖。",
        "第104届金像奖公布入围名单，林晓梅凭借《瞬息全宇宙》入围金像奖最佳女主角，也成为首位获得提名的华人女演员。",
    ]
    line = _first_line("2031年金像奖最佳女主角", texts)
    assert "林晓梅" in line, line
