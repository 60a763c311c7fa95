"""A native-place question (籍贯, 祖籍, 哪里人) is answered by "<place>人" or "祖籍<place>", not by any place.

Biographies state where someone is from in a fixed form: a clause "<place>人" ("吴少阳（），沧州清池人。",
often a sentence of its own with the subject left unsaid: "浙江省宁波镇海县小港村人。") or the word itself
("祖籍江苏徐州", "原籍…", "籍贯为…"). Any other place of the article (where they worked, died, founded a
school) answers nothing about it, yet shares the article's words and leads. When the question asks a native
place and the sentence's document states one in such a form, only those places count as the asked fact
(``native_spans``); a document that never does keeps every place. Generic Chinese biography usage.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.terms import tagged

_ASKS = re.compile(r"籍贯|祖籍|原籍|老家|(?:哪里|哪儿|哪|何地|何处|什么地方)人(?![员士物口数])")
"""The question asks where someone is from ("…的籍贯是哪里", "…是哪里人"); not 哪国人 (``countries``)."""
_EDGE = r"[，,。；;、：:（()）\s]"
_PLACE_MAN = re.compile(rf"(?:^|(?<={_EDGE}))([\u4e00-\u9fff]{{2,16}}?)人(?={_EDGE}|$)")
"""A clause that is a run of characters then 人 ("，沧州清池人。")."""
_WORD = re.compile(r"(?:祖籍|原籍|籍贯)(?:为|是|在)?[：:]?\s*([\u4e00-\u9fff]{2,16}?)(?=人?(?:" + _EDGE + r"|$))")
"""The native place said with its own word ("祖籍江苏徐州", "籍贯为浙江")."""
_ADMIN_END = re.compile(r"[省市县州郡府村镇乡区庄屯堡]$")
_COPULA = re.compile(r".*(?:是|为|乃|系|出身)")
"""A copula inside the clause: the place follows it ("他是浙江人")."""


def asks_native_place(question: str) -> bool:
    """``question`` asks someone's native place ("唐爱陆的籍贯是哪里", "陈荣捷是哪里人")."""
    return bool(_ASKS.search(question))


@lru_cache(maxsize=4096)
def _is_place(run: str) -> bool:
    """``run`` names a place: it ends in an administrative unit (县, 村 …) or jieba tags a word of it a place."""
    if _ADMIN_END.search(run):
        return True
    return any(flag == "ns" for _word, flag in tagged(run))


def native_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of ``sentence`` stating a native place: the place of a clause "<place>人" (not 诗人, 制作人: the run
    must be a place) and the place after 祖籍/原籍/籍贯."""
    spans = []
    for m in _PLACE_MAN.finditer(sentence):
        a, b = m.span(1)
        if (copula := _COPULA.match(sentence, a, b)) is not None:
            a = copula.end()  # "他是浙江人"
        if b - a >= 2 and _is_place(sentence[a:b]):
            spans.append((a, b))
    spans += [m.span(1) for m in _WORD.finditer(sentence)]
    return sorted(set(spans))


def states_native_place(text: str) -> bool:
    """``text`` (a whole document) states a native place somewhere (``native_spans``)."""
    return any(native_spans(piece) for piece in re.split(r"(?<=[。！？])", text) if piece)
