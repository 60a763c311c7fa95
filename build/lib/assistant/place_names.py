"""A place the question names as part of a longer name is not the place whose figure is asked.

"2031–32年澳门甲组足球联赛有多少个球队参加" asks about a league: 澳门 is a word of the league's name, and
a figure the passage states about 澳门 itself ("代表澳门参加…3场附加赛") answers nothing; "本届赛事有10队
参与" does. A place directly followed by more of a name, ending in the word that says what kind of thing
is named (联赛, 大学, 机场, 公司 …), is such a word. "香港有多少所大学" or "重庆的GDP" name the place
itself: a verb, 的 or a question word stands between it and any such word. Generic Chinese syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NAME_HEADS = (
    "联赛|锦标赛|公开赛|大奖赛|大赛|比赛|赛事|运动会|马拉松|杯|大学|学院|学校|中学|小学|机场|火车站|车站|地铁|铁路|"
    "公路|大桥|隧道|码头|港口|公司|集团|银行|医院|电视台|电台|报社|博物馆|美术馆|图书馆|体育场|体育馆|剧院|公园|"
    "俱乐部|球会|球队|足球队|篮球队|代表队|乐团|协会|学会|研究所|研究院|委员会|条约|协定|宣言|会议|峰会|论坛|"
    "博览会|展览会|电影节|艺术节|音乐节|战役|战争|事件|起义|选举"
)
"""Words that end a name and say what kind of thing it names (a league, a school, an airport, a firm …)."""
MAX_NAME_MIDDLE = 8
"""Characters that may stand between the place and the name's head word ("甲组足球" in 澳门甲组足球联赛)."""
_NOT_IN_MIDDLE = "的之有是在为和与及或共约达多少几哪谁何什么怎"
"""Characters that never sit inside a name between a place and its head word: a link, a verb of
being or having, a conjunction or a question word ("香港有多少所大学" names 香港 itself)."""
_NAME_AFTER = re.compile(rf"[^\s\W{_NOT_IN_MIDDLE}]{{0,{MAX_NAME_MIDDLE}}}?(?:{NAME_HEADS})")


def in_longer_name(question: str, place: str) -> bool:
    """Every mention of ``place`` in ``question`` is directly followed by the rest of a longer name
    (澳门 in "澳门甲组足球联赛", 重庆 in "重庆大学")."""
    found = [m.end() for m in re.finditer(re.escape(place), question)]
    return bool(found) and all(_NAME_AFTER.match(question, end) for end in found)


def figure_places(question: str, places: Sequence[str]) -> tuple[str, ...]:
    """``places`` (the places ``question`` names, ``statements.question_places``) without those that are
    only words of a longer name: the places whose own figure the question asks."""
    return tuple(p for p in places if not in_longer_name(question, p))
