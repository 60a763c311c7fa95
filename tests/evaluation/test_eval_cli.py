"""``advisor eval`` end to end: real Advisor (extractive), real embedding model, real Chroma in tmp dirs.

The tiny corpus of conftest.py is ingested once per session into its own store (``--corpus`` + a
shared ``--data-dir``), so every run below reuses its embeddings.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil

def test_results_follow_the_contract(first_run, read_lines, eval_questions):
    rows = read_lines(first_run)
    assert [r["id"] for r in rows] == [q["id"] for q in eval_questions]
    for r in rows:
        assert {"id", "question", "answer", "refused", "llm", "citations", "contexts", "latency_ms", "metrics"} <= set(r)
        assert set(r["latency_ms"]) >= {"retrieval", "generation", "total"}
        assert all(set(c) >= {"rank", "source", "section", "text", "score"} for c in r["contexts"])
        assert all(set(c) >= {"n", "source", "title", "section"} for c in r["citations"])
        assert all(not c["source"].startswith("/") for c in r["contexts"])  # relative to --corpus
    by_id = {r["id"]: r for r in rows}
    assert by_id["t1"]["metrics"]["hit@5"] == 1.0
    assert by_id["t1"]["metrics"]["answer_containment"] == 1.0, by_id["t1"]["answer"]
    assert by_id["t1"]["llm"] == "extractive"


def test_summary_has_metrics_intervals_config_and_timings(first_run, questions_file, eval_questions, corpus_docs):
    s = json.loads((first_run / "summary.json").read_text(encoding="utf-8"))
    assert s["n"] == len(eval_questions)
    for name in ("hit@5", "mrr", "ndcg@5", "recall@5", "answer_containment", "keyword_coverage", "char_f1", "rouge_l",
                 "false_refusal_rate", "refusal_accuracy", "pass_rate"):
        assert set(s["metrics"][name]) == {"mean", "ci_low", "ci_high", "n"}, name
        assert s["metrics"][name]["ci_low"] <= s["metrics"][name]["mean"] <= s["metrics"][name]["ci_high"]
    assert s["metrics"]["hit@5"]["mean"] >= 0.75
    cfg = s["config"]
    assert cfg["llm"] == "extractive" and cfg["k"] == 5 and cfg["embedding_model"] and len(cfg["kb_fingerprint"]) == 64
    assert len(cfg["query_adapter"]) == 12  # the shipped adapter ranked these answers
    assert cfg["chunk_size"] > 0 and cfg["kb_documents"] == len(corpus_docs)
    assert cfg["questions_sha256"] == hashlib.sha256(questions_file.read_bytes()).hexdigest()
    assert {"policy", "sla", "guidance", "refuse"} <= set(s["by_tag"])
    assert s["timings"]["wall_seconds"] > 0 and s["timings"]["questions_per_second"] > 0
    assert s["latency_ms"]["total"]["p50"] > 0


def test_report_is_one_self_contained_file(first_run):
    html = (first_run / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "applyFilters" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "跨部门会议纪要要在多长时间内发出？" in html


def test_main_store_is_untouched(first_run, store_dir):
    assert (store_dir / "EVAL_CORPUS").exists()
    assert not (first_run / ".corpus_store").exists()


def test_resume_after_interrupt_and_baseline_diff(corpus, questions_file, store_dir, first_run, tmp_path, monkeypatch,
                                                 run_eval, read_lines, eval_questions):
    from assistant.advisor import Advisor

    real_ask = Advisor.ask
    calls: list[str] = []
    interrupt = [True]

    def flaky(self, question, *a, **kw):  # failure injection: Ctrl-C during the third question
        calls.append(question)
        if interrupt[0] and len(calls) == 3:
            raise KeyboardInterrupt
        return real_ask(self, question, *a, **kw)

    monkeypatch.setattr(Advisor, "ask", flaky)
    out = tmp_path / "run2"
    args = (questions_file, "--out", out, "--corpus", corpus, "--data-dir", store_dir, "--llm", "extractive", "--no-progress")
    result = run_eval(*args, "--baseline", first_run)
    assert result.exit_code == 130
    assert [r["id"] for r in read_lines(out)] == ["t1", "t2"]

    calls.clear()
    interrupt[0] = False
    result = run_eval(*args, "--baseline", first_run)
    assert result.exit_code == 0, result.output
    assert len(calls) == len(eval_questions) - 2  # finished questions were not asked again
    assert [r["id"] for r in read_lines(out)] == [q["id"] for q in eval_questions]
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["timings"]["resumed"] == 2 and s["timings"]["answered"] == 3
    diff = s["baseline"]
    assert diff["n_shared"] == len(eval_questions) and diff["deltas"]["hit@5"]["mean"] == 0.0
    assert diff["pass_to_fail"] == [] and diff["fail_to_pass"] == []
    assert "与基线对比" in (out / "report.html").read_text(encoding="utf-8")

    # Same --out with another configuration: refused, nothing overwritten.
    result = run_eval(*args, "--k", "3")
    assert result.exit_code == 2 and "--restart" in result.output
    assert len(read_lines(out)) == len(eval_questions)


def test_fail_under_exit_codes(corpus, questions_file, store_dir, first_run, tmp_path, run_eval):
    base = (questions_file, "--corpus", corpus, "--data-dir", store_dir, "--llm", "extractive", "--no-progress")
    # first_run's results are reused (same configuration), so these runs only re-score
    out = tmp_path / "gate"
    shutil.copytree(first_run, out)
    assert run_eval(*base, "--out", out, "--fail-under", "hit@5=0.5").exit_code == 0
    result = run_eval(*base, "--out", out, "--fail-under", "hit@5=0.5", "--fail-under", "pass_rate=1.01")
    assert result.exit_code == 1 and "pass_rate" in result.output
    result = run_eval(*base, "--out", out, "--fail-under", "accuracy=0.5")
    assert result.exit_code == 2 and "known metrics: hit@5" in result.output


def test_bad_input_exits_2(tmp_path, corpus, store_dir, run_eval):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "好问题"}\n{"id": "b", "question": "缺答案", "answers": "[1]", "tags": [1]}\n', encoding="utf-8")
    result = run_eval(bad, "--out", tmp_path / "o", "--llm", "extractive")
    assert result.exit_code == 2 and "bad.jsonl:2" in result.output and "tags" in result.output
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "a", "question": "好问题"}\n', encoding="utf-8")
    result = run_eval(good, "--out", tmp_path / "o", "--corpus", tmp_path / "missing", "--data-dir", store_dir, "--llm", "extractive")
    assert result.exit_code == 2 and "missing" in result.output
    result = run_eval(good, "--out", tmp_path / "o", "--llm", "nosuch")
    assert result.exit_code == 2 and "nosuch" in result.output
    occupied = tmp_path / "occupied"
    (occupied / "chroma").mkdir(parents=True)
    result = run_eval(good, "--out", tmp_path / "o", "--corpus", corpus, "--data-dir", occupied, "--llm", "extractive")
    assert result.exit_code == 2 and "other data" in result.output


def test_limit_keeps_other_finished_answers(corpus, questions_file, store_dir, first_run, tmp_path, run_eval, read_lines,
                                            eval_questions):
    out = tmp_path / "limited"
    shutil.copytree(first_run, out)
    args = (questions_file, "--out", out, "--corpus", corpus, "--data-dir", store_dir, "--llm", "extractive", "--no-progress")
    assert run_eval(*args, "--limit", "2").exit_code == 0
    assert [r["id"] for r in read_lines(out)] == ["t1", "t2"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["n"] == 2
    assert run_eval(*args).exit_code == 0
    assert len(read_lines(out)) == len(eval_questions) and not (out / "results.previous.jsonl").exists()
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["timings"]["answered"] == 0
