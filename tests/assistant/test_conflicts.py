"""Guidance quoted beside a policy that sets another figure for the same rule (``assistant.conflicts``): found on
the shipped knowledge base without false alarms, and said in the answer with the policy cited."""

from __future__ import annotations

from assistant.conflicts import conflict_notice, disagree, measures, policy_conflicts, store_conflicts
from assistant.extractive import candidate_sentences
from assistant.types import Context

MINUTES_GUIDANCE = "纪要发出后，参会人如有异议，应在两个工作日内提出，逾期视为确认。"
MINUTES_POLICY = "第十五条 参会部门对纪要内容有异议的，应在纪要发布后次一工作日12:00前向总经理办公室提出，逾期未提出的视为无异议。"


def test_measures_reads_limits_and_shares_not_ordinals():
    assert set(measures("应在两个工作日内提出，会后24小时内发出纪要")) == {("工作日", 2.0), ("小时", 24.0)}
    assert set(measures("次一工作日12:00前")) == {("工作日", 1.0)}
    assert set(measures("每周投入不少于50%的工作时间，十五天内")) == {("%", 50.0), ("日", 15.0)}
    assert measures("每季度首月的第三周召开，确定下一年的重点，第十三周") == {}


def test_same_rule_other_figure_disagrees_and_other_rules_do_not():
    assert disagree(MINUTES_GUIDANCE, MINUTES_POLICY)
    assert not disagree(MINUTES_GUIDANCE, MINUTES_POLICY.replace("次一工作日12:00前", "2个工作日内"))  # same figure
    assert not disagree(MINUTES_GUIDANCE, "第十六条 服务方完成交付后，需求方应在7个工作日内确认验收或提出整改意见；"
                                          "逾期未确认的，视为验收通过，需求单自动关闭。")  # another rule
    assert not disagree("建议每周开一次例会。", MINUTES_POLICY)  # no figure to compare


def _kb_sentences(kb_store) -> tuple[list[str], list[str]]:
    guidance, policy = [], []
    for doc in kb_store.get_chunks():
        ctx = Context(rank=1, source="", section="", text=doc.page_content, score=0.0,
                      doc_type=str(doc.metadata.get("doc_type", "")))
        for s in candidate_sentences([ctx]):
            if measures(s.quote):
                (policy if ctx.doc_type == "policy" else guidance).append(s.quote)
    return sorted(set(guidance)), sorted(set(policy))


def test_the_shipped_knowledge_base_has_five_disagreements_and_no_false_ones(kb_store):
    guidance, policy = _kb_sentences(kb_store)
    assert len(guidance) > 50 and len(policy) > 50
    flagged = {(g[:10], p[:4]) for g in guidance for p in policy if disagree(g, p)}
    assert flagged == {
        ("纪要发出后，参会人如", "第十五条"),  # minutes objections: 两个工作日 vs 次一工作日 (会议)
        ("级别：二级（重要）；", "第八条 "),  # SLA example level 2 solved in 1 day vs P2 2 days
        ("级别：一级（紧急）；", "第七条 "),  # level 1 solved in 4 hours vs P1 6 hours
        ("提前与其他部门负责人", "第十条 "),  # members' time 50% vs core 60% / support 30%
        ("[ ] 每名成员的投", "第十条 "),
    }, flagged
    listed = store_conflicts(kb_store.get_chunks())  # through shared bigrams, not every pair: the same five
    assert {(c.guidance[:10], c.policy[:4]) for c in listed} == flagged and len(listed) == 5
    assert {c.policy_source for c in listed} == {"policies/meetings.md", "policies/internal-sla.md",
                                                 "policies/project-teams.md"}


def test_conflicts_need_the_guidance_quoted_and_the_policy_retrieved():
    contexts = [Context(rank=1, source="policies/meetings.md", section="第十五条", text=MINUTES_POLICY, score=0.9,
                        title="跨部门会议管理规定（示例）", doc_type="policy", clause="第十五条"),
                Context(rank=2, source="guidance/meeting-playbook.md", section="会后跟进", text=MINUTES_GUIDANCE,
                        score=0.8, title="会议手册", doc_type="guidance")]
    answer = f"结论：{MINUTES_POLICY} [1]\n建议步骤：\n1. {MINUTES_GUIDANCE} [2]"
    [conflict] = policy_conflicts(answer, contexts)
    assert (conflict.policy_n, conflict.policy_clause) == (1, "第十五条")
    notice = conflict_notice([conflict])
    assert notice == ("（提示：《会议手册》写的是“两个工作日” [2]，《跨部门会议管理规定（示例）》第十五条规定的是“次一工作日” [1]，"
                      "以本公司制度为准。）")
    assert "Follow the company's policy" in conflict_notice([conflict], english=True)
    assert policy_conflicts(f"结论：{MINUTES_POLICY} [1]", contexts) == []  # the guidance is not quoted
    assert policy_conflicts(answer.replace("[2]", "[1]"), contexts) == []  # cited as the policy's words: not guidance
    assert policy_conflicts(answer, contexts[1:]) == []  # no policy passage retrieved
    wider = MINUTES_GUIDANCE.replace("两个工作日内", "次一工作日或两个工作日内")  # the policy's figure among others
    [conflict] = policy_conflicts(answer.replace(MINUTES_GUIDANCE, wider),
                                  [contexts[0], Context(**{**vars(contexts[1]), "text": wider})])
    assert (conflict.guidance_figures, conflict.policy_figures) == (("两个工作日",), ("次一工作日",))


def test_answer_names_the_policy_figure_when_it_quotes_other_guidance(advisor):
    streamed: list[str] = []
    final = None
    for item in advisor.stream("会议纪要发出后，对内容有异议的话多久内要提出？"):
        if isinstance(item, str):
            streamed.append(item)
        elif hasattr(item, "answer"):
            final = item
    assert final is not None and not final.refused
    assert "两个工作日" in final.answer and "次一工作日" in final.answer  # both figures are quoted
    notice = final.answer.splitlines()[-1]
    assert notice.startswith("（提示：《") and "写的是“两个工作日”" in notice and "以本公司制度为准" in notice, final.answer
    assert "".join(streamed).endswith(notice)  # streamed like the rest of the answer
    labels = [c.label() for c in final.citations]
    assert any(label.endswith("第十五条") for label in labels), labels


def test_answer_without_guidance_figures_has_no_notice(advisor):
    final = advisor.ask("其他部门给我们提了协作需求单，我们部门最晚要在多长时间内响应？")
    assert "以本公司制度为准" not in final.answer
