"""What a "X的Y是什么" question asks: X's Y (its 处理器, 主题, 口号), not what X is.

"星海Pro9的处理器是什么" is answered by "该机采用启明K9处理器" — the asked noun with a value written
against it — not by the introduction "星海Pro9是星海公司推出的一款旗舰智能手机，处理器性能强劲",
which defines the owner X and only mentions Y. ``asked_attribute`` reads (owner, attribute) off the
question; ``states_attribute`` tells whether a sentence gives the attribute a value: a model name
right before it ("启明K9处理器") or a copula after it ("处理器为启明K9"); ``introduces_owner`` whether it
is the owner's introduction that names the attribute without giving it one. Generic Chinese syntax, no
vocabulary of any corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache

_ASKED = re.compile(
    r"^(?P<owner>[^？?，,。的]{2,24}?)(?:所|搭载|使用|采用|配备|用)?的(?P<attr>[\u4e00-\u9fff]{2,4})"
    r"(?:是什么|是啥|叫什么|是哪个|是哪款)[？?。]?\s*$"
)
_VALUE_BEFORE = re.compile(r"[A-Za-z0-9\u4e00-\u9fff·\-]*[A-Za-z0-9][A-Za-z0-9\u4e00-\u9fff·\-]*$")
"""A model name right before the attribute ("启明K9处理器", "A17芯片"): Latin letters or digits in it; plain
Chinese words there are as often not a value ("开始职业足球生涯")."""
_VALUE_AFTER = re.compile(r"^(?:(?:是|为|叫|名为|：|:)\s*[“\"《「]?[A-Za-z0-9\u4e00-\u9fff·\-]{2,}|\s*[A-Za-z0-9][A-Za-z0-9\-]+)")
_NOT_VALUE = re.compile(r"(?:的|了|和|与|及|其|该|这|此|新|款|大|强|好)$")
"""Words before the attribute that do not give it a value ("新处理器", "其处理器")."""


@lru_cache(maxsize=1024)
def asked_attribute(question: str) -> tuple[str, str] | None:
    """``(owner, attribute)`` of a "X的Y是什么" question ("星海Pro9", "处理器"), or None."""
    m = _ASKED.match(question.strip())
    return (m.group("owner"), m.group("attr")) if m else None


def states_attribute(sentence: str, owner: str, attribute: str) -> bool:
    """``sentence`` gives ``attribute`` a value: a model name that is not the owner's right before it, or a
    copula and a name right after it (a Latin or numbered name may follow bare: "全称COMAC919")."""
    at = sentence.find(attribute)
    while at >= 0:
        before = _VALUE_BEFORE.search(sentence[max(0, at - 12):at])
        if before and not _NOT_VALUE.search(before.group(0)) and not before.group(0).endswith(owner[-2:]):
            return True
        if _VALUE_AFTER.match(sentence[at + len(attribute):]):
            return True
        at = sentence.find(attribute, at + 1)
    return False


def introduces_owner(sentence: str, owner: str, attribute: str, defines_owner: bool) -> bool:
    """``sentence`` defines the owner (``defines_owner``) and mentions the attribute without a value:
    "星海Pro9是…一款旗舰智能手机，处理器性能强劲". An encyclopedic lead that never says the attribute
    ("邹游，中国足球运动员" for 邹游的职业) may well answer it and is left alone."""
    return defines_owner and attribute in sentence and not states_attribute(sentence, owner, attribute)
