"""The case index is kept with the store (``<data_dir>/cases/<key>.npz``), like the glossary.

Real Chroma on a temp dir and the bundled embedding model; the embedder is wrapped only to count its calls.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant import store_file
from assistant.case_clauses import CaseClauses, CaseIndex, case_index_path
from assistant.retrieval import HybridRetriever
from assistant.store_file import load_npz, save_npz
from assistant.store_glossary import StoreGlossary, build_for, glossary_path

_POLICY = (
    "---\ntitle: 会议室使用规定\ntype: policy\ndepartment: 行政部\n---\n\n# 会议室使用规定\n\n## 第一章 预约\n\n"
    "**第三条** 各部门预约会议室须提前一天在行政平台登记。\n\n"
    "**第四条** 预约后无故未使用超过两次的，行政部暂停该部门一个月的预约权限。\n\n"
    "**第五条** 会议结束后未恢复桌椅摆放的，由行政部通报该部门。\n"
)
_NEW_CLAUSE = "\n**第六条** 在会议室内吸烟的，由行政部处以罚款。\n"


class CountingEmbeddings(Embeddings):
    """The bundled model, counting how many texts it is asked to embed as passages."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.calls = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.fixture()
def rooms(make_settings, embeddings, tmp_path):
    """A store of one policy (synced); returns ``(settings, store, corpus dir, sync)``."""
    from ingest.store import KnowledgeStore
    from ingest.sync import Syncer

    corpus = tmp_path / "corpus"
    (corpus / "policies").mkdir(parents=True)
    (corpus / "policies" / "rooms.md").write_text(_POLICY, encoding="utf-8")
    settings = make_settings(tmp_path / "data", knowledge_dir=corpus)
    store = KnowledgeStore.open(settings, embeddings)

    def sync() -> None:
        assert not Syncer(settings, store, embeddings).sync(corpus, progress=False).failed

    sync()
    return settings, store, corpus, sync


def _clauses(settings, store, embeddings) -> tuple[CaseClauses, CountingEmbeddings]:
    counting = CountingEmbeddings(embeddings)
    return CaseClauses(HybridRetriever.from_settings(settings, store=store, embeddings=counting)), counting


def test_the_case_vectors_are_saved_once_and_reused(rooms, embeddings):
    settings, store, _corpus, _sync = rooms
    first, counted = _clauses(settings, store, embeddings)
    built = first.index()
    assert counted.calls == 1 and built.cases == ["预约后无故未使用超过两次", "会议结束后未恢复桌椅摆放"]
    path = case_index_path(store)
    assert path.is_file() and path.parent == Path(settings.data_dir) / "cases"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind

    second, again = _clauses(settings, store, embeddings)  # another process on the same store
    loaded = second.index()
    assert again.calls == 0  # the saved vectors, not the embedder
    assert loaded.cases == built.cases and loaded.owner == built.owner
    assert np.array_equal(loaded.vectors, built.vectors)
    assert [d.metadata["clause"] for d in loaded.docs] == ["第四条", "第五条"]
    assert second.search("我们预约后无故没有使用会议室 已经超过两次")[0][0].metadata["clause"] == "第四条"


def test_a_sync_that_changes_a_policy_rebuilds_the_file(rooms, embeddings):
    settings, store, corpus, sync = rooms
    cases, counted = _clauses(settings, store, embeddings)
    cases.index()
    old = case_index_path(store)
    policy = corpus / "policies" / "rooms.md"
    policy.write_text(policy.read_text(encoding="utf-8") + _NEW_CLAUSE, encoding="utf-8")
    sync()
    new = case_index_path(store)
    assert new != old  # named by the documents
    assert "在会议室内吸烟" in cases.index().cases and counted.calls == 2
    assert new.is_file()
    assert [p.name for p in new.parent.iterdir()] == [new.name]  # the old documents' file is removed
    fresh, again = _clauses(settings, store, embeddings)
    assert "在会议室内吸烟" in fresh.index().cases and again.calls == 0


@pytest.mark.parametrize("damage", ["truncated", "garbage", "old format", "other cases"])
def test_a_damaged_or_stale_file_is_rebuilt(rooms, embeddings, damage):
    settings, store, _corpus, _sync = rooms
    built = _clauses(settings, store, embeddings)[0].index()
    path = case_index_path(store)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x80\x04not an archive at all")
    elif damage == "old format":
        save_npz(path, "0", cases=np.array(built.cases, dtype=str), vectors=built.vectors)
    else:  # the case extractor changed since the file was written
        save_npz(path, "1", cases=np.array(["别的情形"], dtype=str), vectors=built.vectors[:1])
    assert CaseIndex.load(path, store.get_chunks()) is None
    cases, counted = _clauses(settings, store, embeddings)
    rebuilt = cases.index()
    assert counted.calls == 1 and rebuilt.cases == built.cases
    assert np.allclose(rebuilt.vectors, built.vectors, atol=1e-6)
    assert CaseIndex.load(path, store.get_chunks()) is not None  # written again, readable


def test_an_interrupted_write_leaves_no_half_file(tmp_path, monkeypatch):
    path = tmp_path / "cases" / "x.npz"
    save_npz(path, "1", cases=np.array(["甲"], dtype=str), vectors=np.ones((1, 2), dtype=np.float32))
    plain = tmp_path / "plain"
    plain.write_bytes(b"")
    assert path.stat().st_mode == plain.stat().st_mode  # the usual mode: other users of the data dir can read it

    def fail(handle, **arrays):
        handle.write(b"PK\x03\x04half")
        raise OSError("disk full")

    monkeypatch.setattr(store_file.np, "savez", fail)
    with pytest.raises(OSError, match="disk full"):
        save_npz(path, "1", cases=np.array(["乙"], dtype=str), vectors=np.zeros((1, 2), dtype=np.float32))
    assert [p.name for p in path.parent.iterdir()] == ["x.npz"]  # the temp file is gone
    assert [str(c) for c in load_npz(path, "1")["cases"]] == ["甲"]  # the old file is intact


def test_the_glossary_shares_the_file_mechanism(rooms, embeddings):
    settings, store, _corpus, _sync = rooms
    glossary = build_for(store, embeddings)
    path = glossary_path(store)
    assert path.parent == Path(settings.data_dir) / "glossary" and path.is_file()
    assert path.name != case_index_path(store).name  # the format is part of the name
    path.write_bytes(b"\x80\x04garbage, not a zip")  # the glossary loads with pickles allowed: must not unpickle this
    assert StoreGlossary.load(path, embeddings, "") is None
    assert build_for(store, embeddings).terms == glossary.terms
    assert StoreGlossary.load(path, embeddings, "") is not None


def test_a_write_removes_other_keys_and_stale_temp_files_only(tmp_path):
    folder = tmp_path / "cases"
    old = folder / "old.npz"
    save_npz(old, "1", cases=np.array(["甲"], dtype=str), vectors=np.ones((1, 2), dtype=np.float32))
    stale, fresh = folder / "x.npz.dead.tmp", folder / "x.npz.busy.tmp"
    stale.write_bytes(b"PK half")
    fresh.write_bytes(b"PK another writer, still writing")
    hour_ago = time.time() - store_file.STALE_TEMP_SECONDS - 60
    os.utime(stale, (hour_ago, hour_ago))
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "other-kind.npz").write_bytes(b"PK")
    new = folder / "new.npz"
    save_npz(new, "1", cases=np.array(["乙"], dtype=str), vectors=np.zeros((1, 2), dtype=np.float32))
    assert sorted(p.name for p in folder.iterdir()) == ["new.npz", "x.npz.busy.tmp"]
    assert (tmp_path / "glossary" / "other-kind.npz").is_file()  # another kind's folder is not touched
    assert [str(c) for c in load_npz(new, "1")["cases"]] == ["乙"]


def test_load_or_build_reads_first_and_keeps_what_it_cannot_save(tmp_path, caplog):
    """The one load-or-build step of the glossary, case and English index files; a failing save is injected."""
    class Derived:
        def __init__(self, fail: bool = False) -> None:
            self.fail = fail

        def save(self, path: Path) -> None:
            if self.fail:
                raise OSError("read-only file system")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"saved")

    path = tmp_path / "kind" / "key.npz"
    read = lambda p: Derived() if p.is_file() else None  # noqa: E731
    built: list[Derived] = []

    def build() -> Derived:
        built.append(Derived())
        return built[-1]

    first = store_file.load_or_build(path, read, build, "test index")
    assert first is built[0] and path.read_bytes() == b"saved"
    second = store_file.load_or_build(path, read, build, "test index")
    assert len(built) == 1 and second is not first  # read from the file, not built again

    other = tmp_path / "read-only" / "key.npz"
    kept = store_file.load_or_build(other, read, lambda: Derived(fail=True), "test index")
    assert kept is not None and not other.exists()
    assert "could not save the test index" in caplog.text
    assert store_file.load_or_build(other, read, lambda: None, "test index") is None
