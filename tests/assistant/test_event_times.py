""""什么时候" is answered by a time tied to an event ("验收通过后") as well as by a duration or a date.

Clauses written for the test after the pattern of a pair in the shipped project policy (a report due within days
of the end, files handed over after an event), in other words; no store.
"""

from __future__ import annotations

from assistant.english_answer import answer_sentence
from assistant.extractive import shape_of, typed_spans
from assistant.question_types import QType

from context_builders import contexts_first_line, document_passage

CLAUSES = [
    "第九条 项目负责人应在项目关闭后30个自然日内提交总结报告。",
    "第十条 项目资料须在结项评审通过后交档案室统一归档。",
]


def test_an_event_tied_time_is_a_time_for_when_not_for_how_long():
    when = shape_of("项目文档什么时候交档案室？", QType.TIME)
    assert [CLAUSES[1][a:b] for a, b in typed_spans(CLAUSES[1], QType.TIME, when)] == ["结项评审通过后"]
    assert typed_spans(CLAUSES[1], QType.TIME, shape_of("项目文档多久内交档案室？", QType.TIME)) == []


def test_when_asked_the_clause_tied_to_the_event_leads_over_a_duration_about_something_else():
    contexts = [document_passage(i, "policies/projects.md", f"第{n}条", text)
                for i, (n, text) in enumerate(zip("九十", CLAUSES), start=1)]
    line = contexts_first_line("项目里的资料什么时候交给档案室？", contexts)
    assert line.startswith("结论：第十条") and "结项评审通过后" in line, line


def test_an_english_when_is_answered_by_the_event_it_is_tied_to():
    sentence = answer_sentence("They told us on the due day itself. When should they have told us?",
                               "第十四条 预计无法按期完成的，应在原定完成日期之前告知需求方。")
    assert sentence == "When, per the policy: 原定完成日期之前: “应在原定完成日期之前告知需求方”. ", sentence
    assert answer_sentence("How long do they have to tell us?", "第十四条 应在原定完成日期之前告知需求方。") == ""
