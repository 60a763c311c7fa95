"""A news sentence whose subject is a pronoun for the name in the sentence before ("他将…", "该公司…").

Sentences written for these tests (an invented club and company), not taken from an evaluation set.
"""

from __future__ import annotations

from assistant.coreference import carried, refers_back
from assistant.extractive import compose_extractive
from assistant.types import Context


def test_refers_back_reads_pronoun_openings_not_其中():
    assert refers_back("他将带领球队征战新赛季。")
    assert refers_back("3日，该公司宣布裁员。")
    assert refers_back("其母亲是一名教师。")
    assert not refers_back("其中，女子项目有三个。")
    assert not refers_back("球队主教练表示，他很满意。")  # the pronoun is not the subject: a name opens it


def test_carried_gives_the_question_words_of_the_previous_sentence():
    words = ["青川队", "主教练"]
    assert carried("他此前执教过两支球队。", "青川队昨日公布了新帅人选。", words) == "青川队"
    assert carried("球队此前执教过两支球队。", "青川队昨日公布了新帅人选。", words) == ""  # no pronoun


def test_the_sentence_saying_he_holds_the_fact_about_the_name_before_it():
    text = ("青川足球俱乐部昨日召开新赛季发布会，俱乐部董事长周明出席并致辞。周明表示，青川足球俱乐部本赛季的目标是进入联赛前四。"
            "他宣布，林海峰出任俱乐部主教练。发布会上，俱乐部还公布了新赛季的球衣。")
    other = ("白沙足球俱乐部的主教练是陈立，他已执教三年。白沙足球俱乐部本赛季同样召开了发布会。")
    contexts = [Context(rank=1, source="p1.txt", section="", text=other, score=1.0),
                Context(rank=2, source="p2.txt", section="", text=text, score=0.9)]
    line = compose_extractive("青川足球俱乐部的主教练是谁", contexts).splitlines()[0]
    assert "林海峰" in line, line
