"""A claim quoted in a story is ruled on by the policy clause that states its terms.

A manager tells what someone said: "我们部门有人说“我们只是配合，结果该牵头的负责”。…我该怎么看这件事？" The quote
is a party's claim about who owes what; the clause that rules on it writes the same terms ("牵头部门对最终结果负责，
配合部门对其承担的部分负责，不得以配合为由推卸责任"). The whole question's other words (新品上市, 物料晚了) pull advice
sentences ahead of it. ``claim_first`` moves the best policy rule sentence among the first ``CLAIM_TOP`` that writes
at least ``CLAIM_SHARE`` of a quoted claim's content words to the front.
Structure only (quotation marks, policy rule sentences): no word of one company's documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.terms import content_words
from assistant.types import Context

if TYPE_CHECKING:
    from assistant.extractive import Sentence

_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{4,60})[”」』\"]")
MIN_CLAIM_WORDS = 3
"""A quote of fewer content words is a term ("紧急", "协作之星"), not a claim."""
CLAIM_SHARE = 0.75
"""Share of a claim's content words a clause must write to rule on it (chosen on blind_scenarios, spent)."""
CLAIM_TOP = 12
"""The clause is one of the whole question's best sentences (its story still matters)."""


def quoted_claims(question: str) -> list[tuple[str, ...]]:
    """The content words of each claim quoted in ``question`` (“…”, 「…」) with at least ``MIN_CLAIM_WORDS`` of them."""
    claims = [content_words(m.group(1)) for m in _QUOTED.finditer(question)]
    return [words for words in claims if len(words) >= MIN_CLAIM_WORDS]


def claim_share(claim: Sequence[str], text: str) -> float:
    """Share of ``claim``'s words ``text`` writes, 0..1."""
    return sum(w in text for w in claim) / len(claim) if claim else 0.0


def claim_first(question: str, ranked: Sequence[tuple[float, "Sentence"]],
                contexts: Sequence[Context]) -> list[tuple[float, "Sentence"]]:
    """``ranked`` (best first) with the policy rule sentence that rules on a quoted claim moved to the front (see the
    module); unchanged when nothing is quoted, the first sentence already does so, or no sentence does."""
    from assistant.scenario import is_illustration, is_rule

    claims = quoted_claims(question)
    if not claims or not ranked:
        return list(ranked)

    def rules_on(s: "Sentence") -> float:
        if contexts[s.n - 1].doc_type != "policy" or not is_rule(s.text) or is_illustration(s.quote, s.heading):
            return 0.0
        return max(claim_share(claim, s.quote) for claim in claims)

    if rules_on(ranked[0][1]) >= CLAIM_SHARE:
        return list(ranked)
    best, at = 0.0, -1
    for i, (_score, s) in enumerate(ranked[:CLAIM_TOP]):
        share = rules_on(s)
        if share > best:
            best, at = share, i
    if at <= 0 or best < CLAIM_SHARE:
        return list(ranked)
    return [ranked[at], *ranked[:at], *ranked[at + 1:]]


__all__ = ["CLAIM_SHARE", "claim_first", "quoted_claims"]
