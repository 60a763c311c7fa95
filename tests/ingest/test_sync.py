"""Incremental sync: accounting, embedding reuse, bad input, orphans, the writer lock."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from fixtures_docs import POLICY_MD, write_text

from ingest.keyword_index import KeywordIndex, saved_generation
from ingest.store import KnowledgeStore
from ingest.sync import SyncBusyError, Syncer


def md(title: str, *sections: tuple[str, str]) -> str:
    body = "".join(f"## {h}\n\n{t}\n\n" for h, t in sections)
    return f"---\ntitle: {title}\ntype: guidance\ndepartment: 组织发展部\n---\n\n# {title}\n\n{body}"


DOCS = {
    "guidance/a.md": md("沟通机制", ("渠道", "各部门指定对接人，跨部门问题在一个工作日内回复。"),
                        ("例会", "每周例会通报协作事项进展，会后发纪要。")),
    "guidance/b.md": md("资源共享", ("数据", "客户数据统一放在共享平台，按权限开放。"),
                        ("工具", "项目管理工具全公司统一，不再各自采购。")),
    "policies/c.md": md("升级路径", ("时限", "分歧三个工作日未解决的，提交共同上级决定。")),
}


def write_docs(folder: Path, docs: dict[str, str]) -> None:
    for rel, text in docs.items():
        write_text(folder / rel, text)


@pytest.fixture()
def env(tmp_path, make_settings, embeddings):
    folder = tmp_path / "kb"
    write_docs(folder, DOCS)
    # whole_doc_factor=0: these tiny documents keep one chunk per section, so reuse is visible per section
    settings = make_settings(tmp_path / "data", knowledge_dir=folder, whole_doc_factor=0)
    store = KnowledgeStore.open(settings, embeddings)
    return settings, store, Syncer(settings, store, embeddings), folder


def visible_versions(store: KnowledgeStore) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in store.get_chunks():
        out.setdefault(d.metadata["source"], set()).add(d.metadata["version_key"])
    return out


def test_add_update_delete_rename_unchanged(env):
    settings, store, syncer, folder = env
    first = syncer.sync(folder, progress=False)
    assert sorted(first.added) == sorted(DOCS) and not first.failed and first.exit_code == 0
    total = store.count()
    assert total == 5 and first.chunks_embedded == 5 and first.chunks_reused == 0
    assert store.collection.count() == total
    gen1, fp1 = store.generation(), store.fingerprint()
    assert saved_generation(settings) == gen1

    again = syncer.sync(folder, progress=False)
    assert sorted(again.unchanged) == sorted(DOCS) and not again.changed
    assert again.chunks_embedded == 0 and not again.keyword_index_rebuilt
    assert store.generation() == gen1 and store.fingerprint() == fp1

    # touching a file (same bytes, new mtime) costs nothing
    os.utime(folder / "guidance/a.md", (1, 1))
    touched = syncer.sync(folder, progress=False)
    assert touched.chunks_embedded == 0 and "guidance/a.md" in touched.unchanged

    # change one of b's two sections: one chunk embedded, one reused, old version gone
    old_b = next(r for r in store.documents() if r.source == "guidance/b.md")
    write_text(folder / "guidance/b.md", DOCS["guidance/b.md"].replace("统一，不再各自采购", "统一采购，按季度评估"))
    upd = syncer.sync(folder, progress=False)
    assert upd.updated == ["guidance/b.md"] and upd.chunks_embedded == 1 and upd.chunks_reused == 1
    new_b = next(r for r in store.documents() if r.source == "guidance/b.md")
    assert new_b.version_key != old_b.version_key
    assert visible_versions(store)["guidance/b.md"] == {new_b.version_key}
    assert store.collection.count() == store.count() == total
    assert store.fingerprint() != fp1

    # delete c: its chunks leave Chroma
    (folder / "policies/c.md").unlink()
    rem = syncer.sync(folder, progress=False)
    assert rem.removed == ["policies/c.md"] and store.collection.count() == store.count() == 4

    # rename a -> a2 and copy it: nothing is embedded twice
    shutil.move(folder / "guidance/a.md", folder / "guidance/a2.md")
    shutil.copy(folder / "guidance/a2.md", folder / "guidance/a3.md")
    moved = syncer.sync(folder, progress=False)
    assert sorted(moved.added) == ["guidance/a2.md", "guidance/a3.md"] and moved.removed == ["guidance/a.md"]
    assert moved.chunks_embedded == 0 and moved.chunks_reused == 4
    assert set(visible_versions(store)) == {"guidance/a2.md", "guidance/a3.md", "guidance/b.md"}
    assert store.collection.count() == store.count() == 6

    index = KeywordIndex.load(settings)
    assert index is not None and index.generation == store.generation() == saved_generation(settings)
    hits = [index.chunk(cid) for cid, _ in index.search("按季度评估", 3)]
    assert hits and hits[0].metadata["version_key"] == new_b.version_key
    assert not index.search("各自", 3), "the old version of b is still keyword-searchable"


def test_bad_input_never_stops_the_batch_nor_touches_the_stored_version(env):
    settings, store, syncer, folder = env
    syncer.sync(folder, progress=False)
    live_before = {r.source: r.version_key for r in store.documents()}

    write_text(folder / "guidance/a.md", "---\ntitle: [broken\n---\n# x\n\n正文")  # bad YAML on a stored doc
    write_text(folder / "guidance/empty.md", "")
    (folder / "guidance/sheet.xlsx").write_bytes(b"PK\x03\x04 not really")
    (folder / "guidance/broken.docx").write_bytes(b"this is not a zip file")
    (folder / "guidance/scan.pdf").write_bytes(b"%PDF-1.4 garbage")
    write_text(folder / "policies/new.md", POLICY_MD)

    report = syncer.sync(folder, progress=False)
    assert report.exit_code == 1
    assert report.added == ["policies/new.md"]
    failed = {Path(f.path).name: f for f in report.failed}
    assert set(failed) == {"a.md", "empty.md", "sheet.xlsx", "broken.docx", "scan.pdf"}
    for f in report.failed:
        assert f.problem and f.remedy and "\n" not in str(f)
    assert "YAML" in failed["a.md"].problem and "unsupported" in failed["sheet.xlsx"].problem
    live_after = {r.source: r.version_key for r in store.documents()}
    assert live_after["guidance/a.md"] == live_before["guidance/a.md"], "a failed update replaced the stored version"
    assert visible_versions(store)["guidance/a.md"] == {live_before["guidance/a.md"]}


def test_orphans_are_invisible_and_removed_by_next_sync(env, embeddings):
    settings, store, syncer, folder = env
    syncer.sync(folder, progress=False)
    live = store.documents()
    # a half-finished update: new chunks upserted, manifest never switched (a crash after upsert)
    chunks = store.get_chunks([live[0].version_key])
    ghost_key = f"{live[0].source}#deadbeef"
    for c in chunks:
        c.metadata["version_key"] = ghost_key
        c.page_content = "幽灵版本 " + c.page_content
    store.put_chunks(chunks, embeddings.encode([c.page_content for c in chunks]))
    assert store.collection.count() == store.count() + len(chunks)
    seen = {d.metadata["version_key"] for d, _ in store.dense_search(embeddings.embed_query("幽灵版本"), 20)}
    assert ghost_key not in seen and seen
    assert ghost_key not in {d.metadata["version_key"] for d in store.get_chunks()}

    report = syncer.sync(folder, progress=False)
    assert report.orphans_removed == len(chunks) and store.collection.count() == store.count()


def test_missing_chunks_are_reingested(env):
    settings, store, syncer, folder = env
    syncer.sync(folder, progress=False)
    victim = store.documents()[0]
    store.collection.delete(where={"version_key": victim.version_key})
    report = syncer.sync(folder, progress=False)
    assert report.updated == [victim.source] and report.chunks_embedded == victim.chunk_count
    assert store.collection.count() == store.count()


def test_second_writer_gets_a_clear_error(env):
    settings, store, syncer, folder = env
    with syncer._writer():
        with pytest.raises(SyncBusyError, match="another ingest command"):
            syncer.sync(folder, progress=False)


def test_add_and_remove_single_files(env, tmp_path):
    settings, store, syncer, folder = env
    report = syncer.add([folder / "guidance/a.md"], progress=False)
    assert report.added == ["guidance/a.md"]
    outside = write_text(tmp_path / "elsewhere" / "note.md", md("外部", ("说明", "外部文件也可以单独加入。")))
    report = syncer.add([outside, tmp_path / "missing.md"], progress=False)
    assert report.added == ["note.md"] and report.exit_code == 1
    report = syncer.remove(["note.md", str(folder / "guidance/a.md"), "nope.md"])
    assert sorted(report.removed) == ["guidance/a.md", "note.md"] and [f.path for f in report.failed] == ["nope.md"]
    assert store.documents() == [] and store.collection.count() == 0
