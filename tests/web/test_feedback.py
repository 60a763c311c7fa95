"""Feedback storage and its export as evaluation questions (read back with the evaluation loader)."""

from __future__ import annotations

from evaluation.dataset import load_questions
from web.feedback import FeedbackStore

CITES = [{"n": 1, "source": "policies/meetings.md", "title": "跨部门会议管理规定", "section": "第十五条", "text": "…"},
         {"n": 2, "source": "policies/meetings.md", "title": "跨部门会议管理规定", "section": "第五条", "text": "…"}]


def test_rating_upserts_and_comment(tmp_path):
    fb = FeedbackStore(tmp_path / "app.sqlite3")
    first = fb.record("hr", "c1:0", "down", question="q", answer="a", citations=CITES, llm="local")
    again = fb.record("hr", "c1:0", "up", question="q", answer="a", citations=CITES, llm="local")
    assert first == again
    assert fb.comment("hr", "c1:0", " 很有用 ") and not fb.comment("hr", "missing", "x")
    [item] = fb.items()
    assert item.rating == "up" and item.comment == "很有用" and item.llm == "local" and item.citations[0]["text"] == "…"
    assert fb.counts() == {"up": 1, "down": 0}


def test_export_is_valid_evaluation_input(tmp_path):
    fb = FeedbackStore(tmp_path / "app.sqlite3")
    history = [{"role": "user", "content": "会议纪要多久发出？"}, {"role": "assistant", "content": "24小时内。"}]
    fb.record("hr", "c1:1", "up", question="有异议呢？", answer="两个工作日内提出。[1]", citations=CITES,
              llm="extractive", history=history)
    fb.record("hr", "c2:0", "down", question="怎么推进？", answer="…", citations=[], llm="local", comment="太笼统")
    fb.record("sales", "c3:0", "up", question="天气如何？", answer="知识库中没有…", citations=[], llm="none", refused=True)
    out = tmp_path / "exports" / "feedback.jsonl"
    assert fb.export_jsonl(out) == 3

    questions = {q.id: q for q in load_questions(out)}
    up, down, refused = questions["feedback-1"], questions["feedback-2"], questions["feedback-3"]
    assert up.reference_answer == "两个工作日内提出。[1]" and up.expected_sources == ["policies/meetings.md"]
    assert up.history == history and up.tags == ["feedback", "up"]
    assert down.tags == ["feedback", "down"] and not down.reference_answer and not down.expected_sources
    assert refused.should_refuse and not refused.reference_answer


def test_a_thumbs_up_names_the_passages_its_first_line_cites_as_evidence(tmp_path):
    cites = [{"n": 1, "source": "policies/sla.md", "title": "内部服务时限规定", "section": "第八条",
              "text": "第八条 服务方应在收到需求单后1个工作日内作出响应，\n明确受理、协商调整或退回；" + "标注为紧急的需求" * 10},
             {"n": 2, "source": "policies/sla.md", "title": "内部服务时限规定", "section": "第七条", "text": "第七条 P1级…"}]
    fb = FeedbackStore(tmp_path / "app.sqlite3")
    fb.record("hr", "c1:0", "up", question="需求单多久响应？", llm="extractive", citations=cites,
              answer="结论：1个工作日内作出响应。 [1]\n建议步骤：\n1. P1级15分钟内响应。 [2]")
    fb.record("hr", "c2:0", "up", question="紧急的呢？", llm="local", citations=cites, answer="见下。\n1. 4小时。[1][2]")
    first, second = (q.evidence_any for q in load_questions(_exported(fb, tmp_path)))
    assert first == [("第八条服务方应在收到需求单后1个工作日内作出响应，明确受理、协商调整或退回；" + "标注为紧急的需求" * 10)[:80]]
    assert len(first[0]) == 80 and " " not in first[0]  # the cited passage's opening, whitespace removed
    assert second == [first[0], "第七条P1级…"]  # the first line cites nothing: every cited passage


def _exported(fb: FeedbackStore, tmp_path):
    out = tmp_path / "feedback.jsonl"
    fb.export_jsonl(out)
    return out
