"""Summary, baseline diff and report.html built from scored results lines (no model needed)."""

from __future__ import annotations

import re

import pytest

from evaluation.baseline import compare
from evaluation.dataset import EvalQuestion
from evaluation.metrics import score
from evaluation.pipeline import EvalError, parse_thresholds
from evaluation.report import render
from evaluation.summary import build_summary, known_metrics

K = 5
QUESTIONS = {
    "q1": EvalQuestion(id="q1", question="会议纪要多久发出？", expected_sources=["policies/meetings.md"], answers=["3个工作日"], tags=["policy"]),
    "q2": EvalQuestion(id="q2", question="<script>alert('x')</script> 怎么办？", evidence_any=["唯一的需求变更入口"],
                       reference_answer="设立唯一的需求变更入口", tags=["guidance"]),
    "q3": EvalQuestion(id="q3", question="公司股价明天会涨吗？", should_refuse=True, tags=["refuse"]),
}


def row(qid: str, answer: str, refused: bool, sources: list[str], text: str = "", total: float = 900.0) -> dict:
    r = {
        "id": qid, "question": QUESTIONS[qid].question, "answer": answer, "refused": refused, "llm": "extractive",
        "citations": [{"n": 1, "source": sources[0], "title": "标题", "section": "第一条"}] if sources and not refused else [],
        "contexts": [{"rank": i, "source": s, "section": "第一条", "text": text or "会议纪要在会后3个工作日内发出。", "score": 0.85 - i / 100}
                     for i, s in enumerate(sources, 1)],
        "latency_ms": {"retrieval": 120.0, "generation": total - 120.0, "total": total},
    }
    r["metrics"] = score(QUESTIONS[qid], r, K)
    return r


@pytest.fixture
def current():
    return [
        row("q1", "会议纪要应在3个工作日内发出[1]。", False, ["policies/meetings.md", "x.md"]),
        row("q2", "</td><b>设立唯一的需求变更入口</b>", False, ["guidance/a.md"], text="设立唯一的需求变更入口", total=2500),
        row("q3", "抱歉，资料中没有相关内容。", True, ["x.md"]),
    ]


@pytest.fixture
def base():
    return [
        row("q1", "尽快发出。", False, ["x.md"]),
        row("q2", "设立唯一的需求变更入口", False, ["guidance/a.md"], text="设立唯一的需求变更入口"),
        row("q3", "股价会涨。", False, ["x.md"]),
    ]


def test_summary_aggregates_and_tags(current):
    s = build_summary(current, QUESTIONS, K, {"k": K, "llm": "extractive"}, {"wall_seconds": 1.0})
    m = s["metrics"]
    assert m["hit@5"]["n"] == 2 and m["hit@5"]["mean"] == 1.0
    assert m["refusal_accuracy"] == {"mean": 1.0, "ci_low": 1.0, "ci_high": 1.0, "n": 1}
    assert m["false_refusal_rate"]["mean"] == 0.0 and m["pass_rate"]["mean"] == 1.0
    assert set(s["by_tag"]) == {"policy", "guidance", "refuse"}
    assert s["latency_ms"]["total"]["p50"] == 900.0


def test_baseline_diff_pairs_by_id_and_lists_flips(current, base):
    diff = compare(current, base, {"config": {"llm": "local"}}, known_metrics(K), "old")
    assert diff["n_shared"] == 3
    assert diff["deltas"]["pass_rate"]["mean"] == pytest.approx(2 / 3)
    assert diff["deltas"]["hit@5"]["mean"] == pytest.approx(0.5)  # q1 0 -> 1, q2 1 -> 1
    assert {f["id"] for f in diff["fail_to_pass"]} == {"q1", "q3"} and diff["pass_to_fail"] == []


def test_report_is_self_contained_and_escaped(current, base):
    diff = compare(current, base, {}, known_metrics(K), "old")
    s = build_summary(current, QUESTIONS, K, {"k": K, "llm": "extractive", "questions": "q.jsonl"}, {"wall_seconds": 1.0}, diff)
    html = render(s, current, QUESTIONS)
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "<style>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "no external resources"
    assert "<link" not in html and "@import" not in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "</td><b>" not in html
    assert html.count("<script>") == 1
    assert "由失败变为通过" in html and 'data-pass="0"' not in html


def test_fail_under_parsing():
    assert parse_thresholds(["hit@5=0.8", "answer_containment = 0.5"], K) == {"hit@5": 0.8, "answer_containment": 0.5}
    with pytest.raises(EvalError, match="known metrics: hit@5"):
        parse_thresholds(["hit@3=0.8"], K)
    with pytest.raises(EvalError, match="METRIC=VALUE"):
        parse_thresholds(["hit@5"], K)


def test_report_shows_first_line_and_splits(current):
    from dataclasses import replace

    questions = {qid: replace(q, split="heldout" if qid == "q1" else "tune") for qid, q in QUESTIONS.items()}
    s = build_summary(current, questions, K, {"k": K, "llm": "extractive", "questions": "q.jsonl"}, {"wall_seconds": 1.0})
    assert s["metrics"]["answer_in_first_line"]["mean"] == 1.0  # q1's fact is on its only line
    html = render(s, current, questions)
    assert "首行含答案" in html and "分数据集划分" in html and ">heldout<" in html
    plain = render(build_summary(current, QUESTIONS, K, {"k": K}, {"wall_seconds": 1.0}), current, QUESTIONS)
    assert "分数据集划分" not in plain  # no splits, no section
