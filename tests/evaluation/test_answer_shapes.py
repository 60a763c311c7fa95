"""Figures by answer shape: the scenario composer's first lines apart from the direct answers'."""

from __future__ import annotations

import pytest

from evaluation.answer_shapes import DIRECT, SCENARIO, answer_shape
from evaluation.suite.table import figures, shapes, shapes_markdown, to_markdown

SCENARIO_ZH = ("结论：这是“职责不清、互相推诿（扯皮）”问题。现在先做：第二十一条 对需求归属存在争议的，由总经理办公室裁定。 [1]\n"
               "接着：\n1. 与对方部门负责人直接沟通。 [2]")
SCENARIO_EN = "Conclusion: The rule is clear. Do now (quoted from the policy): 第八条 服务方应在1个工作日内作出响应。 [1]"
GUIDANCE_EN = "Conclusion: Do now (quoted from the guidance): 建议先与对方负责人沟通。 [1]"
DIRECT_ZH = "结论：服务方应在收到需求单后1个工作日内作出响应。 [1]\n建议步骤：\n1. 现在先做：登记需求。 [2]"


@pytest.mark.parametrize(("answer", "shape"), [
    (SCENARIO_ZH, SCENARIO), (SCENARIO_EN, SCENARIO), (GUIDANCE_EN, SCENARIO),
    (DIRECT_ZH, DIRECT),  # the label in a step is no scenario first line
    ("知识库中没有能回答这个问题的内容。", DIRECT),
])
def test_an_answer_shape_is_read_from_its_first_line(answer, shape):
    assert answer_shape(answer) == shape


def _row(answer, first, anywhere, passages):
    return {"id": answer[:6], "question": "q", "answer": answer,
            "metrics": {"answer_in_first_line": first, "answer_containment": anywhere, "fact_in_passages": passages,
                        "first_line_fact_share": first, "citation_validity": 1.0, "false_refusal_rate": 0.0}}


def test_shapes_count_the_questions_with_facts_and_add_held_out_sets_apart():
    held = [_row(SCENARIO_ZH, 0.0, 1.0, 1.0), _row(DIRECT_ZH, 1.0, 1.0, 1.0),
            _row("知识库中没有能回答这个问题的内容。", None, None, None)]  # should-refuse: not counted
    tune = [_row(SCENARIO_EN, 1.0, 1.0, 1.0)]
    assert shapes(held) == {SCENARIO: {"n": 1, "first_line": 0, "anywhere": 1, "in_passages": 1},
                            DIRECT: {"n": 1, "first_line": 1, "anywhere": 1, "in_passages": 1}}
    table = [{"set": name, "label": "", "heldout": heldout, "llm": "extractive", **figures(rows)}
             for name, heldout, rows in (("h", True, held), ("t", False, tune))]
    lines = (shapes_markdown(table) or "").splitlines()
    assert lines[2] == f"| {SCENARIO} | 1 | 0 (0.00) | 1 (1.00) | 1 (1.00) | 1 | 1 (1.00) | 1 (1.00) | 1 (1.00) |"
    assert lines[3] == f"| {DIRECT} | 1 | 1 (1.00) | 1 (1.00) | 1 (1.00) | — | — | — | — |"
    assert "By answer shape:" in to_markdown(table)


def test_no_shapes_table_without_questions_with_facts():
    table = [{"set": "s", "label": "", "heldout": False, "llm": "extractive",
              **figures([_row("知识库中没有能回答这个问题的内容。", None, None, None)])}]
    assert shapes_markdown(table) is None and "By answer shape" not in to_markdown(table)
