"""The LLM judge: parsing and caching, then the real bundled local model on one question."""

from __future__ import annotations

import json
import shutil

from evaluation.judge import JudgeCache, parse_grade, parse_verdicts, reference_text, split_claims


def test_split_claims_drops_markers_numbering_and_fragments():
    answer = "结论：会议纪要应在会后3个工作日内发出[1]。\n1. 由记录人整理纪要[1][2]；\n2. 好的。\n3. 明确负责人和完成时间【2】"
    assert split_claims(answer) == ["会议纪要应在会后3个工作日内发出。", "由记录人整理纪要；", "明确负责人和完成时间"]


def test_parse_verdicts_and_grade():
    assert parse_verdicts("1. 是\n2、否\n3: 支持", 4) == [True, False, True, None]
    assert parse_verdicts("无法判断", 2) == [None, None]
    assert parse_grade("评分：2") == 1.0 and parse_grade("1") == 0.5 and parse_grade("不知道") is None
    assert reference_text("", ["4小时", ["两周", "14天"]]) == "4小时；两周 或 14天"


def test_cache_round_trip(tmp_path):
    cache = JudgeCache(tmp_path / "c.sqlite3")
    key = JudgeCache.key("m", "sys", "prompt")
    assert cache.get(key) is None
    cache.put(key, "m", "1. 是")
    assert JudgeCache(tmp_path / "c.sqlite3").get(key) == "1. 是"
    assert key != JudgeCache.key("other-model", "sys", "prompt")


def test_local_judge_scores_one_question_and_caches(first_run, corpus, questions_file, store_dir, tmp_path, run_eval,
                                                    monkeypatch):
    # The main data dir (where the local model is joined, models/) is a temp dir, never the repo's data/.
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "main-data"))
    out = tmp_path / "judged"
    shutil.copytree(first_run, out)  # same configuration: answers are reused, only the judge runs
    args = (questions_file, "--out", out, "--corpus", corpus, "--data-dir", store_dir, "--llm", "extractive",
            "--judge", "local", "--limit", "1", "--no-progress")
    result = run_eval(*args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    judge = summary["config"]["judge"]
    assert judge["model"].startswith("local:") and judge["calls"] == 2
    row = json.loads((out / "results.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert 0.0 <= row["metrics"]["faithfulness"] <= 1.0 and row["metrics"]["correctness"] in (0.0, 0.5, 1.0)
    assert "faithfulness" in summary["metrics"] and "hit@5" in summary["metrics"]
    assert (out / "results.previous.jsonl").exists()  # the other answers are kept for a later full run

    result = run_eval(*args)
    assert result.exit_code == 0
    judge = json.loads((out / "summary.json").read_text(encoding="utf-8"))["config"]["judge"]
    assert judge["calls"] == 0 and judge["cache_hits"] == 2
