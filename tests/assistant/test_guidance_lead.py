"""A story asking for advice leads with the guidance passage retrieval ranked first (``assistant.guidance_lead``):
the shipped knowledge base, the bundled embedding model, the real extractive advisor."""

from __future__ import annotations

import pytest

from assistant.extractive import compose_extractive
from assistant.guidance_lead import SEE_ALSO, advice_sentences, applies
from assistant.lead_ranker import SentenceVectors
from assistant.types import Context

from conftest import section_context

ESCALATED_TO_ME = ("我手下一个主管跟财务部的人争了好几天，现在一声不吭把这事推到我这儿，写的说明里情绪比事实多，"
                   "让我出面去找财务总监。我接手以后第一步该做什么？")
"""A story in other words than the guidance on receiving an escalation (``guidance/escalation-path.md``)."""
CLAUSE = Context(rank=2, source="policies/escalation.md", section="第五条",
                 text="第五条 问题发生后，双方经办人应首先直接沟通协商；经办人协商未能解决的，任何一方均可通过协作平台发起一级升级。",
                 score=0.84, title="问题升级与争议解决办法（示例）", doc_type="policy", clause="第五条")


def test_advice_sentences_leave_out_headings_and_list_marks():
    text = "守时与聚焦\n当下属把问题升级到你这里时，建议按以下顺序处理：\n1. 先确认对方部门是否已经知情。\n2. 阅读升级说明。再回复。\n[ ] 全体成员已确认。"
    assert advice_sentences(text) == ["当下属把问题升级到你这里时，建议按以下顺序处理：", "先确认对方部门是否已经知情。",
                                      "阅读升级说明。", "再回复。", "全体成员已确认。"]


def test_only_chinese_stories_asking_for_advice_with_guidance_first():
    guide = section_context(1, "guidance/escalation-path.md", "被升级方")
    assert applies(ESCALATED_TO_ME, [guide, CLAUSE])
    assert not applies(ESCALATED_TO_ME, [CLAUSE, guide])  # a clause ranked first
    assert not applies("接到下属的升级，第一步该做什么？", [guide, CLAUSE])  # not a story
    timed = ESCALATED_TO_ME.replace("我接手以后第一步该做什么？", "我最晚几天内要给出结论？")
    assert not applies(timed, [guide, CLAUSE])  # a deadline: the clause stating it keeps the lead
    assert not applies("My supervisor dumped his quarrel with finance on me and wants me to confront their director "
                       "today. What should I do first?", [guide, CLAUSE])


def test_the_advice_leads_and_the_former_conclusion_follows(embeddings):
    guide = section_context(1, "guidance/escalation-path.md", "被升级方")
    answer = compose_extractive(ESCALATED_TO_ME, [guide, CLAUSE], vectors=SentenceVectors(embeddings))
    lines = answer.splitlines()
    assert lines[0].startswith("结论：") and lines[0].endswith("[1]"), answer
    assert "已经知情" in lines[0], answer
    assert all(sentence in guide.text for sentence in lines[0][3:-4].replace("。", "。\n").split()), answer
    assert lines[1].startswith(SEE_ALSO), answer
    assert not any(line[3:].split(" [")[0] in lines[0] for line in lines[2:] if line[:1].isdigit()), answer  # not twice


def test_without_the_embedding_model_the_composer_decides():
    guide = section_context(1, "guidance/escalation-path.md", "被升级方")
    assert SEE_ALSO not in compose_extractive(ESCALATED_TO_ME, [guide, CLAUSE], vectors=None)


@pytest.mark.parametrize("question, fact", [(ESCALATED_TO_ME, "已经知情")])
def test_the_shipped_advisor_answers_the_story_with_the_guidance(advisor, question, fact):
    answer = advisor.ask(question)
    first = answer.answer.splitlines()[0]
    assert fact in first, answer.answer
    assert answer.contexts[0].doc_type == "guidance"
