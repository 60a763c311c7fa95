"""Which clause leads a scenario's 结论 when the right one is among the passages (branch h9eb, round 14).

Two readings of the story, both grammar, no company's words (the documents here are an invented design institute's):
- **aspect**: a story telling work under way ("图纸画到一半", "还在开发") is not the case of a clause that starts when the
  work is finished ("承办方完成交付后，…"), and it tells the case of one written for work under way ("任务在执行中需要调整
  范围的，…") (``situation.described_share``);
- **asked facts**: a story that tells an act a clause forbids describes that clause's case (round 13), but when the
  story asks a fact (多久 / 谁 / 几个; how long, who) the forbidden act does not lead over the clause stating the fact
  (``scenario.forbidden_act_counts``).
"""

from __future__ import annotations

from assistant.scenario import asked_facts, forbidden_act_counts
from assistant.situation import described_share

from context_builders import contexts_first_line, document_passage

TASKS = "policies/design-tasks.md"
FILES = "policies/file-security.md"

DONE_CASE = "第十六条 承办方完成交付后，申请方应在5个工作日内确认验收或提出修改意见；逾期未确认的，视为验收通过。"
UNDER_WAY_CASE = ("第十三条 任务在执行中需要调整范围或时限的，由提出调整的一方在任务平台发起调整申请，经双方确认后重新计算"
                  "完成时限，未经确认的调整不产生效力。")
UNDER_WAY_STORY = "这个设计任务做到一半，申请方口头要求再加两张效果图还要按原时间交付，双方吵起来了，我该怎么处理？"


def test_an_unfinished_story_is_not_the_case_of_finished_work():
    story = "图纸画到一半 申请方口头要求再加两张效果图还要按原时间交付"
    assert described_share(story, "承办方完成交付") == 0.0
    assert described_share("图纸已经画完了 申请方要求按原时间交付", "承办方完成交付") > 0  # told as finished: still the case
    # a case that is itself unfinished work is no completion ("逾期未完成")
    assert described_share("任务做到一半 逾期了", "任务逾期未完成") > 0


def test_an_unfinished_story_tells_the_case_of_work_under_way():
    under_way = "任务在执行中需要调整范围或时限"
    assert described_share("任务做到一半 要求调整范围", under_way) > described_share("任务 要求调整范围", under_way)


def test_a_story_of_work_under_way_is_answered_by_the_clause_for_changes_under_way():
    contexts = [document_passage(1, TASKS, "第十六条", DONE_CASE), document_passage(2, TASKS, "第十三条", UNDER_WAY_CASE)]
    first = contexts_first_line(UNDER_WAY_STORY, contexts)
    assert "现在先做：第十三条" in first, first


FORBIDS = "第二十条 员工不得将秘密级及以上文件上传至外部网盘、个人邮箱或即时通讯群。"
KEEPS = "第二十四条 秘密级文件的下载记录应由信息中心保存，保存期限不少于18个月，供安全审计使用。"
FORBIDDEN_STORY = ("结构所有人把秘密级的投标文件上传到了外部网盘，两个部门为这事吵起来了，我该怎么办？"
                   "这些文件的下载记录要不要留，要留多久？")


def test_a_story_asking_how_long_wants_the_clause_stating_a_duration():
    assert asked_facts(FORBIDDEN_STORY)
    assert not forbidden_act_counts(FORBIDDEN_STORY, FORBIDS)
    assert forbidden_act_counts(FORBIDDEN_STORY, KEEPS)
    plea = "结构所有人把秘密级的投标文件上传到了外部网盘，两个部门为这事吵起来了，我该怎么办？"
    assert not asked_facts(plea) and forbidden_act_counts(plea, FORBIDS)  # a plea: the forbidden act still counts


def test_an_indefinite_count_in_the_story_asks_no_count():
    assert not asked_facts("对方把一个问题拆成了好几张工单分别关单，两个部门吵起来了，我该怎么办？")
    assert asked_facts("对方把一个问题拆成了好几张工单，两个部门吵起来了，我该怎么办？最多能拆几张？")


def test_the_forbidden_act_does_not_lead_a_how_long_question():
    contexts = [document_passage(1, FILES, "第二十条", FORBIDS), document_passage(2, FILES, "第二十四条", KEEPS)]
    first = contexts_first_line(FORBIDDEN_STORY, contexts)
    assert "现在先做：第二十四条" in first, first


# -- a claim quoted in the story (``assistant/claims.py``) ------------------------------------------------------------

ROLES = "policies/joint-work.md"
ADVICE = "guidance/joint-work-tips.md"
LEAD_RULE = ("第九条 每一项联合任务只能确定一个主办科室和一名责任人，主办科室对最终结果负责，协办科室对其承担的部分负责，"
             "不得以协办为由推卸责任。")
CLAIM_STORY = ("年度展会这件事宣传科主办、我们资料科协办。展板晚了，宣传科说是我们的问题，我们科有人说“我们只是协办，"
               "结果该主办的负责”。作为资料科科长，我该怎么看这件事？")


def test_a_quoted_claim_has_its_content_words_and_a_term_is_no_claim():
    from assistant.claims import quoted_claims

    assert quoted_claims(CLAIM_STORY) and "协办" in quoted_claims(CLAIM_STORY)[0]
    assert quoted_claims("对方把普通需求都标成“紧急”，我们部门很不满，该怎么办？") == []


def test_the_rule_clause_ruling_on_a_quoted_claim_leads():
    contexts = [document_passage(1, ADVICE, "沟通", "展板或资料晚了、科室之间说是对方的问题时，科长先与对方科室负责人直接沟通，"
                                 "优先寻找双方都能接受的方案，而不是各自维护本科室。", doc_type="guidance"),
                document_passage(2, ADVICE, "适用", "同一类跨科室事项反复出现争议，例如年度展会、资料印制、展板制作。",
                                 doc_type="guidance"),
                document_passage(3, ROLES, "第九条", LEAD_RULE)]
    first = contexts_first_line(CLAIM_STORY, contexts)
    assert first.startswith("结论：第九条"), first
