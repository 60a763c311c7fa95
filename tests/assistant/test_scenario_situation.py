"""Scenario answers start from what happened: the clause written for the case, not the quarrel.

"生产系统停机了，…两个部门吵起来了，我该怎么办？" — the quarrel and the plea are the same in every scenario
and draw the generic dispute and escalation clauses; the situation ("系统停机了") is what the specific
clause governs ("一级工单适用于…系统停机…的事项，要求30分钟内响应"). Made-up policies of another company
(not the shipped wording); the store tests use real Chroma on ``tmp_path`` and the bundled model.
"""

from __future__ import annotations

import pytest

from assistant.extractive import compose_extractive
from assistant.question_types import QType
from assistant.scenario import applies, escalates_when_unmet, situation
from assistant.types import Context

from context_builders import document_passage


def test_situation_keeps_what_happened_and_drops_the_quarrel_and_the_plea():
    assert situation("仓储系统停机了，信息中心说要排队处理，仓储部和信息中心在群里吵起来了，我该怎么办？") == \
        "仓储系统停机了 信息中心说要排队处理"
    assert situation("上周的一级工单超时了，两个部门互相指责，我作为行政部经理该怎么处理？") == "上周的一级工单超时了"
    assert situation("两个部门互相推诿，我该怎么办？") == ""
    english = "Warehouse and IT are arguing because the warehouse system is down. What should I do?"
    assert situation(english) == "the warehouse system is down"


def test_scenario_answer_applies_to_questions_asking_what_to_do_not_to_bare_facts():
    question = "仓储部和信息中心在群里吵起来了，我该怎么办？"
    assert applies(question, QType.HOWTO) and applies(question, QType.YESNO) and applies(question, QType.PERSON)
    assert not applies(question, QType.TIME) and not applies(question, QType.NUMBER)
    assert not applies("一级工单的响应时限是多久？", QType.HOWTO)  # no quarrel: not a scenario


def _ctx(rank: int, section: str, text: str, doc_type: str = "policy") -> Context:
    source = "policies/ops-service.md" if doc_type == "policy" else "guidance/talks.md"
    return document_passage(rank, source, section, text, doc_type, title="运维服务办法")


def test_the_clause_written_for_what_happened_governs_over_one_sharing_the_parties_words():
    """第十二条 shares the question's department names (信息中心, 行政部) and outranks on words; 第二十二条 is
    the rule for what happened (一级工单超时) and must be 现在先做, with its deadline in the first line."""
    contexts = [
        _ctx(1, "第十二条", "第十二条 信息中心和行政部应在非工作时间安排值班人员，确保一级工单按时响应；值班安排每月底前在协作平台公布。"),
        _ctx(2, "协商时的做法", "与对方部门负责人直接沟通，优先寻找双方都能接受的方案。", "guidance"),
        _ctx(3, "第二十二条", "第二十二条 一级工单发生超时的，服务部门应在工单关闭后4个工作日内提交事件复盘报告，写明根本原因和预防措施。"),
    ]
    question = "上周仓储系统的一级工单超时了，信息中心和仓储部互相指责，我作为行政部经理该怎么处理？"
    first = compose_extractive(question, contexts).splitlines()[0]
    assert "现在先做：第二十二条" in first and "4个工作日" in first, first


def test_escalate_when_unmet_names_clauses_that_enforce_an_earlier_step():
    assert escalates_when_unmet("催办后仍未响应的，需求方可发起一级升级。")
    assert escalates_when_unmet("一级升级未能解决的，可发起二级升级，提交分管副总裁协调。")
    assert not escalates_when_unmet("一级升级由双方部门负责人协商解决。")


# --- the store: neighbours of a clause and the situation search (real Chroma, bundled model) ------------

SERVICE_POLICY = """---
title: 运维服务办法（测试）
type: policy
department: 信息中心
access: all
---

# 运维服务办法（测试）

## 第一章 服务等级

**第三条** 一级工单适用于仓储系统停机或对外业务中断的事项，要求30分钟内响应、8小时内解决。

**第四条** 二级工单适用于影响部门工作但有临时替代方案的事项，要求4小时内响应、3个工作日内解决。

## 第二章 争议处理

**第五条** 服务方应在约定时限内处理工单，处理进度记录在协作平台。

**第六条** 服务方超过时限仍未处理的，需求方可发起一级升级，由双方部门负责人协商解决。

**第七条** 一级升级未能解决的，可发起二级升级，提交分管副总裁协调，分管副总裁应在5个工作日内作出决定。

**第八条** 各部门对争议的协商情况应记录在协作平台，作为季度协作评价的依据。

**第九条** 部门之间在工作群中发生争吵的，双方负责人应在当日把争论转到线下协商，不得在群内继续争执。

**第十条** 信息中心处理工单按提交顺序排队，需求方对排队顺序有异议的，可向信息中心负责人提出。

**第十一条** 仓储部与信息中心的日常协作事项由双方指定的对接人负责沟通处理。
"""
TALKS_GUIDE = """---
title: 部门协商指南（测试）
type: guidance
access: all
---

# 部门协商指南（测试）

## 吵起来时的做法

- 两个部门在群里吵起来时，先把争论搬到线下，与对方部门负责人直接沟通。
- 先确认双方对事实的理解一致，再讨论方案。
"""


@pytest.fixture(scope="module")
def ops_store(make_settings, embeddings, tmp_path_factory):
    """The service policy and the talks guide synced into a real store, once for this module: ``(settings, store)``."""
    from store_builders import synced_store

    root = tmp_path_factory.mktemp("ops-service")
    settings = make_settings(root / "data", knowledge_dir=root / "docs")
    return settings, synced_store(settings, embeddings, root / "docs",
                                  {"policies/ops-service.md": SERVICE_POLICY, "guidance/talks.md": TALKS_GUIDE})


def test_neighbours_of_a_clause_by_selector_without_repeats(ops_store):
    from assistant.neighbours import neighbour_docs, next_clause, previous_clause, same_chapter
    from assistant.scenario import scenario_neighbour_docs

    _settings, store = ops_store
    chunks = [c for c in store.get_chunks() if c.metadata.get("source") == "policies/ops-service.md"]
    by_clause = {c.metadata.get("clause"): c for c in chunks if c.metadata.get("clause")}
    reads: list[str] = []

    def chunks_of(key: str):
        reads.append(key)
        return store.get_chunks([key])

    def clauses(docs):
        return [d.metadata.get("clause") for d in docs]

    seventh, sixth = by_clause["第七条"], by_clause["第六条"]
    assert clauses(neighbour_docs([sixth], chunks_of, next_clause, limit=3)) == ["第七条"]
    assert clauses(neighbour_docs([sixth], chunks_of, previous_clause, limit=3)) == ["第五条"]
    assert clauses(neighbour_docs([sixth, seventh], chunks_of, previous_clause, limit=3)) == ["第五条"]  # 第六条 is retrieved
    assert clauses(neighbour_docs([sixth], chunks_of, same_chapter, limit=3, max_new=2)) == ["第五条", "第七条"]
    assert clauses(neighbour_docs([by_clause["第三条"]], chunks_of, same_chapter, limit=3)) == ["第四条"]
    # "escalate when … is not met" (第六条) also brings the rule before it; read once per document
    reads.clear()
    assert clauses(scenario_neighbour_docs([sixth], chunks_of)) == ["第七条", "第五条"]
    assert len(reads) == 1


def test_the_situation_search_brings_the_clause_for_what_happened(ops_store, embeddings, tmp_path):
    """The quarrel words ("吵起来了，我该怎么办") draw the dispute clauses and the guidance; the search for what
    happened alone brings 第三条 (系统停机 → 一级工单, 30分钟内响应), which then governs the answer."""
    from store_builders import extractive_advisor

    settings, store = ops_store
    advisor = extractive_advisor(settings, store, embeddings, tmp_path / "refusals.sqlite3")
    answer = advisor.ask("今天上午仓储系统停机了，信息中心说要排队处理，仓储部和信息中心的人在群里吵起来了，我该怎么办？", k=1)
    clauses = [c.clause for c in answer.contexts if c.source == "policies/ops-service.md"]
    assert "第三条" in clauses, clauses
    first = answer.answer.splitlines()[0]
    assert "30分钟" in first, answer.answer


def test_two_named_parties_of_any_kind_make_a_scenario():
    from assistant.scenario import is_scenario

    assert is_scenario("项目经理和我们部门为他的时间安排吵了好几次，我该怎么办？")
    assert is_scenario("项目组与质量部一直在争验收标准，怎么办？")
    assert not is_scenario("项目经理和部门负责人分别负责什么？")  # no quarrel


def test_a_one_part_question_keeps_the_escalation_line_not_a_runner_up():
    """The 结论 of "…两个部门僵住了，怎么办？" names the governing clause and then whom to escalate to; a guidance
    sentence that merely scores close to the governing one (the plain composer's runner-up) must not take the
    escalation line's place."""
    contexts = [
        _ctx(1, "第十二条", "第十二条 服务方退回需求的，应书面说明理由并提出替代建议；同一需求被退回2次后仍无法达成一致的，"
                          "需求方可按《争议处理办法》发起升级。"),
        _ctx(2, "被退回时的做法", "与对方部门负责人当面沟通，优先寻找双方都能接受的方案，而不是各自坚持本部门的意见。",
             "guidance"),
        _ctx(3, "第六条", "第六条 一级升级由双方部门负责人协商解决，双方应在一级升级发起后3个工作日内形成一致意见。"),
    ]
    question = "我们的需求被服务方退回了两次，对方说做不了，我们也不接受他们的替代方案，两个部门僵住了，怎么办？"
    first = compose_extractive(question, contexts).splitlines()[0]
    assert "现在先做：第十二条" in first and "仍解决不了时：第六条" in first and "3个工作日" in first, first


def test_the_last_level_of_the_ladder_has_nothing_to_escalate_to():
    """Level two failed, so level three (the committee) is the step; the ladder has no level above it, so the
    结论 offers no "仍解决不了时" line (a guidance remark about the committee is no escalation path)."""
    contexts = [
        _ctx(1, "第七条", "第七条 一级升级未能解决的，可发起二级升级，提交双方分管副总裁协调；分管副总裁应在5个工作日内作出协调决定。"),
        _ctx(2, "第八条", "第八条 二级升级未能解决的，可发起三级升级，提交协作委员会裁决，协作委员会应在受理后15个工作日内作出裁决。"),
        _ctx(3, "升级路径", "分管领导协调不下来时，建议时限为5个工作日，或在最近一次协作委员会会议上提交决定。", "guidance"),
    ]
    question = "两个部门的分歧已经到分管副总裁那里了，分管副总裁也协调不下来，我该怎么办？"
    first = compose_extractive(question, contexts).splitlines()[0]
    assert "现在先做：第八条" in first and "15个工作日" in first and "仍解决不了时" not in first, first


def test_a_system_upgrade_is_no_escalation():
    """"系统升级" (an upgrade of a system) and "被升级方" (the party escalated against) are not escalation steps."""
    contexts = [
        _ctx(1, "第十五条", "第十五条 等待需求方补充信息期间暂停计时；需求方超过72小时未补充信息的，工单自动关闭，需求方可重新提交工单。"),
        _ctx(2, "例外情况", "协议中应写明可以暂停计算时限的情况，例如等待使用方补充资料、公司统一安排的系统升级等。", "guidance"),
    ]
    question = "信息中心说一直在等我们补充资料所以工单暂停计时，两个部门为这事吵起来了，我该怎么办？"
    first = compose_extractive(question, contexts).splitlines()[0]
    assert "现在先做：第十五条" in first and "系统升级" not in first, first
