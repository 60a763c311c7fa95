"""Metric values computed by hand on Chinese strings."""

from __future__ import annotations

import math

import pytest

from evaluation.dataset import EvalQuestion
from evaluation.metrics import (
    answer_containment, char_f1, citation_validity, keyword_coverage, lcs_length, mrr, ndcg_at_k,
    recall_at_k, relevance, rouge_l, score, unsupported_numbers,
)
from evaluation.text import cn_to_int, normalize, numbers_in


def ctx(rank: int, source: str, text: str = "", section: str = "") -> dict:
    return {"rank": rank, "source": source, "section": section, "text": text, "score": 0.8}


def test_normalize_removes_whitespace_punctuation_and_width():
    assert normalize("３ 个工作日，ＲＡＣＩ！") == "3个工作日raci"
    assert normalize("增长 12%。") == "增长12%"


def test_containment_with_alternatives_and_width():
    answer = "结论：普通变更应在３个工作日内答复，由总经理 办公室协调。"
    assert answer_containment(["3个工作日", ["总经理办公室", "总办"]], answer) == 1.0
    assert answer_containment(["3个工作日", ["人力资源部", "HR"]], answer) == 0.0
    assert answer_containment(["，"], answer) == 0.0  # pure punctuation never matches


def test_keyword_coverage():
    assert keyword_coverage(["变更入口", "RACI", "升级"], "先设立变更 入口，再用raci明确职责。") == pytest.approx(2 / 3)


def test_char_f1_hand_computed():
    # 预测 "甲乙丙丁" vs 参考 "乙丙戊": 共同 2 字; P = 2/4, R = 2/3, F1 = 2*0.5*0.667/1.167 = 0.5714
    assert char_f1("甲乙丙丁", "乙丙戊") == pytest.approx(4 / 7)
    assert char_f1("", "乙丙戊") == 0.0


def test_rouge_l_uses_character_lcs():
    assert lcs_length("甲乙丙丁戊", "甲丙戊己") == 3  # 甲丙戊
    # P = 3/5, R = 3/4 -> F1 = 2*0.6*0.75/1.35 = 0.6667
    assert rouge_l("甲乙丙丁戊", "甲，丙 戊己") == pytest.approx(2 / 3)


def test_retrieval_by_expected_sources():
    q = EvalQuestion(id="1", question="?", expected_sources=["policies/a.md", "guidance/b.md"])
    contexts = [ctx(1, "x.md"), ctx(2, "policies/a.md"), ctx(3, "policies/a.md"), ctx(4, "y.md"), ctx(5, "guidance/b.md")]
    rel = relevance(q, contexts)
    assert rel == [False, True, True, False, True]
    assert mrr(rel, 5) == 0.5
    assert recall_at_k(q, contexts, rel, 3) == 0.5
    assert recall_at_k(q, contexts, rel, 5) == 1.0
    # gains at ranks 2 and 5 (second chunk of a.md earns nothing); ideal = 2 hits at ranks 1, 2
    dcg = 1 / math.log2(3) + 1 / math.log2(6)
    idcg = 1 + 1 / math.log2(3)
    assert ndcg_at_k(q, contexts, rel, 5) == pytest.approx(dcg / idcg)


def test_retrieval_by_evidence_ignores_whitespace():
    q = EvalQuestion(id="1", question="?", evidence_any=["三个 工作日", "第十二条"])
    contexts = [ctx(1, "a.md", "会议纪要应当在会后\n三个工作日内发出"), ctx(2, "b.md", "无关内容")]
    rel = relevance(q, contexts)
    assert rel == [True, False]
    assert ndcg_at_k(q, contexts, rel, 5) == 1.0
    assert relevance(EvalQuestion(id="2", question="?"), contexts) is None


def test_citation_validity_and_unsupported_numbers():
    contexts = [ctx(1, "policies/sla.md", "一般请求应在三个工作日内响应，紧急请求4小时内响应。", "第五条")]
    cites = [{"n": 1, "source": "policies/sla.md", "section": "第五条"}, {"n": 2, "source": "policies/other.md", "section": ""}]
    assert citation_validity(cites, contexts) == 0.5
    assert citation_validity([], contexts) is None
    answer = "结论：按SLA处理。\n1. 一般请求3个工作日内响应[1]\n2. 紧急请求4小时、重大事项需10天[1]"
    assert numbers_in(answer, answer=True) == {"3", "4", "10"}
    assert unsupported_numbers(answer, contexts) == (["10"], 3)
    # titles, sources and sections support numbers; a fallback notice (a warning) is not part of the answer
    notice = "本地模型超时（300 秒），已改用摘录式回答"
    titled = f"（提示：{notice}。）据《p00083》第5条，4小时内响应"
    cites = [{"n": 1, "source": "rgb/p00083.txt", "title": "p00083", "section": ""}]
    assert unsupported_numbers(titled, contexts, cites, [notice]) == ([], 3)
    assert unsupported_numbers(titled, contexts, cites) == (["300"], 4)


def test_chinese_numerals():
    assert cn_to_int("十二") == 12
    assert cn_to_int("三千五百") == 3500
    assert cn_to_int("二〇二六") == 2026
    assert cn_to_int("一万二千") == 12000


def test_score_pass_and_failure_kinds():
    q = EvalQuestion(id="1", question="?", expected_sources=["a.md"], answers=["3个工作日"])
    good = {"answer": "应在3个工作日内答复[1]", "refused": False, "citations": [{"n": 1, "source": "a.md", "section": ""}],
            "contexts": [ctx(1, "a.md", "三个工作日内答复")]}
    m = score(q, good, 5)
    assert m["pass"] and m["failure"] is None and m["hit@5"] == 1.0 and m["citation_validity"] == 1.0
    wrong = {**good, "answer": "尽快答复"}
    assert score(q, wrong, 5)["failure"] == "generation"
    missed = {**wrong, "contexts": [ctx(1, "b.md", "别的")]}
    assert score(q, missed, 5)["failure"] == "retrieval"
    refused = {**good, "refused": True}
    m = score(q, refused, 5)
    assert m["false_refusal_rate"] == 1.0 and m["answer_containment"] == 0.0 and m["failure"] == "false_refusal"
    r = EvalQuestion(id="2", question="?", should_refuse=True)
    assert score(r, refused, 5)["refusal_accuracy"] == 1.0 and score(r, refused, 5)["pass"]
    m = score(r, good, 5)
    assert m["refusal_accuracy"] == 0.0 and m["failure"] == "not_refused" and m["false_refusal_rate"] is None


def test_citation_matches_rank_or_clause_inside_heading_path():
    contexts = [ctx(1, "policies/meetings.md", "", "第二章 跨部门例会 > 第五条"), ctx(2, "guidance/a.md", "", "会议节奏")]
    cites = [
        {"n": 1, "source": "policies/meetings.md", "section": "第五条"},   # by rank
        {"n": 9, "source": "policies/meetings.md", "section": "第五条"},   # by clause inside the heading path
        {"n": 2, "source": "guidance/b.md", "section": "会议节奏"},         # wrong source
    ]
    assert citation_validity(cites, contexts) == pytest.approx(2 / 3)


def test_answer_in_first_line_reads_only_the_conclusion():
    from evaluation.metrics import answer_in_first_line, first_line

    answer = "（提示：本地模型超时，已改用摘录式回答。）\n结论：应在1个工作日内响应。 [1]\n1. 紧急需求4小时内响应。 [1]"
    assert first_line(answer) == "结论：应在1个工作日内响应。 [1]"
    assert answer_in_first_line(["1个工作日"], answer) == 1.0
    assert answer_in_first_line(["1个工作日", "4小时"], answer) == 0.0
    assert answer_containment(["1个工作日", "4小时"], answer) == 1.0


def test_score_reports_first_line_next_to_containment():
    q = EvalQuestion(id="a", question="多久响应？", answers=["1个工作日"])
    m = score(q, {"answer": "结论：尽快。\n1. 应在1个工作日内响应。 [1]", "refused": False, "contexts": []}, 5)
    assert m["answer_containment"] == 1.0 and m["answer_in_first_line"] == 0.0


def test_fact_in_passages_says_whether_retrieval_brought_the_fact():
    from evaluation.metrics import fact_in_passages

    contexts = [{"text": "第八条 服务方应在1个工作日内响应。"}, {"text": "第九条 由总经理办公室裁定。"}]
    assert fact_in_passages(["1个工作日", "总经理办公室"], contexts) == 1.0  # each fact in some passage
    assert fact_in_passages(["1个工作日", "法务部"], contexts) == 0.0
    assert fact_in_passages([["一个工作日", "1个工作日"]], contexts) == 1.0
    assert fact_in_passages(["1个工作日"], []) == 0.0
    q = EvalQuestion(id="a", question="多久响应？", answers=["1个工作日"])
    m = score(q, {"answer": "结论：尽快。", "refused": False, "contexts": contexts}, 5)
    assert (m["fact_in_passages"], m["answer_containment"]) == (1.0, 0.0)  # retrieved, not quoted
    refused = score(q, {"answer": "知识库中没有…", "refused": True, "contexts": contexts}, 5)
    assert refused["fact_in_passages"] == 1.0 and refused["answer_containment"] == 0.0  # a false refusal's passages


def test_summary_by_split_from_field_tag_or_splits_folder(tmp_path):
    import json

    from evaluation.dataset import load_questions
    from evaluation.summary import build_summary

    (tmp_path / "splits").mkdir()
    (tmp_path / "splits" / "heldout.txt").write_text("# held-out ids\nc\n", encoding="utf-8")
    rows = [{"id": "a", "question": "q1", "split": "tune"}, {"id": "b", "question": "q2", "tags": ["split:tune"]},
            {"id": "c", "question": "q3"}, {"id": "d", "question": "q4"}]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    questions = {q.id: q for q in load_questions(path)}
    assert questions["a"].split == "tune" and questions["c"].split == "heldout" and questions["d"].split == ""
    scored = [{"id": i, "metrics": {"pass_rate": v}} for i, v in (("a", 1.0), ("b", 0.0), ("c", 1.0), ("d", 0.0))]
    summary = build_summary(scored, questions, 5, {}, {})
    assert set(summary["by_split"]) == {"tune", "heldout"}
    assert summary["by_split"]["tune"]["n"] == 2 and summary["by_split"]["tune"]["metrics"]["pass_rate"]["mean"] == 0.5
    assert summary["by_split"]["heldout"]["metrics"]["pass_rate"]["mean"] == 1.0


def test_split_must_be_a_string(tmp_path):
    import json

    from evaluation.dataset import DatasetError, load_questions

    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"id": "a", "question": "q", "split": 3}), encoding="utf-8")
    with pytest.raises(DatasetError, match="split"):
        load_questions(path)


def test_first_line_fact_share_counts_each_asked_fact():
    from evaluation.metrics import first_line_fact_share
    answer = "结论：服务方应在1个工作日内响应。\n建议步骤：\n1. 升级至总经理办公室。"
    assert first_line_fact_share(["1个工作日", "总经理办公室"], answer) == 0.5
    assert first_line_fact_share([["一个工作日", "1个工作日"]], answer) == 1.0
    assert first_line_fact_share(["总经理办公室"], answer) == 0.0
    assert first_line_fact_share([], answer) == 0.0


def test_verdict_is_read_from_the_first_line_and_scored_against_the_expected_one():
    from evaluation.metrics import stated_verdict

    assert stated_verdict("结论：可以。第七条 … [1]") == "yes" and stated_verdict("**结论**：需要。第十一条 …") == "yes"
    assert stated_verdict("结论：不能直接升级，须先协商。 [1]") == "no" and stated_verdict("Conclusion: No. …") == "no"
    assert stated_verdict("Conclusion: Yes. According to …") == "yes"
    assert stated_verdict("结论：第九条 服务方超过响应时限…可直接发起一级升级。 [1]") is None  # a quoted clause rules on nothing
    assert stated_verdict("结论：能够通过协作平台解决的事项…") is None  # 能 of a clause, not a verdict
    assert stated_verdict("结论：否则须补充调查。") is None and stated_verdict("结论：不是。第七条 …") == "no"
    q = EvalQuestion(id="v", question="还没谈过，能直接升级吗？", answers=["直接沟通协商"], expected_verdict="no")
    wrong = score(q, {"answer": "结论：可以。第五条 双方经办人应首先直接沟通协商…", "refused": False, "contexts": []}, 5)
    assert wrong["verdict_accuracy"] == 0.0 and wrong["wrong_verdict_rate"] == 1.0 and wrong["answer_in_first_line"] == 1.0
    silent = score(q, {"answer": "结论：第五条 双方经办人应首先直接沟通协商…", "refused": False, "contexts": []}, 5)
    assert silent["verdict_accuracy"] is None and silent["wrong_verdict_rate"] == 0.0
    right = score(q, {"answer": "结论：不可以。第五条 …", "refused": False, "contexts": []}, 5)
    assert right["verdict_accuracy"] == 1.0 and right["wrong_verdict_rate"] == 0.0
    unlabelled = score(EvalQuestion(id="u", question="q", answers=["x"]), {"answer": "结论：可以。x", "contexts": []}, 5)
    assert unlabelled["verdict_accuracy"] is None and unlabelled["wrong_verdict_rate"] is None
