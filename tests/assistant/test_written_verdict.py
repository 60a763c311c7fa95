"""A written yes/no ("可以。", "需要。") states what the clause rules for the asker's case (round 48).

On the yes/no sets a written "可以。" was wrong more often than right (the clause permitted the act only after a step
the asker said was not taken; the asked words matched a stray earlier occurrence; the act was read through loose
related words), while "不可以。" was right every time. Invented passages, so the rules are tested on their own.
"""

from __future__ import annotations

from assistant.question_types import yes_no


def test_a_conditional_permission_the_asker_has_not_met_is_no_written_yes():
    clause = "双方负责人协商未能解决的，任何一方均可提交委员会裁决。"
    # the untaken step is the condition's (负责人 … 协商): the asker does not meet it, a written "no"
    assert yes_no("两边负责人还没谈过，能直接提交委员会吗？", clause, said=True) == "no"
    assert yes_no("两边负责人还没谈过，能直接提交委员会吗？", clause) == "yes"  # ranking reads the modal as before
    # an untaken step the condition does not name: no verdict either way
    assert yes_no("两边还没开过会，能直接提交委员会吗？", clause, said=True) is None
    assert yes_no("负责人协商了一周还是谈不拢，能提交委员会吗？", clause, said=True) == "yes"
    only_after = "项目须在每个里程碑完成后召开评审会，评审通过后方可进入下一阶段。"
    assert yes_no("评审还没开，能先进入下一阶段吗？", only_after, said=True) == "no"
    assert yes_no("评审开完也通过了，能进入下一阶段吗？", only_after, said=True) == "yes"


def test_the_asked_words_are_read_where_most_of_them_stand_together():
    clause = "协作中涉及秘密信息的，双方应按《信息保密管理规定》办理手续，不得以保密为由拒绝提供内部信息。"
    # 保密 first stands in the regulation's title (after 应); the asked "以保密为由" stands after 不得
    assert yes_no("别的部门来要文档，能以保密为由不给吗？", clause) == "no"


def test_a_modal_ruling_on_whether_to_act_is_no_written_yes():
    clause = "泄露涉及客户个人信息的，法务部应评估是否需要通知受影响的客户。"
    assert yes_no("客户信息泄露了，要不要通知客户？", clause, said=True) is None
    assert yes_no("客户信息泄露了，要不要通知客户？", clause) == "yes"


def test_an_act_read_mostly_through_related_words_is_no_written_yes():
    clause = "升级事项处理完毕的，发起方应在平台确认关闭升级单。"
    related = {"删掉": ["关闭", "取消"]}
    assert yes_no("升级的材料，事情处理完了可以删掉吗？", clause, related, said=True) is None
    assert yes_no("升级的材料，事情处理完了可以删掉吗？", clause, related) == "yes"
    # a prohibition read the same way is still written: "不可以" has been right on every tune set
    assert yes_no("升级的材料，事情处理完了可以删掉吗？", "升级材料不得关闭或销毁。", related, said=True) == "no"


def test_a_permission_giving_way_to_a_prohibition_of_the_asked_act_is_no():
    """"可以先…，但不得…": when only the prohibition states a word of the asked act (原因), the act asked is the
    forbidden one (ht-5-04 was led "可以。")."""
    clause = "销售人员在客户现场当面接到投诉的，可以先向客户表示会尽快安排处理，并记录客户的具体要求，但不得对原因和责任作出判断。"
    asked = "销售员在客户那里当面接到投诉，能不能当场跟客户说原因和处理办法？"
    related = {"办法": ["方法", "处理"]}  # as the store glossary related them
    assert yes_no(asked, clause, related, said=True) == "no"
    # what the permission itself states stays allowed
    assert yes_no("当面接到投诉，能不能先跟客户表示会尽快安排处理？", clause, related, said=True) == "yes"
