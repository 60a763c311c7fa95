"""Figures by question kind and by answer shape: the kinds read from a question's shape, the shapes from an answer's
first line, and the suite table's counts by each."""

from __future__ import annotations

import pytest

from evaluation.answer_shapes import DIRECT, SCENARIO, answer_shape
from evaluation.question_kinds import FACT, OPEN, STORY, YESNO, question_kind, question_language
from evaluation.suite.table import figures, kinds, kinds_markdown, shapes, shapes_markdown, to_markdown

STORY_ZH = "我们组里一个专员上周直接给法务部提了需求单，法务部说没有经理确认不受理，两边已经僵了好几天。到底谁对？"


@pytest.mark.parametrize(("question", "kind", "language"), [
    (STORY_ZH, STORY, "Chinese"),
    ("Last week Sales sent us a request with no deadline, and they have been chasing us every day since. "
     "Who is right?", STORY, "English"),
    ("协作需求单可以口头提交吗？", YESNO, "Chinese"),
    ("Can a request be made by phone?", YESNO, "English"),
    ("服务方最晚多长时间内响应协作需求单？", FACT, "Chinese"),
    ("跨部门例会由谁主持？", FACT, "Chinese"),
    ("How many working days does the service side have to respond?", FACT, "English"),
    ("其他部门推诿时我该怎么推进？", OPEN, "Chinese"),
    ("什么是内部客户？", OPEN, "Chinese"),
])
def test_a_question_kind_is_read_from_its_shape(question, kind, language):
    assert question_kind(question) == kind
    assert question_language(question) == language


def _row(question, first, anywhere, passages, answer="a"):
    return {"id": question[:6], "question": question, "answer": answer,
            "metrics": {"answer_in_first_line": first, "answer_containment": anywhere, "fact_in_passages": passages,
                        "first_line_fact_share": first, "citation_validity": 1.0, "false_refusal_rate": 0.0}}


def test_kinds_count_first_line_anywhere_and_passages_per_kind_and_language():
    rows = [_row(STORY_ZH, 0.0, 1.0, 1.0), _row(STORY_ZH + "还能申诉吗？", 1.0, 1.0, 1.0),
            _row("跨部门例会由谁主持？", 0.0, 0.0, 0.0),
            _row("天气怎么样？", None, None, None)]  # should-refuse: no facts, not counted
    assert kinds(rows) == {
        f"{STORY} · Chinese": {"n": 2, "first_line": 1, "anywhere": 2, "in_passages": 2},
        f"{FACT} · Chinese": {"n": 1, "first_line": 0, "anywhere": 0, "in_passages": 0},
    }


def test_the_table_adds_the_kinds_of_held_out_sets_apart_from_the_others():
    held = [_row(STORY_ZH, 1.0, 1.0, 1.0), _row("跨部门例会由谁主持？", 0.0, 1.0, 1.0)]
    held2 = [_row(STORY_ZH, 0.0, 0.0, 1.0)]
    tune = [_row("协作需求单可以口头提交吗？", 1.0, 1.0, 1.0)]
    table = _table(("h1", True, held), ("h2", True, held2), ("t", False, tune))
    md = kinds_markdown(table)
    assert md is not None
    lines = md.splitlines()
    assert lines[0] == ("| question kind | held-out sets: n | held-out sets: first line | held-out sets: anywhere | "
                        "held-out sets: in passages | other sets: n | other sets: first line | other sets: anywhere | "
                        "other sets: in passages |")
    # stories of two held-out sets add up; the kinds come in the order of KINDS (story, yes/no, fact, open)
    assert lines[2] == f"| {STORY} · Chinese | 2 | 1 (0.50) | 1 (0.50) | 2 (1.00) | — | — | — | — |"
    assert lines[3] == f"| {YESNO} · Chinese | — | — | — | — | 1 | 1 (1.00) | 1 (1.00) | 1 (1.00) |"
    assert lines[4] == f"| {FACT} · Chinese | 1 | 0 (0.00) | 1 (1.00) | 1 (1.00) | — | — | — | — |"
    assert "By question kind:" in to_markdown(table)


def _table(*sets):
    """Suite table entries of ``(name, held out, rows)`` sets."""
    return [{"set": name, "label": "", "heldout": heldout, "llm": "extractive", **figures(rows)}
            for name, heldout, rows in sets]


def test_no_kinds_or_shapes_table_without_questions_with_facts():
    table = _table(("s", False, [_row("天气怎么样？", None, None, None)]))
    assert kinds_markdown(table) is None and "By question kind" not in to_markdown(table)
    assert shapes_markdown(table) is None and "By answer shape" not in to_markdown(table)


SCENARIO_ZH = ("结论：这是“职责不清、互相推诿（扯皮）”问题。现在先做：第二十一条 对需求归属存在争议的，由总经理办公室裁定。 [1]\n"
               "接着：\n1. 与对方部门负责人直接沟通。 [2]")
SCENARIO_EN = "Conclusion: The rule is clear. Do now (quoted from the policy): 第八条 服务方应在1个工作日内作出响应。 [1]"
GUIDANCE_EN = "Conclusion: Do now (quoted from the guidance): 建议先与对方负责人沟通。 [1]"
DIRECT_ZH = "结论：服务方应在收到需求单后1个工作日内作出响应。 [1]\n建议步骤：\n1. 现在先做：登记需求。 [2]"


@pytest.mark.parametrize(("answer", "shape"), [
    (SCENARIO_ZH, SCENARIO), (SCENARIO_EN, SCENARIO), (GUIDANCE_EN, SCENARIO),
    (DIRECT_ZH, DIRECT),  # the label in a step is no scenario first line
    ("（提示：本地模型超时，以下为摘录式回答。）\n" + SCENARIO_ZH, SCENARIO),  # a fallback notice is not the first line
    ("知识库中没有能回答这个问题的内容。", DIRECT),
])
def test_an_answer_shape_is_read_from_its_first_line(answer, shape):
    assert answer_shape(answer) == shape


def test_shapes_count_the_questions_with_facts_and_add_held_out_sets_apart():
    held = [_row("q1", 0.0, 1.0, 1.0, SCENARIO_ZH), _row("q2", 1.0, 1.0, 1.0, DIRECT_ZH),
            _row("q3", None, None, None, "知识库中没有能回答这个问题的内容。")]  # should-refuse: not counted
    tune = [_row("q4", 1.0, 1.0, 1.0, SCENARIO_EN)]
    assert shapes(held) == {SCENARIO: {"n": 1, "first_line": 0, "anywhere": 1, "in_passages": 1},
                            DIRECT: {"n": 1, "first_line": 1, "anywhere": 1, "in_passages": 1}}
    table = _table(("h", True, held), ("t", False, tune))
    lines = (shapes_markdown(table) or "").splitlines()
    assert lines[2] == f"| {SCENARIO} | 1 | 0 (0.00) | 1 (1.00) | 1 (1.00) | 1 | 1 (1.00) | 1 (1.00) | 1 (1.00) |"
    assert lines[3] == f"| {DIRECT} | 1 | 1 (1.00) | 1 (1.00) | 1 (1.00) | — | — | — | — |"
    assert "By answer shape:" in to_markdown(table)
