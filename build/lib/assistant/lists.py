"""Questions that ask for several names, and sentences that list them.

"…同组对手", "…的主演", "…决赛队伍", "…有哪些成员" ask for a set; the sentence that answers them lists
its members joined by 、/和/与/及 ("与卡塔尔、塔吉克斯坦和黎巴嫩队被分在了A组"), while a sentence naming one
of them in passing does not. ``asks_several`` reads the question, ``listed`` counts the answer spans of
a sentence joined as one list. Generic Chinese syntax, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

_SEVERAL = re.compile(r"哪些|哪几|有谁|都有谁|都有哪|分别是|名单|成员|对手|队伍|主演|阵容")
_JOIN = re.compile(r"^[\u4e00-\u9fff]{0,2}?(?:、|和|与|及|以及|，|,|/|／)$")
"""What stands between two members of a list: a joiner, after at most two characters of the first
member's tail that the tagger left out ("黎巴嫩队" -> 队)."""


def asks_several(question: str) -> bool:
    """The question asks for a set of names (哪些, 主演, 对手, 成员 …)."""
    return bool(_SEVERAL.search(question))


def listed(text: str, spans: Sequence[tuple[int, int]]) -> int:
    """How many of ``spans`` (distinct, in order) stand in the longest run joined as one list."""
    best = run = 1 if spans else 0
    ordered = sorted(set(spans))
    for (a, b), (c, _d) in zip(ordered, ordered[1:]):
        if c < b:
            continue  # overlapping pieces of one name
        run = run + 1 if _JOIN.match(text[b:c]) else 1
        best = max(best, run)
    return best


LEFT_CONTEXT = 6
"""Characters before a name that must repeat for the next sentence to go on with the same list."""
_SPACE = re.compile(r"\s+")


def continues_list(first: str, first_spans: Sequence[tuple[int, int]],
                   nxt: str, next_spans: Sequence[tuple[int, int]], context: int = LEFT_CONTEXT) -> bool:
    """``nxt`` names a new member in the words that introduce a member in ``first``: "领衔主演 世界冠军 X 饰…"
    then "领衔主演 世界冠军 Y 饰…" (a cast or a roster written one member a sentence)."""
    def lead(text: str, a: int) -> str:
        return _SPACE.sub("", text[:a])[-context:]

    names = {_SPACE.sub("", first[a:b]) for a, b in first_spans}
    leads = {lead(first, a) for a, _b in first_spans}
    return any(len(lead(nxt, c)) == context and lead(nxt, c) in leads and _SPACE.sub("", nxt[c:d]) not in names
               for c, d in next_spans)


LIST_NEXT = 2
"""A set question's 结论 goes on with a member named at most this many sentences later in the same words."""


class Placed(Protocol):
    """A sentence of a passage: its text, passage number ``n``, position ``pos`` and what it quotes."""

    @property
    def text(self) -> str: ...
    @property
    def n(self) -> int: ...
    @property
    def pos(self) -> int: ...
    @property
    def quote(self) -> str: ...


S = TypeVar("S", bound=Placed)


def next_member(best: S, sentences: Iterable[S], spans: Callable[[str], Sequence[tuple[int, int]]],
                max_chars: int, after: int = LIST_NEXT) -> S | None:
    """The sentence that goes on with the list ``best`` starts (``continues_list``): the first, in reading
    order, of ``sentences`` in the same passage at most ``after`` sentences after ``best`` whose quote fits
    with ``best``'s within ``max_chars``; ``spans`` gives a text's names. None when none does."""
    for s in sorted(sentences, key=lambda x: x.pos):
        if s.n == best.n and 0 < s.pos - best.pos <= after and len(best.quote) + len(s.quote) <= max_chars \
                and continues_list(best.text, spans(best.text), s.text, spans(s.text)):
            return s
    return None
