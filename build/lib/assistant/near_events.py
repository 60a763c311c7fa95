"""A sentence about another edition or discipline of the asked event: "北京冬奥会速度滑冰…" for a
question on 北京冬奥会双人滑, "温哥华冬奥会" for 北京冬奥会.

A question names its event by a run of nouns (北京 / 冬奥会 / 双人滑) before the asked word
(金牌得主). Each neighbouring pair is an anchor and its qualifier. A sentence that writes the anchor
with another noun in the qualifier's place (冬奥会 followed by 速度滑冰, 冬奥会 preceded by 温哥华)
and never says the question's qualifier is about a sibling event, whatever its other words share
with the question. A paraphrase (本届冬奥会, 2022年冬奥会) puts no noun there, or says the qualifier
elsewhere. Generic syntax from jieba's tags, no vocabulary of any corpus.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.terms import tagged

_NOUNS = ("n", "nr", "nrt", "ns", "nt", "nz", "j")
"""jieba tags of a noun that can name or qualify an event (vn, m and t are not qualifiers)."""


def _cut(text: str) -> list[tuple[str, str]]:
    return tagged(text)


def _noun(word: str, flag: str) -> bool:
    return flag in _NOUNS and len(word) >= 2 and not word.isascii()


_PROPER = ("nr", "nrt", "ns", "nt", "nz", "j")
"""Tags of a proper noun: an event's own name (公开赛/nr, 大运会/nz, 亚运会/j), not a common noun (得主, 议员)."""
_PREDICATE = ("v", "p", "d")
"""Tags after a run that make the run the subject of the asked predicate ("…公开赛在哪举行", "…大运会开幕时间")."""


def _named_event(tags: list[str], after: str) -> bool:
    """A run of proper nouns only (``tags``) followed by a verb or preposition (tag ``after``): the whole
    run names the event ("中国公开赛在哪举行": 中国 qualifies 公开赛), none of it is the asked word."""
    return len(tags) >= 2 and all(t in _PROPER for t in tags) and after.startswith(_PREDICATE)


@lru_cache(maxsize=1024)
def qualifier_pairs(question: str) -> tuple[tuple[str, str, int], ...]:
    """``(anchor, qualifier, side)`` for each two touching nouns of the question's name run, the run's
    last noun (the asked word: 金牌得主, 主演) left out unless the run names the event the question's verb
    asks about (``_named_event``); ``side`` +1: the qualifier follows the anchor,
    -1: it precedes it."""
    cut = _cut(question)
    out: list[tuple[str, str, int]] = []
    run: list[str] = []
    tags: list[str] = []
    for word, flag in [*cut, ("", "x")]:
        if _noun(word, flag):
            run.append(word)
            tags.append(flag)
            continue
        names = run if _named_event(tags, flag) else run[:-1]  # the last noun of a run is what is asked about it
        for a, b in zip(names, names[1:]):
            out += [(a, b, 1), (b, a, -1)]
        run, tags = [], []
    return tuple(out)


@lru_cache(maxsize=4096)
def _sentence_cut(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(_cut(text))


def another_qualifier(text: str, pairs: tuple[tuple[str, str, int], ...]) -> bool:
    """``text`` writes an anchor of ``pairs`` with another noun where the question has its qualifier,
    and never says that qualifier."""
    pairs = tuple(p for p in pairs if p[0] in text and p[1] not in text)
    if not pairs:
        return False
    cut = _sentence_cut(text)
    for i, (word, _flag) in enumerate(cut):
        for anchor, qualifier, side in pairs:
            if word != anchor or not 0 <= i + side < len(cut):
                continue
            other, flag = cut[i + side]
            if _noun(other, flag) and other != qualifier:
                return True
    return False
