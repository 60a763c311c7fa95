"""Pick the sentences an answer rests on: shown to the user first, and the model's whole context.

The model gets these few sentences (not whole passages): the prompt stays short (measured ≈ 150–300
tokens instead of ≈ 600), its KV-cached system prompt is the only other input, and the user sees
the evidence within a second, before the first model token.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.extractive import best_sentences
from assistant.lead_ranker import SentenceVectors
from assistant.types import Context, EvidenceItem

EVIDENCE_CHARS = 260
"""Total characters of evidence (≈ 180–220 prompt tokens of Chinese for the bundled model)."""
STEPS_EVIDENCE_CHARS = 200
"""Evidence after an extracted 结论 (the 结论 itself is in the prompt too: ≤ 350 prompt tokens at p50)."""
MAX_ITEMS = 5
MAX_SENTENCE_CHARS = 120


def _clip(text: str, limit: int = MAX_SENTENCE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def select_evidence(question: str, contexts: Sequence[Context], max_chars: int = EVIDENCE_CHARS,
                    max_items: int = MAX_ITEMS, query: str | None = None,
                    vectors: SentenceVectors | None = None) -> list[EvidenceItem]:
    """The sentences that best answer ``question`` (the direct answer first), within ``max_chars``.

    ``query`` is the internal standalone/translated question used to match sentences. Always at
    least one sentence when any passage has text. Each keeps its passage number ``n`` (1-based into
    ``contexts``), so ``[n]`` in an answer points at the same passage either way. ``vectors``: the store's
    embedding model, so the direct answer is the lead the answer will give (``lead_ranker``).
    """
    picked = best_sentences(question, contexts, max_chars=max_chars, query=query, vectors=vectors)[:max_items]
    items = []
    for index, sentence in picked:
        ctx = contexts[index]
        items.append(EvidenceItem(n=index + 1, source=ctx.source, title=ctx.title, section=ctx.clause or ctx.section,
                                  sentence=_clip(sentence)))
    return items


def steps_evidence(question: str, contexts: Sequence[Context], conclusion: str, max_chars: int = STEPS_EVIDENCE_CHARS,
                   max_items: int = MAX_ITEMS, query: str | None = None) -> list[EvidenceItem]:
    """Evidence for the steps written after an extracted ``conclusion``: the best sentences it does not
    already quote, within ``max_chars`` (the 结论 itself is in the prompt, so its sentence is not repeated
    and the room goes to the next facts). Falls back to ``select_evidence`` when nothing else is left.
    """
    said = re.sub(r"\s+", "", conclusion)
    wider = select_evidence(question, contexts, max_chars=max_chars + len(conclusion), max_items=max_items + 2, query=query)
    kept, used = [], 0
    for item in wider:
        if re.sub(r"\s+", "", item.sentence.rstrip("…")) in said:
            continue
        if kept and used + len(item.sentence) > max_chars:
            break
        kept.append(item)
        used += len(item.sentence)
        if len(kept) == max_items:
            break
    return kept or select_evidence(question, contexts, max_chars=max_chars, max_items=max_items, query=query)
