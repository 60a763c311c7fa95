"""The other words a sentence states a noun-phrase question's attribute with.

A question written as a bare noun phrase asks for its head noun (``heads.head_word``): "X的用途",
"C919商业首飞路线". News often states such an attribute with another word of the same meaning and the
value next to it: the use with a verb ("该飞艇用于气象等科研"), the route with a sibling noun
("执飞上海至北京的航线"). A sentence that says the noun itself with no value ("用于其他用途的气球":
其他 is no use) shares the question's words but answers nothing.

``attribute_forms`` gives the other words of a head noun's group, ``states_head`` whether a sentence
gives the head (or a word of its group) a value. A small hand list of generic attribute nouns, no
vocabulary of any corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = "\u4e00-\u9fff"
_GENERIC = "其他|其它|别的|各种|各类|多种|不同|相关|一定|特殊|某种|某些|哪些|什么|何种"
"""Words that stand where a value should and name none ("用于其他用途", "有多种用途")."""


@dataclass(frozen=True)
class _Group:
    """Words of one attribute; the value follows the ``after`` words and precedes the ``before`` words."""

    after: tuple[str, ...]  # 用于X, 用途是X
    before: tuple[str, ...]  # X的航线
    value_before: str = ""  # what a value before a ``before`` word looks like


_PLACE_PAIR = rf"[{_CJK}]{{2,8}}(?:至|到|—|－|-|飞往|直飞)[{_CJK}]{{2,8}}(?:的|之间的)?$"
"""A route written as two places ("上海至北京的", "从广州飞往乌鲁木齐")."""

GROUPS: tuple[tuple[tuple[str, ...], _Group], ...] = (
    (("用途", "用处", "用于", "用来", "用作", "用以"),
     _Group(after=("用于", "用来", "用作", "用以", "用途是", "用途为", "用途包括", "用处是", "用处为"), before=())),
    (("路线", "航线", "线路", "路径"),
     _Group(after=("路线是", "路线为", "航线是", "航线为", "线路是", "线路为", "途经", "经停"),
            before=("路线", "航线", "线路", "路径"), value_before=_PLACE_PAIR)),
)
"""Attribute nouns (and verbs) of one meaning each: a use, a route."""


def _group(word: str) -> tuple[tuple[str, ...], _Group] | None:
    for words, group in GROUPS:
        if word in words:
            return words, group
    return None


def attribute_forms(word: str) -> tuple[str, ...]:
    """The other words of ``word``'s attribute group (() when it is in none): 用途 -> 用于, 用来 …"""
    found = _group(word)
    return tuple(w for w in found[0] if w != word) if found else ()


_VALUE_AFTER = re.compile(rf"^[：:\s]*(?!{_GENERIC})[{_CJK}A-Za-z0-9]{{2}}")


def states_head(sentence: str, head: str) -> bool:
    """``sentence`` gives the attribute ``head`` (or a word of its group) a value: a value after a verb or
    copula of the group ("用于气象等科研", "路线为…"), or a value of the group's shape before a noun of it
    ("上海至北京的航线"); a generic word in the value's place ("用于其他用途") is none."""
    found = _group(head)
    if found is None:
        return False
    _words, group = found
    for word in group.after:
        at = sentence.find(word)
        while at >= 0:
            if _VALUE_AFTER.match(sentence[at + len(word):]):
                return True
            at = sentence.find(word, at + 1)
    if group.value_before:
        shape = re.compile(group.value_before)
        for word in group.before:
            at = sentence.find(word)
            while at >= 0:
                if shape.search(sentence[max(0, at - 20):at]):
                    return True
                at = sentence.find(word, at + 1)
    return False
