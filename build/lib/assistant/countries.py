"""A "哪个国家" question is answered by a country, not by any place.

"斯塔福德郡是哪个国家的郡" is answered by "史丹佛郡（…），英国英格兰西米德兰兹的郡", while "斯塔福德郡是非
都市郡，实际管辖8个非都市区：塔姆沃思、利奇菲尔德…" names many places and shares more words with the
question. When the question asks which country (哪个国家, 哪国, 什么国家) and the sentence's document
names a country at all, only a country counts as the asked fact: a name of the country list
(``entities.COUNTRIES``, on word boundaries: ``country_at``) or a place name ending in 国 ("扶余国"). A document
that names no country (a history of 后金) keeps every place: its states are not on any modern list.
Generic; no vocabulary beyond the country list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.entities import COUNTRIES, pos_tokens

_ASKS_COUNTRY = re.compile(r"哪(?:一)?(?:个)?国(?!内|外|际)|什么国家|何国")
"""The question word asks for a country ("哪个国家", "哪国人", "哪一国", "什么国家")."""
_COUNTRY_NAME = re.compile("|".join(sorted(map(re.escape, COUNTRIES), key=len, reverse=True)))


def asks_country(question: str) -> bool:
    """``question`` asks which country ("斯塔福德郡是哪个国家的郡", "X是哪国人")."""
    return bool(_ASKS_COUNTRY.search(question))


def names_country(text: str) -> bool:
    """``text`` names a country of the list anywhere, as a word of its own (``country_at``)."""
    return any(country_at(text, m.start(), m.end()) for m in _COUNTRY_NAME.finditer(text))


_WINDOW = 12
"""Characters either side of a country name cut with it to see whether it is a word of its own."""
_NAME_FLAGS = ("nr", "ns", "nz")
"""jieba tags of a longer name (person ``nr``/``nrt``/``nrfg``, place ``ns``, other proper noun ``nz``)."""
_PLAIN_NEXT = frozenset("的是在了和与及或等人队籍方军国语族都省州市县区部境内外首西东南北中也已曾为于将")
"""Characters that may follow a country name a person-name tag was put on without making it a longer name
("贝宁的首都", "阿曼人")."""


def country_at(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` (a listed country name) is that country, not a piece of a longer name.

    Cut with jieba around it, the name is a piece of a longer word when a word crosses its start or end
    ("多|哥伦布": 多哥 of 多哥伦布), when the word starting with it is a longer name not ending in 国
    ("马里奥", "马里兰州", "古巴比伦"; "马里共和国" is the country), or when jieba takes it for part of a
    person's name and a single character or a word it does not know follows ("汤加|丽", "阿曼|达", "贝宁|顿").
    """
    lo = max(0, start - _WINDOW)
    return _country_in(text[lo:min(len(text), end + _WINDOW)], start - lo, end - lo)


@lru_cache(maxsize=4096)
def _country_in(window: str, start: int, end: int) -> bool:
    import jieba  # lazy: dictionary load on first use (its word frequencies are read below)

    tokens = pos_tokens(window)
    for i, (a, b, flag) in enumerate(tokens):
        if a < start < b or a < end < b and a != start:
            return False  # a word across the name's edge: 多|哥伦布
        if a == start and b > end:
            return not flag.startswith(_NAME_FLAGS) or window[b - 1] == "国"  # 马里奥, 马里兰州; 马里共和国 is it
        if a == start and b == end and flag.startswith("nr") and i + 1 < len(tokens):
            na, nb, _ = tokens[i + 1]
            nxt = window[na:nb]
            if na == end and re.match(r"[\u4e00-\u9fff]", nxt) and (
                    len(nxt) == 1 and nxt not in _PLAIN_NEXT or len(nxt) > 1 and nxt not in jieba.dt.FREQ):
                return False  # 汤加|丽, 阿曼|达, 贝宁|顿是: a transliterated person's name
    return True


def country_spans(sentence: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ``spans`` (place names found in ``sentence``) that name a country: starting with a listed country
    ("英国", "英国英格兰") or ending in 国 ("扶余国")."""
    return [(a, b) for a, b in spans
            if (m := _COUNTRY_NAME.match(sentence, a)) and m.end() <= b and not _GLOSSED.match(sentence, m.end())
            and country_at(sentence, m.start(), m.end())
            or b - a >= 2 and sentence[b - 1] == "国"]


_GLOSSED = re.compile(r"[\u4e00-\u9fff]+\s*[（(]\s*[A-Za-z]")
"""More of a name after the country, then its Latin spelling in brackets: a transliterated name that starts like a
country ("巴西特劳（Bassetlaw）"), not the country."""
