"""The small model's step lines that loop, answer an English question in Chinese or point at a clause are dropped
(``drop_repeats``).

The step texts are what the bundled model wrote (round 46: the answer benchmark's English question, `bp-tune`).
"""

from __future__ import annotations

from assistant.model_steps import drop_repeats

LOOPING = (
    "首先，我们需要明确协作效果和客户满意度之间的联系。协作模式让企业对市场变化的反应更快，客户也更满意；同时，团队之间更愿意相互配合，"
    "公司整体的运转效率也有所提高。 [2]\n"
    "然后，我们来分析为什么有效：资料认为，这种模式让企业对市场变化的反应更快，客户也更满意；与此同时，团队之间更愿意相互配合。 [2]\n"
    "最后，我们来讨论如何确认额外的紧急请求：这种模式让企业对市场变化的反应更快，客户也更满意。 [2]"
)


def test_a_step_repeating_an_earlier_one_word_for_word_is_dropped():
    kept = drop_repeats(LOOPING, "结论：把协作效果和客户满意度联系起来。 [3]", "紧急需求超过上限了谁来确认？")
    assert kept.count("\n") == 0 and kept.startswith("首先")  # the first says it; the two that copy it go


def test_steps_of_an_english_answer_must_be_english():
    question = "Who has to confirm the extra urgent request?"
    assert drop_repeats(LOOPING, "Conclusion: per the policy: “…” [3]", question) == ""
    mixed = "1. Ask the 运营部 to confirm it within 2 working days. [1]\n2. 第十条 服务等级由需求方选定。 [2]"
    assert drop_repeats(mixed, "Conclusion: x [1]", question) == "1. Ask the 运营部 to confirm it within 2 working days. [1]"


def test_distinct_steps_stay():
    steps = "1. 由需求方在1个工作日内提交协作需求单。 [1]\n2. 服务方在3个工作日内答复并确认交付时间。 [2]"
    assert drop_repeats(steps, "结论：先提交需求单。 [1]", "需求怎么提？") == steps


def test_a_step_pointing_at_a_clause_is_dropped():
    """The bundled model's step on `bp-tune` (round 46): "从第8条中找到…" only points at the material."""
    steps = "1. 第二十七条 项目目标达成的，项目组进入结项程序。 [1]\n2. 从第8条中找到项目经理的任命信息。 [6]"
    assert drop_repeats(steps, "结论：项目经理由项目发起人任命。 [6]", "项目经理是谁定的？") == (
        "1. 第二十七条 项目目标达成的，项目组进入结项程序。 [1]")
