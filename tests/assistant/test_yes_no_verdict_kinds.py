"""Which yes/no questions get a verdict word before the 结论's clause (round 42).

Permission (能/可以) and obligation (须/需要) are what a clause's modal rules on: "不得…" answers "能不能…" with 不可以.
"是不是委员？", "会不会影响考核？" ask whether something is so; the modal nearest the asked words ("不再重复召开…提交
委员会") said 否 where the answer was yes. Such questions get the clause without a verdict word. Passages and questions
are written for this test (an invented company), not taken from an eval set.
"""

from __future__ import annotations

from assistant.extractive import compose_extractive
from assistant.types import Context


def _policy(rank: int, text: str) -> Context:
    return Context(rank=rank, source="policies/escalation.md", section="第三章 委员会", text=text, score=1.0 / rank,
                   title="争议处理办法（示例）", doc_type="policy")


AGAIN = "第二十五条 同一事项开过协调会仍未解决的，不再重复召开协调会，由办公室提交委员会处理。"
FORBID = "第十二条 争议处理期间，相关部门不得停止正在进行的协作工作。"


def test_a_question_whether_something_is_so_gets_no_verdict_word():
    line = compose_extractive("办公室的主任是不是委员会的委员？", [_policy(1, AGAIN)]).splitlines()[0]
    assert not line.startswith(("结论：否", "结论：是")), line


def test_a_permission_question_keeps_its_verdict():
    line = compose_extractive("争议处理期间，我们部门能不能先停止协作工作？", [_policy(1, FORBID)]).splitlines()[0]
    assert line.startswith("结论：不可以。"), line
