"""A story's typed question gets the close runner-up stating the asked fact beside the 结论's lead (``fact_beside``).

Made-up fleet policy of another company (not the shipped wording). The composer tests run the real extractive composer
on hand-made passages; the store tests use real Chroma on ``tmp_path`` and the bundled embedding model, and check that
the local backend's first line (the extractive 结论, ``AnswerComposer.conclusion``) carries the added fact too.

On these passages the lead's neighbour ("车辆事故处理记录…保存期限为3年", it shares the story's setting) scores 1.03 and
the clause stating the asked retention ("涉及理赔的财务凭证保存期限不少于8年") 0.87: beyond ``MARGIN`` (0.1), within 0.2.
The composer tests move the margin rather than the wording, so both sides of it are exercised on the same passages;
retrieved from a real store (title and heading with each clause) the two score within 0.1 and the rule fires as shipped.
"""

from __future__ import annotations

import pytest

import assistant.fact_beside as fact_beside
from assistant.extractive import compose_extractive
from assistant.fact_beside import asked_fact, beside_lead
from assistant.generation import make_composer
from assistant.question_types import QType
from assistant.refusal import RefusalThresholds
from assistant.types import Context
from evaluation.metrics import first_line

from store_builders import extractive_advisor, policy_files, synced_store

STORY = ("我们车队想把前年那批车辆事故的纸质理赔单据销毁腾地方，财务部的老李说不能随便销毁，我们觉得他管得太宽。"
         "这些单据到底得保存几年？")
"""A calm story asking a duration; its setting (车辆事故, 单据) is shared by the neighbouring clause."""

_CLAUSES = [
    ("第十条", "车辆事故处理记录由车队统一归档，保存期限为3年。"),
    ("第十一条", "涉及理赔的财务凭证保存期限不少于8年；法律法规另有规定的，从其规定。"),
    ("第十二条", "车队应在每季度首月10日前向财务部报送上季度用车费用。"),
    ("第九条", "车辆事故发生后，驾驶员应在2小时内报告车队负责人。"),
]
ASKED = "不少于8年"
LEAD = "保存期限为3年"


def _contexts(doc_type: str = "policy") -> list[Context]:
    return [Context(rank=i, source="policies/fleet.md", section=clause, text=f"{clause} {text}", score=1.0 - i / 10,
                    title="车队协作管理办法", doc_type=doc_type, clause=clause, chunk_id=f"c{i}")
            for i, (clause, text) in enumerate(_CLAUSES, start=1)]


@pytest.fixture()
def wide(monkeypatch):
    """``MARGIN`` 0.2: the asked clause (0.16 behind the lead) is a close runner-up."""
    monkeypatch.setattr(fact_beside, "MARGIN", 0.2)


def test_asked_fact_is_the_first_typed_part():
    assert asked_fact(STORY) == ("这些单据到底得保存几年？", QType.TIME)
    assert asked_fact("我们和采购部又吵起来了，我该怎么办？") is None  # a plea asks no typed fact


def test_beyond_the_margin_the_first_line_is_the_lead_alone():
    head = first_line(compose_extractive(STORY, _contexts()))
    assert LEAD in head and ASKED not in head, head


def test_a_close_runner_up_is_quoted_beside_the_lead_and_not_repeated_as_a_step(wide):
    answer = compose_extractive(STORY, _contexts())
    head = first_line(answer)
    assert head.startswith("结论：第十条") and LEAD in head, head  # the lead stays first
    assert head.endswith("第十一条 涉及理赔的财务凭证保存期限不少于8年；法律法规另有规定的，从其规定。 [2]"), head
    assert answer.count(ASKED) == 1, answer  # the step quoting the same clause is left out
    assert len(head) <= fact_beside.MAX_LINE_CHARS


def test_no_empty_steps_header_when_the_only_step_moved_beside_the_lead(wide):
    answer = compose_extractive(STORY, _contexts()[:2])
    assert ASKED in first_line(answer) and "建议步骤" not in answer, answer


def test_a_line_that_would_grow_too_long_is_left_alone(wide, monkeypatch):
    monkeypatch.setattr(fact_beside, "MAX_LINE_CHARS", 60)
    assert ASKED not in first_line(compose_extractive(STORY, _contexts()))


def test_only_policy_runners_up_and_only_stories(wide):
    assert ASKED not in first_line(compose_extractive(STORY, _contexts("guidance")))  # advice is not quoted beside
    plain = "涉及理赔的单据保存几年？"  # a plain question (no story): its 结论 is the picker's alone
    text = compose_extractive(plain, _contexts())
    assert first_line(text).count("[") == first_line(compose_extractive(plain, _contexts())).count("[")
    head = "结论：第十条 车辆事故处理记录由车队统一归档，保存期限为3年。 [1]"
    assert beside_lead(plain, _contexts(), head) == head


def test_english_stories_and_non_conclusion_lines_are_untouched(wide):
    english = ("Our fleet team wants to shred last year's accident claim papers, finance says we cannot. "
               "How many years must we keep them?")
    head = "Conclusion: 3 years. According to the material: 第十条 … [1]"
    assert beside_lead(english, _contexts(), head) == head
    assert beside_lead(STORY, _contexts(), "（提示：…）") == "（提示：…）"


@pytest.fixture(scope="module")
def store(make_settings, embeddings, tmp_path_factory):
    root = tmp_path_factory.mktemp("fact-beside")
    settings = make_settings(root / "data")
    clauses = [f"**{clause}** {text}" for clause, text in _CLAUSES]
    clauses += ["**第一条** 为规范车队与财务部、各分公司在车辆使用、费用和单据上的协作，制定本办法。"]
    files = policy_files("车队", {"policies/fleet.md": ("车队协作管理办法", clauses)})
    return settings, synced_store(settings, embeddings, root / "corpus", files)


def test_a_real_store_answer_and_the_local_backends_first_line_carry_the_asked_fact(store, embeddings, monkeypatch):
    settings, synced = store
    no_refusal = RefusalThresholds(hard=0.0, soft=0.0, owner=0.0, hard_en=0.0, owner_en=0.0)  # "单据" reads as another
    advisor = extractive_advisor(settings, synced, embeddings, thresholds=no_refusal)  # department's topic (报销)
    import assistant.lead_ranker as lead_ranker

    # the rule alone: the learned lead ranker (round 24) already leads with this story's asked fact
    monkeypatch.setattr(lead_ranker, "load_model", lambda *args: None)
    with monkeypatch.context() as off:
        off.setattr(fact_beside, "MARGIN", -1.0)  # the rule off: the composer as before it
        before = advisor.ask(STORY, k=5)
    assert not before.refused and LEAD in first_line(before.answer), before.answer
    assert ASKED not in first_line(before.answer) and ASKED in before.answer  # the asked fact only as a step
    after = advisor.ask(STORY, k=5)  # retrieved passages score it within MARGIN of the lead's neighbour
    head = first_line(after.answer)
    assert head.startswith(first_line(before.answer)) and ASKED in head, after.answer  # the lead stays, first
    assert after.answer.count(ASKED) == 1, after.answer  # and its step goes
    composer = make_composer(settings, "extractive")
    assert composer.conclusion(after.answer) == head  # what the local backend streams first
