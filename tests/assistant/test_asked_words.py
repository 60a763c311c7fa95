"""The refusal's term coverage counts what a question is about, not the name of what it asks."""

from __future__ import annotations

import pytest

from assistant.asked_words import asked_spans, topic_terms_only
from assistant.followup import key_terms
from assistant.refusal import RefusalThresholds, decide, evidence_for, term_coverage

PASSAGE = "赵鹏（1983年8月12日－），河南郑州人，中国足球运动员，司职后卫，现效力于中国足球超级联赛球队河南建业。"


@pytest.mark.parametrize("question, about", [
    ("赵鹏的职业是什么？", ("赵鹏",)),
    ("刘德一的籍贯在哪？", ("刘德一",)),
    ("唐爱陆的籍贯是哪里？", ("唐爱陆",)),
    ("郭麐号白眉生的原因是什么？", ("白眉生",)),
    ("落山风这个名字有什么来由？", ("落山风",)),
    ("环氧氯丙烷有什么特性？", ("环氧氯丙烷",)),
])
def test_asked_attribute_and_interrogatives_are_left_out(question, about):
    assert topic_terms_only(question, key_terms(question, limit=12)) == about


@pytest.mark.parametrize("question", [
    "锣鼓经是什么？",  # a definition question: the subject is what is asked about
    "跨部门会议纪要应在多长时间内发出？",
    "市场部和产品部总是互相推诿，需求变更没人负责，我该怎么办？",
])
def test_questions_without_an_asked_attribute_keep_every_word(question):
    terms = key_terms(question, limit=12)
    assert asked_spans(question) == [] and topic_terms_only(question, terms) == tuple(terms)


def test_a_question_of_only_asked_words_keeps_them():
    assert topic_terms_only("原因是什么？", ("原因",)) == ("原因",)


def test_the_asked_attribute_stays_when_no_passage_answers_that_kind_of_question():
    policy = "根据星河智造科技有限公司的管理需要，制定本办法。"
    coverage, terms = term_coverage("星河智造今天的股价是多少？", [policy])
    assert "股价" in terms and coverage < RefusalThresholds().min_coverage
    # 籍贯 is answered by "…人。": left out only when a passage says so
    assert "籍贯" in term_coverage("刘德一的籍贯在哪？", ["刘德一曾任四川省副省长。"])[1]
    assert term_coverage("刘德一的籍贯在哪？", ["刘德一，四川省资阳县人。"]) == (1.0, ("刘德一",))


def test_coverage_of_a_passage_that_states_the_value_not_the_attribute():
    coverage, terms = term_coverage("赵鹏的职业是什么？", [PASSAGE])
    assert terms == ("赵鹏",) and coverage == 1.0
    th = RefusalThresholds()
    between = (th.hard + th.soft) / 2  # the band where coverage decides
    assert not decide(evidence_for("赵鹏的职业是什么？", between, [PASSAGE]), th).refused
    # a passage about someone else still leaves the question uncovered
    assert decide(evidence_for("王大明的职业是什么？", between, [PASSAGE]), th).refused


def test_leaving_the_asked_words_out_never_lowers_coverage():
    """"本来的名字叫什么" drops 名字 (the passage says it), which would leave 林越峰 and 本来, half covered;
    the whole word list covers more and counts (before: 0.5, refused below the 0.6 minimum)."""
    passage = "林越峰（1909年－？），本名林海成，林越峰是其笔名，这个名字是他自己取的。"
    coverage, terms = term_coverage("林越峰本来的名字叫什么？", [passage])
    assert terms == ("林越峰", "本来", "名字")
    assert coverage == 2 / 3
