"""A topic the store has its own document on is not another department's (``refusal.store_owns``, round 41).

The owner rule sends "采购…" questions to 采购部 because the shipped knowledge base has no purchasing rules; a company
that loads its own 采购管理办法 must get its purchasing questions answered from it. Real store, retriever, bundled
embedding model and calibrated limits; documents and questions invented for this test.
"""

from __future__ import annotations

from store_builders import extractive_advisor, policy_files, synced_store

from assistant.refusal import evidence_for, store_owns, suggest_owner

PURCHASING = policy_files("采购部", {"policies/purchasing.md": ("采购管理办法（测试）", [
    "**第三条** 公司设立采购管理委员会，负责审定年度采购计划和合格供应商名录。",
    "**第十条** 采购管理委员会每季度召开一次例会，遇重大采购事项可由主任临时召集。",
    "**第十二条** 单笔50万元以上的采购须经分管副总裁审批。",
])})


def test_store_owns_reads_the_titles():
    assert store_owns("采购部", ["采购管理办法（测试）"])
    assert store_owns("人力资源部", ["跨部门协作管理办法", "考勤与休假管理办法"])
    assert not store_owns("采购部", ["跨部门协作管理办法（示例）", "协作绩效考核细则（示例）"])
    assert not store_owns("财务部", ["采购管理办法（测试）"])  # another department's rules say nothing of this one's


def test_the_owner_is_dropped_only_when_a_title_is_on_its_business():
    question = "采购管理委员会多久开一次会？"
    assert suggest_owner(question) == "采购部"
    assert evidence_for(question, 0.89, ["第十条 …"], "采购管理办法（测试）").owner is None
    assert evidence_for(question, 0.89, ["第十条 …"], "跨部门协作管理办法（示例）").owner == "采购部"


def test_a_company_s_own_purchasing_rules_answer_its_purchasing_questions(make_settings, embeddings, tmp_path):
    folder = tmp_path / "kb"
    settings = make_settings(tmp_path / "data", knowledge_dir=folder)
    advisor = extractive_advisor(settings, synced_store(settings, embeddings, folder, PURCHASING), embeddings)
    answer = advisor.ask("采购管理委员会多久开一次会？")
    assert not answer.refused, answer.answer
    assert "每季度召开一次例会" in answer.answer.splitlines()[0], answer.answer
    off = advisor.ask("我的年假还剩几天？")  # another department's business stays refused, naming it
    assert off.refused and "人力资源部" in off.answer, off.answer
