"""The policy clause written for what happened, found by its case over the whole store (``case_clauses``).

The store here is another company's: invented policies in wording the shipped knowledge base never uses.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.advisor import Advisor
from assistant.case_clauses import CaseClauses, case_query, clause_cases, missing_clauses
from assistant.retrieval import HybridRetriever, chunk_key

from store_builders import extractive_advisor, synced_store

_VEHICLES = (
    "---\ntitle: 公务车辆借用规定\ntype: policy\ndepartment: 行政部\n---\n\n# 公务车辆借用规定\n\n## 第二章 借用\n\n"
    "**第五条** 各部门借用公务车辆须提前一个工作日在行政平台登记，写明用途和归还时间。\n\n"
    "**第六条** 车辆借用超过3天仍未归还的，由行政部通知借用部门负责人限期归还，并暂停该部门下一季度的借车资格。\n\n"
    "**第七条** 借用期间发生交通违章的，罚款由借用部门承担。\n\n"
    "## 第三章 争议\n\n"
    "**第八条** 部门之间因车辆使用发生争议的，先由双方部门负责人协商；协商不成的，报行政部裁定。\n\n"
    "**第九条** 对行政部裁定有异议的，可在5个工作日内向分管副总经理申请复核。\n\n"
    "**第十条** 出现下列情形之一的，行政部应收回车辆钥匙：驾驶人未取得准驾资格；车辆年检过期。\n"
)
_GUIDE = (
    "---\ntitle: 部门协作沟通指南\ntype: guidance\ndepartment: 行政部\n---\n\n# 部门协作沟通指南\n\n"
    "## 发生争议怎么办\n\n部门之间发生争议时，先当面沟通，把分歧写下来，再按制度逐级升级，不要在群里争吵。\n"
)


def test_cases_of_a_clause():
    text = ("第六条 车辆借用超过3天仍未归还的，由行政部通知借用部门负责人限期归还；"
            "借用部门拒不归还的，报分管副总经理处理。")
    assert clause_cases(text) == ["车辆借用超过3天仍未归还", "借用部门拒不归还"]
    assert clause_cases("第三条 适用于生产线停产或重大质量事故的事项，由厂长直接指挥。") == ["生产线停产或重大质量事故"]
    assert clause_cases("第十条 出现下列情形之一的，应收回钥匙：驾驶人未取得准驾资格；车辆年检过期。") == [
        "驾驶人未取得准驾资格", "车辆年检过期"]
    assert clause_cases("第二条 本规定适用于全体员工。") == []


def test_case_query_is_what_happened_when_a_case_is_told():
    told = "市场部借了我们部门的公务车，已经一个星期没还了，两个部门吵起来了，我该怎么办？"
    assert case_query(told) == "市场部借了我们部门的公务车 已经一个星期没还了"
    assert case_query("公务车怎么借？") == ""  # no case told: a plain question
    assert case_query("市场部借了我们部门的公务车，已经一个星期没还了。") == ""  # no plea


def _doc(key: str) -> SimpleNamespace:
    return SimpleNamespace(key=key)


def test_missing_clauses_only_beat_what_the_searches_found():
    ranked = [(_doc("a"), 0.9, 0.8), (_doc("b"), 0.8, 0.6), (_doc("c"), 0.7, 0.2), (_doc("d"), 0.6, 0.5)]
    key = lambda d: d.key  # noqa: E731
    assert [d.key for d, _ in missing_clauses(ranked, [], key, keep=2)] == ["a", "b"]
    assert [d.key for d, _ in missing_clauses(ranked, ["b"], key, keep=2)] == ["a"]  # present b sets the bar
    assert missing_clauses(ranked, ["a"], key, keep=2) == []  # the best case is already retrieved
    assert [d.key for d, _ in missing_clauses(ranked[2:], [], key, keep=2)] == ["d"]  # c's case is barely told


@pytest.fixture(scope="module")
def vehicle_advisor(make_settings, embeddings, tmp_path_factory) -> Advisor:
    root = tmp_path_factory.mktemp("vehicles")
    settings = make_settings(root / "data")
    store = synced_store(settings, embeddings, root / "corpus",
                         {"policies/vehicles.md": _VEHICLES, "guidance/talk.md": _GUIDE})
    return extractive_advisor(settings, store, embeddings)


def test_the_clause_for_the_case_ranks_first_over_the_whole_store(vehicle_advisor):
    cases = CaseClauses(vehicle_advisor.retriever)
    assert len(cases.index().docs) == 5  # 第五条 states no case
    ranked = cases.search("市场部借了我们部门的公务车 借走一个星期了还没归还")
    assert ranked[0][0].metadata["clause"] == "第六条"
    assert cases.index() is cases.index()  # built once per store generation


def test_a_scenario_gets_the_clause_written_for_its_case(vehicle_advisor):
    question = "市场部借了我们部门的车，借走一个星期了还没归还，两个部门吵起来了，我该怎么办？"
    contexts = vehicle_advisor.ask(question, k=1).contexts
    assert any("超过3天仍未归还" in c.text for c in contexts)


def test_no_case_clause_when_policies_are_filtered_out(vehicle_advisor):
    question = "市场部借了我们部门的车，借走一个星期了还没归还，这种情况有没有说法？"
    contexts = vehicle_advisor.ask(question, filters={"doc_type": "guidance"}).contexts
    assert contexts and all(c.doc_type == "guidance" for c in contexts)
    keys = [chunk_key(h.doc) for h in vehicle_advisor.search(question).hits]
    assert len(keys) == len(set(keys))


def test_the_retriever_predicate_applies_the_search_filters(vehicle_advisor):
    """``HybridRetriever.permits``: the access rule and filters of ``search``, for clauses the case search finds."""
    docs = vehicle_advisor.retriever.store.get_chunks()
    only_guidance = vehicle_advisor.retriever.permits(None, {"doc_type": "guidance"})
    assert {d.metadata["doc_type"] for d in docs if only_guidance(d)} == {"guidance"}
    assert all(vehicle_advisor.retriever.permits(None)(d) for d in docs)


def test_what_happened_is_embedded_once_per_question(vehicle_advisor, monkeypatch):
    """The plain search and a scenario search without extra terms look up the question itself, the situation search
    and the case search what happened: one query embedding of each text serves them all."""
    embedded: list[str] = []
    embeddings = vehicle_advisor.retriever.embeddings
    embed = embeddings.embed_query

    def counting(text: str) -> list[float]:
        embedded.append(text)
        return embed(text)

    monkeypatch.setattr(embeddings, "embed_query", counting)
    vehicle_advisor.retriever._query_vectors.clear()  # earlier tests of the module asked this question too
    question = "市场部借了我们部门的车，借走一个星期了还没归还，两个部门吵起来了，我该怎么办？"
    happened = case_query(question)
    contexts = vehicle_advisor.ask(question, k=1).contexts
    assert any("超过3天仍未归还" in c.text for c in contexts)
    assert happened in embedded and question in embedded
    assert len(embedded) == len(set(embedded)), embedded
