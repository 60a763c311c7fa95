"""A question that names the best passage's subject is not refused just under the ``hard`` limit; one that names a
store policy is not sent to another department."""

from __future__ import annotations

from assistant.named_subject import names_passage_subject, names_policy, passage_names, policy_words
from assistant.refusal import RefusalThresholds, decide, evidence_for

LEAD = "维农·厄尔·孟洛（，）是一名美国已退役的篮球运动员，场上位置为后卫，人称“珍珠厄尔”。"
TH = RefusalThresholds()
JUST_BELOW = TH.hard - (TH.soft - TH.hard) / 2
FAR_BELOW = TH.hard - 2 * (TH.soft - TH.hard)


def test_names_of_a_passage_are_its_title_and_its_leads_name():
    assert passage_names("厄尔·门罗 (篮球)", LEAD) == ["厄尔门罗", "维农厄尔孟洛"]
    assert passage_names("报销", "报销须在30天内提交。") == []  # too short to be one subject


def test_the_question_names_the_lead_even_under_another_title():
    assert names_passage_subject("维农·厄尔·孟洛在场上的位置是什么？", "厄尔·门罗", LEAD)
    assert not names_passage_subject("科比·布莱恩特在场上的位置是什么？", "厄尔·门罗", LEAD)


def test_named_subject_lets_the_question_through_just_below_hard():
    named = evidence_for("维农·厄尔·孟洛在场上的位置是什么？", JUST_BELOW, [LEAD], "厄尔·门罗")
    assert named.names_subject and named.coverage >= TH.min_coverage
    assert not decide(named, TH).refused
    # far below the limit, or another subject: still refused
    assert decide(evidence_for("维农·厄尔·孟洛在场上的位置是什么？", FAR_BELOW, [LEAD], "厄尔·门罗"), TH).refused
    assert decide(evidence_for("科比·布莱恩特在场上的位置是什么？", JUST_BELOW, [LEAD], "厄尔·门罗"), TH).refused


def test_named_subject_with_uncovered_topic_words_is_refused():
    question = "维农·厄尔·孟洛的足球俱乐部转会费和经纪合同条款是什么？"
    ev = evidence_for(question, JUST_BELOW, [LEAD], "厄尔·门罗")
    assert ev.names_subject and ev.coverage < TH.min_coverage and decide(ev, TH).refused


def test_a_question_names_a_policy_by_a_word_of_its_title():
    assert policy_words("信息共享与保密管理规定（示例）") == ("共享", "保密")
    assert policy_words("跨职能项目组管理办法") == ("职能", "项目组")
    assert policy_words("用RACI厘清职责") == ()  # a guide, not a rulebook
    titles = ["信息共享与保密管理规定（示例）", "跨部门会议管理规定（示例）"]
    assert names_policy("保密那套规定只管电脑里的东西吗？", titles)
    assert names_policy("会议那个规定说的纪要，能不能只用邮箱发？", titles)
    assert not names_policy("保密的东西能放电脑里吗？", titles)  # no rulebook word: a topic, not the policy
    assert not names_policy("公司对上班穿什么有没有规定？", titles)  # a rulebook word, but none of these policies
    assert not names_policy("保密那套规定只管电脑里的东西吗？", ["用RACI厘清职责"])


def test_naming_the_stores_policy_suggests_no_other_department():
    question = "保密那套规定只管电脑里的东西吗？打印出来的材料也算在内？"
    passage = "第二十一条 秘密级及以上纸质文件应存放于带锁的文件柜。"
    assert evidence_for(question, JUST_BELOW, [passage], "信息共享与保密管理规定（示例）").owner is None
    assert evidence_for(question, JUST_BELOW, [passage], "跨部门会议管理规定（示例）").owner == "信息技术部"
