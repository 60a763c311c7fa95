"""Questions that ask for a date ("乌镇峰会举办时间", "2022年G20峰会的时间？") and the dates that answer them.

A question that names an event and ends in 时间/日期 asks when it happens: a calendar date
("11月9日至11日", "2023年5月28日"), not a duration ("有4天时间") and not the year the question already
states ("2022年"). Policy questions ask durations with other words (多久, 多长时间, 响应时间): those are
left to the general time pattern. The word 时间 itself is the question's type, not its topic: a
sentence that repeats it ("访华时间比较长") is no closer to the answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.terms import words

_TYPE_NOUN_TAIL = r"(?:的)?(?:时间|日期|日子|时间点)(?:是(?:什么时候|哪天|哪一天|几月几日|何时)?)?"
"""The words that only name the answer type at a question's end: "…的时间是什么时候"."""
_DATE_ASKED = re.compile(
    r"(?<!多长)(?<!多少)(?<!什么)(?<!哪段)(?<!响应)(?<!处理)(?<!答复)(?<!回复)(?<!审批)(?<!审核)(?<!办理)"
    r"(?<!等待)(?<!持续)(?<!投入)(?<!反馈)(?<!服务)(?<!工作)(?<!汇报)(?<!发言)"
    + _TYPE_NOUN_TAIL + r"[？?]?\s*$"
)
"""A noun-phrase date question: "…开幕时间", "…上映日期", "…的时间是？" (not "响应时间", "多长时间")."""
_TYPE_NOUN = re.compile(_TYPE_NOUN_TAIL + r"(?=[？?]?\s*$)")
_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=年|\D|$)")

_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]"
_RANGE_END = r"(?:\s*[至到\-—–~～]\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])?"
DAY_PATTERN = re.compile(
    rf"(?:(?:19|20)\d{{2}}\s*年\s*)?{_MD}{_RANGE_END}"
    r"|(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}"
    r"|(?<![\d月])\d{1,2}\s*[日号](?=\s*[至到\-—–~～]\s*\d{1,2}\s*[日号])"
)
"""A calendar day, optionally with its year, or a range of days ("11月9日至11日", "2023-05-28")."""
_MONTH = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份|底|初|中旬|上旬|下旬)?(?![\d一二三四五六七八九十]*\s*[日号])")
_YEAR_ONLY = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年(?!\s*(?:\d|[一二三四五六七八九十])\s*月)(?:代)?")


def asks_date(question: str) -> bool:
    """True for a noun-phrase question asking when something happens ("成都大运会开幕时间")."""
    return bool(_DATE_ASKED.search(question.strip()))


def date_pattern(question: str) -> re.Pattern[str]:
    """What answers a date question: a day or a month, or a year when the question states none."""
    parts = [DAY_PATTERN.pattern, _MONTH.pattern]
    if not _YEAR_IN.search(question):
        parts.append(_YEAR_ONLY.pattern)
    return re.compile("|".join(f"(?:{p})" for p in parts))


def without_type_noun(question: str) -> str:
    """The question without the trailing 时间/日期 that only names the answer type (for word overlap)."""
    return _TYPE_NOUN.sub("", question.strip()) if asks_date(question) else question


def names_day(text: str) -> bool:
    """``text`` is (or holds) a calendar day, not only a month or a year."""
    return bool(DAY_PATTERN.search(text))


_DATELINE = re.compile(
    r"^\W*[\u4e00-\u9fffA-Za-z]{1,10}?(?:社|网|报|台|电视|日报|晚报)[\u4e00-\u9fff]{0,8}?"
    r"(?:\d{1,2}月\d{1,2}日)?(?:电|讯|消息)"
    r"|^\W*(?:[A-Z][a-z]{2}\s+\d{1,2},\s+\d{4}|(?:19|20)\d{2}[-/]\d{1,2}[-/]\d{1,2}(?:\s+\d{1,2}:\d{2})?)"
)
"""A news dateline ("新华社北京4月3日电", "中新网5月12日电") or a page's publication stamp ("Feb 16, 2023",
"2022-03-15 22:24") at the head of a sentence: the day the story was filed, not the day asked about."""


def outside_datelines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` of ``text`` that do not lie inside its dateline."""
    m = _DATELINE.search(text)
    if not m:
        return spans
    return [(a, b) for a, b in spans if not (a < m.end() and b <= m.end() + 2)]


_END_BOUND = re.compile(r"(?:截至|截止到?|直至|直到|延长至|延期至|推迟至|持续至|至|到)\s*$")
_ENDS_ASKED = re.compile(r"结束|截止|截至|闭幕|到期|终止|停止|落幕|关闭|期限|多久|多长")


def starts_not_ends(question: str, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` without the dates that only bound something ("延长上映至7月21日", "截至1月28日"), unless
    the question asks when something ends."""
    if _ENDS_ASKED.search(question):
        return spans
    return [(a, b) for a, b in spans if not _END_BOUND.search(text[max(0, a - 4):a])]


_QUALIFIER_GAP = 12


def not_qualifiers(question: str, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` without bare years that only name the edition of what is asked ("2022年世界互联网大会
    乌镇峰会…举办情况" for "乌镇峰会举办时间": the year is part of the name, not the date asked)."""
    asked = {question[i:i + 2] for i in range(len(question) - 1)}
    out = []
    for a, b in spans:
        after = re.match(r"[^，,。；;：:、（(）)\s]{0,%d}" % _QUALIFIER_GAP, text[b:]).group(0)
        if _YEAR_ONLY.fullmatch(text[a:b]) and any(after[i:i + 2] in asked for i in range(len(after) - 1)):
            continue
        out.append((a, b))
    return out


@lru_cache(maxsize=1024)
def event_word(question: str) -> str | None:
    """What happens on the date asked: the word before 时间/日期 ("运营" in "…终止运营时间", "访华" in
    "布林肯访华时间"); a date next to it is the one asked for. None when the question asks no date.
    Cached: ``counts_down`` asks it for every candidate sentence."""
    if not asks_date(question):
        return None
    cut = words(without_type_noun(question).rstrip("？? "))
    return cut[-1] if cut and re.fullmatch(r"[\u4e00-\u9fff]{2,}", cut[-1]) else None


def counts_down(question: str, text: str) -> bool:
    """``text`` names the asked event only as a point to count from ("在距北京冬奥会开幕十天之际",
    "开幕前夕", "开幕倒计时100天"): its dates are of something else, not of the event."""
    word = event_word(question)
    if not word or word not in text:
        return False
    at = text.find(word)
    while at >= 0:
        before, after = text[max(0, at - 16):at], text[at + len(word):at + len(word) + 8]
        relative = re.search(r"(?:距离?|离)[^，,。；;]*$", before) or re.match(r"(?:前夕|倒计时|之前|前\d|前[一二三四五六七八九十百]+天)", after)
        if not relative:
            return False
        at = text.find(word, at + 1)
    return True
