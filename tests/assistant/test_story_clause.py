"""``story_clause``: which questions get the model's clause search, the search text made of it, and where its
passages go."""

from __future__ import annotations

from assistant.story import is_story
from assistant.story_clause import CLAUSE_CHARS, FOUND_BY, clause_query, clean_clause, written_last


def test_only_stories_are_searched_with_a_written_clause():
    assert is_story(  # ``Advisor._with_written`` asks ``is_story``
        "我们发起了二级升级，分管副总裁一周多了都没给决定，两个部门都卡着，怎么办？现在还能做什么？")
    assert not is_story("跨部门例会多久开一次？")


def test_the_clause_loses_markdown_and_labels_and_is_capped():
    raw = "**适用情形：** 处理人超过时限未处理的。\n\n**要求：** 发起方可直接升级至上一级。"
    assert clean_clause(raw) == "处理人超过时限未处理的。 发起方可直接升级至上一级。"
    assert len(clean_clause("条" * 500)) == CLAUSE_CHARS
    assert clean_clause("") == ""


def test_the_search_text_is_the_clause_then_the_story():
    assert clause_query("一周多了都没给决定？", "处理人超时的，可升级至上一级。") == "处理人超时的，可升级至上一级。 一周多了都没给决定？"


def test_the_written_passages_come_last_marked_and_scored_as_the_last_plain_one():
    from assistant.retrieval import Hit
    from langchain_core.documents import Document

    plain = [Hit(doc=Document(page_content=t), score=s) for t, s in (("甲", 0.9), ("乙", 0.7), ("丙", 0.5))]
    written = [Hit(doc=Document(page_content=t), score=s) for t, s in (("子", 0.95), ("丑", 0.8))]
    merged = written_last(plain, written)
    assert [h.doc.page_content for h in merged] == ["甲", "乙", "丙", "子", "丑"]
    assert [h.score for h in merged] == [0.9, 0.7, 0.5, 0.5, 0.5]
    assert [h.found_by for h in merged] == ["", "", "", FOUND_BY, FOUND_BY]
    assert merged[3].to_context(4).found_by == FOUND_BY and merged[0].to_context(1).found_by == ""
    assert written_last(plain, []) == plain and [h.found_by for h in written_last([], written)] == [FOUND_BY] * 2
