"""Questions that ask what a thing is called, and the names a sentence states as names.

"2022年世界杯吉祥物叫什么" asks for a name given to something: "这个吉祥物的名字是“拉伊卜”" states it,
while "2022卡塔尔世界杯的吉祥物正式亮相" only names places and events a tagger finds. For such a
question the answer spans are the names a sentence states as names: the run after a naming link
(``statements.linked_spans``) and a quoted run (“拉伊卜”, 《…》, 「…」). Generic Chinese syntax.
"""

from __future__ import annotations

import re

_ASKS_NAMING = re.compile(r"叫什么|叫[做作]为?什么|什么名字|名字是什么|名字叫|名称是什么|称为什么|称作为?什么|被称为什么|又称什么|别名是什么|简称是什么|全称是什么")
_NAME_NOUN = re.compile(r"^(?:本名|原名|名字|名称|别名|别称|又称|又名|简称|全称|学名|俗称|昵称|外号|艺名|笔名|字|号|旧称|通称|亦称|也称|也叫|又叫)$")
_RUN = re.compile(r"(?:为|是|叫)?([\u4e00-\u9fffA-Za-z·\-]{2,12})")
_QUOTED = re.compile(r"[“「『\"《]([^”」』\"》，。；]{1,20})[”」』\"》]")


def asks_naming(question: str) -> bool:
    """The question asks what something is called (叫什么, 什么名字, 称为什么 …)."""
    return bool(_ASKS_NAMING.search(question))


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """The quoted runs of ``sentence`` (inside “”, 「」, 『』, "" or 《》), as spans of the words inside."""
    return [m.span(1) for m in _QUOTED.finditer(sentence)]


def named_spans(sentence: str, words: list[str]) -> list[tuple[int, int]]:
    """The run right after a name noun of ``words`` ("本名王宏文" -> 王宏文, "又称X"): the noun names it."""
    spans = []
    for word in words:
        if not _NAME_NOUN.match(word):
            continue
        at = sentence.find(word)
        while at >= 0:
            m = _RUN.match(sentence, at + len(word))
            if m:
                spans.append(m.span(1))
            at = sentence.find(word, at + 1)
    return spans
