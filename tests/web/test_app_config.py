"""How the app is wired: concurrency groups, named API endpoints."""

from __future__ import annotations

from web.ui import GENERATION, RETRIEVAL


def test_generation_and_retrieval_groups(web_server):
    fns = list(web_server.demo.fns.values())
    generation = [f for f in fns if f.concurrency_id == GENERATION]
    names = {f.name for f in generation}
    assert "ask_api" in names and "_submit_fn" in names  # the chat UI and the API share one limit
    assert all(f.concurrency_limit == 2 for f in generation if f.concurrency_limit != "default")
    retrieval = {f.api_name for f in fns if f.concurrency_id == RETRIEVAL}
    assert {"search", "documents"} <= retrieval
    named = {f.api_name for f in fns if f.api_visibility == "public"}
    assert {"ask", "search", "documents", "upload"} <= named
