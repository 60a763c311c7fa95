"""Durations told with 半 and bounds written 不满, a yes/no story's case, a contradicted second 结论 sentence (round 42).

"这个季度别的部门已经投诉了我们部门7次……会不会被领导找去谈话？" asks yes/no and no action, so it told no case and the
clause its count meets ("被其他部门投诉超过5次的，…约谈") did not lead; now it does (``case_clauses.asked_case``).
半 is a count a story tells ("一个半月", "半个月", "一年半"), and 不满 bounds from below ("不满一个季度"; it was read
as 满, at least); a duration under a bound describes no case (every story tells some short time).
A clause whose case the story's count contradicts ("低于8.0分的" after "拿了9.3分") no longer joins the 结论 as its
second sentence. Passages and questions are written for this test (an invented company), not taken from an eval set.
"""

from __future__ import annotations

from assistant.case_clauses import asked_case, case_query, meets_count
from assistant.extractive import compose_extractive
from assistant.situation import contradicts, told_counts
from assistant.story_case import contradicted
from assistant.types import Context

NEW_HEAD = "第二十一条 部门负责人任职不满一个季度的，当季考核不单独进行，按部门得分记录。"
D_GRADE = "第二十三条 季度考核为D档的，部门负责人应在考核结果发布后20日内向分管副总裁提交改进计划。"
LOW = "第十条 部门满意度得分低于8.0分的，每低0.5分，部门考核得分相应扣减3分。"
HIGH = "第二十五条 部门满意度得分达到9.0分及以上的，由公司发文通报表扬。"
COMPLAINTS = "第二十六条 同一部门在一个季度内被其他部门投诉超过5次的，由总经理办公室约谈该部门负责人。"
PUBLISHED = "第二十条 人力资源部应在每季度结束后的第一个月15日前发布上季度考核结果。"


def _policy(rank: int, text: str) -> Context:
    return Context(rank=rank, source="policies/review.md", section="第四章 考核", text=text, score=1.0 / rank,
                   title="部门考核管理办法（示例）", doc_type="policy")


def test_half_units_and_years_are_counts_a_story_tells():
    assert told_counts("才管了一个半月") == [(45.0, "天")]
    assert told_counts("半个月前") == [(15.0, "天")]
    assert told_counts("来了一年半") == [(547.5, "天")]
    assert told_counts("半小时") == [(30.0, "分钟")]
    assert told_counts("2026年3月") == []  # a date: neither 2026 years nor 3 months
    assert told_counts("2026年的时候") == []
    assert told_counts("半年度考核") == []  # 年度 is no duration
    assert told_counts("已经超过两次") == [(2.5, "次")] and told_counts("不到两天") == [(1.5, "天")]  # past the bound
    assert told_counts("吵了半个多小时") == [(30.0, "分钟")]  # 多 after 半: a little over half an hour


def test_bu_man_bounds_from_below():
    assert contradicts("部门负责人已经干了半年", "部门负责人任职不满一个季度")
    assert not contradicts("部门负责人才干了两个月", "部门负责人任职不满一个季度")
    assert not meets_count("部门负责人已经干了半年", NEW_HEAD)  # 不满 is no 满 (at least)
    assert not meets_count("部门负责人才来了一个半月", NEW_HEAD)  # a duration under a bound describes no case:
    assert not meets_count("两个部门负责人三天了还没谈拢", NEW_HEAD)  # every story tells some short time


def test_a_yes_no_story_tells_its_case():
    question = "我八月中旬才调过来当这个部门的负责人，三季度考核出来是D档。我满打满算才管了一个半月，这个结果也要算到我个人头上？"
    assert case_query(question) == ""  # it asks no action: the story's searches are unchanged
    assert "一个半月" in asked_case(question) and "算到我个人头上" not in asked_case(question)
    assert asked_case("这个结果也要算到我个人头上？") == ""  # no story


def test_a_yes_no_story_is_answered_by_the_clause_for_its_case():
    question = "这个季度别的部门在平台上已经投诉了我们部门7次，大家压力都很大，考核结果也还没出来。我们这种情况，会不会被领导找去谈话？"
    assert case_query(question) == "" and asked_case(question)
    passages = [_policy(1, D_GRADE), _policy(2, PUBLISHED), _policy(3, COMPLAINTS)]
    line = compose_extractive(question, passages).splitlines()[0]
    assert line.startswith("结论：第二十六条") and "约谈" in line, line


def test_a_clause_the_story_contradicts_is_no_second_sentence():
    question = "上半年满意度调查结果出来了，我们部门满意度拿了9.3分，团队挺高兴的。公司对分数高的部门有没有什么说法？"
    assert contradicted(question, LOW) and not contradicted(question, HIGH)
    assert not contradicted("部门满意度低于8.0分会怎样？", LOW)  # no story, no case told
    line = compose_extractive(question, [_policy(1, HIGH), _policy(2, LOW)]).splitlines()[0]
    assert "通报表扬" in line and "扣减" not in line, line


def test_a_bound_ending_a_case_is_no_limit_on_what_is_allowed():
    from assistant.limits import limits

    assert limits(COMPLAINTS) == []  # "超过5次的，由…约谈": when the rule applies
    assert limits("同一人同时担任核心成员的项目组不得超过两个。")  # a limit
    assert limits("项目组核心成员原则上不超过9人。")


def test_a_loose_count_needs_a_specific_word_of_the_case():
    assert meets_count("上半年满意度调查结果出来了，我们部门拿了9.3分。", HIGH)
    assert not meets_count("这季度我们部门自己算应该多拿13分，结果只加了8分。", HIGH)  # 部门 is in every story
    assert not contradicts("物流部一个月升了七八次", "同一部门在一个季度内作为被升级方超过5次")  # 一个季度 is a frame
    rise = "第二十八条 部门协作得分连续两个季度比上一季度提升5分以上的，在评优中优先考虑。"
    assert not meets_count("这季度的协作分出来了，我们部门协作得分78分。", rise)  # a bound on a change, not a score


MEETING = "第二十八条 参会人员须准时到会，会上不得处理与会议无关的事务；迟到超过10分钟或无故缺席的，由会议秘书在纪要中记录。"
REVIEW = "第二十六条 每季度首月召开一次复盘会，由总经理主持，回顾上季度的协作数据。"
PUBLIC = "公开信息是指已对外发布、可以对外公开的信息，如产品手册和公司新闻稿。"


def test_a_case_led_story_is_not_led_by_its_pointed_words():
    question = "季度复盘会上，有个部门负责人迟到了快二十分钟，进来还一直低头回消息，总经理很不高兴。这种情况公司有什么说法吗？"
    line = compose_extractive(question, [_policy(1, REVIEW), _policy(2, MEETING), _policy(3, PUBLIC)]).splitlines()[0]
    assert line.startswith("结论：第二十八条"), line


def test_working_days_a_story_tells_are_its_frame_not_another_clauses_case():
    """"拖了整整三个工作日都没来验收" meets "不足5个工作日" by the count alone: working days are a story's frame, like 天, so
    the case needs a word of its own told too (round 56: it led "距离计划提测日期不足5个工作日的，不再受理…")."""
    story = "我们研发把功能做完，测试也过了，可产品经理拖了整整三个工作日都没来验收，也没说为什么。"
    assert not meets_count(story, "第二十七条 距离计划提测日期不足5个工作日的，不再受理非紧急的需求变更。")
    assert meets_count("这次距离计划提测日期只剩三个工作日了", "第二十七条 距离计划提测日期不足5个工作日的，不再受理非紧急的需求变更。")
