"""``advisor eval`` end to end: real Advisor (extractive), real embedding model, real Chroma in tmp dirs.

A tiny corpus is ingested once per session into its own store (``--corpus`` + a shared
``--data-dir``), so every run below reuses its embeddings.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from evaluation.cli import eval_command

DOCS = {
    "policies/meetings.md": """\
        ---
        title: 跨部门会议管理规定（测试）
        type: policy
        department: 总经理办公室
        ---
        # 跨部门会议管理规定（测试）
        ## 第五条
        跨部门例会每两周召开一次，由总经理办公室负责组织。
        ## 第十二条
        会议纪要应当在会后三个工作日内发送全体参会部门，并明确每项事项的负责人和完成时间。
        """,
    "policies/sla.md": """\
        ---
        title: 内部服务时限规定（测试）
        type: policy
        department: 运营管理部
        ---
        # 内部服务时限规定（测试）
        ## 第三条
        一般协作请求应在2个工作日内响应，紧急请求应在4小时内响应。
        ## 第四条
        超过时限未响应的请求，发起部门可以提交部门负责人协调，仍未解决的报分管副总裁裁决。
        """,
    "guidance/trust.md": """\
        ---
        title: 重建部门间信任（测试）
        type: guidance
        ---
        # 重建部门间信任
        信任受损的信号包括：凡事要求书面确认、口头约定不被认可、出问题先截图取证。
        重建信任可以从兑现小承诺开始，组织互访，并在复盘时只谈事实不谈对错。
        """,
}

QUESTIONS = [
    {"id": "t1", "question": "跨部门会议纪要要在多长时间内发出？", "expected_sources": ["policies/meetings.md"],
     "answers": [["三个工作日", "3个工作日"]], "tags": ["policy"]},
    {"id": "t2", "question": "紧急的协作请求多久内必须响应？", "expected_sources": ["policies/sla.md"],
     "answers": ["4小时"], "answer_keywords": ["紧急", "4小时"], "tags": ["policy", "sla"]},
    {"id": "t3", "question": "怎么看出和兄弟部门的信任出了问题？", "evidence_any": ["截图取证", "口头约定不被认可"],
     "reference_answer": "信号包括凡事要求书面确认、口头约定不被认可、出问题先截图取证。", "tags": ["guidance"]},
    {"id": "t4", "question": "跨部门例会多久开一次，谁来组织？", "expected_sources": ["policies/meetings.md"],
     "answers": ["两周", "总经理办公室"], "tags": ["policy"]},
    {"id": "t5", "question": "明年公司的股票分红比例是多少？", "should_refuse": True, "tags": ["refuse"]},
]


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(eval_command)
    return app


def run(*args: str | Path) -> object:
    return CliRunner().invoke(_app(), [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for rel, text in DOCS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def questions_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("q") / "questions.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpus_store")


@pytest.fixture(scope="session")
def first_run(corpus, questions_file, store_dir, tmp_path_factory, embeddings) -> Path:
    out = tmp_path_factory.mktemp("run1")
    result = run(questions_file, "--out", out, "--corpus", corpus, "--data-dir", store_dir, "--llm", "extractive", "--no-progress")
    assert result.exit_code == 0, result.output
    return out


def lines(out: Path) -> list[dict]:
    return [json.loads(l) for l in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]


def test_results_follow_the_contract(first_run):
    rows = lines(first_run)
    assert [r["id"] for r in rows] == [q["id"] for q in QUESTIONS]
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


def test_summary_has_metrics_intervals_config_and_timings(first_run, questions_file):
    s = json.loads((first_run / "summary.json").read_text(encoding="utf-8"))
    assert s["n"] == len(QUESTIONS)
    for name in ("hit@5", "mrr", "ndcg@5", "recall@5", "answer_containment", "keyword_coverage", "char_f1", "rouge_l",
                 "false_refusal_rate", "refusal_accuracy", "pass_rate"):
        assert set(s["metrics"][name]) == {"mean", "ci_low", "ci_high", "n"}, name
        assert s["metrics"][name]["ci_low"] <= s["metrics"][name]["mean"] <= s["metrics"][name]["ci_high"]
    assert s["metrics"]["hit@5"]["mean"] >= 0.75
    cfg = s["config"]
    assert cfg["llm"] == "extractive" and cfg["k"] == 5 and cfg["embedding_model"] and len(cfg["kb_fingerprint"]) == 64
    assert cfg["chunk_size"] > 0 and cfg["kb_documents"] == len(DOCS)
    import hashlib
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


def test_resume_after_interrupt_and_baseline_diff(corpus, questions_file, store_dir, first_run, tmp_path, monkeypatch):
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
    result = run(*args, "--baseline", first_run)
    assert result.exit_code == 130
    assert [r["id"] for r in lines(out)] == ["t1", "t2"]

    calls.clear()
    interrupt[0] = False
    result = run(*args, "--baseline", first_run)
    assert result.exit_code == 0, result.output
    assert len(calls) == len(QUESTIONS) - 2  # finished questions were not asked again
    assert [r["id"] for r in lines(out)] == [q["id"] for q in QUESTIONS]
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["timings"]["resumed"] == 2 and s["timings"]["answered"] == 3
    diff = s["baseline"]
    assert diff["n_shared"] == len(QUESTIONS) and diff["deltas"]["hit@5"]["mean"] == 0.0
    assert diff["pass_to_fail"] == [] and diff["fail_to_pass"] == []
    assert "与基线对比" in (out / "report.html").read_text(encoding="utf-8")

    # Same --out with another configuration: refused, nothing overwritten.
    result = run(*args, "--k", "3")
    assert result.exit_code == 2 and "--restart" in result.output
    assert len(lines(out)) == len(QUESTIONS)


def test_fail_under_exit_codes(corpus, questions_file, store_dir, first_run, tmp_path):
    base = (questions_file, "--corpus", corpus, "--data-dir", store_dir, "--llm", "extractive", "--no-progress")
    # first_run's results are reused (same configuration), so these runs only re-score
    import shutil
    out = tmp_path / "gate"
    shutil.copytree(first_run, out)
    assert run(*base, "--out", out, "--fail-under", "hit@5=0.5").exit_code == 0
    result = run(*base, "--out", out, "--fail-under", "hit@5=0.5", "--fail-under", "pass_rate=1.01")
    assert result.exit_code == 1 and "pass_rate" in result.output
    result = run(*base, "--out", out, "--fail-under", "accuracy=0.5")
    assert result.exit_code == 2 and "known metrics: hit@5" in result.output


def test_bad_input_exits_2(tmp_path, corpus, store_dir):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "好问题"}\n{"id": "b", "question": "缺答案", "answers": "[1]", "tags": [1]}\n', encoding="utf-8")
    result = run(bad, "--out", tmp_path / "o", "--llm", "extractive")
    assert result.exit_code == 2 and "bad.jsonl:2" in result.output and "tags" in result.output
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "a", "question": "好问题"}\n', encoding="utf-8")
    result = run(good, "--out", tmp_path / "o", "--corpus", tmp_path / "missing", "--data-dir", store_dir, "--llm", "extractive")
    assert result.exit_code == 2 and "missing" in result.output
    result = run(good, "--out", tmp_path / "o", "--llm", "nosuch")
    assert result.exit_code == 2 and "nosuch" in result.output
    occupied = tmp_path / "occupied"
    (occupied / "chroma").mkdir(parents=True)
    result = run(good, "--out", tmp_path / "o", "--corpus", corpus, "--data-dir", occupied, "--llm", "extractive")
    assert result.exit_code == 2 and "other data" in result.output
