"""Ranking judged by file: the further passages of one long document do not crowd out other documents'
passages, and near-identical clauses of different files (one template, many universities) are all kept —
on real stores with the bundled model."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.followup import FollowupRewriter
from assistant.fusion import char_ngrams, decay_per_group, drop_duplicates_per_group, jaccard
from assistant.retrieval import (DEFAULT_DOCUMENT_DECAY, DEFAULT_K, DEFAULT_MAX_PER_DOCUMENT, DUPLICATE_JACCARD,
                                 HybridRetriever)
from assistant.story import MIN_STORY_CHARS, is_story

from store_builders import retriever_of, synced_store

TOPICS = ("的登记", "的受理", "的派单", "的响应", "的升级", "的验收", "的回访", "的归档", "的统计", "的考核")
LONG = "---\ntitle: 报修管理规定\ntype: policy\n---\n\n# 报修管理规定\n\n" + "\n\n".join(
    f"第{n}条 报修工单{topic}由行政部负责，报修工单应在规定时限内处理。" for n, topic in zip("一二三四五六七八九十", TOPICS))
GUIDES = {
    "guidance/it.md": "---\ntitle: 信息系统报修指引\n---\n\n电脑或账号故障先在服务台提交报修工单，信息技术部两小时内响应。\n",
    "guidance/car.md": "---\ntitle: 车辆报修说明\n---\n\n公务车辆故障的报修工单交车队，车队当天安排维修。\n",
    "guidance/meeting.md": "---\ntitle: 会议室使用\n---\n\n会议室设备故障时，会后填写报修工单，行政部次日处理。\n",
}
TEMPLATE = ("{name}{year}年普通本科招生章程\n"
            "第一条 为规范招生工作，保证招生工作公平、公正，根据教育部有关规定，结合我校实际，制定本章程。\n"
            "第二条 学校全称为{name}，办学层次为全日制普通本科，学校地址为{city}。\n"
            "第三条 学费按照物价部门核定的标准收取，普通专业每生每年{fee}元，住宿费每生每年1200元。\n"
            "第四条 学校设立奖学金、助学金和勤工助学岗位，家庭经济困难学生可申请国家助学贷款。\n")
SCHOOLS = {
    "admission/north.txt": dict(name="北方理工大学", year=2024, city="北方省东山市", fee=5200),
    "admission/south.txt": dict(name="南方理工大学", year=2024, city="南方省西海市", fee=5800),
    "admission/east.txt": dict(name="东方理工大学", year=2024, city="东方省北湖市", fee=5500),
}


def _store(tmp_path: Path, make_settings, embeddings, files: dict[str, str]) -> HybridRetriever:
    root = tmp_path / "kb"
    settings = make_settings(tmp_path / "data", knowledge_dir=root)
    return retriever_of(settings, synced_store(settings, embeddings, root, files), embeddings)


def test_duplicates_are_dropped_within_a_document_or_when_identical_only():
    text = "学费按照物价部门核定的标准收取，普通专业每生每年5200元，住宿费每生每年1200元。"
    near = text.replace("5200", "5800")
    items = [("a", "甲大学", text), ("a", "甲大学", near), ("b", "乙大学", near), ("c", "甲大学", text), ("d", "丁大学", "完全不同的内容")]
    kept = drop_duplicates_per_group(items, lambda i: i[2], lambda i: i[0], lambda i: i[1] + i[2])
    # same document near-duplicate dropped; another file's near-identical passage kept; identical header+text dropped
    assert kept == [items[0], items[2], items[4]]


def test_decay_per_group_lets_another_documents_best_passage_ahead():
    items = [("a", 1.0), ("a", 0.98), ("a", 0.97), ("b", 0.9), ("c", 0.5)]
    order = [i for i, _ in decay_per_group(items, lambda i: i[1], lambda i: i[0], 0.9)]
    assert order == [items[0], items[3], items[1], items[2], items[4]]  # a2 0.882, a3 0.786 fall behind b1
    assert [i for i, _ in decay_per_group(items, lambda i: i[1], lambda i: i[0], 1.0)] == items
    with pytest.raises(ValueError, match="decay"):
        decay_per_group(items, lambda i: i[1], lambda i: i[0], 1.5)


POLICY = "policies/repair.md"


def test_a_long_documents_further_passages_do_not_crowd_out_other_documents(tmp_path, make_settings, embeddings):
    retriever = _store(tmp_path, make_settings, embeddings, {POLICY: LONG, **GUIDES})
    question = "报修工单的受理和派单由谁负责？"

    def ranking(**update: object) -> list[str]:
        hits = retriever.model_copy(update=update).search(question, k=8).hits
        return [h.doc.metadata["source"] for h in hits]

    # Without diversity the long policy's clauses take every place: no guide reaches the default k.
    crowded = ranking(max_per_document=None, document_decay=1.0)
    assert not set(GUIDES) & set(crowded[:DEFAULT_K]), crowded
    # With the decay and the cap (and with each of them alone) every guide ranks ahead of the policy's
    # passages beyond its third, and the policy still ranks first.
    for update in ({}, {"max_per_document": None}, {"document_decay": 1.0}):
        sources = ranking(**update)
        assert sources[0] == POLICY, (update, sources)
        assert set(GUIDES) <= set(sources), (update, sources)
        fourth = [i for i, s in enumerate(sources) if s == POLICY][3]
        assert max(sources.index(g) for g in GUIDES) < fourth, (update, sources)
    hits = retriever.search(question).hits  # the default k holds every document
    assert len(hits) == DEFAULT_K and set(GUIDES) <= {h.doc.metadata["source"] for h in hits}
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_a_story_keeps_every_clause_of_its_policy(tmp_path, make_settings, embeddings):
    """A story (``story.is_story``) is ranked without the cap and the decay: the policy that
    governs it keeps its clauses ahead of the guides, where a short question about the same thing caps it at 3."""
    retriever = _store(tmp_path, make_settings, embeddings, {POLICY: LONG, **GUIDES})
    story = "我们部门上周报了三次设备故障，报修工单一直没人受理也没人派单，行政部说不归他们管，这种情况到底该谁负责？"
    assert is_story(story)
    assert retriever.diversity_for(story) == (None, 1.0)
    assert retriever.diversity_for("报修工单的受理和派单由谁负责？") == (DEFAULT_MAX_PER_DOCUMENT, DEFAULT_DOCUMENT_DECAY)

    def sources(query: str, **update: object) -> list[str]:
        return [h.doc.metadata["source"] for h in retriever.model_copy(update=update).search(query, k=8).hits]

    uncapped = sources(story, max_per_document=None, document_decay=1.0)
    assert sources(story) == uncapped
    assert uncapped.count(POLICY) > DEFAULT_MAX_PER_DOCUMENT and uncapped[:DEFAULT_K].count(POLICY) >= 4, uncapped
    capped = sources(story, story_max_per_document=DEFAULT_MAX_PER_DOCUMENT, story_document_decay=DEFAULT_DOCUMENT_DECAY)
    assert capped[:DEFAULT_K].count(POLICY) <= DEFAULT_MAX_PER_DOCUMENT, capped


def test_a_rewritten_followup_is_searched_as_the_short_question_it_is(tmp_path, make_settings, embeddings):
    """The rewriter's context prefix makes a short follow-up long; it is not a story for that (round 36: 41 of the
    86 follow-ups of evals/ were searched without the per-document cap)."""
    rewritten = FollowupRewriter().rewrite("那我不放网盘，直接用公司邮箱发给他们行不行？", [
        {"role": "user", "content": "部门之间的工作文档放到共享网盘，算不算属于内部资料？"},
        {"role": "assistant", "content": "属于内部级信息，可以在公司内部共享。"}])
    assert rewritten.startswith("关于") and len(rewritten) > MIN_STORY_CHARS, rewritten
    assert not is_story(rewritten)
    retriever = _store(tmp_path, make_settings, embeddings, {POLICY: LONG, **GUIDES})
    assert retriever.diversity_for(rewritten) == (DEFAULT_MAX_PER_DOCUMENT, DEFAULT_DOCUMENT_DECAY)
    story = "关于报修、工单：" + "我们部门上周报了三次设备故障，报修工单一直没人受理也没人派单，行政部说不归他们管，这种情况到底该谁负责？"
    assert is_story(story)  # a story stays one behind the prefix


def test_near_duplicate_clauses_of_different_files_are_all_kept(tmp_path, make_settings, embeddings):
    files = {name: TEMPLATE.format(**school) for name, school in SCHOOLS.items()}
    retriever = _store(tmp_path, make_settings, embeddings, files)
    for name, school in SCHOOLS.items():
        hits = retriever.search(f"{school['name']}的学费是每年多少元？", k=5).hits
        found = [(h.doc.metadata["source"], h.doc.page_content[:12]) for h in hits]
        assert found[0][0] == name and str(school["fee"]) in hits[0].doc.page_content, found
        # every school's fee clause is kept, though they are near-duplicates by the retriever's own measure
        fee = {h.doc.metadata["source"]: h.doc.page_content for h in hits if h.doc.page_content.startswith("第三条")}
        assert set(fee) == set(SCHOOLS), found
        other = next(text for source, text in fee.items() if source != name)
        assert jaccard(char_ngrams(fee[name]), char_ngrams(other)) > DUPLICATE_JACCARD
    # a clause word for word the same in every school's rules: each school's copy is a source of its own
    hits = retriever.search("家庭经济困难的学生可以申请什么资助？", k=5).hits
    same = [h.doc.metadata["source"] for h in hits if h.doc.page_content.startswith("第四条")]
    assert sorted(same) == sorted(SCHOOLS), [(h.doc.metadata["source"], h.doc.page_content[:12]) for h in hits]
