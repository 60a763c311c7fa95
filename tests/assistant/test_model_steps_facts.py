"""Every answer of a model backend keeps every fact of the extractive steps, not only scenario answers.

After an extracted 结论 the model writes the steps; ``keep_facts`` puts back (quoted, with its citation)
each extractive step whose numbers, deadlines or bodies no model step keeps — for plain-shape answers
too — and does so again after the grounding check when it removed a model step that held such a fact.
The model's text is fixed here (failure injection: what a small model writes when it loses a fact);
one test runs the real local model.
"""

from __future__ import annotations

from assistant.extractive import bigrams, compose_extractive, overlap
from assistant.generation import AnswerComposer, Composed
from assistant.model_steps import SUPPORT_COVERED, extracted_steps, is_scenario_answer, keep_facts, step_facts

from tests.assistant.test_model_steps_scenario import CONTEXTS, _Backend, _Says

QUESTION = "对牵头部门有争议怎么办？"
EXTRACTED = compose_extractive(QUESTION, CONTEXTS)
MEETING = "第二十一条 专题协调会由牵头部门提出申请，综合管理部在收到申请后48小时内安排召开。 [3]"


def _keeps_every_fact(answer: str, extracted: str) -> bool:
    flat = answer.replace("个工作日", "工作日")
    for text, _ in extracted_steps(extracted):
        facts = step_facts(text)
        if facts and not all(f in flat for f in facts):
            return False
        if not facts and overlap(bigrams(text.split(" [")[0]), bigrams(answer)) < SUPPORT_COVERED:
            return False
    return True


def _final(text: str, question: str = QUESTION) -> Composed:
    items = list(AnswerComposer("local", lambda: _Backend(_Says(text=text, prompts=[])), timeout=10).stream(question, CONTEXTS))
    assert isinstance(items[-1], Composed)
    return items[-1]


def test_the_fixture_is_a_plain_answer_whose_second_step_holds_a_deadline():
    assert not is_scenario_answer(EXTRACTED)
    assert [text for text, _ in extracted_steps(EXTRACTED)][-1] == MEETING
    assert step_facts(MEETING) == {"管理部", "48小时"}


def test_keep_facts_restores_a_plain_answers_lost_deadline():
    model = "1. 每一项协作需求只能确定一个牵头部门和一名责任人。[2]\n2. 专题协调会由牵头部门提出申请。[3]"
    kept = keep_facts(model, EXTRACTED)
    assert kept.splitlines() == [model.splitlines()[0], f"2. {MEETING}"], kept  # the rewording gave way to the quote
    assert _keeps_every_fact(kept, EXTRACTED)


def test_plain_answer_keeps_the_extractive_facts_the_model_dropped():
    final = _final("1. 每一项协作需求只能确定一个牵头部门和一名责任人。[2]\n2. 专题协调会由牵头部门提出申请。[3]\n")
    assert final.llm == "local", final.warnings
    assert final.text.splitlines()[0] == EXTRACTED.splitlines()[0]
    assert _keeps_every_fact(final.text, EXTRACTED), final.text
    assert 3 in final.cited


def test_a_step_the_grounding_check_removed_is_refilled_from_the_extractive_steps():
    """The model kept 48小时 but added a deadline no passage states: the check removes that step, and with it
    the fact; the extractive step comes back, quoted."""
    final = _final("1. 每一项协作需求只能确定一个牵头部门和一名责任人。[2]\n"
                   "2. 专题协调会由牵头部门提出申请，综合管理部在收到申请后48小时内安排召开，会后7天内发出纪要。[3]\n")
    assert final.llm == "local", final.warnings
    assert "7天" not in final.text and any("7天" in w for w in final.warnings), final
    assert MEETING in final.text and _keeps_every_fact(final.text, EXTRACTED), final.text
    assert len(final.warnings) == len(set(final.warnings))


def test_steps_that_keep_every_fact_stay_the_models_own():
    model = ("1. 每项协作需求只能确定一个牵头部门和一名责任人，牵头部门对最终结果负责。[2]\n"
             "2. 请牵头部门申请专题协调会，综合管理部收到后48小时内安排召开。[3]")
    final = _final(model + "\n")
    assert final.text.splitlines()[1:] == model.splitlines(), final.text


def test_real_local_model_plain_answer_keeps_the_extractive_facts(local_composer):
    items = list(local_composer.stream(QUESTION, CONTEXTS))
    final = items[-1]
    assert isinstance(final, Composed) and final.llm == "local", final.warnings
    assert len(items) >= 3 and isinstance(items[1], str)  # the 结论, then the model's own text streamed
    assert final.text.splitlines()[0] == EXTRACTED.splitlines()[0]
    assert _keeps_every_fact(final.text, EXTRACTED), final.text
    bodies = [line.split(". ", 1)[-1] for line in final.text.splitlines()[1:] if line.strip()]
    assert len(bodies) == len(set(bodies)), final.text  # no step said twice


def test_names_are_facts_a_step_must_keep():
    """Titles, quoted terms and Latin words are what a small model rewords ("PMO" → "项目管理办公室")."""
    step = "梳理会影响其他部门的信息变化，形成“必须同步清单”，PMO每月抽查。 [2]"
    assert {"必须同步清单", "PMO"} <= step_facts(step)
    assert "战国无双" in step_facts("《战国无双》由光荣开发。 [1]")
    extracted = f"结论：信息变化要同步。 [1]\n建议步骤：\n1. {step}"
    reworded = "1. 梳理会影响其他部门的信息变化，形成同步清单，项目管理办公室每月抽查。[2]"
    assert keep_facts(reworded, extracted).splitlines() == [f"1. {step}"]  # the rewording gave way to the quote
    kept = "1. 梳理会影响其他部门的信息变化，形成必须同步清单，由PMO每月抽查。[2]"
    assert keep_facts(kept, extracted) == kept
