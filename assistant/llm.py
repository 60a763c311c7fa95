"""Chat-model backends behind one factory: ``local`` (bundled GGUF), ``openai:<model>``, ``extractive``.

``resolve_backend`` turns the requested name (argument, ``settings.llm``, or the default) into a
validated backend name; ``make_chat_model`` builds the langchain chat model for the two model
backends (``extractive`` needs none).
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from assistant.local_model import INSTALL_HINT, LocalChatModel, ensure_model, local_available
from ingest.settings import Settings

LOCAL = "local"
EXTRACTIVE = "extractive"
OPENAI_PREFIX = "openai:"
DEFAULT_MAX_TOKENS = 512
DEFAULT_THREADS = 2


class BackendError(ValueError):
    """A backend name or its configuration is unusable; the message names the setting and the fix."""


def resolve_backend(settings: Settings, backend: str | None = None) -> str:
    """The backend to use: ``backend`` or ``settings.llm``, else ``local`` when installed, else ``extractive``.

    Raises ``BackendError`` for unknown names, ``openai:`` without a model, or ``local`` when it is not installed.
    """
    name = (backend or settings.llm or "").strip()
    if not name:
        return LOCAL if local_available(settings.model_dir) else EXTRACTIVE
    lowered = name.lower()
    if lowered in (LOCAL, EXTRACTIVE):
        if lowered == LOCAL and not local_available(settings.model_dir):
            raise BackendError(f"ADVISOR_LLM=local: the bundled local model is not installed — {INSTALL_HINT}")
        return lowered
    if lowered.startswith(OPENAI_PREFIX):
        model = name[len(OPENAI_PREFIX) :].strip()
        if not model:
            raise BackendError("ADVISOR_LLM=openai: needs a model name, e.g. openai:gpt-4o-mini or openai:qwen2.5-7b-instruct")
        return OPENAI_PREFIX + model
    raise BackendError(f"ADVISOR_LLM={name!r} is not a backend — use local, extractive or openai:<model>")


def make_chat_model(settings: Settings, backend: str, max_tokens: int = DEFAULT_MAX_TOKENS) -> BaseChatModel:
    """The langchain chat model for a resolved ``local`` or ``openai:<model>`` backend.

    For ``local`` this joins the weights into ``settings.model_dir`` on first use (about 1.1 GB).
    """
    if backend == LOCAL:
        threads = int(getattr(settings, "llm_threads", None) or DEFAULT_THREADS)
        return LocalChatModel(model_path=ensure_model(settings.model_dir), max_tokens=max_tokens, n_threads=threads)
    if backend.startswith(OPENAI_PREFIX):
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=backend[len(OPENAI_PREFIX) :],
            base_url=settings.resolved_base_url,
            api_key=settings.resolved_api_key or "none",
            timeout=settings.llm_timeout,
            max_retries=0,
            streaming=True,
            max_tokens=max_tokens,
            temperature=0.1,
        )
    raise BackendError(f"no chat model for backend {backend!r} (extractive needs none)")
