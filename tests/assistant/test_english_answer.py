"""English questions over Chinese documents: the first line answers what was asked, the fact in the document's words.

Made-up policies of another company (not the shipped wording); the store test uses real Chroma on ``tmp_path``
and the bundled embedding model.
"""

from __future__ import annotations

from assistant.english_answer import answer_sentence, asked_kinds, is_english_story, story_terms, typed_sentence
from assistant.extractive import compose_extractive
from assistant.glossary import english_facts, translate_query
from assistant.question_types import QType
from assistant.scenario import DO_NOW_EN, is_scenario
from assistant.types import Context

from context_builders import document_passage


def _ctx(rank: int, section: str, text: str, doc_type: str = "policy") -> Context:
    source = "policies/projects.md" if doc_type == "policy" else "guidance/talks.md"
    return document_passage(rank, source, section, text, doc_type, title="项目办法")


def test_an_english_story_ending_in_a_pointed_question_is_a_scenario():
    story = ("I run a cross-functional project and want to buy 50,000 yuan of servers myself, but the finance team "
             "says I cannot. Who has to approve it?")
    assert is_english_story(story) and is_scenario(story)
    assert not is_english_story("After we deliver a request, how many working days does the requester have to accept it?")
    assert not is_english_story("Why? Who?")  # no story told
    assert not is_english_story("项目支出谁审批？我们部门和财务部吵起来了。")  # Chinese: the Chinese rules decide


def test_the_pointed_question_decides_what_is_asked():
    assert asked_kinds("The vendor bill is late. Who has to approve it?") == ["who"]  # "has to" belongs to who
    assert asked_kinds("The auto-reply came at once. Who is right, and what should I do?") == ["counts"]
    assert asked_kinds("They refuse to shorten it. Where and how can we raise this?") == ["where"]
    assert asked_kinds("The server is down. By when must they fix it?") == ["time"]  # "must": the modal of a time


def test_story_terms_are_the_chinese_terms_of_what_happened_not_of_the_question():
    terms = story_terms("The production system is down and IT says we must wait in the queue. Who decides?")
    assert "生产系统" in terms and "停机" in terms and "排队" in terms
    assert "决定" not in terms


def test_yuan_amounts_are_searched_as_the_documents_write_them():
    assert "8万元" in translate_query("a purchase of 80,000 yuan").split()
    assert "500元" in translate_query("a 500 yuan taxi bill").split()
    assert "000" not in translate_query("a purchase of 80,000 yuan").split()
    assert "150万元" in translate_query("a project with a budget of 1.5 million yuan").split()  # a scale word
    assert "200万元" in translate_query("a RMB 2 million contract").split()
    assert "20万元" in translate_query("a 200k RMB deal").split()


def test_article_numbers_and_grade_codes_are_not_facts():
    facts = english_facts("第二十一条 P2级工单要求2小时内响应，可申请复议一次。", QType.OTHER)
    assert facts == ["within 2 hours", "once"], facts


def test_the_answer_sentence_quotes_the_fact_in_the_documents_words():
    clause = "第十六条 单笔5万元及以上的项目支出，由项目委员会审批；其余由项目经理审批。"
    sentence = answer_sentence("Finance refuses to pay the invoice. Who has to approve it?", clause)
    assert sentence.startswith("This falls to 项目委员会") and "由项目委员会审批" in sentence, sentence
    assert answer_sentence("The meeting ran long. Who has to approve it?", "第三条 会议时长不超过90分钟。") == ""
    when = typed_sentence("How long does the requester have to accept a delivery?", QType.TIME,
                          ["第十六条 需求方应在5个工作日内确认验收。"])
    assert "5个工作日内 (within 5 working days)" in when and "第十六条" not in when.split(":")[0], when
    assert typed_sentence("What are the core elements of collaboration?", QType.OTHER, ["第一季度完成一项盘点。"]) == ""


SPENDING_STORY = ("I manage a cross-functional project and want to approve a 50,000 yuan purchase of test servers myself, "
                  "but finance says I do not have the authority. Who has to approve it?")
COMMITTEE_LIMIT = _ctx(2, "第十六条", "第十六条 单笔1万元及以上、10万元以下的项目支出，由项目委员会审批。")
TALK_TO_FINANCE = _ctx(3, "沟通", "与财务部当面沟通，说明支出的用途和预算来源。", "guidance")


def _english_first_line(question: str, contexts: list[Context]) -> str:
    return compose_extractive(question, contexts, query=f"{translate_query(question)} {question}").splitlines()[0]


def test_an_english_story_gets_the_scenario_shape_led_by_the_clause_that_answers_who():
    """Two clauses name spending limits; the one that names who approves the told amount leads, with the English
    sentence naming the approver in the document's words ahead of the quoted clause."""
    manager_limit = _ctx(1, "第十五条", "第十五条 项目经理可审批单笔1万元以下的项目支出。")
    first = _english_first_line(SPENDING_STORY, [manager_limit, COMMITTEE_LIMIT, TALK_TO_FINANCE])
    assert first.startswith("Conclusion: This falls to 项目委员会"), first
    assert f"{DO_NOW_EN}第十六条" in first, first


def test_the_handler_is_the_whole_noun_not_a_verb_of_a_relative_clause():
    """"由作出决定的一方指定…" is handled by 作出决定的一方 (not "作出"); "由其直接作出决定" names no one (其 refers back);
    "由总经理办公室指定专人记录" names the office."""
    ask = "The ruling has to be carried out and nobody follows it up. Who is responsible?"
    clause = "第十三条 处理结果需要其他部门配合落实的，由作出决定的一方指定跟踪责任人。"
    assert answer_sentence(ask, clause).startswith("This falls to 作出决定的一方 (the policy: “由作出决定的一方指定跟踪责任人”)")
    assert answer_sentence(ask, "第七条 双方属同一分管副总裁的，由其直接作出决定。") == ""
    assert "This falls to 总经理办公室" in answer_sentence(ask, "第十四条 例会由总经理办公室指定专人记录。")


def test_the_english_answer_sentence_reads_the_clause_the_first_line_quotes_first(monkeypatch):
    """When another clause leads the first line ahead of the story's own (``pointed.lead_first``; English stories
    are not led today), the English sentence reads that clause too, not the one behind it."""
    import assistant.pointed as pointed

    def lead_the_other_clause(question, chosen, ranked, max_chars):
        return [next(s for _score, s in ranked if s.text.startswith("第十") and s is not chosen[0]), *chosen]

    monkeypatch.setattr(pointed, "lead_first", lead_the_other_clause)
    manager_limit = _ctx(1, "第十五条", "第十五条 单笔1万元以下的项目支出，由项目经理审批。")
    first = _english_first_line(SPENDING_STORY, [manager_limit, COMMITTEE_LIMIT, TALK_TO_FINANCE])
    approver = "项目经理" if f"{DO_NOW_EN}第十五条" in first else "项目委员会"
    assert first.startswith(f"Conclusion: This falls to {approver} "), first


SERVICE_POLICY = """---
title: 运维服务办法（测试）
type: policy
department: 信息中心
access: all
---

# 运维服务办法（测试）

## 第一章 服务等级

**第三条** 一级工单适用于仓储系统停机或对外业务中断的事项，要求30分钟内响应、8小时内解决。

**第四条** 二级工单适用于影响部门工作但有临时替代方案的事项，要求4小时内响应、3个工作日内解决。

## 第二章 争议处理

**第五条** 信息中心和物流部应在非工作时间安排值班人员，确保一级工单按时响应。

**第六条** 服务方超过时限仍未处理的，需求方可发起一级升级，由双方部门负责人协商解决。

**第七条** 一级升级未能解决的，可发起二级升级，提交分管副总裁协调，分管副总裁应在5个工作日内作出决定。
"""


def test_an_english_outage_story_is_answered_by_the_clause_written_for_it(make_settings, embeddings, tmp_path):
    """"The warehouse system is down … wait in the queue": the English words score every clause low; the clause
    whose case is what the story tells (第三条, 仓储系统停机 → 30分钟内响应) must still lead the English answer."""
    from store_builders import extractive_advisor, synced_store

    docs = tmp_path / "docs"
    settings = make_settings(tmp_path / "data", knowledge_dir=docs)
    store = synced_store(settings, embeddings, docs, {"policies/ops-service.md": SERVICE_POLICY})
    advisor = extractive_advisor(settings, store, embeddings, tmp_path / "refusals.sqlite3")
    answer = advisor.ask("Logistics and IT are arguing because the warehouse system is down and IT says we have to "
                         "wait in the queue. What should I do?")
    first = answer.answer.splitlines()[0]
    assert first.startswith("Conclusion:") and f"{DO_NOW_EN}第三条" in first and "30分钟" in first, answer.answer


def test_how_many_asks_for_the_counted_limit_of_a_clause():
    assert asked_kinds("I keep sending my deputy. How many more times can I send someone in my place?") == ["count"]
    assert asked_kinds("We scored 91. Is there a limit on how many teams can get an A?") == ["count"]
    assert asked_kinds("How many working days do they have to reply?") == ["time"]  # a duration, not a count
    clause = "第九条 部门负责人因故不能参加评审的，可委托副职参加，每半年委托不得超过2次。"
    sentence = answer_sentence("My boss says there is a cap. How many more times can I send my deputy?", clause)
    assert sentence.startswith("How many, per the policy:") and "每半年委托不得超过2次" in sentence, sentence
    share = "第二十条 获评优秀的小组原则上不超过参评小组总数的30%。"
    assert "不超过参评小组总数的30%" in answer_sentence("Is there a limit on how many groups can be rated excellent?", share)
    assert answer_sentence("How many times can I send my deputy?", "第九条 委托副职参加的，应提前告知主持人。") == ""


def test_domain_words_of_english_stories_reach_the_documents_words():
    """Round 50's glossary entries: a bounced ticket is 转派, person-days 人日, skipping a level 越级, excluded 不计入."""
    assert "转派" in translate_query("the ticket was bounced from IT to operations").split()
    assert "人日" in translate_query("they estimate it at 15 person-days").split()
    assert "越级" in translate_query("can we skip the department heads?").split()
    assert "不计入" in translate_query("is the maintenance window excluded from the SLA?").split()


def test_counts_an_english_story_tells_are_written_as_the_documents_write_them():
    """"about 15 person-days" is 15人日 and "six escalations" 6次: what a clause's case bound ("超过12人日的",
    "超过5次的") is compared with (``case_clauses.meets_count``) and what keyword search finds."""
    from assistant.case_clauses import meets_count
    from assistant.glossary import english_counts

    assert english_counts("they estimate it at about 15 person-days of work") == ["15人日"]
    assert english_counts("other departments have filed six escalations against us") == ["6次"]
    assert english_counts("I have sent my deputy twice") == ["2次"]
    assert english_counts("a 30-minute pep talk, then three weeks to go") == ["30分钟", "3周"]
    assert english_counts("the first quarter of the year") == []
    story = "This quarter other departments have already filed six escalations against us."
    assert "6次" in translate_query(story).split()
    assert meets_count(translate_query(story), "第二十六条 同一部门在一个季度内作为被升级方超过5次的，由总经理办公室约谈该部门负责人。")


def test_a_number_answer_reads_neither_a_clock_time_nor_minutes_as_counts():
    """"每周二上午10:00…不超过90分钟" was "once; 10; 00; 90 points" for "how many…?"."""
    from assistant.glossary import english_facts
    from assistant.question_types import QType

    assert english_facts("跨部门例会每周召开一次，时间为每周二上午10:00，会议时长不超过90分钟", QType.NUMBER) == ["once", "90 minutes"]
    assert english_facts("季度加分合计不超过8分", QType.NUMBER) == ["8 points"]
