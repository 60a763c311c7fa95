"""A "哪个国家" question is answered by a country, not by any place.

"斯塔福德郡是哪个国家的郡" is answered by "史丹佛郡（…），英国英格兰西米德兰兹的郡", while "斯塔福德郡是非
都市郡，实际管辖8个非都市区：塔姆沃思、利奇菲尔德…" names many places and shares more words with the
question. When the question asks which country (哪个国家, 哪国, 什么国家) and the sentence's document
names a country at all, only a country counts as the asked fact: a name of the country list
(``entities.COUNTRIES``, on word boundaries) or a place name ending in 国 ("扶余国"). A document that
names no country (a history of 后金) keeps every place: its states are not on any modern list.
Generic; no vocabulary beyond the country list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.entities import COUNTRIES

_ASKS_COUNTRY = re.compile(r"哪(?:一)?(?:个)?国(?!内|外|际)|什么国家|何国")
"""The question word asks for a country ("哪个国家", "哪国人", "哪一国", "什么国家")."""
_COUNTRY_NAME = re.compile("|".join(sorted(map(re.escape, COUNTRIES), key=len, reverse=True)))


def asks_country(question: str) -> bool:
    """``question`` asks which country ("斯塔福德郡是哪个国家的郡", "X是哪国人")."""
    return bool(_ASKS_COUNTRY.search(question))


def names_country(text: str) -> bool:
    """``text`` names a country of the list anywhere (a cheap test over a whole document)."""
    return bool(_COUNTRY_NAME.search(text))


def country_spans(sentence: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ``spans`` (place names found in ``sentence``) that name a country: starting with a listed country
    ("英国", "英国英格兰") or ending in 国 ("扶余国")."""
    return [(a, b) for a, b in spans
            if (m := _COUNTRY_NAME.match(sentence, a)) and m.end() <= b and not _GLOSSED.match(sentence, m.end())
            or b - a >= 2 and sentence[b - 1] == "国"]


_GLOSSED = re.compile(r"[\u4e00-\u9fff]+\s*[（(]\s*[A-Za-z]")
"""More of a name after the country, then its Latin spelling in brackets: a transliterated name that starts like a
country ("巴西特劳（Bassetlaw）"), not the country."""
