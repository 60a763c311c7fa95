"""Ranking judged by file: one long document does not fill the top 5, and near-identical documents of
different sources (one template, many universities) are all kept — on real stores with the bundled model."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.fusion import decay_per_group, drop_duplicates_per_group
from assistant.retrieval import HybridRetriever
from ingest.store import KnowledgeStore
from ingest.sync import Syncer

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
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path / "data", knowledge_dir=root)
    store = KnowledgeStore.open(settings, embeddings)
    assert not Syncer(settings, store, embeddings).sync(root, progress=False).failed
    return HybridRetriever.from_settings(settings, store=store, embeddings=embeddings)


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


def test_one_long_document_does_not_fill_the_top_5(tmp_path, make_settings, embeddings):
    retriever = _store(tmp_path, make_settings, embeddings, {"policies/repair.md": LONG, **GUIDES})
    question = "报修工单的受理和派单由谁负责？"
    crowded = retriever.model_copy(update={"max_per_document": None, "document_decay": 1.0}).search(question, k=5)
    crowded_sources = [h.doc.metadata["source"] for h in crowded.hits]
    assert crowded_sources.count("policies/repair.md") >= 4  # without diversity the long policy fills the list
    hits = retriever.search(question, k=6).hits
    sources = [h.doc.metadata["source"] for h in hits]
    assert sources[0] == "policies/repair.md"
    # Dense-led fusion (RRF constants 20/60) keeps dense's order here: the policy holds its 3 allowed places
    # (cap 3) and the other documents still get the rest; every short guide reaches the default k = 6.
    # (A stronger decay, 0.8, put all three guides in the top 5 but cost evals/ tune hit@5 0.889 -> 0.870.)
    assert sources[:5].count("policies/repair.md") <= 3, sources
    assert len(set(GUIDES) & set(sources[:5])) >= 2, sources
    assert set(GUIDES) <= set(sources), sources
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_template_documents_of_different_sources_are_all_retrievable(tmp_path, make_settings, embeddings):
    files = {name: TEMPLATE.format(**school) for name, school in SCHOOLS.items()}
    retriever = _store(tmp_path, make_settings, embeddings, files)
    for name, school in SCHOOLS.items():
        hits = retriever.search(f"{school['name']}的学费是每年多少元？", k=5).hits
        sources = [h.doc.metadata["source"] for h in hits]
        assert sources[0] == name, (school["name"], sources)
        assert set(SCHOOLS) <= set(sources), sources  # the other schools' identical clauses are not dropped
        assert str(school["fee"]) in hits[0].doc.page_content
    # a clause word for word the same in every school's rules: each school's copy is a source of its own
    hits = retriever.search("家庭经济困难的学生可以申请什么资助？", k=5).hits
    same = [h.doc.metadata["source"] for h in hits if h.doc.page_content.startswith("第四条")]
    assert sorted(same) == sorted(SCHOOLS), [(h.doc.metadata["source"], h.doc.page_content[:12]) for h in hits]
