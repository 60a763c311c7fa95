"""A story's answer carries the facts of the clauses written for its case (issue 9, round 20, branch h9kb).

Made-up documents of another company (a fleet: 车队, 调度中心, 冷链车改装; not the shipped wording):
- a calm story's steps used to be the sentences sharing most of its words; the clause for its case (承修方应在10个
  工作日内交齐费用凭据) was cut when five guidance sentences echoing the story came first. It now takes the place of
  the lowest-ranked step (``clause_steps.with_story_clauses``);
- a step quotes the whole short sentence its ；-piece belongs to (``extractive.step_quotes``): a clause's rule and
  its exception stay together, and two pieces of one sentence are one step;
- the best-matching policy sentence of a scenario that rules on a case without a modal verb ("…的，当季协作评分不单独
  评定，按中心得分记录") is a rule: it leads instead of a clause of another case (``scenario.best_case_clause``).
The composer runs on hand-made passages (no store is needed for composition).
"""

from __future__ import annotations

from assistant.clause_steps import states_fact, story_clauses, with_story_clauses
from assistant.extractive import Sentence, _distinct, compose_extractive, rank_sentences, select, step_quotes
from assistant.question_types import classify
from assistant.scenario import applies, best_case_clause, situation
from assistant.story import tells_story
from assistant.types import Context
from evaluation.metrics import first_line

from context_builders import document_passage


def _ctx(rank: int, section: str, text: str, doc_type: str = "policy", source: str = "policies/fleet.md") -> Context:
    return document_passage(rank, source, section, text, doc_type, title="车队协作办法")


STORY = ("我们的冷链车改装项目上个月已经验收完了，供应商那边的结算单一直没交过来，财务部说没有结算单就没法付尾款，"
         "车队和财务部都在等。我作为车队主管该怎么推进？")
"""Told calmly (no quarrel word): the plain composer answers it."""
ADVICE = "\n".join([
    "1. 冷链车改装项目开始前，车队主管先和财务部约定结算单的格式。",
    "2. 改装项目验收时，车队和财务部一起在场，当场确认尾款金额。",
    "3. 供应商的结算单一直没交的，车队主管先打电话问清原因。",
    "4. 财务部说没法付尾款时，请财务部写明缺哪些材料。",
    "5. 车队和财务部每月对一次冷链车改装项目的结算单进度。",
    "6. 项目验收完了以后，把结算单的交付时间写进验收记录。",
])
"""Guidance echoing the story's words: six candidate steps that outrank the clause for the case."""
CASE_CLAUSE = "第十四条 改装项目验收完成的，承修方应在10个工作日内交齐费用凭据；逾期的，由采购部催收。"


def _story_contexts() -> list[Context]:
    return [
        _ctx(1, "第八条", "第八条 冷链车改装项目的尾款由财务部支付，财务部应在收到供应商结算单后5个工作日内付款；"
                         "结算单不全的，由车队主管补齐。"),
        _ctx(2, "沟通建议", ADVICE, doc_type="guidance", source="guidance/fleet-talk.md"),
        _ctx(3, "第十四条", CASE_CLAUSE),
        _ctx(4, "第九条", "第九条 车队与财务部对付款节点有分歧的，由车队主管与财务部经理协商解决。"),
    ]


def _steps(answer: str) -> list[str]:
    return [line for line in answer.splitlines()[1:] if line[:1].isdigit()]


def test_the_story_is_told_calmly_and_its_case_is_the_clauses():
    assert tells_story(STORY) and not applies(STORY, classify(STORY))
    told = story_clauses(situation(STORY), _story_contexts(), rank_sentences(STORY, _story_contexts()), lambda s: True)
    assert told and told[0].n == 3 and "10个工作日内" in told[0].text


def test_the_clause_for_the_case_gets_a_step_in_place_of_the_lowest_ranked_one():
    answer = compose_extractive(STORY, _story_contexts())
    steps = _steps(answer)
    assert any("承修方应在10个工作日内交齐费用凭据" in step and step.endswith("[3]") for step in steps), answer
    assert len(steps) <= 5  # the number of steps does not grow: the clause replaced a step
    assert "问清原因" in first_line(answer) or any("问清原因" in step for step in steps)


def test_a_step_quotes_its_whole_sentence_once():
    answer = compose_extractive(STORY, _story_contexts())
    whole = "财务部应在收到供应商结算单后5个工作日内付款；结算单不全的，由车队主管补齐。"
    assert answer.count("结算单不全的，由车队主管补齐") == 1, answer
    assert whole in answer, answer


def test_step_quotes_keeps_rule_and_exception_and_drops_what_the_conclusion_says():
    full = "核心成员原则上不超过7人；规模较大的，可下设小组。"
    first = Sentence(text="核心成员原则上不超过7人；", n=1, pos=0, is_step=False, full=full)
    second = Sentence(text="规模较大的，可下设小组。", n=1, pos=1, is_step=False, full=full)
    other = Sentence(text="车队主管每月检查一次。", n=2, pos=0, is_step=False)
    assert step_quotes([second, first, other]) == [(full, 1), ("车队主管每月检查一次。", 2)]
    assert step_quotes([second, other], shown=f"结论：{full} [1]") == [("车队主管每月检查一次。", 2)]


def test_only_policy_clauses_of_the_told_case_are_added_and_the_steps_stay_within_the_limit():
    contexts = _story_contexts()
    conclusion = select(STORY, contexts)[0]
    ranked = rank_sentences(STORY, contexts)
    steps = [s for _score, s in ranked if s.n == 2 and s not in conclusion][:3]  # three pieces of advice fill the steps
    added = [s for s in with_story_clauses(STORY, contexts, ranked, conclusion, steps, 3, _distinct) if s not in steps]
    assert [s.n for s in added][:1] == [3]  # the clause for the case first
    assert len(with_story_clauses(STORY, contexts, ranked, conclusion, steps, 3, _distinct)) == 3
    assert all(contexts[s.n - 1].doc_type == "policy" for s in added)
    assert not story_clauses("", contexts, ranked, lambda s: True)  # nothing told: nothing added
    assert with_story_clauses(STORY, contexts, ranked, conclusion, steps, 3, _distinct, limit=0) == steps


def test_a_fact_is_a_deadline_an_owner_or_a_number():
    assert states_fact("承修方应在10个工作日内交齐费用凭据")
    assert states_fact("由采购部负责催收")
    assert not states_fact("大家一起在场确认尾款。")


# --- the best-matching case clause without a modal verb -----------------------------------------------------

SCENARIO = ("我上个月才从运输部调来当调度中心主任，这个季度调度中心跟仓储部闹了不少矛盾，协作评分估计很难看，"
            "这笔账会不会算到我个人头上？我该怎么办？")
SCORE_CLAUSE = "第二十一条 调度中心主任任职不满一个季度的，当季协作评分不单独评定，按中心得分记录；新设中心自成立后的第二个季度起参加评分。"


def _score_contexts() -> list[Context]:
    return [
        _ctx(1, "第二十一条", SCORE_CLAUSE, source="policies/fleet-score.md"),
        _ctx(2, "第二十条", "第二十条 运营部应在每季度结束后10日内公布上季度协作评分，并书面反馈各中心主任。",
             source="policies/fleet-score.md"),
        _ctx(3, "第二十三条", "第二十三条 季度评分为末档的，中心主任应在结果公布后15日内提交改进计划。",
             source="policies/fleet-score.md"),
        _ctx(4, "第六条", "第六条 一级升级由双方负责人协商解决，应在3个工作日内形成一致意见。", source="policies/escalation.md"),
    ]


def test_the_best_matching_case_clause_leads_a_scenario_though_it_has_no_modal():
    assert applies(SCENARIO, classify(SCENARIO))
    line = first_line(compose_extractive(SCENARIO, _score_contexts()))
    assert line.startswith("结论：现在先做：第二十一条") and "不单独评定" in line, line


def test_only_the_best_matching_policy_sentence_is_widened():
    case = Sentence(text="调度中心主任任职不满一个季度的，当季协作评分不单独评定，按中心得分记录；", n=1, pos=0, is_step=False)
    plain = Sentence(text="运营部每季度公布一次协作评分。", n=2, pos=0, is_step=False)
    example = Sentence(text="例如调度中心主任任职不满一个季度的，按中心得分记录。", n=3, pos=0, is_step=False)
    assert best_case_clause([case, plain]) == case.text
    assert best_case_clause([plain, case]) is None  # the best states no case: nothing is widened
    assert best_case_clause([example, case]) is None
    rate = Sentence(text="检查得分低于8.0分的，每低0.5分，运营指标得分相应扣减3分。", n=4, pos=0, is_step=False)
    assert best_case_clause([rate, case]) is None  # a scoring rate tells no one what to do
    assert best_case_clause([]) is None
