"""Eras as answers: "吕凯是什么时期的人" is answered by "三国时蜀汉永昌郡五官掾", not by a year.

A question asking for a period (什么时期, 哪个朝代, 什么年代) takes a Chinese dynasty or era named with a
period word (三国时, 唐朝, 北宋年间, 春秋末年) as a fact of the asked kind, next to the dates the TIME
tagger finds. The dynasty names are general Chinese history, not the vocabulary of any corpus.
"""

from __future__ import annotations

import re

_ASKS_ERA = re.compile(r"什么时期|哪个?时期|哪一?个?朝代|什么朝代|什么年代|哪个年代|哪个时代|什么时代")
_LONG = r"五代十国|南北朝|三国|春秋|战国|西周|东周|西汉|东汉|蜀汉|西晋|东晋|南朝|北朝|北宋|南宋|西夏|民国"
_SHORT = r"夏|商|周|秦|汉|魏|晋|隋|唐|宋|辽|金|元|明|清"
_PERIOD = r"(?:朝|代|时期|时代|时|末年|初年|中期|后期|前期|年间|末|初)"
_ERA = re.compile(rf"(?:{_LONG}){_PERIOD}?|(?:(?<![\u4e00-\u9fff])|(?<=[于在是为至到的自从]))(?:{_SHORT}){_PERIOD}")
"""A long era name alone or with a period word; a one-character dynasty only with one, standing alone."""


def asks_era(question: str) -> bool:
    """The question asks for a period or dynasty (什么时期, 哪个朝代 …)."""
    return bool(_ASKS_ERA.search(question))


def era_spans(sentence: str) -> list[tuple[int, int]]:
    """The eras ``sentence`` names ("三国时", "唐朝", "北宋年间")."""
    return [m.span() for m in _ERA.finditer(sentence)]
