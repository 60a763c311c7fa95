"""A small store is searched exactly: the ranking is numpy's over every live vector, the same after reopening, and
follows the store's changes and the reader's versions (round 42, ``ingest.exact_search``). Real Chroma on a temp dir
and the bundled embedding model."""

from __future__ import annotations

import numpy as np
import pytest
from fixtures_docs import GUIDE, POLICY_MD, write_text

from ingest import store as store_module
from ingest.exact_search import matches, supports
from ingest.store import KnowledgeStore
from ingest.sync import Syncer

ROOMS = """---
title: 会议室使用规定
type: policy
department: 行政部
---

# 会议室使用规定

**第三条** 各部门预约会议室须提前一天在行政平台登记。

**第四条** 预约后无故未使用超过两次的，行政部暂停该部门一个月的预约权限。
"""


@pytest.fixture()
def small(tmp_path, make_settings, embeddings):
    write_text(tmp_path / "kb/guidance/channels.md", GUIDE)
    write_text(tmp_path / "kb/policies/meetings.md", POLICY_MD)
    settings = make_settings(tmp_path / "data", knowledge_dir=tmp_path / "kb")
    store = KnowledgeStore.open(settings, embeddings)

    def sync() -> None:
        assert not Syncer(settings, store, embeddings).sync(tmp_path / "kb", progress=False).failed

    sync()
    return settings, store, sync, tmp_path / "kb"


def _brute_force(store: KnowledgeStore, query: np.ndarray) -> list[tuple[str, float]]:
    res = store.collection.get(include=["embeddings"])
    matrix = np.asarray(res["embeddings"], dtype=np.float32)
    scores = matrix @ query / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(query))
    return sorted(zip(res["ids"], scores.tolist()), key=lambda pair: (-pair[1], pair[0]))


def test_the_ranking_is_exact_and_the_same_after_reopening(small, embeddings):
    settings, store, _sync, _kb = small
    query = np.asarray(embeddings.embed_query("跨部门消息多久要回复？"), dtype=np.float32)
    got = store.dense_search(query, 5)
    expected = _brute_force(store, query)[:5]
    assert [d.id for d, _ in got] == [i for i, _ in expected]
    assert [s for _, s in got] == pytest.approx([s for _, s in expected], abs=1e-5)
    again = KnowledgeStore.open(settings, embeddings).dense_search(query, 5)  # another process opens the store
    assert [(d.id, s) for d, s in again] == [(d.id, s) for d, s in got]
    # a query far from every passage (like a learned adapter's vector) is ranked as exactly
    odd = -query + np.linspace(-0.5, 0.5, query.shape[0], dtype=np.float32)
    assert [d.id for d, _ in store.dense_search(odd, 5)] == [i for i, _ in _brute_force(store, odd)[:5]]


def test_a_change_of_the_store_is_searched_at_once(small, embeddings):
    _settings, store, sync, kb = small
    query = np.asarray(embeddings.embed_query("预约会议室要提前多久登记？"), dtype=np.float32)
    assert all(d.metadata["source"] != "policies/rooms.md" for d, _ in store.dense_search(query, 5))
    write_text(kb / "policies/rooms.md", ROOMS)
    sync()
    assert store.dense_search(query, 1)[0][0].metadata["source"] == "policies/rooms.md"
    (kb / "policies/rooms.md").unlink()
    sync()
    assert all(d.metadata["source"] != "policies/rooms.md" for d, _ in store.dense_search(query, 10))


def test_the_readers_versions_and_the_retrievers_filters(small, embeddings, monkeypatch):
    _settings, store, _sync, _kb = small
    query = np.asarray(embeddings.embed_query("跨部门消息多久要回复？"), dtype=np.float32)
    guide = next(r.version_key for r in store.documents() if r.source == "guidance/channels.md")
    assert {d.metadata["source"] for d, _ in store.dense_search(query, 10, version_keys=[guide])} == {
        "guidance/channels.md"}
    where = {"$and": [{"doc_type": {"$in": ["policy"]}}, {"department": {"$in": ["总经理办公室", "财务部"]}}]}
    assert supports(where) and not supports({"chunk_index": {"$gt": 0}})
    got = store.dense_search(query, 10, where=where)
    policy = [i for i, _ in _brute_force(store, query)
              if store.collection.get(ids=[i])["metadatas"][0]["doc_type"] == "policy"]
    assert got and [d.id for d, _ in got] == policy[:10]
    assert matches({"doc_type": "policy"}, {"doc_type": "policy"}) and not matches({"doc_type": {"$ne": "policy"}},
                                                                                    {"doc_type": "policy"})
    called = []
    monkeypatch.setattr(store._exact, "search", lambda *a, **k: called.append(1) or [])
    other = store.dense_search(query, 10, where={"chunk_index": {"$gte": 0}})  # a filter the exact path does not read
    assert other and not called


def test_a_large_store_keeps_chromas_index(small, embeddings, monkeypatch):
    _settings, store, _sync, _kb = small
    monkeypatch.setattr(store_module, "EXACT_MAX", 1)
    called = []
    monkeypatch.setattr(store._exact, "search", lambda *a, **k: called.append(1) or [])
    query = np.asarray(embeddings.embed_query("跨部门消息多久要回复？"), dtype=np.float32)
    assert store.dense_search(query, 3) and not called


def test_many_vectors_far_from_the_query_are_still_ranked_exactly(small, monkeypatch):
    """1,500 vectors and queries unlike them: Chroma's approximate index misses some of the true top 30 here (checked
    with the exact path switched off), the exact path none."""
    _settings, store, _sync, _kb = small
    key = store.documents()[0].version_key
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(1500, 384)).astype(np.float32)
    store.collection.add(ids=[f"synthetic:{i}" for i in range(len(vectors))], embeddings=vectors.tolist(),
                         documents=["合成段落"] * len(vectors), metadatas=[{"version_key": key}] * len(vectors))
    queries = rng.normal(size=(8, 384)).astype(np.float32)
    exact = [[d.id for d, _ in store.dense_search(q, 30)] for q in queries]
    assert exact == [[i for i, _ in _brute_force(store, q)[:30]] for q in queries]
    monkeypatch.setattr(store_module, "EXACT_MAX", 0)
    approximate = [[d.id for d, _ in store.dense_search(q, 30)] for q in queries]
    assert approximate != exact  # what the exact path is for
