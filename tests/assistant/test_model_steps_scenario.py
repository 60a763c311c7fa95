"""Scenario answers of a model backend keep every fact of the extractive steps.

The model is shown the extractive scenario answer's steps (``skeleton_evidence``) and its steps are
checked against them (``keep_facts``): a step whose numbers, deadlines or bodies the model dropped is
put back, quoted with its citation, in place of the model's rewording of it. The model's text here is
fixed (failure injection: what a small model writes when it loses a fact); passages are realistic
policy clauses, not the shipped example wording.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk, ChatResult

from assistant.extractive import compose_extractive
from assistant.generation import AnswerComposer, Composed
from assistant.llm import ChatBackend
from assistant.model_steps import extracted_steps, is_scenario_answer, keep_facts, skeleton_evidence, step_facts
from assistant.types import Context

from context_builders import document_passage

QUESTION = "采购部和财务部为谁来牵头一个客户的定制需求争执不下，都说应该对方牵头，我该怎么办？"


def _ctx(rank: int, source: str, section: str, text: str, doc_type: str) -> Context:
    return document_passage(rank, source, section, text, doc_type, clause=section if doc_type == "policy" else "")


CONTEXTS = [
    _ctx(1, "guidance/ownership-workshop.md", "问题三：定制需求没人负责 > 应对做法",
         "采购部和财务部为谁来牵头客户定制需求争执了很久，后来通过工作坊形成了如下约定。\n"
         "- 约定由财务部担任定制需求的负责批准人（A），采购部负责提供客户依据，物流中心负责评估工作量。\n"
         "- 为定制需求评估设定时限，例如普通需求3个工作日内给出结论。", "guidance"),
    _ctx(2, "policies/collaboration.md", "第二十条",
         "第二十条 每一项协作需求只能确定一个牵头部门和一名责任人，牵头部门对最终结果负责，不得以配合为由推卸责任。", "policy"),
    _ctx(3, "policies/meetings.md", "第二十一条",
         "第二十一条 专题协调会由牵头部门提出申请，综合管理部在收到申请后48小时内安排召开。", "policy"),
    _ctx(4, "policies/collaboration.md", "第二十一条",
         "第二十一条 对牵头部门存在争议的，由综合管理部依据部门职责说明书进行裁定；"
         "裁定作出前，最先接到需求的部门应先行承办，不得停止工作。", "policy"),
    _ctx(5, "policies/escalation.md", "第七条",
         "第七条 一级升级未能解决的，可发起二级升级，提交双方分管副总裁协调，分管副总裁应在5个工作日内给出协调意见。", "policy"),
]
EXTRACTED = compose_extractive(QUESTION, CONTEXTS)
ESCALATION = "第七条 一级升级未能解决的，可发起二级升级，提交双方分管副总裁协调，分管副总裁应在5个工作日内给出协调意见。 [5]"
APPROVER = "约定由财务部担任定制需求的负责批准人（A），采购部负责提供客户依据，物流中心负责评估工作量。 [1]"


def test_the_fixture_is_a_scenario_answer_with_steps():
    assert is_scenario_answer(EXTRACTED)
    assert not is_scenario_answer("结论：会后1个工作日内发出纪要。 [1]\n建议步骤：\n1. 纪要列明决定事项。 [1]")
    assert [text for text, _ in extracted_steps(EXTRACTED)][-2:] == [APPROVER, ESCALATION]


def test_step_facts_are_numbers_and_bodies_not_clause_numbers():
    assert step_facts(ESCALATION) == {"5工作日", "分管副总裁"}
    assert step_facts("由总经理办公室依据部门职责说明书进行裁定。") == {"总经理", "经理办公室"}
    assert step_facts("信息技术部和运营部应在非工作时间安排值班人员。") == {"技术部", "运营部"}
    assert step_facts("各部门内部先沟通。") == set()
    assert step_facts(ESCALATION, english=True) == {"5"}
    english = "1. Ask both vice presidents to mediate within 5 working days. [5]"
    assert keep_facts(english, EXTRACTED, english=True) == english  # translated: numbers kept, nothing quoted twice
    assert keep_facts("1. Ask both vice presidents to mediate. [5]", EXTRACTED, english=True).splitlines()[-2:] \
        == ["如果仍解决不了，按以下方式升级：", f"1. {ESCALATION}"]


def test_a_step_whose_deadline_the_model_dropped_is_restored_in_place():
    model = ("1. 先确认财务部担任负责批准人，采购部提供客户依据，物流中心评估工作量。[1]\n"
             "2. 一级升级未能解决的，提交双方分管副总裁协调。[5]\n"
             "3. 协调结果记录在协作平台。[4]")
    kept = keep_facts(model, EXTRACTED).splitlines()
    assert kept == ["1. 先确认财务部担任负责批准人，采购部提供客户依据，物流中心评估工作量。[1]",  # facts kept: stays
                    f"2. {ESCALATION}",  # lost 5个工作日: the extractive step takes its place, nothing twice
                    "3. 协调结果记录在协作平台。[4]"]


def test_a_step_the_model_left_out_is_added_after_its_steps():
    model = "1. 财务部担任负责批准人，采购部提供依据，物流中心评估工作量。[1]\n2. 双方先行承办，不得停止工作。[4]"
    kept = keep_facts(model, EXTRACTED).splitlines()
    assert kept[:2] == model.splitlines()  # an escalation step under its own header, as in the extractive answer
    assert kept[2:] == ["如果仍解决不了，按以下方式升级：", f"1. {ESCALATION}"]
    # the first extractive step (no facts, said in other words) is not repeated


def test_steps_that_keep_every_fact_are_unchanged():
    model = ("1. 采购部和财务部曾通过工作坊形成约定。[1]\n"
             "2. 由财务部担任负责批准人，采购部提供客户依据，物流中心评估工作量。[1]\n"
             "3. 仍不行就提交双方分管副总裁，5个工作日内给出协调意见。[5]")
    assert keep_facts(model, EXTRACTED) == model


def test_skeleton_evidence_is_the_extractive_steps_with_their_citations():
    items = skeleton_evidence(EXTRACTED, CONTEXTS)
    assert [i.n for i in items] == [n[0] for _, n in extracted_steps(EXTRACTED)][:len(items)] and items
    assert all("[" not in i.sentence and not i.sentence.startswith("第") for i in items)
    assert sum(len(i.sentence) for i in items[:-1]) <= 200
    assert skeleton_evidence("结论：只有结论。 [1]", CONTEXTS) == []


class _Says(BaseChatModel):
    """Failure injection: a chat model that streams fixed text (a small model's steps that lose a deadline)."""

    text: str = ""
    prompts: list = []

    @property
    def _llm_type(self) -> str:
        return "fixed"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any) -> ChatResult:
        raise NotImplementedError

    def _stream(self, messages, stop=None, run_manager=None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        self.prompts.append(messages[-1].content)
        for line in self.text.splitlines(keepends=True):
            threading.Event().wait(0.001)
            yield ChatGenerationChunk(message=AIMessageChunk(content=line))


class _Backend(ChatBackend):
    def __init__(self, model: BaseChatModel) -> None:
        self.name = "local"
        self._model = model

    def model(self):
        return self._model


def test_composer_streams_the_model_then_keeps_the_extractive_facts():
    model = _Says(text="1. 财务部担任负责批准人，采购部提供客户依据，物流中心评估工作量。[1]\n"
                       "2. 协商不成，提交双方分管副总裁协调。[5]\n", prompts=[])
    items = list(AnswerComposer("local", lambda: _Backend(model), timeout=10).stream(QUESTION, CONTEXTS))
    final = items[-1]
    assert isinstance(final, Composed) and final.llm == "local", final
    streamed = "".join(i for i in items[:-1] if isinstance(i, str))
    assert "协商不成，提交双方分管副总裁协调。[5]" in streamed  # the model's own tokens were streamed
    lines = final.text.splitlines()
    assert lines[0] == EXTRACTED.splitlines()[0]
    assert f"2. {ESCALATION}" in lines and "协商不成" not in final.text  # restored in place of its rewording
    for text, _ in extracted_steps(EXTRACTED):
        assert all(f in final.text.replace("个工作日", "工作日") for f in step_facts(text)), text
    assert 5 in final.cited
    # the model was shown the extractive steps (its skeleton), not other sentences
    assert "分管副总裁应在5个工作日内给出协调意见" in model.prompts[0]


def test_real_local_model_scenario_answer_keeps_the_extractive_facts(local_composer):
    items = list(local_composer.stream(QUESTION, CONTEXTS))
    final = items[-1]
    assert isinstance(final, Composed) and final.llm == "local", final.warnings
    assert len(items) > 3  # the model's tokens streamed
    lines = [line for line in final.text.splitlines() if line.strip()]
    assert lines[0] == EXTRACTED.splitlines()[0]
    flat = final.text.replace("个工作日", "工作日")
    for text, _ in extracted_steps(EXTRACTED):
        assert all(f in flat for f in step_facts(text)), (text, final.text)
    bodies = [line.split(". ", 1)[-1] for line in lines[1:]]
    assert len(bodies) == len(set(bodies)), final.text  # no step said twice


def test_other_answers_keep_the_old_prompt_and_checks():
    """A question answered in the plain shape: the model sees the next-best sentences as before."""
    composer = AnswerComposer("local", lambda: _Backend(_Says(text="", prompts=[])), timeout=10)
    question = "专题协调会多久内安排召开？"
    extracted = compose_extractive(question, CONTEXTS)
    assert not is_scenario_answer(extracted)
    conclusion = composer.conclusion(extracted)
    with_extracted = composer.model_messages(question, CONTEXTS, conclusion, extracted=extracted)
    assert [m.content for m in with_extracted] == [m.content for m in composer.model_messages(question, CONTEXTS, conclusion)]
    scenario = composer.model_messages(QUESTION, CONTEXTS, composer.conclusion(EXTRACTED), extracted=EXTRACTED)
    assert scenario[-1].content != composer.model_messages(QUESTION, CONTEXTS, composer.conclusion(EXTRACTED))[-1].content
