"""The pointed question a story ends in (``assistant.pointed``): read, searched, and answered first.

The store here is another company's: invented policies in wording the shipped knowledge base never uses.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.extractive import Sentence
from assistant.pointed import answers, lead_first, pointed_query, pointed_question
from assistant.question_types import QType

from context_builders import document_passage
from store_builders import extractive_advisor, synced_store

_STORY = "这季度我们部门的考核被评成C档，核对后发现有两次超时其实是别的部门的问题，被错扣了分。"
_VEHICLES = (
    "---\ntitle: 公务车辆借用规定\ntype: policy\ndepartment: 行政部\n---\n\n# 公务车辆借用规定\n\n## 第二章 借用\n\n"
    "**第五条** 各部门借用公务车辆须提前一个工作日在行政平台登记，写明用途和归还时间。\n\n"
    "**第六条** 车辆借用超过3天仍未归还的，由行政部通知借用部门负责人限期归还，并暂停该部门下一季度的借车资格。\n\n"
    "**第七条** 借用期间发生交通违章的，罚款由借用部门承担。\n\n"
    "## 第三章 争议\n\n"
    "**第八条** 部门之间因车辆使用发生争议的，先由双方部门负责人协商；协商不成的，报行政部裁定。\n\n"
    "**第九条** 对行政部裁定有异议的，可在5个工作日内向分管副总经理申请复核。\n"
)


def test_a_story_ending_in_a_pointed_question_is_read():
    pointed = pointed_question(_STORY + "还能申诉吗？向谁申诉？")
    assert pointed is not None
    assert pointed.words == ("申诉",)
    assert pointed.types == (QType.YESNO, QType.PERSON)  # a ruling (可…) and a body (向…部)
    assert pointed.asking == "还能申诉吗？向谁申诉？"
    assert pointed_query("车借出去一周了还没还回来，对方一直说在用，我们自己的活都耽误了。罚款该谁出？") == "罚款"


def test_pleas_bare_questions_and_the_quarrel_are_not_pointed():
    story = "市场部借了我们部门的车，借走一个星期了还没归还，我们自己的活都耽误了。"
    assert pointed_question(story + "我该怎么办？") is None  # a plea for action: the steps answer it
    assert pointed_question(story + "我该怎么跟团队说？") is None
    assert pointed_question(story + "两边是不是又要吵起来了？") is None  # the quarrel itself
    assert pointed_question(story + "这样对吗？") is None  # asks nothing but "is that right?"
    assert pointed_question(story + "这说得过去吗？") is None
    assert pointed_question("公务车借用要提前多久登记？由谁审批？") is None  # no story: multipart answers it
    assert pointed_question("We lent our car a week ago and it is not back. Who pays the fine?") is None


def test_a_clause_answers_only_with_the_asked_words_and_a_fact_of_the_asked_type():
    pointed = pointed_question(_STORY + "还能申诉吗？向谁申诉？")
    assert answers(pointed, "被考核人有异议的，可在结果发布后7日内向人力资源部提出书面申诉。")
    assert not answers(pointed, "申诉材料应写明事实和理由。")  # a ruling, but no body to turn to
    assert not answers(pointed, "被考核人有异议的，可向人力资源部反映。")  # never says 申诉


def _sentence(text: str, n: int) -> Sentence:
    return Sentence(text=text, n=n, pos=0, is_step=False)


def test_the_answering_clause_leads_and_the_story_clause_follows():
    question = _STORY + "还能申诉吗？向谁申诉？"
    story = _sentence("发生超时的，每次扣2分。", 1)
    appeal = _sentence("被考核人有异议的，可在结果发布后7日内向人力资源部提出书面申诉。", 2)
    ranked = [(0.9, story), (0.7, appeal)]
    assert lead_first(question, [story], ranked, 220) == [appeal, story]
    assert lead_first(question, [story], ranked, 40) == [appeal]  # the story's clause does not fit
    assert lead_first(question, [appeal], ranked, 220) == [appeal]  # it already answers: unchanged
    assert lead_first(_STORY + "我该怎么办？", [story], ranked, 220) == [story]  # a plea: unchanged
    assert lead_first(question, [story], [(0.9, story)], 220) == [story]  # no clause answers: unchanged


@pytest.fixture(scope="module")
def vehicle_advisor(make_settings, embeddings, tmp_path_factory) -> Advisor:
    root = tmp_path_factory.mktemp("pointed-vehicles")
    settings = make_settings(root / "data")
    store = synced_store(settings, embeddings, root / "corpus", {"policies/vehicles.md": _VEHICLES})
    return extractive_advisor(settings, store, embeddings)


def test_the_clause_for_what_is_asked_is_found_and_leads(vehicle_advisor, monkeypatch):
    """"…罚款该谁出？": the story's words (借用, 超过3天, 归还, 部门负责人) lead the plain search to 第六条; the
    search on what is asked (罚款) adds 第七条, and the 结论 quotes it first."""
    question = ("我们部门借用行政部的公务车已经超过3天，还没归还，行政部通知部门负责人限期归还，车在外地又被拍了照。"
                "罚款该谁出？")
    answer = vehicle_advisor.ask(question, k=1)
    assert any("交通违章" in c.text for c in answer.contexts)
    assert "罚款由借用部门承担" in answer.answer.splitlines()[0]
    import assistant.advisor as advisor_module

    monkeypatch.setattr(advisor_module, "pointed_question", lambda q: None)  # without the search on what is asked
    alone = vehicle_advisor.ask(question, k=1)
    assert not any("交通违章" in c.text for c in alone.contexts)
    assert "罚款由借用部门承担" not in alone.answer.splitlines()[0]


def _ctx(rank: int, section: str, text: str):
    return document_passage(rank, "policies/vehicles.md", section, text)


def test_a_scenario_answer_quotes_the_answering_clause_first_and_keeps_the_story_clause():
    from assistant.extractive import compose_extractive
    from assistant.scenario import is_scenario

    question = ("市场部借了我们部门的公务车，借用超过3天了还没归还，车在外地又被拍了照。"
                "两个部门吵起来了，我该找谁？罚款该谁出？")
    assert is_scenario(question) and pointed_question(question).words == ("罚款",)
    contexts = [_ctx(1, "第六条", "第六条 车辆借用超过3天仍未归还的，由行政部通知借用部门负责人限期归还。"),
                _ctx(2, "第七条", "第七条 借用期间发生交通违章的，罚款由借用部门承担。")]
    first = compose_extractive(question, contexts).splitlines()[0]
    assert "罚款由借用部门承担" in first and "限期归还" in first
    assert first.index("罚款由借用部门承担") < first.index("限期归还")
