"""The owner rule of the refusal reads what a question asks, not the story told before it.

A manager's story may mention a topic another department owns (a server, a budget, a supplier) while it asks about
the collaboration (a ticket the system closed, a second special meeting, a handover). Such a story is refused as
"another department's business" only when what it asks says the owned topic, or when the rest of the story, judged
alone by the product's own search and refusal, is not what the store answers. Real Chroma on a temp dir, the real
bundled embedding model; the stories are invented for these tests.
"""

from __future__ import annotations

import pytest

from assistant.asked import asked_clauses
from assistant.refusal import (Evidence, RefusalDecision, RefusalThresholds, decide, owner_setting, suggest_owner,
                               unless_setting)

from store_builders import extractive_advisor, policy_files, synced_store

TICKET_STORY = ("我们组上礼拜报了个服务器老是重启的问题，一直没人来看，今天一查，单子被系统自己给关了，说是超期自动结单。"
                "问题根本没解决，这张工单还能重新打开吗？")
MEETING_STORY = "为了明年预算怎么分摊，上周已经专门开过一次专题会，没谈出结果。老板让这周再开一次，这回要提前几天发会议材料？"
HANDOVER_STORY = "我们组负责供应商对接的同事下个月调岗，手上有几件事还没办完。调岗前这些事要怎么交接？"


def test_an_owned_topic_in_the_story_leaves_the_rest_to_be_judged():
    # the owned topic (服务器 / 预算 / 供应商) is where the story happens; the rest is what it is about
    for story, owned in ((TICKET_STORY, "服务器"), (MEETING_STORY, "预算"), (HANDOVER_STORY, "供应商")):
        assert suggest_owner(story) is not None
        rest = owner_setting(story)
        assert rest and owned not in rest and rest.endswith(asked_clauses(story)[-1])
    # what is asked says the owned topic: that department's own business, nothing to judge apart
    assert owner_setting("员工请病假要交什么证明？病假期间工资怎么算？") == ""
    assert owner_setting("我们团队上个月加班很多，周末加班费怎么算？") == ""
    assert owner_setting("How do I get my travel expenses reimbursed?") == ""
    assert owner_setting("跨部门例会多久开一次？") == ""  # no owned topic at all


def _owner_refusal(question: str) -> RefusalDecision:
    th = RefusalThresholds()
    decision = decide(Evidence(best_dense=th.owner - 0.01, coverage=1.0, terms=(), owner=suggest_owner(question)), th)
    assert decision.refused and decision.by_owner
    return decision


def test_unless_setting_asks_the_judge_about_the_rest_only():
    th = RefusalThresholds()
    judged: list[str] = []

    def judge(answerable: bool):
        def _judge(rest: str) -> RefusalDecision:
            judged.append(rest)
            return RefusalDecision(not answerable, "test", Evidence(best_dense=None, coverage=0.0, terms=()))
        return _judge

    kept = unless_setting(_owner_refusal(MEETING_STORY), MEETING_STORY, judge(True), th)
    assert not kept.refused and kept.evidence.owner is None and judged == [owner_setting(MEETING_STORY)]
    assert unless_setting(_owner_refusal(MEETING_STORY), MEETING_STORY, judge(False), th).refused  # the rest is off-topic
    judged.clear()
    leave = "员工请病假要交什么证明？病假期间工资怎么算？"
    assert unless_setting(_owner_refusal(leave), leave, judge(True), th).refused and judged == []
    other = decide(Evidence(best_dense=0.5, coverage=0.0, terms=(), owner=None), th)  # refused by another rule
    assert unless_setting(other, MEETING_STORY, judge(True), th) is other and judged == []


FILES = {
    "policies/tickets.md": ("运维工单管理办法", [
        "**第五条** 工单超过处理时限仍未处理的，系统自动关闭工单并通知提单人。",
        "**第六条** 工单被系统自动关闭而问题仍未解决的，提单人可在3个工作日内重新打开工单，并抄送服务方部门负责人。",
        "**第七条** 重新打开的工单，服务方应在1个工作日内响应。",
    ]),
    "policies/meetings.md": ("专题会议管理办法", [
        "**第四条** 专题会议的会议材料应至少提前2个工作日发给参会人。",
        "**第五条** 同一议题第二次召开专题会议仍未形成结论的，由召集部门报分管领导裁决。",
    ]),
}


@pytest.fixture(scope="module")
def advisor_parts(make_settings, embeddings, tmp_path_factory):
    root = tmp_path_factory.mktemp("setting")
    settings = make_settings(root / "data", knowledge_dir=root / "kb")
    store = synced_store(settings, embeddings, root / "kb", policy_files("运维部", FILES))
    return settings, store, embeddings, root


def test_a_collaboration_story_mentioning_a_server_is_answered_a_server_question_refused(advisor_parts):
    settings, store, embeddings, root = advisor_parts
    probe = extractive_advisor(settings, store, embeddings, root / "probe.sqlite3")
    business = "服务器老是重启，服务器的内存怎么升级？"
    dense = {q: probe.retriever.search(q).best_dense for q in (TICKET_STORY, owner_setting(TICKET_STORY), business)}
    # limits set around this store's scores: every question is above the plain limits and below the owner limit
    low = min(dense.values()) - 0.02
    th = RefusalThresholds(hard=low, soft=low, owner=max(dense.values()) + 0.01)
    advisor = extractive_advisor(settings, store, embeddings, root / "refusals.sqlite3", thresholds=th)
    story = advisor.ask(TICKET_STORY)
    assert not story.refused, story.answer
    assert "重新打开" in story.answer
    refused = advisor.ask(business)
    assert refused.refused and "信息技术部" in refused.answer
