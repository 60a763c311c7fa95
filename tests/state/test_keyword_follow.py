"""Keyword search follows a shared store: host B (its own data dir) rebuilds its keyword index after
host A's sync, from the Chroma server and the shared PostgreSQL manifest — but not while A still writes."""

from __future__ import annotations

import sys
from pathlib import Path

from loopback import background_server, free_port

from ingest.keyword_index import KeywordIndex, refresh_from_store, saved_generation
from ingest.store import KnowledgeStore
from ingest.sync import Syncer
from state.db import writer_lock

CHROMA = Path(sys.executable).with_name("chroma")
DOC = "---\ntitle: {title}\ntype: policy\n---\n\n# {title}\n\n## 第一条\n\n{body}\n"


def test_host_b_rebuilds_its_keyword_index_after_host_a_syncs(tmp_path, pg_url, make_settings, embeddings):
    port = free_port()
    cmd = [str(CHROMA), "run", "--path", str(tmp_path / "chroma"), "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with background_server(cmd, f"{url}/api/v2/heartbeat", tmp_path / "chroma.log", timeout=60):
        kb = tmp_path / "kb"
        (kb / "policies").mkdir(parents=True)
        (kb / "policies/a.md").write_text(DOC.format(title="会议", body="例会每周一上午召开。"), encoding="utf-8")
        a = make_settings(tmp_path / "host-a", knowledge_dir=kb, chroma_url=url, database_url=pg_url)
        b = make_settings(tmp_path / "host-b", knowledge_dir=kb, chroma_url=url, database_url=pg_url)
        store_a, store_b = KnowledgeStore.open(a, embeddings), KnowledgeStore.open(b, embeddings)
        Syncer(a, store_a, embeddings).sync(progress=False)

        first = refresh_from_store(b, store_b)  # a new replica: builds from Chroma
        assert first is not None and len(first) == store_b.count() and saved_generation(b) == store_b.generation()
        assert refresh_from_store(b, store_b, first) is None  # up to date: nothing to do

        (kb / "policies/b.md").write_text(DOC.format(title="看板", body="数据看板口径每季度复核一次。"), encoding="utf-8")
        Syncer(a, store_a, embeddings).sync(progress=False)
        with writer_lock(a):  # A is (still) writing: B waits for the end of the sync
            assert refresh_from_store(b, store_b, first) is None
        second = refresh_from_store(b, store_b, first)
        assert second is not None and second.generation == store_b.generation()
        hits = [second.chunk(cid).metadata["source"] for cid, _ in second.search("数据看板 口径 复核", 3)]
        assert hits[:1] == ["policies/b.md"]
        loaded = KeywordIndex.load(b)
        assert loaded.generation == second.generation and len(loaded) == len(second) == store_b.count()

        (kb / "policies/a.md").unlink()  # a removal on A disappears from B's index too
        Syncer(a, store_a, embeddings).sync(progress=False)
        third = refresh_from_store(b, store_b, second)
        assert {third.chunk(cid).metadata["source"] for cid, _ in third.search("例会 数据看板", 10)} == {"policies/b.md"}
