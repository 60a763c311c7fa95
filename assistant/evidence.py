"""Pick the sentences an answer rests on: shown to the user first, and the model's whole context.

The model gets these few sentences (not whole passages): the prompt stays short (measured ≈ 150–300
tokens instead of ≈ 600), its KV-cached system prompt is the only other input, and the user sees
the evidence within a second, before the first model token.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.extractive import Sentence, rank_sentences
from assistant.types import Context, EvidenceItem

EVIDENCE_CHARS = 260
"""Total characters of evidence (≈ 180–220 prompt tokens of Chinese for the bundled model)."""
MAX_ITEMS = 5
MAX_SENTENCE_CHARS = 120


def _similar(a: str, b: str) -> bool:
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    if not grams_a or not grams_b:
        return a == b
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b)) > 0.7


def _clip(text: str, limit: int = MAX_SENTENCE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def select_evidence(question: str, contexts: Sequence[Context], max_chars: int = EVIDENCE_CHARS,
                    max_items: int = MAX_ITEMS) -> list[EvidenceItem]:
    """The best distinct sentences across ``contexts`` within ``max_chars``, best passage first.

    Always at least one sentence when any passage has text. Sentences keep their passage number
    ``n`` (1-based into ``contexts``), so ``[n]`` in an answer points at the same passage either way.
    """
    ranked = rank_sentences(question, contexts)
    chosen: list[Sentence] = []
    used = 0
    best = ranked[0][0] if ranked else 0.0
    for score, sentence in ranked:
        if len(chosen) >= max_items:
            break
        text = _clip(sentence.text)
        if chosen and (used + len(text) > max_chars or score < best * 0.35):
            continue
        if any(_similar(c.text, sentence.text) for c in chosen):
            continue
        chosen.append(sentence)
        used += len(text)
    chosen.sort(key=lambda s: (s.n, s.pos))
    items = []
    for s in chosen:
        ctx = contexts[s.n - 1]
        items.append(EvidenceItem(n=s.n, source=ctx.source, title=ctx.title, section=ctx.clause or ctx.section,
                                  sentence=_clip(s.text)))
    return items
