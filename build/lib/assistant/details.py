"""The question's distinguishing details, and whether a sentence keeps or contradicts them.

News and encyclopedia passages retrieved for "北京冬奥会男子500米速度滑冰金牌" are full of sentences
about the same event that differ in one detail: 男子1500米, 女子500米, 2021年, 神舟十四号. Word
overlap scores them alike; the detail decides. ``question_details`` takes from the question the
details a sentence can contradict:

- quantities with a unit ("500米", "3分"): a sentence stating the same unit with another number and
  not the asked one is about something else ("1500米" does not contain "500米");
- ordinals ("第六任", "第24届") and numbered names ("神舟十三号", "MIX4"): the same counter or name
  with another number is another thing;
- qualifiers of one family (男子/女子/混合, 单打/双打, 上半年/下半年, 中秋/国庆 …): a sentence naming
  only other members than the question's is a mismatch, a sentence naming none of the family is neutral;
- key names (Latin words and codes such as "EMNLP2022", 《titles》): a passage that never mentions
  them is about another event or work (``lacks_names``).

``fit_counts(details, sentence, window)`` counts the details kept (in the sentence or, for a short
news sentence, in its neighbour ``window``) and those contradicted in the sentence itself;
``fit_score`` turns the counts into a score adjustment, positive per kept detail and strongly negative
per contradicted one (``detail_fit`` does both). No model; pure string rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CN_DIGITS = "零一二两三四五六七八九十百"
_UNITS = r"(?:米|公里|千米|公斤|千克|克|秒|分钟|岁|人|名|枚|项|场|局|号|路|条|K|km|m)"
_QUANTITY = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*({_UNITS})(?![A-Za-z])")
_ORDINAL = re.compile(rf"第\s*(\d+|[{_CN_DIGITS}]+)\s*(届|任|次|季|轮|代|批|期|棒|场|局|集|部|名|枪|号|站|阶段|赛季)")
_NUMBERED_ZH = re.compile(rf"([\u4e00-\u9fff]{{2}})([{_CN_DIGITS}]{{1,3}}|\d{{1,3}})号")
_NUMBERED_LATIN = re.compile(r"(?<![A-Za-z])([A-Za-z]{2,})\s?(\d{1,3})(?![\d年])")

_FAMILIES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("男子", "男单", "男双", "男篮", "男足", "男排", "男团", "男性", "男选手", "男运动员"),
     ("女子", "女单", "女双", "女篮", "女足", "女排", "女团", "女性", "女选手", "女运动员"),
     ("混双", "混合双打", "混合团体", "混合接力", "混团")),
    (("单打",), ("双打",)),
    (("单人滑",), ("双人滑",)),
    (("上半年",), ("下半年",)),
    (("上半场",), ("下半场",)),
    (("一季度", "首季", "Q1"), ("二季度", "Q2"), ("三季度", "Q3"), ("四季度", "Q4"), ("全年",)),  # a report's period
    (("元旦",), ("春节", "除夕", "大年初一"), ("元宵",), ("清明",), ("劳动节", "五一假期", "五一小长假"), ("端午",),
     ("七夕",), ("中秋",), ("国庆",), ("重阳",), ("圣诞",)),  # a holiday's figures are not another holiday's
)
"""Qualifier families: a sentence naming another member of the family than the question is about something else."""

_KEY_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]")
_KEY_TITLE = re.compile(r"《([^《》]{1,30})》")
_SPACE = re.compile(r"[\s·•・]+")

KEEP = 0.06
"""Bonus per detail of the question the sentence (or its neighbour) keeps."""
MISMATCH = 0.6
"""Penalty per detail the sentence contradicts (another distance, sex, ordinal, model number)."""
MAX_KEEP = 0.15
"""Most bonus the kept details of one sentence earn together."""
MISSING_NAME = 0.3
"""Penalty for the sentences of a passage that never mentions the question's key name (EMNLP2022, 《人世间》)."""


@dataclass(frozen=True)
class Details:
    """What a question says that a sentence can keep or contradict."""

    quantities: tuple[tuple[str, str], ...] = ()  # ("500", "米")
    ordinals: tuple[tuple[str, str], ...] = ()  # ("六", "任")
    numbered: tuple[tuple[str, str], ...] = ()  # ("神舟", "十三"), ("mix", "4")
    qualifiers: tuple[tuple[int, int], ...] = ()  # (family, member)
    names: tuple[str, ...] = ()  # key names, normalised: Latin words/codes ("emnlp2022"), 《titles》

    def __bool__(self) -> bool:
        return bool(self.quantities or self.ordinals or self.numbered or self.qualifiers or self.names)


def normalise(text: str) -> str:
    """Lower case without spaces and name dots ("EMNLP 2022" -> "emnlp2022")."""
    return _SPACE.sub("", text).lower()


def _qualifiers(text: str) -> set[tuple[int, int]]:
    found = set()
    for f, family in enumerate(_FAMILIES):
        for m, member in enumerate(family):
            if any(word in text for word in member):
                found.add((f, m))
    return found


def _quantities(text: str) -> set[tuple[str, str]]:
    return {(m.group(1), m.group(2).lower()) for m in _QUANTITY.finditer(text)}


def _ordinals(text: str) -> set[tuple[str, str]]:
    return {(m.group(1), m.group(2)) for m in _ORDINAL.finditer(text)}


def _numbered(text: str) -> set[tuple[str, str]]:
    found = {(m.group(1), m.group(2)) for m in _NUMBERED_ZH.finditer(text)}
    found |= {(m.group(1).lower(), m.group(2)) for m in _NUMBERED_LATIN.finditer(text)}
    return found


@lru_cache(maxsize=1024)
def question_details(question: str) -> Details:
    """The quantities, ordinals, numbered names and qualifiers the question states."""
    return Details(
        quantities=tuple(sorted(_quantities(question))),
        ordinals=tuple(sorted(_ordinals(question))),
        numbered=tuple(sorted(_numbered(question))),
        qualifiers=tuple(sorted(_qualifiers(question))),
        names=tuple(dict.fromkeys(
            [normalise(t) for t in _KEY_TITLE.findall(question)]
            + [normalise(w) for w in _KEY_LATIN.findall(question) if len(w) >= 4 or re.search(r"\d", w)])),  # SLA, KPI: generic
    )


def _check(asked: tuple[tuple[str, str], ...], stated: set[tuple[str, str]]) -> tuple[int, int]:
    """(kept, contradicted): an asked (value, key) is kept when stated, contradicted when the same key
    is stated with other values only."""
    kept = bad = 0
    for value, key in asked:
        if (value, key) in stated:
            kept += 1
        elif any(k == key for _v, k in stated):
            bad += 1
    return kept, bad


def fit_counts(details: Details, sentence: str, window: str = "") -> tuple[int, int]:
    """(details kept in ``sentence`` or ``window``, details ``sentence`` contradicts)."""
    if not details:
        return 0, 0
    kept = bad = 0
    for asked, find in ((details.quantities, _quantities), (details.ordinals, _ordinals)):
        if asked:
            k, b = _check(asked, find(sentence))
            kw, _ = _check(asked, find(window)) if window and k < len(asked) else (0, 0)
            kept += max(k, kw)
            bad += b
    if details.numbered:  # ("神舟", "十三"): keyed by the name, the number is the value
        stated = {(num, name) for name, num in _numbered(sentence)}
        k, b = _check(tuple((num, name) for name, num in details.numbered), stated)
        kept += k
        bad += b
    if details.qualifiers:
        stated = _qualifiers(sentence)
        near = _qualifiers(window) if window else set()
        asked = {f: {m for g, m in details.qualifiers if g == f} for f, _m in details.qualifiers}
        for family, member in details.qualifiers:
            same = {m for f, m in stated if f == family}
            if member in same or (not same and (family, member) in near):
                kept += 1
            elif same and not same & asked[family]:  # "国庆期间…" for 中秋; "中秋…" for 中秋和国庆 is one of them
                bad += 1
    return kept, bad


def lacks_names(details: Details, passage: str) -> bool:
    """True when the question names something (EMNLP2022, 《人世间》) that ``passage`` never mentions:
    the passage is about another event, film or product."""
    if not details.names:
        return False
    text = normalise(passage)
    return not any(name in text for name in details.names)


def detail_fit(details: Details, sentence: str, window: str = "") -> float:
    """Score adjustment: ``KEEP`` per kept detail (at most ``MAX_KEEP``), ``-MISMATCH`` per contradicted one."""
    return fit_score(*fit_counts(details, sentence, window))


def fit_score(kept: int, bad: int) -> float:
    """``KEEP`` per kept detail (at most ``MAX_KEEP``), ``-MISMATCH`` per contradicted one."""
    return min(MAX_KEEP, KEEP * kept) - MISMATCH * bad
