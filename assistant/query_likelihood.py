"""How likely the bundled chat model finds a question after reading a passage: a relevance score for reranking.

Query likelihood (as in unsupervised passage reranking, UPR): the model reads ``资料：<passage>`` and is asked to
pose a question about it; the score is the mean log-probability of the asked question's tokens. A passage that
states what the question asks about makes its words likely, in whatever words either is written, which the
small embedding model often misses (measured on the issue-9 tune questions: docs/retrieval.md, "Reranking").

Runs inside the model's own process (``assistant.model_server``, ``POST /v1/score``) on the loaded
``llama_cpp.Llama``; only the question's positions get logits. The model's own token history is kept up to date,
so a chat request afterwards reuses whatever prefix still matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.prompt_states import PromptStates

PASSAGE_CHARS = 300
"""Characters of each passage the model reads (the shipped chunks are at most 300; a longer passage's start)."""
PROMPT = "<|im_start|>user\n资料：{passage}\n请根据资料提出一个问题。<|im_end|>\n<|im_start|>assistant\n"


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def question_log_likelihood(llama: Any, question: str, passage: str, states: PromptStates) -> float:
    """Mean log-probability of ``question``'s tokens after the prompt built from ``passage`` (higher = more relevant).
    ``states``: where the model's state after a passage's prompt is kept and found again (``PromptStates(0)``: none)."""
    context = llama.tokenize(PROMPT.format(passage=passage[:PASSAGE_CHARS]).encode("utf-8"), add_bos=False, special=True)
    asked = llama.tokenize(question.encode("utf-8"), add_bos=False, special=False)
    if not asked:
        raise ValueError("question is empty")
    if len(asked) + 1 > llama.n_batch:
        raise ValueError(f"the question takes {len(asked)} tokens, the model scores at most {llama.n_batch - 1} at once")
    tokens = context + asked
    if len(tokens) > llama.n_ctx():
        raise ValueError(f"passage and question take {len(tokens)} tokens, the model's context holds {llama.n_ctx()}")
    # The passage's prompt (all but its final token, which is evaluated with the question so that its logits, which
    # predict the question's first token, are computed in this batch) is what the model read last, or its kept state,
    # or read whole: never from a part shared with the last prompt, whose batch split would change the numbers a
    # little (the score would depend on what the model read before).
    read_last = _common_prefix(llama.input_ids[: llama.n_tokens].tolist(), context) >= len(context) - 1
    keep = len(context) - 1 if read_last or states.restore(llama, context[:-1]) else 0
    llama.n_tokens = keep
    if keep < len(context) - 1:
        llama.eval(context[:-1])  # logits of the last position only; none needed here
        states.remember(llama, context[:-1])
    scored = [context[-1], *asked[:-1]]  # each position predicts the next token: context end → q1, q1 → q2, ...
    start = llama.n_tokens
    llama._ctx.kv_cache_seq_rm(-1, start, -1)
    llama._batch.set_batch(batch=scored, n_past=start, logits_all=True)
    llama._ctx.decode(llama._batch)
    vocab = llama.n_vocab()
    logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(len(scored) * vocab,)).reshape(len(scored), vocab)
    logits = logits.astype(np.float64)
    llama.input_ids[start : start + len(scored)] = scored
    llama.n_tokens = start + len(scored)
    top = logits.max(axis=1, keepdims=True)
    log_probs = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
    return float(log_probs[np.arange(len(asked)), asked].mean())


def score_passages(llama: Any, question: str, passages: Sequence[str], states: PromptStates) -> list[float]:
    """``question_log_likelihood`` of each passage, in order."""
    return [question_log_likelihood(llama, question, p, states) for p in passages]
