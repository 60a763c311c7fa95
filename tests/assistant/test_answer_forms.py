"""The form a time or number question asks its answer in (``assistant.answer_forms``), and three lead fixes of round 22.

Passages and questions written for these tests (a made-up warehouse and purchasing policy, not the shipped wording
nor an evaluation set's): a weekday asked is answered by the day of the meeting, not by how long it lasts; a
threshold ("拖多久就会…") by the rule's case ("逾期超过N日的，"), not by the next step's deadline; a limit ("最多")
by "不超过N"; "哪一周" asks a time; an English "If …, who …" asks who; a follow-up asking
about another item of the clause the last answer quoted gets that clause. The last tests ask the shipped knowledge
base through the real store and embedding model.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.answer_forms import LIMIT, THRESHOLD, WEEKDAY, asked_form, states_form
from assistant.everyday import FORM, Asked, asked_slot, fills
from assistant.extractive import compose_extractive
from assistant.followon import repeats
from assistant.question_types import QType, asked_parts, classify
from assistant.types import Context


def _policy(rank: int, text: str, source: str = "policies/warehouse.md") -> Context:
    return Context(rank=rank, source=source, section="第二章", text=text, score=1.0 / rank, title="仓储管理办法（示例）",
                   doc_type="policy")


def _guidance(rank: int, text: str) -> Context:
    return Context(rank=rank, source="guidance/warehouse.md", section="会议节奏", text=text, score=1.0 / rank,
                   title="仓储协作指南", doc_type="guidance")


def _slot(question: str) -> Asked | None:
    part, qtype = asked_parts(question)[0]
    return asked_slot(part, qtype)


def _first(question: str, contexts: list[Context], said: str = "") -> str:
    return compose_extractive(question, contexts, said=said).splitlines()[0]


# -- the forms ---------------------------------------------------------------------------------------

def test_the_form_a_question_asks():
    assert asked_form("盘点会是星期几开？", "time") == WEEKDAY
    assert asked_form("货物压库多久就会被退回供应商？", "time") == THRESHOLD
    assert asked_form("差错超过几次就要停岗？", "number") == THRESHOLD
    assert asked_form("一张单子最多能报多少钱？", "number") == LIMIT
    assert asked_form("等几天才有结果？", "time") is None  # a wait, not a threshold: no consequence follows 才
    assert asked_form("最晚几点前要交？", "time") is None  # a deadline, not a bound
    assert asked_form("盘点会是星期几开？", "number") is None  # only time and number questions
    assert _slot("仓库主管一起碰头的会是星期几开？") == Asked(FORM, (WEEKDAY,))
    assert _slot("出库单最多能改几次？") == Asked(FORM, (LIMIT,))


def test_sentences_in_the_asked_form():
    assert states_form(WEEKDAY, "第五条 盘点会每周三下午召开。")
    assert not states_form(WEEKDAY, "第六条 盘点数据于每周一12:00前提交。")  # the day of a deadline, not of the meeting
    assert states_form(THRESHOLD, "第九条 货物逾期超过30个自然日的，由仓储部退回供应商。")
    assert states_form(THRESHOLD, "对压库超过60天的货物进行清点。")
    assert not states_form(THRESHOLD, "第十条 仓储部应在5个工作日内作出处理决定。")
    assert states_form(LIMIT, "单笔报销不超过2000元。") and states_form(LIMIT, "每次借用以3天以内为限。")
    assert not states_form(LIMIT, "年度奖金上浮10%。")
    assert fills(Asked(FORM, (THRESHOLD,)), "第九条 货物逾期超过30个自然日的，由仓储部退回供应商。")


@pytest.mark.parametrize(("question", "contexts", "fact"), [
    pytest.param("各仓库主管一起开的那个协调会，是星期几开？", [  # the day of the meeting, not its length
        _guidance(1, "月度仓储回顾：建议每月一次、不超过90分钟，由各仓库主管参加。"),
        _policy(2, "第六条 盘点数据由各仓库于每周一12:00前提交仓储部。"),
        _policy(3, "第五条 仓库主管协调会每周召开一次，时间为每周三下午14:00。"),
    ], "每周三", id="weekday"),
    pytest.param("到货的东西一直没人验，放多久就会被直接退回供应商？", [  # the rule's case, not the next deadline
        _policy(1, "第十二条 仓储部收到退货申请后，应在5个工作日内作出处理决定，并通知供应商和采购部。"),
        _policy(2, "第九条 到货货物逾期超过30个自然日未验收的，由仓储部直接退回供应商，费用由责任部门承担。"),
    ], "30个自然日", id="threshold"),
    pytest.param("仓库评上优秀，奖金最多能拿多少？", [  # a bound, not another figure
        _policy(1, "第二十条 年度考核为优秀的仓库主管，年度绩效奖金上浮10%。"),
        _policy(2, "第二十一条 评为优秀的仓库可申请专项奖励，单个仓库奖励不超过5万元。"),
    ], "不超过5万元", id="limit"),
])
def test_the_asked_form_leads(question, contexts, fact):
    line = _first(question, contexts)
    assert fact in line, line


# -- question types ------------------------------------------------------------------------------------

def test_which_week_asks_a_time_not_a_place():
    assert classify("仓储部那个库存复核会一般排在哪一周开？") is QType.TIME
    assert classify("复核会在哪里开？") is QType.PLACE


def test_an_english_leading_clause_is_the_case_not_the_question():
    assert classify("If the warehouse misses the delivery deadline, who gets the reminder?") is QType.PERSON
    assert classify("When we store hazardous goods, does anything have to be added to the labels?") is QType.YESNO
    assert classify("When is the weekly stock meeting held?") is QType.TIME  # "when is" asks when
    assert classify("After we ship an order, how many days does the buyer have to accept it?") is QType.TIME


# -- the follow-up --------------------------------------------------------------------

def test_a_follow_up_on_another_item_of_the_quoted_clause_is_no_repeat():
    said = "仓储部每月5日前发布上月《库存月报》。"
    clause = "第十五条 仓储部于每月5日前发布上月《库存月报》，内容包括各仓库的出入库量、差错率和超期库存明细。"
    assert repeats(clause, said)  # as before: nothing asked
    assert not repeats(clause, said, "月报里能看到哪些货超期了吗？")  # 超期 is asked and was not said
    assert repeats(clause, said, "月报是几号发布？")  # every asked word was said already
    contexts = [
        _policy(1, clause),
        _policy(2, "第十六条 仓储部于每月第二周召开库存评审会，逐项分析超期原因。"),
    ]
    line = _first("月报里能看到哪些货超期了吗？", contexts, said=said)
    assert "超期库存明细" in line, line


# -- the shipped knowledge base through the real store and embedding model ---------------------------

def _answer_line(advisor: Advisor, question: str) -> str:
    answer = advisor.ask(question)
    assert not answer.refused, question
    return answer.answer.splitlines()[0]


def test_kb_a_weekday_asked_gets_the_meetings_day(advisor):
    line = _answer_line(advisor, "跨部门的那个周例会定在星期几？")
    assert "每周二" in line, line


def test_kb_a_limit_asked_gets_the_cap(advisor):
    line = _answer_line(advisor, "跨部门项目结项评了优秀，专项奖励最多能申请多少钱？")
    assert "不超过10万元" in line, line


# -- an enactment clause naming the document asked about ----------------------------------------------

def test_the_enactment_clause_answers_a_question_about_the_old_rules_it_repeals():
    contexts = [
        _policy(1, "第二十条 每张出库单只能确定一个责任仓库，责任仓库对出库结果负责，不得以配合为由推卸责任。"),
        _policy(2, "第四十条 本办法由仓储部负责解释，自2026年1月1日起施行，原《仓库协作暂行规定》同时废止。"),
    ]
    line = _first("以前那份仓库之间协作的暂行规定，现在还能拿来当依据吗？", contexts)
    assert "同时废止" in line, line
    line = _first("出库单出了问题谁负责？", contexts)  # a question about something else: the clause stays boilerplate
    assert "同时废止" not in line, line
