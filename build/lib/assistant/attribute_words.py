"""The other words a sentence states a noun-phrase question's attribute with.

A question written as a bare noun phrase asks for its head noun (``heads.head_word``): "X的用途",
"C919商业首飞路线". News often states such an attribute with another word of the same
meaning and the value next to it: the use with a verb ("该飞艇用于气象等科研"), the route with a sibling
noun or a route verb ("执飞上海至北京的航线", "往返于海滨至南港之间"), the name with a naming verb
("命名为“…”"). A sentence that says the noun itself with no value ("用于其他用途的气球", "发挥着重要作用")
shares the question's words but answers nothing. Causes are left out: news states them in too many ways
(…所致, 由于…, "扭伤脚踝，最终无奈退赛") to tell a value from an echo ("自然原因所造成" gives one).

``attribute_forms`` gives the other words of a head noun's group (read as saying the noun),
``states_head`` whether a sentence gives the head a value in one of its group's forms, ``echoes_head``
whether it says the noun with none. A small hand list of
generic attribute nouns, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CJK = "\u4e00-\u9fff"
_GENERIC = "其他|其它|别的|各种|各类|多种|不同|相关|一定|特殊|某种|某些|哪些|什么|何种|重要|积极|关键"
"""Words that stand where a value should and name none ("用于其他用途", "发挥着重要作用")."""
_VALUE = rf"[：:\s“\"「]*(?!{_GENERIC})[{_CJK}A-Za-z0-9]{{2}}"
"""A value after a form: two characters of a word that is not generic."""
_PLACE_PAIR = rf"[{_CJK}]{{2,8}}(?:至|到|—|－|-|飞往|直飞)[{_CJK}]{{2,8}}(?:的|之间的)?$"
"""A route written as two places ("上海至北京的", "从广州飞往乌鲁木齐")."""


@dataclass(frozen=True)
class Group:
    """One attribute: its nouns (read as one word), the verbs that say it, the forms a value follows, the nouns a
    value precedes."""

    nouns: tuple[str, ...]
    verbs: tuple[str, ...]  # words that say the attribute as a verb: 用于, 命名为
    after: str  # regex of the words a value follows: 用于X, 路线为X, 命名为X
    before: tuple[str, ...] = ()  # nouns a value of ``value_before``'s shape precedes: 上海至北京的航线
    value_before: str = ""


GROUPS: tuple[Group, ...] = (
    Group(nouns=("用途", "用处", "作用", "功能"), verbs=("用于", "用来", "用作", "用以"),
          after=r"用于|用来|用作|用以|(?:用途|用处|作用|功能)(?:是|为|包括|主要是|在于)"),
    Group(nouns=("路线", "航线", "线路", "路径"), verbs=("途经", "往返", "开往", "飞往", "执飞"),
          after=r"(?:路线|航线|线路|路径)(?:是|为)|途经|经停|往返于?|开往|飞往|直达",
          before=("路线", "航线", "线路", "路径"), value_before=_PLACE_PAIR),
    Group(nouns=("寓意", "含义", "象征意义"), verbs=("象征", "寓意着", "意味着", "代表"),
          after=r"象征着?|寓意着|意味着|代表着|(?:寓意|含义|象征意义)(?:是|为|在于)"),
    Group(nouns=("名称", "名字"), verbs=("命名", "定名", "取名", "更名", "改名", "名为", "名叫", "称为"),
          after=r"命名为|定名为|取名为?|更名为|改名为|名为|名叫|叫做|称为|(?:名称|名字)(?:是|为|叫)"),
)
"""Attribute nouns of one meaning each: a use, a route, a meaning (a mascot's, an emblem's), a name."""


def _group(word: str) -> Group | None:
    return next((g for g in GROUPS if word in g.nouns), None)


def attribute_forms(word: str) -> tuple[str, ...]:
    """The other words of ``word``'s attribute group, nouns and verbs (() when it is in none): 路线 -> 航线,
    线路 …, 途经 …; 用途 -> 作用 …, 用于 …"""
    group = _group(word)
    return tuple(w for w in (*group.nouns, *group.verbs) if w != word) if group else ()


@lru_cache(maxsize=16)
def _after(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})(?={_VALUE})")


def echoes_head(sentence: str, head: str) -> bool:
    """``sentence`` says ``head`` (or another noun of its group) and gives it no value ("发挥着重要作用",
    "名称经过多轮征集"): it repeats what is asked."""
    group = _group(head)
    return group is not None and any(w in sentence for w in group.nouns) and not states_head(sentence, head)


def states_head(sentence: str, head: str) -> bool:
    """``sentence`` gives the attribute ``head`` a value in a form of its group: a value after a verb or copula
    ("用于气象等科研", "起火系电线短路", "命名为“…”"), or a value of the group's shape before a noun of it
    ("上海至北京的航线"); a generic word in the value's place ("用于其他用途", "重要作用") is none."""
    group = _group(head)
    if group is None:
        return False
    if _after(group.after).search(sentence):
        return True
    if group.value_before:
        shape = re.compile(group.value_before)
        for word in group.before:
            at = sentence.find(word)
            while at >= 0:
                if shape.search(sentence[max(0, at - 20):at]):
                    return True
                at = sentence.find(word, at + 1)
    return False
