"""A yes/no story whose count meets one clause's case is answered by that rule (round 41).

"我们部门满意度拿了9.4分……公司对分数高的部门有没有什么说法？" asks yes/no, so the verdict rule ran alone and the clause with
more of the story's words ("低于8.0分的，…扣减") led; the story's score meets the case of another clause ("达到9.0分及以上
的"), which now leads (``story_case.case_first`` after ``verdict_first``), scores (分) being a measure stories tell
(``situation``). Passages and questions are written for this test (an invented company), not taken from an eval set.
"""

from __future__ import annotations

from assistant.case_clauses import meets_count
from assistant.extractive import compose_extractive
from assistant.types import Context

LOW = ("第十条 内部满意度调查结果计入部门考核，部门满意度得分低于8.0分的，每低0.5分，部门考核得分相应扣减3分。")
HIGH = "第二十五条 部门满意度得分达到9.0分及以上的，由公司发文通报表扬。"


def _policy(rank: int, text: str) -> Context:
    return Context(rank=rank, source="policies/satisfaction.md", section="第四章 满意度", text=text, score=1.0 / rank,
                   title="内部满意度管理办法（示例）", doc_type="policy")


def test_a_score_told_meets_the_bound_it_reaches_not_the_one_below():
    told = "上半年内部满意度调查结果出来了，我们部门拿了9.4分，大家挺高兴。"
    assert meets_count(told, HIGH)
    assert not meets_count(told, LOW)
    assert not meets_count("会议从9点30分开始，我们部门的人都准时到了。", HIGH)  # a clock time is no score
    assert not meets_count("这季度我们部门满意度被扣了3分，大家很紧张。", LOW)  # points taken are a change, not the score
    assert meets_count("这季度我们部门满意度只有7.5分，大家很紧张。", LOW)
    assert not meets_count("这季度我们拿了9.4分，大家挺高兴。", HIGH)  # a score alone, no word of the case: not this case


def test_a_yes_no_story_is_answered_by_the_clause_whose_case_its_count_meets():
    question = "上半年内部满意度调查结果出来了，我们部门拿了9.4分，大家挺高兴。公司对分数高的部门有没有什么说法？"
    line = compose_extractive(question, [_policy(1, LOW), _policy(2, HIGH)]).splitlines()[0]
    assert line.startswith("结论：第二十五条") and "通报表扬" in line, line
