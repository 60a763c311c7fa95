"""What a question asks (``assistant.asked``), at the three grains the product reads it at."""

from __future__ import annotations

from assistant.asked import asked_clauses, asked_questions, asked_text, last_pieces, sub_questions, trailing_questions
from assistant.refusal import topic_owner

TICKET_STORY = ("我们组上礼拜报了个服务器老是重启的问题，一直没人来看，今天一查，单子被系统自己给关了，说是超期自动结单。"
                "问题根本没解决，这张工单还能重新打开吗？")


def test_sub_questions_split_at_sentence_marks_and_before_question_words():
    assert sub_questions("每个部门一个月最多可以发起多少个紧急需求？超过了怎么办？") == [
        "每个部门一个月最多可以发起多少个紧急需求？", "超过了怎么办？"]


def test_a_decimal_point_does_not_split_a_question():
    assert sub_questions("部门满意度拿了6.8分，要交改进计划吗？") == ["部门满意度拿了6.8分", "要交改进计划吗？"]
    assert sub_questions("Can the VP approve a budget of 1.5 million yuan?") == [
        "Can the VP approve a budget of 1.5 million yuan?"]
    assert sub_questions("It broke. Who fixes it?") == ["It broke.", "Who fixes it?"]


def test_asked_questions_drop_the_statements_before_them():
    assert asked_questions("市场部和产品部为谁牵头吵起来了，我该怎么办？") == ["我该怎么办？"]
    assert asked_questions("例会纪要几天内发？由谁发？") == ["例会纪要几天内发？", "由谁发？"]
    # nothing ends in a question mark: every part is what is asked
    assert asked_questions("工单被关了。帮我查一下重新打开的规定") == ["工单被关了。", "帮我查一下重新打开的规定"]


def test_asked_text_is_the_last_two_pieces_of_each_question_sentence():
    assert asked_text("这个需求按P3定级，要按P3的时限处理，双方争执不下，怎么办？") == "双方争执不下 怎么办？"
    assert asked_text("例会纪要几天内发？由谁发？") == "例会纪要几天内发？ 由谁发？"
    assert asked_text("工单被关了。帮我查一下重新打开的规定") == "帮我查一下重新打开的规定"  # no question: the last sentence


def test_what_a_story_asks_is_its_last_question_clauses():
    assert asked_clauses(TICKET_STORY) == ["这张工单还能重新打开吗？"]
    assert asked_clauses("会议纪要几天内发？由谁发？") == ["会议纪要几天内发？", "由谁发？"]
    assert asked_clauses("帮我查一下差旅费报销标准") == ["帮我查一下差旅费报销标准"]  # no question mark: the last clause
    assert asked_clauses("The server kept rebooting, so we filed a ticket. Can we reopen it?") == [" Can we reopen it?"]


def test_the_three_grains_differ_on_a_one_sentence_story():
    # one question sentence, no comma before a question word: one asked question, the whole story; the scenario's
    # asked text is its last two pieces; the asked clause only "我该怎么处理？". The refusal's owner rule needs the
    # finest grain: the owned department (财务部) is the story's setting, not what is asked.
    story = "我们把客户名单发给了财务部核对，结果他们转给了采购部用，两边为这事闹僵了，我该怎么处理？"
    assert asked_questions(story) == [story]
    assert asked_text(story) == "两边为这事闹僵了 我该怎么处理？"
    assert asked_clauses(story) == ["我该怎么处理？"]
    assert topic_owner(asked_questions(story)[0]) == "财务部" and topic_owner(asked_clauses(story)[0]) is None


def test_trailing_questions_and_their_last_pieces():
    story = "这季度我们被错扣了分，核对后发现是别的部门的问题。还能申诉吗？向谁申诉？"
    assert trailing_questions(story) == ["还能申诉吗？", "向谁申诉？"]
    assert trailing_questions("还能申诉吗？我们已经核对过了。") == []  # it ends in a statement
    assert last_pieces("问题根本没解决，这张工单还能重新打开吗？", 1) == ["这张工单还能重新打开吗？"]
    # pieces are cut at commas and semicolons, not at a colon (the refusal's clauses are)
    assert last_pieces("两边吵了很久；问题是：到底谁来定？", 1) == ["问题是：到底谁来定？"]
    assert asked_clauses("两边吵了很久；问题是：到底谁来定？") == ["到底谁来定？"]
