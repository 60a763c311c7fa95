"""An English question also gets a keyword-only search of its Chinese glossary terms, ranked right after the
translated search (``Advisor._search``): the dense vector of the mixed English and Chinese query follows the English
words, so the clause that holds the translated terms can miss the passages without it.

Made-up policy of another company (not the shipped wording); real Chroma on ``tmp_path`` and the bundled model.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.glossary import translate_query, unnamed_terms
from assistant.retrieval import HybridRetriever

from store_builders import extractive_advisor, policy_files, synced_store

QUESTION = "My overtime on the business trip last month was not paid. Does travel count as overtime?"

_CLAUSES = [
    "**第一条** 为规范员工外出办事期间的工作安排和费用，保障员工权益，制定本办法。",
    "**第二条** 员工外出办事前应在办公系统填写外出申请，写明事由、地点和往返日期。",
    "**第三条** 员工外出办事的交通、住宿费用按职级标准凭票据报销，超标部分自理。",
    "**第四条** 出差期间的路途时间不计入加班，确需在休息日开展工作的，经部门负责人书面确认后方可计入加班。",
    "**第五条** 员工外出办事期间遇到紧急情况的，应及时向直属上级报告并保持通讯畅通。",
    "**第六条** 员工外出办事结束后应在5个工作日内提交工作小结，说明办理结果。",
    "**第七条** 员工每月的工作时间安排由部门负责人统筹，工作任务较重的月份可以调整。",
    "**第八条** 员工对工作时间安排有异议的，可向人力资源部反映，人力资源部应在10个工作日内答复。",
]


@pytest.fixture(scope="module")
def store_advisor(make_settings, embeddings, tmp_path_factory) -> Advisor:
    root = tmp_path_factory.mktemp("terms")
    settings = make_settings(root / "data")
    files = policy_files("人力资源部", {"policies/trips.md": ("员工外出办事管理办法", _CLAUSES)})
    store = synced_store(settings, embeddings, root / "corpus", files)
    return extractive_advisor(settings, store, embeddings)


def _clauses(advisor: Advisor, question: str, k: int) -> list[str]:
    return [str(h.doc.metadata.get("clause") or h.doc.metadata.get("section"))
            for h in advisor._search(question, None, None, k).hits]


def test_the_question_translates_to_the_clauses_words():
    assert {"出差", "加班"} <= set(translate_query(QUESTION).split())


def test_the_clause_holding_the_translated_terms_reaches_the_passages(store_advisor, monkeypatch):
    terms = translate_query(QUESTION)
    top = store_advisor.retriever.search(terms, k=2, use_dense=False).hits[0]
    assert "不计入加班" in top.doc.page_content  # the keyword search of the terms alone finds the clause first …
    keyword_only: list[str] = []
    search = HybridRetriever.search

    def spy(self, query, *args, **kwargs):
        if not kwargs.get("use_dense", True):
            keyword_only.append(query)
        return search(self, query, *args, **kwargs)

    monkeypatch.setattr(HybridRetriever, "search", spy)
    found = _clauses(store_advisor, QUESTION, 2)
    assert keyword_only == [unnamed_terms(terms)]  # … the English question runs that search …
    assert "第四条" in found, found  # … and the clause is among its two passages


def test_a_chinese_question_gets_no_terms_search(store_advisor, monkeypatch):
    calls: list[bool] = []
    search = HybridRetriever.search

    def spy(self, query, *args, **kwargs):
        calls.append(kwargs.get("use_dense", True))
        return search(self, query, *args, **kwargs)

    monkeypatch.setattr(HybridRetriever, "search", spy)
    store_advisor._search("出差的路途时间算不算加班？", None, None, 2)
    assert all(calls), calls  # no keyword-only search for a Chinese question


@pytest.mark.parametrize("terms, left", [
    ("采购部 采购 信息技术部 需求 IT 20", "需求 20"),  # the departments (and 采购, 采购部's alternative) set the scene
    ("信息技术部 群 工作群 生产系统 停机 故障 排队 IT IT", "群 工作群 生产系统 停机 故障 排队"),
    ("客服中心 客服 部门", "部门"),
    ("财务部 信息技术部 IT", ""),
])
def test_the_terms_search_leaves_the_departments_names_out(terms, left):
    assert unnamed_terms(terms) == left
