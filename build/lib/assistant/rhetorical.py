"""A fact stated only in a rhetorical question, taken up by the next sentence.

News and blog pages open a topic with a question to the reader and go on about it with a
demonstrative: "《三体》电视剧的第29集，都看过了没有啊？ 这一集堪称神作，…古筝行动。" The number
(第29集) stands only in the question, which the composer does not quote (a sentence that asks echoes a
question, it does not answer one); the next sentence says what happened in it, but only as 这一集.
``join_rhetorical`` makes the two one candidate sentence when the second opens with 这/这一/该/此/本
and the measure word of an ordinal the question states (第29集 … 这一集): read together they state the fact.
Generic Chinese syntax, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.question_types import is_question_sentence

_MEASURES = "集|期|季|章|回|话|卷|届|场|轮|站|部|次"
_REFERS_BACK = re.compile(rf"^[“”\"\s]*(?:这一|这|该|此|本)({_MEASURES})")
_ORDINAL = re.compile(rf"第\s*(?:\d{{1,4}}|[一二两三四五六七八九十百零]{{1,5}})\s*({_MEASURES})")
MAX_JOINED_CHARS = 160
"""The two read together stay one quotable sentence (the composer's clip length)."""

Piece = tuple[str, bool, str, str]
"""A sentence of a passage as the composer splits it: (text, is_list_item, heading, whole sentence)."""


def takes_up(question: str, sentence: str) -> bool:
    """``sentence`` refers back with a demonstrative to an ordinal ``question`` states (第29集 … 这一集)."""
    back = _REFERS_BACK.match(sentence)
    return bool(back) and is_question_sentence(question) \
        and any(m.group(1) == back.group(1) for m in _ORDINAL.finditer(question))


def join_rhetorical(pieces: Sequence[Piece]) -> list[Piece]:
    """``pieces`` with each rhetorical question and the sentence taking it up (``takes_up``) joined into one
    piece, when short enough; the rest unchanged."""
    out: list[Piece] = []
    for piece in pieces:
        if out and takes_up(out[-1][0], piece[0]) and len(out[-1][0]) + len(piece[0]) <= MAX_JOINED_CHARS:
            question = out.pop()
            out.append((question[0] + piece[0], question[1], question[2], ""))
            continue
        out.append(piece)
    return out
