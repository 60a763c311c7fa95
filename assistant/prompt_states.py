"""The model's state after a prompt it reads again and again, kept so that it is not read again.

Scoring how likely a question is after a passage (``query_likelihood``) makes the model read
``资料：<passage>`` first, then the question. The passage part is the same for every question, and the same
passages come up for many questions (a store's much-asked clauses, a story's candidate sentences), yet it was
read anew each time, and it is most of the tokens of a short question's scores. ``PromptStates`` keeps the
model's key/value cache of sequence 0 after such a prompt (``llama_state_seq_get_data``: about 28 KB a token
for the bundled 1.5B model, 2–7 MB a passage) in a least-recently-used store bounded by bytes, and puts it back
(``llama_state_seq_set_data``) when the same prompt comes again: the scores are the same as when the prompt is
read (checked in the tests), only the question's tokens are computed.

Used inside the model's own process only, under its model lock (``assistant.model_server``).
"""

from __future__ import annotations

import ctypes
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

DEFAULT_MAX_MB = 1024
"""Default bound of the kept states (``ADVISOR_LLM_SCORE_STATES_MB``): about 360 prompts at the 2.8 MB the shipped
store's passages and candidate sentences took on average (round 36), more than its 334 passages."""


class PromptStates:
    """Sequence-0 states of a llama model after given token prompts, least recently used dropped beyond ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self._states: OrderedDict[tuple[int, ...], Any] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0

    def summary(self) -> dict[str, int | float]:
        """What is kept and how often it was found: ``kept`` prompts, ``mb`` held, the bound, ``hits``, ``misses``."""
        return {"kept": len(self._states), "mb": round(self._bytes / 2**20, 1), "max_mb": round(self.max_bytes / 2**20, 1),
                "hits": self.hits, "misses": self.misses}

    def restore(self, llama: Any, tokens: Sequence[int]) -> bool:
        """Put the model in the state it had after reading ``tokens`` (from the start) when that state is kept:
        its cache of sequence 0 replaced, its token history set. False (the model unchanged) when it is not kept
        or llama.cpp refuses it."""
        import llama_cpp

        key = tuple(tokens)
        state = self._states.get(key)
        if state is None:
            self.misses += 1
            return False
        llama._ctx.kv_cache_seq_rm(-1, 0, -1)
        if not llama_cpp.llama_state_seq_set_data(llama._ctx.ctx, state, len(state), 0):
            llama.n_tokens = 0  # the cache was cleared: nothing of the history is left
            self._forget(key)
            self.misses += 1
            return False
        llama.input_ids[: len(key)] = key
        llama.n_tokens = len(key)
        self._states.move_to_end(key)
        self.hits += 1
        return True

    def remember(self, llama: Any, tokens: Sequence[int]) -> None:
        """Keep the model's state now, which must be that after reading exactly ``tokens`` from the start."""
        import llama_cpp

        key = tuple(tokens)
        if key in self._states or not key or llama.n_tokens != len(key):
            return
        size = int(llama_cpp.llama_state_seq_get_size(llama._ctx.ctx, 0))
        if not 0 < size <= self.max_bytes:
            return
        buffer = (ctypes.c_uint8 * size)()
        written = int(llama_cpp.llama_state_seq_get_data(llama._ctx.ctx, buffer, size, 0))
        if written <= 0:
            return
        state = (ctypes.c_uint8 * written).from_buffer_copy(buffer) if written < size else buffer
        self._states[key] = state
        self._bytes += written
        while self._bytes > self.max_bytes and self._states:
            self._forget(next(iter(self._states)))

    def _forget(self, key: tuple[int, ...]) -> None:
        state = self._states.pop(key, None)
        if state is not None:
            self._bytes -= len(state)
