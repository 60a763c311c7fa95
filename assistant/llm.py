"""Chat-model backends behind one client: every model answer goes through langchain-openai's ``ChatOpenAI``.

- ``local``: the bundled GGUF served by its own supervised process (``assistant.model_process``) on
  loopback; or, when ``ADVISOR_LLM_BASE_URL`` is set, an existing llama.cpp/OpenAI-compatible
  server (or several) that already serves the model.
- ``openai:<model>``: any OpenAI-compatible server(s) at ``ADVISOR_LLM_BASE_URL``.
- ``extractive``: no model.

``ADVISOR_LLM_BASE_URL`` may list several servers (comma or space separated): each answer starts
at the next one in turn, and a server that refuses or fails before its first token is skipped for
the next (``Runnable.with_fallbacks``); a server that is down is avoided for ``DEAD_FOR_S`` seconds.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

from langchain_core.messages import BaseMessage
from langchain_core.runnables import Runnable

from assistant.local_model import INSTALL_HINT, ensure_model, local_available
from ingest.settings import Settings

LOCAL = "local"
EXTRACTIVE = "extractive"
OPENAI_PREFIX = "openai:"
LOCAL_ALIAS = "local"
DEFAULT_MAX_TOKENS = 320
DEFAULT_CTX = 2048
DEAD_FOR_S = 15.0


class BackendError(ValueError):
    """A backend name or its configuration is unusable; the message names the setting and the fix."""


def resolve_backend(settings: Settings, backend: str | None = None) -> str:
    """The backend to use: ``backend`` or ``settings.llm``, else ``local`` when installed, else ``extractive``.

    Raises ``BackendError`` for unknown names, ``openai:`` without a model, or ``local`` when it is
    neither installed nor pointed at a server.
    """
    name = (backend or settings.llm or "").strip()
    if not name:
        return LOCAL if local_available(settings.model_dir) else EXTRACTIVE
    lowered = name.lower()
    if lowered in (LOCAL, EXTRACTIVE):
        if lowered == LOCAL and not settings.resolved_base_url and not local_available(settings.model_dir):
            raise BackendError(f"ADVISOR_LLM=local: the bundled local model is not installed — {INSTALL_HINT}")
        return lowered
    if lowered.startswith(OPENAI_PREFIX):
        model = name[len(OPENAI_PREFIX) :].strip()
        if not model:
            raise BackendError("ADVISOR_LLM=openai: needs a model name, e.g. openai:gpt-4o-mini or openai:qwen2.5-7b-instruct")
        return OPENAI_PREFIX + model
    raise BackendError(f"ADVISOR_LLM={name!r} is not a backend — use local, extractive or openai:<model>")


def split_urls(value: str | None) -> list[str]:
    """``ADVISOR_LLM_BASE_URL`` as a list (comma, semicolon or whitespace separated)."""
    return [u.rstrip("/") for u in re.split(r"[,;\s]+", value or "") if u.strip()]


def make_openai_client(base_url: str | None, model: str, api_key: str | None, timeout: float, max_tokens: int) -> Any:
    """One ``ChatOpenAI`` for one server (``max_tokens`` also sent as llama.cpp understands it)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=model, base_url=base_url, api_key=api_key or "none", timeout=timeout, max_retries=0,
        streaming=True, max_tokens=max_tokens, temperature=0.1, top_p=0.9, seed=0,
        extra_body={"max_tokens": max_tokens},
    )


class ChatBackend:
    """A model backend: ``model()`` gives the runnable for one answer (prepared and load-spread)."""

    name: str

    def model(self) -> Runnable[list[BaseMessage], Any]:
        raise NotImplementedError

    def report_failure(self, error: BaseException | None = None) -> None:
        """An answer failed or timed out (lets a supervisor restart a hung model)."""

    def warm_up(self, system_prompt: str | None = None) -> None:
        """Prepare now what the first answer would otherwise wait for."""

    def status(self) -> dict[str, Any]:
        return {"backend": self.name}


class ServerPool(ChatBackend):
    """One or more OpenAI-compatible servers; answers spread round-robin, dead servers skipped."""

    def __init__(self, name: str, urls: list[str], model: str, api_key: str | None, timeout: float, max_tokens: int) -> None:
        self.name = name
        self.urls = urls or [""]
        self._clients = [make_openai_client(u or None, model, api_key, timeout, max_tokens) for u in self.urls]
        self._turn = itertools.count()
        self._dead_until = [0.0] * len(self.urls)
        self._lock = threading.Lock()

    def order(self) -> list[int]:
        """Server indexes for the next answer: next in turn first, servers marked dead last."""
        start = next(self._turn) % len(self._clients)
        ring = [(start + i) % len(self._clients) for i in range(len(self._clients))]
        now = time.monotonic()
        return sorted(ring, key=lambda i: self._dead_until[i] > now)

    def model(self) -> Runnable[list[BaseMessage], Any]:
        order = self.order()
        clients = [self._marking(i) for i in order]
        return clients[0] if len(clients) == 1 else clients[0].with_fallbacks(clients[1:])

    def _marking(self, i: int) -> Runnable[list[BaseMessage], Any]:
        """The client for server ``i``, marking the server dead when it cannot be reached."""
        from langchain_core.runnables import RunnableGenerator

        client = self._clients[i]
        if len(self._clients) == 1:
            return client

        def guarded(inputs: Iterator[list[BaseMessage]]) -> Iterator[Any]:
            try:
                for messages in inputs:
                    yield from client.stream(messages)
            except Exception as exc:
                if _is_connection_error(exc):
                    with self._lock:
                        self._dead_until[i] = time.monotonic() + DEAD_FOR_S
                raise

        return RunnableGenerator(guarded)

    def status(self) -> dict[str, Any]:
        now = time.monotonic()
        return {"backend": self.name, "servers": [{"url": u, "dead": d > now} for u, d in zip(self.urls, self._dead_until)]}


def _is_connection_error(exc: BaseException) -> bool:
    """The server could not be reached or stopped answering (langchain-openai wraps these in
    subclasses of ``openai.APIConnectionError``, timeouts included)."""
    import openai

    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return any(isinstance(e, openai.APIConnectionError) for e in seen)


def local_model_process(settings: Settings) -> Any:
    """The supervised process serving the bundled model for ``settings``, one per Python process (not started
    here; ``ensure_running`` starts it). Joins the weights on first use."""
    from assistant.model_process import ModelProcessConfig, shared_model_process
    from assistant.prompt_states import DEFAULT_MAX_MB
    from assistant.thread_budget import machine_threads

    threads = int(getattr(settings, "llm_threads", None) or machine_threads())
    states_mb = getattr(settings, "llm_score_states_mb", None)
    config = ModelProcessConfig(model_path=ensure_model(settings.model_dir), threads=threads, ctx=DEFAULT_CTX,
                                cpu_variant=getattr(settings, "llm_cpu_variant", None) or None,
                                score_states_mb=DEFAULT_MAX_MB if states_mb is None else states_mb)
    return shared_model_process(config)


class LocalProcessBackend(ChatBackend):
    """The bundled model in its own supervised server process, started on the first answer."""

    name = LOCAL

    def __init__(self, settings: Settings, max_tokens: int) -> None:
        self.process = local_model_process(settings)
        self._client = make_openai_client(self.process.base_url, LOCAL_ALIAS, "none", settings.llm_timeout, max_tokens)

    def model(self) -> Runnable[list[BaseMessage], Any]:
        self.process.ensure_running()
        return self._client

    def report_failure(self, error: BaseException | None = None) -> None:
        """A timeout (``error is None``) may be a hang: let the supervisor probe it. A broken
        connection means the process died; its monitor restarts it."""
        if error is None:
            self.process.report_failure()

    def warm_up(self, system_prompt: str | None = None) -> None:
        """Start the process and evaluate the system prompt once, so its KV cache is reused."""
        from langchain_core.messages import HumanMessage, SystemMessage

        self.process.ensure_running()
        if system_prompt:
            messages = [SystemMessage(content=system_prompt), HumanMessage(content="你好")]
            self._client.bind(max_tokens=1, extra_body={"max_tokens": 1}).invoke(messages)

    def status(self) -> dict[str, Any]:
        return {"backend": self.name, **self.process.status()}


def make_backend(settings: Settings, backend: str, max_tokens: int = DEFAULT_MAX_TOKENS) -> ChatBackend:
    """The ``ChatBackend`` for a resolved ``local`` or ``openai:<model>`` backend.

    ``local`` joins the bundled weights on first use (about 1.1 GB) unless ``ADVISOR_LLM_BASE_URL``
    points it at servers that already serve the model.
    """
    urls = split_urls(settings.resolved_base_url)
    if backend == LOCAL:
        if urls:
            return ServerPool(LOCAL, urls, LOCAL_ALIAS, settings.resolved_api_key, settings.llm_timeout, max_tokens)
        return LocalProcessBackend(settings, max_tokens)
    if backend.startswith(OPENAI_PREFIX):
        return ServerPool(backend, urls, backend[len(OPENAI_PREFIX) :], settings.resolved_api_key, settings.llm_timeout, max_tokens)
    raise BackendError(f"no chat model for backend {backend!r} (extractive needs none)")


def make_chat_model(settings: Settings, backend: str, max_tokens: int = DEFAULT_MAX_TOKENS) -> Runnable[list[BaseMessage], Any]:
    """The runnable that answers one request for ``backend`` (starts the local model process if needed)."""
    return make_backend(settings, backend, max_tokens).model()
