"""A story's 结论 leads with the sentence the bundled model finds most likely to prompt it (``ADVISOR_RERANKER=local``).

A manager's story ("…秘书处在微信上说了一下结论就完事了？这算数吗？") is answered by the scenario rules or by the
lead rules for stories (the clause for what happened, the pointed question's clause); the learned lead ranker leaves
most of them to those rules. When the store reranks with the bundled model, that model also reads the composer's
best ``TOP`` distinct sentences (``lead_ranker.candidate_indices``; each as ``<title> <section>：<sentence>``,
``lead_ranker.candidate_text``) and scores how likely the whole story is after each (query likelihood, the
reranker's ``score``). The most likely one leads the 结论 when the 结论 does not quote it already; the sentences the
rules chose follow while the 结论 stays within its length. Questions that are not stories (``story.is_story``) are
left to the learned lead ranker, which reads the same scores as features (``lead_ranker.LIKELIHOOD_FEATURES``).

Chosen on 132 tune stories (round 31, 12 from each of 11 tune sets): the most likely candidate states an asked fact
in 71 where the composer's own best does in 54; leading with it (questions > 40 characters), the 结论 states every
asked fact in 83 instead of 70. Held out, ``ADVISOR_RERANKER=local``: first line 204 → 220 of 352 (docs/retrieval.md).

Cost: where the learned ranker already scored a Chinese story's candidates (plain 结论, no rule moved the lead) the
reranker's cache answers; otherwise 8 more scores. The ranker reads an English story with its glossary translation,
this step the story as asked, so those pairs are scored twice (the step was measured as it is).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from assistant.lead_ranker import Likelihood, candidate_likelihoods, candidate_text
from assistant.story import is_story
from assistant.story_clause import lead_candidates

log = logging.getLogger(__name__)


def most_likely(question: str, ranked: Sequence[tuple[float, Any]], contexts: Sequence[Any],
                likelihood: Likelihood) -> Any | None:
    """The candidate sentence of ``ranked`` (the composer's order) after which ``question`` is most likely; None when
    there is none or the model fails (a warning is logged). The candidates: the composer's best ``TOP`` distinct
    sentences, worked examples too (leaving them out cost one tune story), and the first sentences of the passages the
    search on the model's own clause added (``story_clause.lead_candidates``)."""
    if not ranked:
        return None
    try:
        candidates, scores = candidate_likelihoods(question, ranked, contexts, likelihood)
        written = [s for s in lead_candidates(ranked, contexts) if all(s.quote != c.quote for c in candidates)]
        if written:  # the first sentences of the passages found by the clause the model wrote (``story_clause``)
            scores = [*scores, *likelihood(question, [candidate_text(s, contexts[s.n - 1]) for s in written])]
            candidates = [*candidates, *written]
    except Exception as e:  # noqa: BLE001 - the chat model failed: the rules' 结论 stands
        log.warning("story lead without the model's likelihood, scoring failed: %s", e)
        return None
    return candidates[max(range(len(candidates)), key=lambda i: (scores[i], -i))]  # ties: the composer's order


def likely_first(question: str, chosen: Sequence[Any], ranked: Sequence[tuple[float, Any]], contexts: Sequence[Any],
                 likelihood: Likelihood | None, max_chars: int) -> list[Any]:
    """``chosen`` (the 结论's sentences) with the model's most likely sentence first when ``question`` is a story,
    a ``likelihood`` scorer is given and the 结论 does not quote that sentence yet; the chosen sentences follow while
    the quotes fit in ``max_chars``. Otherwise ``chosen`` unchanged."""
    if likelihood is None or not chosen or not is_story(question):
        return list(chosen)
    best = most_likely(question, ranked, contexts, likelihood)
    if best is None or any(best.quote in s.quote or s.quote in best.quote for s in chosen):
        return list(chosen)
    out, used = [best], len(best.quote)
    for s in chosen:
        if used + len(s.quote) <= max_chars:
            out.append(s)
            used += len(s.quote)
    return out
