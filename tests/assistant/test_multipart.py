"""Multi-part questions: a later asked part gets its own search, so its clause reaches the answer
even when the plain search for the whole question misses it (real Chroma, bundled model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.advisor import Advisor
from assistant.multipart import merge_contexts, part_queries
from assistant.question_types import QType
from assistant.refusal import RefusalThresholds
from assistant.types import Context

from store_builders import extractive_advisor, policy_files, synced_store

# Many clauses about who runs the quarterly review (主持/组织/参加); the one that says how often it
# meets is short, in another document, and shares few words with the question.
FILES = {
    "policies/review-chair.md": ("季度复盘会主持规定", [
        "**第二条** 季度复盘会由分管运营的副总裁主持，主持人负责确定议程和控制会议时间。",
    ]),
    "policies/review-deputy.md": ("季度复盘会主持准备规定", [
        "**第三条** 季度复盘会主持人应当提前熟悉各部门提交的复盘材料，并准备主持提纲。",
    ]),
    "policies/review-people.md": ("季度复盘会参会规定", [
        "**第四条** 季度复盘会由各部门负责人参加，主持人可以邀请项目经理列席季度复盘会。",
    ]),
    "policies/review-list.md": ("季度复盘会名单规定", [
        "**第五条** 季度复盘会的参会人员名单由主持人确认，参会人员不得无故缺席季度复盘会。",
    ]),
    "policies/review-agenda.md": ("季度复盘会议程规定", [
        "**第六条** 季度复盘会的议程由主持人审定，各部门应在会前提交本部门的复盘材料。",
    ]),
    "policies/review-close.md": ("季度复盘会总结规定", [
        "**第七条** 季度复盘会由主持人总结，主持人应当在会上明确各项改进事项的负责部门。",
    ]),
    "policies/calendar.md": ("公司会议日历", [
        "**第九条** 复盘类会议安排在每季度末月的第二周，会期不超过半天。",
        "**第十条** 公司年会每年一月召开，由总经理办公室负责筹备。",
    ]),
}
QUESTION = "季度复盘会由谁主持？多久开一次？"


@pytest.fixture(scope="module")
def advisor(make_settings, embeddings, tmp_path_factory) -> Advisor:
    root = tmp_path_factory.mktemp("multipart") / "kb"
    settings = make_settings(root.parent / "data", knowledge_dir=root)
    files = policy_files("运营部", FILES)
    return extractive_advisor(settings, synced_store(settings, embeddings, root, files), embeddings,
                              root.parent / "app.sqlite3",
                              thresholds=RefusalThresholds(hard=0.0, soft=0.0, min_coverage=0.0, owner=0.0))


def test_the_plain_search_misses_the_second_parts_clause(advisor):
    """The premise: the clause answering 多久开一次 is not among the passages for the whole question."""
    texts = [c.text for c in advisor.retrieve(QUESTION, k=4)]
    assert not any("第二周" in t for t in texts)


def test_a_later_part_is_answered_from_its_own_search(advisor):
    answer = advisor.ask(QUESTION, k=4)
    assert not answer.refused
    first = answer.answer.splitlines()[0]
    assert "副总裁" in first  # the first part
    assert "第二周" in first  # the second part, from the clause only the part search found
    assert any("第二周" in c.text for c in answer.contexts[4:])  # added after the plain passages
    cited = {c.n for c in answer.citations}
    assert cited and all(1 <= n <= len(answer.contexts) for n in cited)
    assert any("第二周" in c.text for c in answer.citations)


def test_a_one_part_question_gets_no_extra_search(advisor):
    answer = advisor.ask("季度复盘会由谁主持？", k=4)
    assert len(answer.contexts) == 4


def test_part_queries_keep_the_topic():
    queries = part_queries("跨部门例会由谁主持？多久开一次？")
    assert queries == [("跨部门例会 多久开一次？", QType.TIME)]
    assert part_queries("跨部门例会多久开一次？") == []
    assert part_queries("最多多少？超过了怎么办？") == []  # a later 怎么办 is answered by the steps
    # the stated context is used when the asked parts say too little about the topic
    (query, _), = part_queries("协调委员会的裁决我们部门不认可，必须执行吗？能申诉吗？")
    assert "协调委员会" in query and query.endswith("能申诉吗？")


def _ctx(rank: int, text: str, chunk: str) -> Context:
    return Context(rank=rank, source=f"{chunk}.md", section="", text=text, score=0.5, chunk_id=chunk)


def test_merge_appends_new_passages_deduplicated_and_capped():
    plain = [_ctx(1, "甲", "a"), _ctx(2, "乙", "b")]
    extra = [[_ctx(1, "乙", "b"), _ctx(2, "丙", "c"), _ctx(3, "丁", "d")], [_ctx(1, "戊", "e"), _ctx(2, "己", "f")]]
    merged = merge_contexts(plain, extra, per_part=1, max_extra=2)
    assert [c.chunk_id for c in merged] == ["a", "b", "c", "e"]  # plain first: their [n] stay valid
    assert [c.rank for c in merged] == [1, 2, 3, 4]
    assert [c.chunk_id for c in merge_contexts(plain, extra, per_part=2, max_extra=3)] == ["a", "b", "c", "d", "e"]
