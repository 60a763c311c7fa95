"""Inside ``one_generation`` a reader keeps the generation it began with while a writer commits.

Real Chroma store on ``tmp_path``, the bundled embedding model, two ``KnowledgeStore`` views of it (two processes').
"""

from __future__ import annotations

from fixtures_docs import GUIDE, POLICY_MD, write_text

from ingest.store import KnowledgeStore
from ingest.sync import Syncer


def test_inside_the_block_a_reader_keeps_its_generation_while_a_writer_commits(tmp_path, make_settings, embeddings):
    kb = tmp_path / "kb"
    write_text(kb / "guidance/channels.md", GUIDE)
    settings = make_settings(tmp_path / "data", knowledge_dir=kb)
    writer = KnowledgeStore.open(settings, embeddings)
    Syncer(settings, writer, embeddings).sync(kb, progress=False)
    reader = KnowledgeStore.open(settings, embeddings)  # another process's view of the same store
    before = reader.generation()
    assert {d.source for d in reader.documents()} == {"guidance/channels.md"}  # read once, as by an earlier question
    with reader.one_generation() as pinned:
        assert pinned == before
        write_text(kb / "policies/meetings.md", POLICY_MD)
        report = Syncer(settings, writer, embeddings).sync(kb, progress=False)
        assert report.added == ["policies/meetings.md"] and writer.generation() > before  # the writer is outside any block
        assert reader.generation() == before  # the question keeps the state it began with
        assert {d.source for d in reader.documents()} == {"guidance/channels.md"}
        with reader.one_generation() as nested:
            assert nested == before
    assert reader.generation() == writer.generation() > before  # the next question sees the commit
    assert {d.source for d in reader.documents()} == {"guidance/channels.md", "policies/meetings.md"}


def test_a_reader_with_no_documents_read_yet_keeps_the_state_of_the_blocks_start(tmp_path, make_settings, embeddings):
    """A fresh process's first question: the writer commits after the block began and before the first search;
    the block reads the documents once, at its start, and keeps them (not the newer ones under the older number)."""
    kb = tmp_path / "kb"
    write_text(kb / "guidance/channels.md", GUIDE)
    settings = make_settings(tmp_path / "data", knowledge_dir=kb)
    writer = KnowledgeStore.open(settings, embeddings)
    Syncer(settings, writer, embeddings).sync(kb, progress=False)
    reader = KnowledgeStore.open(settings, embeddings)  # nothing read yet
    reads = []
    snapshot = reader.manifest.snapshot
    reader.manifest.snapshot = lambda: reads.append(1) or snapshot()  # count the reader's document reads
    with reader.one_generation() as pinned:
        write_text(kb / "policies/meetings.md", POLICY_MD)
        Syncer(settings, writer, embeddings).sync(kb, progress=False)
        assert writer.generation() > pinned
        for _ in range(3):  # the question's searches
            assert {d.source for d in reader.documents()} == {"guidance/channels.md"}
            assert reader.generation() == pinned
    assert len(reads) == 1
    assert {d.source for d in reader.documents()} == {"guidance/channels.md", "policies/meetings.md"}
    assert len(reads) == 2
