"""A question about a term itself ("X这个名字有什么来由", "X一词源于…") is answered by the sentence defining X.

Sentences written for this test (an invented wind), not taken from an evaluation set.
"""

from __future__ import annotations

from context_builders import passage

DEFINING = ("青岚风是东岭半岛居民对于冬季西北季风的惯称，详细地来说，青岚风属于下坡风，每年从11月到次年3月，"
            "季风翻过山脉而下，直扑半岛西岸。青岚风瞬间强度可达7级。")
MENTIONING = ("交通方面，沿海铁路的路线经过山谷，势必遇到这个季节会出现的青岚风，故铁路部门在桥梁两旁加装防风网，"
              "并设有测风仪来感应风力强度。不能适应青岚风的瓜田也设置防风墙。")


def test_the_defining_sentence_opens_the_conclusion_of_a_question_about_the_name():
    from assistant.extractive import compose_extractive

    contexts = [passage(1, DEFINING, title="青岚风"), passage(2, MENTIONING, title="青岚风")]
    line = compose_extractive("青岚风这个名字有什么来由？", contexts).splitlines()[0]
    assert line.startswith("结论：青岚风是东岭半岛居民对于冬季西北季风的惯称"), line


def test_the_subject_of_a_question_about_a_term():
    from assistant.definitions import question_subject

    assert question_subject("青岚风这个名字有什么来由？") == "青岚风"
    assert question_subject("出家人一词最早源于什么？") == "出家人"
    assert question_subject("“内卷”这个词是什么意思？") == "内卷"
    assert question_subject("什么是统一名称") == "统一名称"  # 统一名称 is a word, not 统 + 一 + 名称
    assert question_subject("统一名称是什么") == "统一名称"
