"""The pointed question a story ends in, searched on its own (``assistant.asking``)."""

from __future__ import annotations

from assistant.asking import asking_query, asking_sentences


def test_a_story_ending_in_a_pointed_question_gives_what_is_asked():
    story = "这季度我们部门的考核被评成C档，核对后发现有两次超时其实是别的部门的问题，被错扣了分。"
    assert asking_query(story + "还能申诉吗？向谁申诉？") == "申诉"
    assert asking_query("车借出去一周了还没还回来，对方一直说在用，我们自己的活都耽误了。罚款该谁出？") == "罚款"
    assert asking_sentences(story + "还能申诉吗？向谁申诉？") == "还能申诉吗？向谁申诉？"


def test_no_pointed_question_no_query():
    story = "市场部借了我们部门的车，借走一个星期了还没归还，我们自己的活都耽误了。"
    assert asking_query(story + "我该怎么办？") == ""  # a plea for action, not a pointed question
    assert asking_query(story + "两边是不是又要吵起来了？") == ""  # the quarrel itself
    assert asking_query(story + "这样对吗？") == ""  # asks nothing but "is that right?"
    assert asking_query("公务车借用要提前多久登记？由谁审批？") == ""  # no story: multipart searches later parts
    assert asking_sentences("车还没还。") == ""
