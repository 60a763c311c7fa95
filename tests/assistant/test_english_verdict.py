"""The verdict word of a short English yes/no question ("Yes." / "No."), read from the Chinese clause the 结论 quotes.

Made-up clauses of another company (not the shipped wording); the glossary terms are written as ``translate_query``
writes them (``<terms> <question>``).
"""

from __future__ import annotations

from assistant.english_verdict import asked_mode, chinese_terms, english_verdict
from assistant.extractive import compose_extractive

from context_builders import document_passage


def test_the_asking_sentence_says_whether_permission_or_a_duty_is_asked():
    assert asked_mode("Can I forward the audit report to a supplier?") == "permission"
    assert asked_mode("Is it okay to skip the monthly review?") == "permission"
    assert asked_mode("Do we need the finance manager's signature for this?") == "obligation"
    assert asked_mode("Can we start, or do we have to wait for the sign-off?") == "obligation"  # a duty wins
    assert asked_mode("Is the monthly review held on Mondays?") is None  # a question of fact
    assert chinese_terms("审计报告 供应商 Can I forward the audit report to a supplier?") == ["审计报告", "供应商"]


def test_a_prohibition_ruling_the_asked_act_is_a_no():
    clause = "严禁将审计报告转发给供应商或其他外部单位，确需提供的应事先报审计部批准。"
    query = "审计报告 转发 供应商 Can I forward the audit report to a supplier?"
    assert english_verdict("Can I forward the audit report to a supplier?", query, clause) == "No. "
    # the same clause does not decide a question whose terms it does not state together
    assert english_verdict("Can I print the audit report?", "审计报告 打印 Can I print the audit report?", clause) == ""


def test_a_duty_is_a_yes_and_a_case_part_is_not_the_rule():
    clause = "跨部门调用生产数据，须经数据所属部门经理审批；调用测试数据的，无需审批。"
    ask = "Do I need approval to use another department's production data?"
    assert english_verdict(ask, f"审批 部门 生产数据 {ask}", clause) == "Yes. "
    ask = "Do I need approval to use test data?"
    assert english_verdict(ask, f"审批 测试数据 {ask}", clause) == "No. "
    # "因故不能出席的，应…代为出席": the 不能 is the case's; the rule permits sending someone
    proxy = "委员因故不能出席评审会的，应书面委托其他委员代为出席。"
    ask = "Can I send a colleague to the review meeting in my place?"
    assert english_verdict(ask, f"评审会 出席 代为 {ask}", proxy) == ""


def test_a_told_count_is_compared_with_the_clause_limit():
    clause = "评审小组成员原则上不超过7人；重大项目可增设观察员。"
    ask = "Can the review panel have 10 members?"
    assert english_verdict(ask, f"评审小组 成员 10人 10 {ask}", clause) == "No. "
    ask = "Can the review panel have 5 members?"
    assert english_verdict(ask, f"评审小组 成员 5人 5 {ask}", clause) == "Yes. "


def test_a_story_gets_no_verdict():
    story = ("Our supplier asked for last year's audit report and my manager is travelling. The supplier says it is "
             "urgent because of a tender next week. Can I just forward it to them?")
    assert english_verdict(story, f"审计报告 转发 供应商 {story}", "严禁将审计报告转发给供应商或其他外部单位。") == ""


def test_the_verdict_opens_the_english_conclusion():
    ask = "Can I forward the audit report to a supplier?"
    passage = document_passage(1, "policies/audit.md", "第九条", "第九条 严禁将审计报告转发给供应商或其他外部单位，"
                               "确需提供的应事先报审计部批准。", "policy", title="审计管理办法")
    answer = compose_extractive(ask, [passage], query=f"审计报告 转发 供应商 {ask}")
    assert answer.startswith("Conclusion: No. "), answer


def test_a_yes_no_question_after_what_the_asker_tells_is_read_as_one():
    from assistant.english_answer import asking
    from assistant.english_verdict import asks_yes_no
    from assistant.question_types import QType, classify

    told = "Our ticket was already passed on twice — can it be handed on yet again?"
    assert classify(told) is QType.OTHER and asks_yes_no(told, classify(told)) and asked_mode(told) == "permission"
    report = "The review is done; do we have to file a report?"
    assert asks_yes_no(report, classify(report))
    assert not asks_yes_no("We lost the file; what now?", QType.OTHER)
    assert not asks_yes_no("We lost the file; who should we tell?", classify("We lost the file; who should we tell?"))
    # a decimal point does not end the sentence: the asking sentence is the whole question
    assert asking("Can the VP approve a budget of 1.5 million yuan?") == "Can the VP approve a budget of 1.5 million yuan?"


def test_the_count_asked_about_is_one_more_than_told_or_the_ordinal_asked_for():
    from assistant.english_verdict import asked_count

    assert asked_count("We filed six requests; can I file a seventh?", ["需求", "6单"]) == ["需求", "7单"]
    assert asked_count("It was passed on twice — can it be passed on again?", ["转派", "2次"]) == ["转派", "3次"]
    assert asked_count("Can a panel have 10 members?", ["成员", "10人"]) == ["成员", "10人"]
    clause = "同一事项每季度转派不得超过两次。"
    ask = "The case was passed on twice this quarter — can we pass it on again?"
    assert english_verdict(ask, f"转派 季度 2次 {ask}", clause) == "No. "


def test_a_duty_written_for_a_case_holds_only_when_the_told_count_meets_it():
    clause = "部门评分低于6.0分的，应在一个月内提交整改报告。"
    ask = "Our department's score came in at 5.5 — do we have to hand in a report?"
    assert english_verdict(ask, f"部门 评分 整改 5.5分 {ask}", clause) == "Yes. "
    ask = "Our department's score came in at 6.5 — do we have to hand in a report?"
    assert english_verdict(ask, f"部门 评分 整改 6.5分 {ask}", clause) == "No. "


def test_who_approves_at_the_told_amount():
    clause = ("采购金额在50万元以下的，由分管副总裁审批；采购金额在50万元及以上的，由总经理办公会审批。")
    ask = "Can the VP approve a purchase of 300,000 yuan?"
    assert english_verdict(ask, f"副总裁 分管副总裁 审批 采购 30万元 {ask}", clause) == "Yes. "
    ask = "Can the VP approve a purchase of 800,000 yuan?"
    assert english_verdict(ask, f"副总裁 分管副总裁 审批 采购 80万元 {ask}", clause) == "No. "
    ask = "Can the finance department approve a purchase of 300,000 yuan?"  # named by no piece: no verdict
    assert english_verdict(ask, f"财务部 审批 采购 30万元 {ask}", clause) == ""


def test_a_score_is_told_in_points():
    from assistant.glossary import english_counts

    assert english_counts("Our satisfaction score came in at 6.8 this quarter") == ["6.8分"]
    assert english_counts("we were rated 7.0 by the panel") == ["7.0分"]
    assert "6.8分" not in english_counts("6.8% of tickets were late")
    assert english_counts("my quarterly scores were 82, 71, 68 and 74") == []  # a list of scores is no told score


def test_an_english_question_s_told_amount_leads_with_the_clause_whose_case_it_meets():
    quorum = document_passage(1, "policies/disputes.md", "第十六条", "第十六条 协调委员会会议须有三分之二以上委员出席方为"
                              "有效，裁决须经出席委员过半数同意。", "policy", title="争议解决办法")
    third = document_passage(2, "policies/disputes.md", "第八条", "第八条 二级协调未能解决，或事项涉及金额超过200万元的，"
                             "可提交协调委员会裁决。", "policy", title="争议解决办法")
    ask = "Our dispute is over a contract worth 3 million yuan — can we take it to the coordination committee?"
    answer = compose_extractive(ask, [quorum, third], query=f"争议 协调委员会 300万元 {ask}")
    assert answer.splitlines()[0].index("第八条") < answer.splitlines()[0].find("第十六条") or \
        "第十六条" not in answer.splitlines()[0], answer
    small = "Our dispute is over a contract worth 500,000 yuan — can we take it to the coordination committee?"
    answer = compose_extractive(small, [quorum, third], query=f"争议 协调委员会 50万元 {small}")
    assert answer.splitlines()[0].startswith("Conclusion: According to the material: 第十六条"), answer  # no case met


def test_the_who_frame_names_the_decider_of_the_case_the_told_amount_meets():
    from assistant.english_answer import answer_sentence

    clause = ("第六条 项目预算在100万元以下的，由项目发起人所在条线的分管副总裁审批；预算在100万元及以上的，"
              "由总经理办公会审批。")
    assert "总经理办公会" in answer_sentence("Who approves a project with a budget of 1.5 million yuan?", clause)
    assert "分管副总裁" in answer_sentence("Who approves a project with a budget of 800,000 yuan?", clause)
    assert "分管副总裁" in answer_sentence("Who approves a project?", clause)  # no amount told: the first decider


def test_whether_a_consequence_follows_is_whether_the_told_count_meets_its_case():
    from assistant.english_verdict import asks_yes_no
    from assistant.question_types import classify

    clause = "第十条 部门评分低于8.0分的，每低0.5分，部门考核得分相应扣减3分。"
    ask = "Our department's score came in at 7.0 — will points be taken off our appraisal?"
    assert asked_mode(ask) == "consequence" and asks_yes_no(ask, classify(ask))
    assert english_verdict(ask, f"部门 评分 考核 7.0分 {ask}", clause) == "Yes. "
    ask = "Our department's score came in at 8.5 — will points be taken off our appraisal?"
    assert english_verdict(ask, f"部门 评分 考核 8.5分 {ask}", clause) == "No. "
    ask = "Will the appraisal be published this week?"  # no count told: the clause does not decide it
    assert english_verdict(ask, f"考核 {ask}", clause) == ""
