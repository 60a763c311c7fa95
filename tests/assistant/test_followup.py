"""Follow-up questions are rewritten into standalone ones without a model, then retrieved."""

from __future__ import annotations

import re

import pytest

from assistant.followup import FollowupRewriter, is_dependent, key_terms

MEETING = [
    {"role": "user", "content": "跨部门例会的会议纪要要在会后多长时间内发布？"},
    {"role": "assistant", "content": "根据《跨部门会议管理规定（示例）》，会议纪要由总经理办公室在会后发布[1]，纪要列明决定事项和行动项。"},
]
REQUEST = [
    {"role": "user", "content": "其他部门给我们提了协作需求单，我们部门最晚要在多长时间内响应？"},
    {"role": "assistant", "content": "服务方应在收到需求单后1个工作日内作出响应[1]。"},
]


@pytest.mark.parametrize("question", ["那具体怎么落地？", "还有别的例子吗？", "那如果对方超时不回复呢？", "这个怎么执行？",
                                      "有例子吗？", "what about the deadline?", "And who approves it?"])
def test_dependent_questions_are_detected(question):
    assert is_dependent(question)


@pytest.mark.parametrize("question", ["跨部门项目小组怎么组建？", "其他部门不配合怎么办？", "内部客户制是什么？",
                                      "协作绩效考核的分档标准是什么？", "How often should cross-department meetings be held?"])
def test_standalone_questions_are_left_alone(question):
    assert not is_dependent(question)
    assert FollowupRewriter().rewrite(question, MEETING) == question


def test_rewrite_carries_the_previous_topic():
    rewritten = FollowupRewriter().rewrite("那如果对方超时不回复呢？", REQUEST)
    assert rewritten != "那如果对方超时不回复呢？"
    assert "协作" in rewritten and "需求" in rewritten and "响应" in rewritten
    assert rewritten.endswith("如果对方超时不回复呢？")
    assert not rewritten.startswith("那")


def test_chained_followups_keep_the_original_topic():
    history = REQUEST + [{"role": "user", "content": "那紧急的呢？"}, {"role": "assistant", "content": "紧急需求4小时内响应[1]。"}]
    rewritten = FollowupRewriter().rewrite("还有别的要求吗？", history)
    assert "协作" in rewritten and "需求" in rewritten


def test_english_followup():
    history = [{"role": "user", "content": "How often should cross-department meetings be held?"},
               {"role": "assistant", "content": "Weekly, at most 60 minutes."}]
    rewritten = FollowupRewriter().rewrite("What about the minutes?", history)
    assert "meetings" in rewritten.lower() and rewritten.endswith("What about the minutes?")


def test_no_history_means_no_rewrite():
    assert FollowupRewriter().rewrite("那具体怎么落地？", None) == "那具体怎么落地？"
    assert FollowupRewriter().rewrite("那具体怎么落地？", [{"role": "assistant", "content": "你好"}]) == "那具体怎么落地？"


def test_key_terms_drop_function_words():
    assert key_terms("跨部门会议纪要应该在多长时间内发出？")[:2] == ["跨部门", "会议纪要"]
    assert key_terms("那这个呢？") == []
    # jieba cuts 能不能 in a sentence into 能 / 不能: a question form, no term the passages should say
    assert "不能" not in key_terms("系统升级要停机一个多小时，能不能安排在周二上午上线？", limit=12)


class _BrokenModel:
    def invoke(self, _prompt):
        raise TimeoutError("model down")


class _EchoModel:
    def invoke(self, prompt):
        from langchain_core.messages import AIMessage

        return AIMessage(content="协作需求单超时未响应怎么办？")


def test_optional_model_rewrite_and_fallback():
    assert FollowupRewriter(_EchoModel()).rewrite("那如果对方超时不回复呢？", REQUEST) == "协作需求单超时未响应怎么办？"
    fallback = FollowupRewriter(_BrokenModel()).rewrite("那如果对方超时不回复呢？", REQUEST)
    assert fallback == FollowupRewriter().rewrite("那如果对方超时不回复呢？", REQUEST)


def test_followup_answered_from_the_right_policy(advisor):
    answer = advisor.ask("那如果对方超时不回复呢？", history=REQUEST)
    assert answer.standalone_question and answer.standalone_question != answer.question
    assert not answer.refused
    top = answer.contexts[:3]
    assert any(c.source == "policies/cross-department-collaboration.md" for c in top), [c.source for c in top]
    assert "催办" in "".join(c.text for c in top)


def test_implicit_followup_is_retried_with_context(advisor):
    """No pointer word, but alone it finds too little: the Advisor retries with the conversation's terms."""
    history = [{"role": "user", "content": "服务协作要抓哪几个方面？"},
               {"role": "assistant", "content": "主要有五个核心要素：沟通效率、资源共享、目标一致、信任关系和持续改进。"}]
    answer = advisor.ask("道理我懂了，这周我能先做点什么？", history=history)
    assert not answer.refused
    assert answer.standalone_question
    assert any(c.source == "guidance/core-elements.md" for c in answer.contexts[:5])


def test_standalone_question_reports_none(advisor):
    answer = advisor.ask("跨部门协调委员会由哪些人组成？", history=MEETING)
    assert answer.standalone_question is None


# --- the rewritten question is internal (issue 9) -----------------------------------------------

LEAKED = "结论：如果研发部、协作、需求、按规定、跨部门、管理、办法超时一直不响应，可发起一级升级。 [1]"
STANDALONE = "关于研发部、协作、需求、按规定、跨部门、管理、办法：那如果他们超时一直不响应呢？"


def test_rewriter_term_list_is_removed_from_an_answer():
    from assistant.followup import remove_query_leak

    cleaned = remove_query_leak(LEAKED, "那如果他们超时一直不响应呢？", STANDALONE)
    assert cleaned == "结论：如果超时一直不响应，可发起一级升级。 [1]"
    assert remove_query_leak(f"你问的是：{STANDALONE}", "那如果他们超时一直不响应呢？", STANDALONE) == \
        "你问的是：那如果他们超时一直不响应呢？"
    assert remove_query_leak(LEAKED, "q", None) == LEAKED  # no rewrite, nothing to remove


def test_followup_answer_never_contains_the_internal_query(advisor):
    answer = advisor.ask("那如果他们超时一直不响应呢？", history=REQUEST)
    assert answer.standalone_question and answer.standalone_question != answer.question
    assert answer.standalone_question not in answer.answer
    terms = re.match(r"^关于(.+?)：", answer.standalone_question)
    if terms:
        assert terms.group(0) not in answer.answer
        assert terms.group(1) not in answer.answer
    assert "催办" in answer.answer or "升级" in answer.answer


def test_english_question_answered_in_english_from_chinese_policy(advisor):
    answer = advisor.ask("How quickly must a service department respond to a collaboration request?")
    assert not answer.refused
    assert any(c.source == "policies/cross-department-collaboration.md" for c in answer.contexts[:3])
    first = answer.answer.splitlines()[0]
    assert first.startswith("Conclusion: ") and "working day" in first


def test_scenario_retrieval_brings_guidance_and_policy(advisor):
    answer = advisor.ask("市场部和产品部为谁牵头一个客户需求吵起来了，都说不归自己管，我作为运营经理该怎么办？")
    kinds = {c.doc_type for c in answer.contexts}
    assert kinds == {"policy", "guidance"}, [c.source for c in answer.contexts]
    assert answer.answer.startswith("结论：这是“职责不清、互相推诿（扯皮）”问题。")
    assert any(c.source == "policies/cross-department-collaboration.md" for c in answer.contexts)
