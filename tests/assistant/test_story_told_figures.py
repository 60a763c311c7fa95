"""What a Chinese story tells, read as its clauses write it (round 52).

A story tells an effort in 人天 where a clause bounds 人日, a handler by the title's spoken form
("吵到两位副总那一级" for the 分管副总裁 level), and a story asking a yes/no tells an amount the governing clause's
case bounds ("…折算下来大概80万元…需要单独开个会吗？"): the case search adds the clause whose bound a count in a
specific measure meets, and it leads. A turn answering the last answer back ("可我那几天正好出差…这张单现在会
怎么样？") is a follow-up.
"""

from __future__ import annotations

from types import SimpleNamespace

from assistant.case_clauses import case_query, missing_clauses
from assistant.followup import is_dependent
from assistant.situation import met_bounds, partitions, told_counts

SPECIAL = ("第二十条 出现下列情形之一的，应召开专题协调会：事项涉及3个及以上部门且例会无法解决；涉及金额超过50万元的跨部门"
           "资源调配。")
STALLED = "第二十六条 PMO每年对在建项目组进行检查，对停滞超过60个自然日的项目组提出终止建议。"
LOAN_STORY = ("下季度我们打算把两台测试设备连同一个小组临时借给售后部，设备加人力折算下来大概80万元。双方负责人已经谈妥了，"
              "准备在周二例会上顺便提一下。这种事需要单独开会吗？")
BUDGET = ("第六条 项目预算在100万元以下的，由分管副总裁审批；预算在100万元及以上的，由总经理办公会审批。")


def test_efforts_in_person_days():
    assert told_counts("评估下来大概要15个人天") == [(15.0, "人日")]
    assert met_bounds("评估下来大概要15个人天", "预计工作量超过12人日") == ["超过12人日"]


def test_a_story_asking_yes_or_no_gets_only_the_clauses_its_specific_count_meets():
    special = SimpleNamespace(key="special", page_content=SPECIAL)
    stalled = SimpleNamespace(key="stalled", page_content=STALLED)
    chatter = SimpleNamespace(key="chatter", page_content="第七条 跨部门例会参会人员为各部门负责人。")
    budget = SimpleNamespace(key="budget", page_content=BUDGET)  # every amount meets one of its cases: says nothing
    ranked = [(chatter, 0.9, 0.6), (budget, 0.7, 0.6), (special, 0.6, 0.45), (stalled, 0.5, 0.5)]
    key = lambda d: d.key  # noqa: E731
    assert case_query(LOAN_STORY) == ""  # it asks no "what to do": the plain case search has nothing to search
    happened = "把检测仪器借给质量部 折算大约70万元 项目组停了快三个月"
    found = missing_clauses(ranked, [], key, keep=2, happened=happened, counted_only=True)
    assert [d.key for d, _ in found] == ["special"]  # not the words alone, a duration (a loose measure), a partition
    assert partitions(BUDGET) and not partitions(SPECIAL) and not partitions(STALLED)


def test_the_spoken_title_names_the_level_reached():
    from assistant.scenario import next_level, reached_level

    texts = ["第七条 一级升级未能解决的，可发起二级升级，提交双方分管副总裁协调。",
             "第八条 二级升级未能解决的，可发起三级升级，提交跨部门协调委员会裁决。"]
    story = "我们和销售部为库存处置已经吵到两位副总那一级，副总协调后还是没结果。下一步该交给谁来最后定？"
    assert reached_level(story, texts) == 2 and next_level(story, texts) == 3


def test_a_turn_answering_back_is_a_follow_up():
    assert is_dependent("可我那几天正好出差，今天回来才看到消息，已经过去4天了。这张单现在会怎么样？")
    assert is_dependent("但是对方说他们也没收到通知，我们还要等吗？")
    assert not is_dependent("可以把秘密级文件发到个人邮箱吗？")  # 可以 asks; it does not answer back


def test_the_clause_for_a_told_amount_is_among_a_yes_no_storys_passages(advisor):
    contexts = advisor.ask(LOAN_STORY).contexts
    assert any(c.source == "policies/meetings.md" and c.section.endswith("第二十条") for c in contexts)


def test_the_committee_leads_after_the_vice_presidents_failed(advisor):
    answer = advisor.ask("我们生产部和销售部为积压库存的处理方案已经吵到两位副总那一级，副总协调后还是没结果。这批库存"
                         "账面大约260万元。下一步该交给谁来最后定？多久给结论？").answer
    first = answer.splitlines()[0]
    assert "跨部门协调委员会" in first and "15个工作日" in first, first


def test_a_follow_up_answering_back_finds_the_clause_of_the_earlier_turn(advisor):
    history = [{"role": "user", "content": "我提的工单，信息技术部回复要我补几张报错截图。等我补截图的这段时间算不算他们的处理时间？"},
               {"role": "assistant", "content": "按《内部服务水平协议管理办法》第十五条，等待需求方补充信息期间暂停计时。"}]
    answer = advisor.ask("可我那几天正好出差，今天回来才看到，离他们让我补截图已经过去4天了。这张单现在会怎么样？", history)
    assert "工单" in (answer.standalone_question or "")  # searched with the earlier turn's terms
    assert any(c.source == "policies/internal-sla.md" and c.section.endswith("第十五条") for c in answer.contexts)


def test_a_clause_whose_amount_the_story_meets_leads_with_few_other_words_told():
    from context_builders import document_passage

    from assistant.extractive import Sentence
    from assistant.story_case import CASE_FIRST_SHARE, case_first, case_share

    video = (0.9, Sentence("第十二条 异地参会人员可通过视频会议系统参会，须提前10分钟完成设备调试。", 1, 0, False))
    special = (0.5, Sentence(SPECIAL, 2, 0, False))
    contexts = [document_passage(i, "policies/meetings.md", f"第{i}条", "x", "policy") for i in (1, 2)]
    happened = "把两台测试设备连同一个小组借给售后部 设备加人力折算下来大概80万元 准备在周二例会上顺便提一下"
    assert case_share(happened, SPECIAL) < CASE_FIRST_SHARE  # the amount's bound words are most of what is told
    assert case_first(LOAN_STORY, [video, special], contexts)[0] == special
