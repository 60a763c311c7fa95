"""A question about which group someone belongs to is answered by "为/是 <group>…成员(之一)".

"郑某是哪个团体的成员" is answered by "为我爱黑涩会比较后期的美眉成员之一" (the subject left unsaid), but a group's
name is rarely one a tagger knows, so the sentence holds no fact of the asked kind and the article's lead (school,
nickname) wins. ``member_spans`` reads the group from the words between the copula and 成员/一员. Generic
Chinese usage; no vocabulary of any corpus.
"""

from __future__ import annotations

import re

_ASKS = re.compile(r"哪(?:一)?(?:个|支|家)?(?:团体|组合|乐队|乐团|团队|组织|球队|社团|家族|门派|派别|政党|党派|帮派)的?(?:成员|一员|队员)")
"""The question asks the group someone is a member of ("是哪个团体的成员", "是哪个乐队的一员")."""
_MEMBER = re.compile(r"(?:为|是|乃|成为|加入了?)([^，,。；;：:、（()）]{2,24}?)的?(?:成员|一员|队员)(?:之一)?")
"""The copula, the group (with its modifiers), then 成员/一员: "为我爱黑涩会比较后期的美眉成员之一"."""


def asks_group(question: str) -> bool:
    """``question`` asks which group someone is a member of."""
    return bool(_ASKS.search(question))


def member_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of the groups ``sentence`` says someone is a member of (the words between the copula and 成员)."""
    return [m.span(1) for m in _MEMBER.finditer(sentence)]
