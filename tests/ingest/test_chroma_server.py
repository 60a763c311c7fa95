"""Server mode: ``ADVISOR_CHROMA_URL`` against a real ``chroma run`` started for this test."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from fixtures_docs import write_text
from loopback import background_server, free_port

from ingest.store import KnowledgeStore, StoreError
from ingest.sync import Syncer

CHROMA = Path(sys.executable).with_name("chroma")
DOC = "---\ntitle: 升级路径\ntype: policy\n---\n\n# 升级路径\n\n## 第一条\n\n分歧三个工作日未解决的，提交共同上级决定。\n"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """Start ``chroma run`` on a free port, wait until it answers, stop it afterwards."""
    assert CHROMA.exists() or shutil.which("chroma"), "the chroma CLI is missing from the virtualenv"
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    cmd = [str(CHROMA if CHROMA.exists() else "chroma"), "run", "--path", str(path),
           "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with background_server(cmd, f"{url}/api/v2/heartbeat", path.with_suffix(".log"), timeout=60):
        yield url


def test_sync_and_search_through_the_server(chroma_server, tmp_path, make_settings, embeddings):
    write_text(tmp_path / "kb/policies/escalation.md", DOC)
    settings = make_settings(tmp_path / "data", knowledge_dir=tmp_path / "kb", chroma_url=chroma_server)
    store = KnowledgeStore.open(settings, embeddings)
    assert store.location == chroma_server
    report = Syncer(settings, store, embeddings).sync(progress=False)
    assert report.added == ["policies/escalation.md"] and not report.failed
    hits = store.dense_search(embeddings.embed_query("分歧多久升级"), 2)
    assert hits and hits[0][0].metadata["source"] == "policies/escalation.md"
    assert not (tmp_path / "data" / "chroma").exists(), "server mode must not create a local Chroma folder"

    again = KnowledgeStore.open(settings, embeddings)
    assert again.count() == store.count() and again.collection.count() == store.count()


def test_unreachable_server_is_a_clear_error(tmp_path, make_settings, embeddings):
    settings = make_settings(tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="ADVISOR_CHROMA_URL|Chroma"):
        KnowledgeStore.open(settings, embeddings)


def test_bad_url_is_a_clear_error(tmp_path, make_settings, embeddings):
    with pytest.raises(StoreError, match="http://host"):
        KnowledgeStore.open(make_settings(tmp_path, chroma_url="ftp://x"), embeddings)
