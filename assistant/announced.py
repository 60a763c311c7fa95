"""A 结论 sentence that announces a list ("建议按以下顺序处理：") quotes the list's first items with it.

Alone such a sentence says nothing ("结论：当下属把问题升级到你这里时，建议按以下顺序处理：。"); the advice is the
items that follow it in the passage. The 结论 keeps the announcing sentence and adds the list items right after it,
in passage order, while the whole 结论 stays within its length (at most ``MAX_ITEMS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.extractive import Sentence

MAX_ITEMS = 2
"""List items quoted after an announcing sentence."""
_ANNOUNCES = re.compile(r"[：:]\s*$")


def announces_list(text: str) -> bool:
    """``text`` ends with a colon: it introduces what follows."""
    return bool(_ANNOUNCES.search(text))


def with_announced_items(chosen: Sequence["Sentence"], passage_sentences: Callable[[int], Sequence["Sentence"]],
                         max_chars: int, period: Callable[[str], str]) -> list["Sentence"]:
    """``chosen`` with each sentence that announces a list quoting the list items that follow it in its passage
    (``passage_sentences(n)``: the passage's sentences in reading order), as long as the quotes together stay within
    ``max_chars``; an item another chosen sentence already quotes is skipped. ``period`` ends each item as the 结论
    ends a sentence."""
    out = list(chosen)
    for i, s in enumerate(out):
        if not announces_list(s.quote):
            continue
        used = sum(len(c.quote) for c in out)
        items = []
        for nxt in passage_sentences(s.n):
            if nxt.pos <= s.pos:
                continue
            text = period(nxt.quote)
            if items and text == items[-1] or any(nxt.text in c.quote for c in out):
                continue  # another ；-piece of the same item, or an item the 结论 quotes already
            if not nxt.is_step or len(items) == MAX_ITEMS or used + len(text) > max_chars:
                break
            items.append(text)
            used += len(text)
        if items:
            out[i] = replace(s, full=s.quote.rstrip() + "".join(items))
    return out
