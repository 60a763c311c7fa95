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
