"""A clause is one unit for the situation it governs (issue 9, branch h9ah).

Made-up policies of another company (a logistics firm: 仓储部, 运输部, 客服中心; inspection scores, remote
attendance), not the shipped wording:
- the case a clause states after its ``；`` ("…；以电话方式参会的，视同到场") makes the whole clause the one
  written for that situation, so the clause's best-matching sentence governs, not a clause whose case only
  shares the meeting words;
- a scoring clause ("…低于8.0分的，每低0.5分，…得分相应扣减3分") tells no one what to do: 相应 is no "shall";
  the action clause for the same case (提交整改方案) governs;
- counts with decimals ("6.5分", "低于7.0分") are read whole, not as "5分" / "0分".
"""

from __future__ import annotations

from assistant.extractive import compose_extractive
from assistant.scenario import is_rule, situation_match
from assistant.situation import contradicts, described_share
from assistant.types import Context

from context_builders import document_passage


def _ctx(rank: int, section: str, text: str, source: str = "policies/logistics-meetings.md",
         doc_type: str = "policy") -> Context:
    return document_passage(rank, source, section, text, doc_type, title="物流公司会议与考核办法")


# --- what a rule is ----------------------------------------------------------------------------------------

def test_a_deeming_clause_is_a_rule_and_a_scoring_clause_is_not():
    assert is_rule("以电话方式参会的，视同到场。")
    assert is_rule("服务方应在2小时内响应。")
    assert not is_rule("仓库检查得分低于8.0分的，每低0.5分，运营指标得分相应扣减3分。")
    assert not is_rule("客服中心对客户投诉进行响应和记录。")


# --- counts with decimals ----------------------------------------------------------------------------------

def test_decimal_counts_are_read_whole():
    assert not contradicts("仓库检查得分6.5分", "仓库检查得分低于7.0分")
    assert contradicts("仓库检查得分8.5分", "仓库检查得分低于7.0分")
    assert not contradicts("仓库检查得分7.5分", "仓库检查得分低于8.0分")
    assert described_share("仓储部的仓库检查得分只有6.5分", "仓库检查得分低于7.0分") > 0.5


# --- the clause as one unit --------------------------------------------------------------------------------

MEETING_CONTEXTS = [
    _ctx(1, "第九条", "第九条 驻外仓库的参会人员可通过电话会议系统参会，须提前5分钟接入；以电话方式参会的，视同到场。"),
    _ctx(2, "第六条", "第六条 周例会参会人员为各部门经理；经理因故不能参会的，应指定副经理代为参会，每季度代会不得超过2次。"),
    _ctx(3, "第十五条", "第十五条 迟到超过15分钟或无故缺席的，由行政部在例会纪要中记录。"),
    _ctx(4, "第五条", "第五条 一级升级由双方部门经理协商解决，应在3个工作日内形成一致意见。"),
]


def test_the_case_after_a_semicolon_makes_its_clause_the_one_for_the_situation():
    question = "运输部经理在驻外仓库，只能通过电话参加周例会，仓储部说电话参会不算到场、要记他缺席，两个部门争起来了，我该怎么办？"
    assert situation_match("运输部经理在驻外仓库 只能通过电话参加周例会", MEETING_CONTEXTS[0].text) > 0
    first = compose_extractive(question, MEETING_CONTEXTS).splitlines()[0]
    assert "现在先做：第九条" in first and "视同到场" in first, first


SCORE_CONTEXTS = [
    _ctx(1, "第十条", "第十条 仓库检查结果在运营指标中折算计分，仓库检查得分低于8.0分的，每低0.5分，运营指标得分相应扣减3分。",
         source="policies/logistics-assessment.md"),
    _ctx(2, "第二十一条", "第二十一条 仓库检查得分低于7.0分的，仓库负责人应在结果公布后10日内提交整改方案；"
                         "连续两次低于7.0分的，由分管副总经理约谈。", source="policies/logistics-assessment.md"),
    _ctx(3, "第五条", "第五条 一级升级由双方部门经理协商解决，应在3个工作日内形成一致意见。"),
]


def test_a_scoring_clause_does_not_govern_over_the_action_for_the_same_case():
    question = "仓储部这次仓库检查得分只有6.5分，仓储部说是运输部乱放货导致的，两个部门互相指责，我该怎么办？"
    first = compose_extractive(question, SCORE_CONTEXTS).splitlines()[0]
    assert "现在先做：第二十一条" in first and "整改方案" in first, first


# --- naming the problem ------------------------------------------------------------------------------------

def test_who_decides_and_pushing_it_back_and_forth_name_unclear_ownership():
    from assistant.scenario import name_problem

    assert name_problem("仓储部和运输部对装车环节该谁拍板一直说不清，每次出问题都互相推，我该怎么办？")[0].startswith("职责不清")
    assert name_problem("三个部门开了两次会都没结论，大家互相推，怎么办？")[0].startswith("职责不清")
    assert name_problem("两个部门互相推荐对方去参加培训，沟通不畅怎么办？")[0] == "沟通不畅"


def test_a_counted_subject_is_a_case_the_story_may_tell():
    """"预计工作量超过12人日的需求，须由双方部门负责人…会签" is written for a request of more than 12 person-days, though
    its case ends in "的需求，", not "的，": an English story's "about 15 person-days" (15人日) tells it."""
    clause = ("第十一条 预计工作量超过12人日的需求，须由双方部门负责人在协作平台会签后执行；预计工作量超过40人日或需多个部门"
              "长期投入的，应按《跨职能项目组管理办法》申请立项。")
    assert situation_match("销售部 销售 人日 15人日 15", clause) >= 0.5
    assert situation_match("销售部 销售 人日 8人日 8", clause) == 0.0  # fewer than 12: not its case
