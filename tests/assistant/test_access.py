"""Access filtering: a passage a user may not read never reaches contexts, citations or the answer.

knowledge/policies/performance-collaboration.md is readable by 人力资源部 and role:manager only.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.generation import make_composer
from assistant.refusal import RefusalLog
from assistant.retrieval import HybridRetriever
from assistant.types import User

RESTRICTED = "policies/performance-collaboration.md"
QUESTIONS = [
    "协作绩效在部门负责人年度KPI里占多大权重？",
    "内部客户360度评分是怎么打的？",
    "协作绩效考核的分档标准是什么？",
]
OUTSIDER = User("li", department="市场部", roles=frozenset({"staff"}))
HR = User("wang", department="人力资源部")
MANAGER = User("zhao", department="市场部", roles=frozenset({"manager"}))
ADMIN = User("root", roles=frozenset({"admin"}))


@pytest.fixture(scope="module")
def retriever(kb_settings, kb_store, embeddings) -> HybridRetriever:
    return HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings)


@pytest.fixture(scope="module")
def restricted_texts(kb_store) -> set[str]:
    keys = [d.version_key for d in kb_store.documents() if d.source == RESTRICTED]
    assert keys, "the shipped knowledge base must hold the restricted policy"
    return {c.page_content for c in kb_store.get_chunks(keys)}


@pytest.mark.parametrize("question", QUESTIONS)
def test_readers_with_access_find_the_restricted_policy(retriever, question):
    for user in (None, HR, MANAGER, ADMIN):
        sources = [c.source for c in retriever.search(question, k=5, user=user).contexts()]
        assert RESTRICTED in sources, (user, sources)


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("paths", [(True, True), (True, False), (False, True)], ids=["hybrid", "dense", "keyword"])
def test_outsider_never_retrieves_it(retriever, restricted_texts, question, paths):
    use_dense, use_keyword = paths
    result = retriever.search(question, k=20, user=OUTSIDER, use_dense=use_dense, use_keyword=use_keyword)
    assert result.hits, "other passages should still be found"
    assert all(h.doc.metadata["source"] != RESTRICTED for h in result.hits)
    assert not {h.doc.page_content for h in result.hits} & restricted_texts


def test_outsider_answer_and_citations_leak_nothing(kb_settings, retriever, restricted_texts, tmp_path):
    advisor = Advisor(kb_settings, retriever, make_composer(kb_settings, "extractive"),
                      refusal_log=RefusalLog(tmp_path / "state.sqlite3"))
    for question in QUESTIONS:
        answer = advisor.ask(question, user=OUTSIDER, k=8)
        assert all(c.source != RESTRICTED for c in answer.contexts)
        assert all(c.source != RESTRICTED for c in answer.citations)
        for text in restricted_texts:
            for line in (s.strip() for s in text.splitlines()):
                if len(line) > 20:
                    assert line not in answer.answer
        # The same question as HR cites the restricted policy.
        hr_answer = advisor.ask(question, user=HR, k=8)
        assert any(c.source == RESTRICTED for c in hr_answer.contexts)


def test_user_who_can_read_nothing_gets_nothing(tmp_path, make_settings, embeddings):
    """A store whose only document is restricted: an outsider's retrieval is empty on both paths."""
    from ingest.store import KnowledgeStore
    from ingest.sync import Syncer

    corpus = tmp_path / "corpus" / "policies"
    corpus.mkdir(parents=True)
    (corpus / "pay.md").write_text(
        "---\ntitle: 薪酬保密规定\ntype: policy\naccess: [人力资源部]\n---\n\n第一条 薪酬数据仅限人力资源部查阅。\n",
        encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    store = KnowledgeStore.open(settings, embeddings)
    Syncer(settings, store, embeddings).sync(corpus.parent, progress=False)
    retriever = HybridRetriever.from_settings(settings, store=store, embeddings=embeddings)
    assert retriever.search("薪酬数据谁能查阅", user=HR).hits
    result = retriever.search("薪酬数据谁能查阅", user=OUTSIDER)
    assert result.hits == [] and result.best_dense is None
