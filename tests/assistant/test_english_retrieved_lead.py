"""An English story is led by the policy clause the retrieval ranked first (``english_answer.retrieved_clause``).

The English words reach the Chinese clauses through cross-lingual dense search and a few glossary terms; the
composer's word overlap with those terms picks a clause that shares a department's name, not the one the story's
meaning found. Made-up policies of another company (not the shipped wording), given to the composer as retrieved
passages: on a real store of these two clauses the bundled model itself ranks the wrong one first (h9gg's note), so
the retrieval order is set here.
"""

from __future__ import annotations

from assistant.english_answer import retrieved_clause
from assistant.extractive import compose_extractive
from assistant.glossary import translate_query
from assistant.scenario import DO_NOW_EN, DO_NOW_GUIDANCE_EN
from assistant.types import Context

from context_builders import document_passage

STORY = ("A colleague transferred from purchasing to the warehouse team a month ago and his badge still opens the "
         "purchasing sample room. Is that ok?")
BADGE = "第八条 人员转岗的，原单位发放的门禁授权应在转岗当日注销；人员离职的，全部门禁授权须在离职当日注销。"
PURCHASING = "第三条 采购部负责样品的采购、验收和登记，样品入库前应由采购部填写样品登记表。"


def _ctx(rank: int, section: str, text: str, doc_type: str = "policy") -> Context:
    source = "policies/samples.md" if doc_type == "policy" else "guidance/talk.md"
    return document_passage(rank, source, section, text, doc_type, title="样品与门禁管理办法")


def test_the_first_policy_clause_in_retrieval_order_is_found():
    contexts = [_ctx(1, "沟通", "先当面沟通。", "guidance"), _ctx(2, "第八条", BADGE), _ctx(3, "第三条", PURCHASING)]
    assert retrieved_clause(contexts) == 2
    assert retrieved_clause([_ctx(1, "附则", "本办法由行政中心负责解释。")]) == 0  # not a numbered clause
    assert retrieved_clause([]) == 0


def test_an_english_story_is_led_by_the_clause_the_retrieval_ranked_first():
    """"purchasing" is a glossary word (采购部): word overlap alone lets 第三条 lead; the retrieval put 第八条 first."""
    contexts = [_ctx(1, "第八条", BADGE), _ctx(2, "第三条", PURCHASING), _ctx(3, "沟通", "先当面沟通，把分歧写下来。", "guidance")]
    query = f"{translate_query(STORY)} {STORY}"
    first = compose_extractive(STORY, contexts, query=query).splitlines()[0]
    assert first.startswith("Conclusion:") and f"{DO_NOW_EN}第八条" in first, first


def test_a_chinese_story_is_not_led_by_retrieval_order():
    """The rule is for English stories only: a Chinese story keeps the word rules' lead."""
    story = "采购部的样品入库前没人填登记表，仓储部说不归他们管，我该怎么办？"
    contexts = [_ctx(1, "第八条", BADGE), _ctx(2, "第三条", PURCHASING)]
    first = compose_extractive(story, contexts, query=story).splitlines()[0]
    assert "第三条" in first and "第八条" not in first, first



MINUTES_STORY = ("Two days after our weekly cross-team meeting nobody has sent the notes round, and purchasing already "
                 "denies what it agreed to. When should the notes have gone out?")
MINUTES_TIP = "建议记录人在会后24小时内发出纪要，写明决定事项和责任人。"
AGENDA = "第九条 例会议题由各部门于每周一12:00前提交，逾期提交的议题顺延至下次例会讨论。"


def test_an_english_story_is_led_by_guidance_the_retrieval_ranked_above_every_clause():
    """The retrieval put the guidance sentence first: it leads (labelled as guidance), not the first policy clause."""
    contexts = [_ctx(1, "会后", MINUTES_TIP, "guidance"), _ctx(2, "第九条", AGENDA), _ctx(3, "第八条", BADGE)]
    query = f"{translate_query(MINUTES_STORY)} {MINUTES_STORY}"
    first = compose_extractive(MINUTES_STORY, contexts, query=query).splitlines()[0]
    assert first.startswith("Conclusion:") and f"{DO_NOW_GUIDANCE_EN}{MINUTES_TIP}" in first, first
    assert "24小时内" in first.split(DO_NOW_GUIDANCE_EN)[0], first  # the English sentence reads the guidance's time
    assert "per the guidance" in first or "time limit" in first, first


def test_a_policy_clause_ranked_first_still_leads_an_english_story():
    contexts = [_ctx(1, "第九条", AGENDA), _ctx(2, "会后", MINUTES_TIP, "guidance")]
    query = f"{translate_query(MINUTES_STORY)} {MINUTES_STORY}"
    first = compose_extractive(MINUTES_STORY, contexts, query=query).splitlines()[0]
    assert f"{DO_NOW_EN}第九条" in first, first


DISPUTE_STORY = ("Every month our design and sales teams argue about whether a change was already agreed: one side says "
                 "it was settled in March, the other says nobody told them. Nobody breaks a rule. What practice would "
                 "stop this?")
DECISION_LOG = "建议为长期合作建立一份决定清单，每次会后追加日期、决定内容和受影响的部门。"
APPEAL = "第二十条 对裁定有异议的，可在收到裁定后5日内书面申请复核一次。"


def test_an_english_story_asking_for_a_practice_is_led_by_the_guidance_ranked_first():
    """Asking for a practice asks for advice, not a rule: the guidance passage ranked above every clause leads, though
    it states no time, body or channel (``asks_practice``); asked what to do, the policy clause still leads."""
    contexts = [_ctx(1, "决定清单", DECISION_LOG, "guidance"), _ctx(2, "第二十条", APPEAL)]
    query = f"{translate_query(DISPUTE_STORY)} {DISPUTE_STORY}"
    first = compose_extractive(DISPUTE_STORY, contexts, query=query).splitlines()[0]
    assert f"{DO_NOW_GUIDANCE_EN}{DECISION_LOG}" in first, first
    plea = DISPUTE_STORY.replace("What practice would stop this?", "What should I do?")
    first = compose_extractive(plea, contexts, query=f"{translate_query(plea)} {plea}").splitlines()[0]
    assert f"{DO_NOW_EN}第二十条" in first, first


def test_a_clause_numbered_by_its_heading_counts_as_a_clause():
    """Markdown policies often put the number in a heading ("### 第八条　门禁授权"): the chunker keeps it in ``clause``
    and the passage's text starts with the rule itself."""
    headed = document_passage(2, "policies/samples.md", "第二章 > 第八条　门禁授权", BADGE.removeprefix("第八条 "), "policy",
                              clause="第八条")
    contexts = [_ctx(1, "沟通", "先当面沟通。", "guidance"), headed, _ctx(3, "第三条", PURCHASING)]
    assert retrieved_clause(contexts) == 2
    unnumbered = document_passage(2, "policies/samples.md", "第二章", BADGE.removeprefix("第八条 "), "policy")
    assert retrieved_clause([contexts[0], unnumbered, contexts[2]]) == 3
