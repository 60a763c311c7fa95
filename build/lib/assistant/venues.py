"""Where an event is held: "…在哪里举行" is answered by the place in "在X举行", not by any place a sentence names.

News on an event is full of places that are not its venue: "北京市副市长出席发布会", "来自全国的
合唱团", "北京时间7月2日". A question that asks where an event takes place (``asks_venue``: 在哪举行,
在什么地方召开, 举办地, 举办城市) is answered by the words a sentence puts between 在/于 and the
holding verb ("本届峰会在北京国家会议中心举行"), or after a venue label ("举办地为曼谷", "花落成都"):
``venue_spans``. A sentence that says the holding verb with no venue ("峰会将于7月2日开幕") tells when,
not where: its other places do not answer (``held_without_venue``), unless one stands before the verb as
the host (``hosts``: "新加坡将举办…"). Generic Chinese syntax, no
vocabulary of any corpus.
"""

from __future__ import annotations

import re

_HELD = r"举行|举办|召开|开幕|开赛|揭幕|落幕|闭幕"
"""Verbs that hold an event at a place."""
_ASKS = re.compile(
    r"在(?:哪里?|哪儿|何地|何处|什么地方|哪(?:个|座|一)(?:城市|国家|地方|省份?))(?:举[办行]|召开|开幕|开赛)"
    r"|举办地|举办城市|举行地|举办国|主办城市|举办场馆|比赛场馆"
)
_VENUE = re.compile(
    rf"[在于]([^，,。；;：:！!？?“”\"、\s（）()]{{2,24}}?)(?:隆重|盛大|正式|如期|顺利|圆满|同期|联合|)(?:{_HELD})"
)
_LABEL = re.compile(
    r"(?:(?:举办地|举办城市|举行地点?|举办地点|会址|地点)(?:为|是|位于|设在|设于|定在|选在|在|：|:)|花落|落户)\s*"
    r"([^，,。；;！!？?“”\"、\s（）()]{2,24})"
)
_NOT_PLACE = re.compile(
    r"\d|[年月日号时]$|^(?:此|这|那|其|该|本|今|明|后|即|今年|明年|去年|近日|日前|期间|同时|线上|网上|云端)|期间|之际|前后|前夕"
)
"""What a 在/于 slot holds when it is a time ("于7月2日", "在此期间", "在即") or no place at all."""


def asks_venue(question: str) -> bool:
    """``question`` asks where an event is held (在哪里举行, 在什么地方召开, 举办地, 举办城市)."""
    return bool(_ASKS.search(question))


def venue_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of the place the sentence holds something at: "在X举行", "于X开幕", "举办地为X"."""
    found = [_VENUE.match(sentence, at.start()) for at in re.finditer("[在于]", sentence)]  # each 在/于: "于7月2日在北京开幕"
    found += list(_LABEL.finditer(sentence))
    return sorted({m.span(1) for m in found if m and not _NOT_PLACE.search(m.group(1))})


def held_without_venue(sentence: str) -> bool:
    """``sentence`` says an event is held (a holding verb) but at no venue: it dates or announces it."""
    return bool(re.search(_HELD, sentence)) and not venue_spans(sentence)


_HOSTS = re.compile(rf"{_HELD}|承办|主办")
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?]")


def hosts(sentence: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ``spans`` that stand before a holding or hosting verb in their clause: the host as the subject
    ("新加坡将举办2025年世锦赛", "由乌镇承办"); a place after the verb or in another clause is not where."""
    out = []
    for a, b in spans:
        clause = _CLAUSE_END.search(sentence, b)
        if _HOSTS.search(sentence, b, clause.start() if clause else len(sentence)):
            out.append((a, b))
    return out
