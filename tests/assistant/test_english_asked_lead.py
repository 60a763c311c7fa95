"""An English story asking for one fact ("how soon", "by when", "who decides") is led by the retrieved policy clause
that states a fact of that kind, not by the first policy clause in retrieval order (``english_answer.retrieved_clause``
with ``answer_forms``).

Made-up policies of another company (not the shipped wording), given to the composer as retrieved passages in a set
order: the retrieval order is what the rule reads.
"""

from __future__ import annotations

from assistant.english_answer import FORM_LEAD_DEPTH, answer_forms, asked_kinds, retrieved_clause
from assistant.extractive import compose_extractive
from assistant.glossary import translate_query
from assistant.scenario import DO_NOW_EN
from assistant.types import Context

from context_builders import document_passage

STORY = ("A big customer complained this morning about a broken delivery and three teams are involved. We asked for a "
         "special coordination meeting. How soon must it be held?")
WHEN_HELD = "第二十一条 专项会议由牵头部门申请，行政中心收到申请后48小时内安排召开；重大客户投诉引起的，应当日召开。"
WHICH_CASES = "第二十条 出现下列情形之一的，应召开专项会议：事项涉及三个以上部门；发生重大客户投诉。"


def _ctx(rank: int, section: str, text: str, doc_type: str = "policy") -> Context:
    source = "policies/meetings.md" if doc_type == "policy" else "guidance/talk.md"
    return document_passage(rank, source, section, text, doc_type, title="会议办法")


def test_how_soon_and_how_quickly_ask_a_time_and_the_modal_is_not_a_duty():
    assert asked_kinds(STORY) == ["time"]
    assert asked_kinds("They passed it on late. How quickly were they supposed to hand it over?") == ["time"]
    assert asked_kinds("The notes are late. How often must they be sent?") == ["time"]
    assert asked_kinds("We scored low. What do we have to do now, and by when?") == ["time"]
    assert asked_kinds("The vendor wants to start now. What is required before we start?") == ["need"]  # alone, a duty


def test_the_first_retrieved_clause_of_the_asked_form_is_found():
    contexts = [_ctx(1, "会前", "先把议程发出去。", "guidance"), _ctx(2, "第二十条", WHICH_CASES), _ctx(3, "第二十一条", WHEN_HELD)]
    assert retrieved_clause(contexts) == 2  # no form: the first policy clause
    assert retrieved_clause(contexts, answer_forms(STORY)) == 3  # "how soon": the first clause stating a time
    assert retrieved_clause(contexts[:2], answer_forms(STORY)) == 2  # none states one: the first policy clause


def test_a_clause_of_the_asked_form_below_the_ranked_passages_does_not_take_over():
    """Passages after the scenario's merged ranking are additions (next clauses, case hits), not ranked for the story."""
    filler = [_ctx(n, "沟通", "先当面沟通，把分歧写下来。", "guidance") for n in range(2, FORM_LEAD_DEPTH + 1)]
    contexts = [_ctx(1, "第二十条", WHICH_CASES), *filler, _ctx(FORM_LEAD_DEPTH + 1, "第二十一条", WHEN_HELD)]
    assert retrieved_clause(contexts, answer_forms(STORY)) == 1


def test_an_english_story_asking_how_soon_is_led_by_the_clause_stating_the_time():
    """The retrieval put 第二十条 (when such a meeting is held at all) first; the story asks how soon."""
    contexts = [_ctx(1, "第二十条", WHICH_CASES), _ctx(2, "第二十一条", WHEN_HELD),
                _ctx(3, "会前", "先把议程发出去，再约时间。", "guidance")]
    query = f"{translate_query(STORY)} {STORY}"
    first = compose_extractive(STORY, contexts, query=query).splitlines()[0]
    assert first.startswith("Conclusion:") and f"{DO_NOW_EN}第二十一条" in first and "当日" in first, first


OUTAGE = ("Production and the ops team are arguing in the group chat because the production system is down and they say "
          "it has to wait in the queue. What should I do?")
DOWN = "第五条 生产系统停机的，运维中心应在10分钟内响应并到场处置，不得排队等候。"
ON_CALL = "第十二条 运维中心应在节假日安排值班人员，值班表每月底前在协作平台公布。"


def test_a_story_asking_no_fact_is_led_by_the_clause_whose_whole_case_it_tells():
    """No asked kind ("What should I do?"): the clause written for what happened (生产系统停机的，) leads over the
    retrieval's first clause, which shares only the setting."""
    contexts = [_ctx(1, "第十二条", ON_CALL), _ctx(2, "沟通", "先在群里说清楚影响范围。", "guidance"), _ctx(3, "第五条", DOWN)]
    query = f"{translate_query(OUTAGE)} {OUTAGE}"
    first = compose_extractive(OUTAGE, contexts, query=query).splitlines()[0]
    assert first.startswith("Conclusion:") and f"{DO_NOW_EN}第五条" in first, first


def test_a_clause_whose_case_the_story_tells_only_in_part_does_not_take_over():
    partly = "第五条 生产系统停机且影响客户交付的，运维中心应在10分钟内响应。"
    contexts = [_ctx(1, "第十二条", ON_CALL), _ctx(2, "第五条", partly)]
    query = f"{translate_query(OUTAGE)} {OUTAGE}"
    first = compose_extractive(OUTAGE, contexts, query=query).splitlines()[0]
    assert f"{DO_NOW_EN}第十二条" in first, first


NEW_HEAD = ("I only became head of department five weeks before the end of the quarter, and the quarterly review is coming "
            "up. Will I be rated on my own?")
SHORT_TENURE = "第九条 部门负责人任职不满一个季度的，当季考核不单独进行，按部门得分记录。"
LOW_GRADE = "第十一条 季度考核为D档的，部门负责人应在考核结果发布后20日内提交改进计划。"


def test_the_retrieved_clause_leads_though_it_states_no_modal():
    """第九条 says how the case is handled ("按部门得分记录") without 应/须: it is still the clause the retrieval ranked
    first for the story, and leads over a later clause that has a modal."""
    contexts = [_ctx(1, "第九条", SHORT_TENURE), _ctx(2, "第十一条", LOW_GRADE)]
    query = f"{translate_query(NEW_HEAD)} {NEW_HEAD}"
    first = compose_extractive(NEW_HEAD, contexts, query=query).splitlines()[0]
    assert f"{DO_NOW_EN}第九条" in first, first


ENACTMENT = "第二十六条 本办法由行政中心负责解释，自2025年1月1日起施行。"
MENTOR = ("公司为每一位新任主管安排一名资深主管担任协作导师，导师期6个月，你可以就跨部门沟通等问题随时请教导师。")
MENTOR_STORY = ("I was promoted to team lead last month and HR told me a senior lead would coach me on working with other "
                "teams. How long does that mentoring arrangement last?")


def test_a_policys_enactment_clause_never_leads_an_english_story():
    """"本办法…自2025年1月1日起施行" states a time but governs nothing: neither the retrieval's first clause of the asked
    form nor a clause ranked above the guidance that answers ("导师期6个月")."""
    enacted = _ctx(1, "第二十六条", ENACTMENT)
    assert retrieved_clause([enacted, _ctx(2, "第二十一条", WHEN_HELD)], answer_forms(STORY)) == 2
    contexts = [enacted, _ctx(2, "遇到困难找谁", MENTOR, "guidance"), _ctx(3, "第二十条", WHICH_CASES)]
    query = f"{translate_query(MENTOR_STORY)} {MENTOR_STORY}"
    first = compose_extractive(MENTOR_STORY, contexts, query=query).splitlines()[0]
    assert "6个月" in first and "2025" not in first, first
