"""A yes/no question that points back at the story it tells.

"财务部为了省事，直接用微信把还没公开的季度财务数据发给了我们部门，……这样发到底行不行？" asks whether the act the
story told is allowed; the asked part "这样发到底行不行？" names it only by a word pointing back (这样, 这么, 这种, 如此).
Ranked by that part alone, the plain composer's 结论 leads with whatever clause shares its one verb ("发送催办提醒")
instead of the clause on the told act ("禁止通过即时通讯工具……传递"). ``with_story`` gives the ranking the part the
question really asks: what the story told (``scenario.situation`` of the text sentences are matched against, so the
documents' words the Advisor adds for everyday ones count: 微信 → 即时通讯工具; pieces that point back left out) plus
the asked part.
Chinese reference words only, no word of one company's documents.
"""

from __future__ import annotations

import re

from assistant.question_types import QType

POINTS_BACK = re.compile(r"这样|这么|这种|如此")
"""Words by which an asked part refers to what the story before it told."""


def with_story(question: str, part: str, qtype: QType) -> str:
    """The text a yes/no ``part`` of ``question`` (or of its matching text, ``pick_conclusion``'s ``query``) is ranked
    by: the story's situation (its pieces that point back left out) before ``part`` when ``part`` points back at it
    (``POINTS_BACK``); ``part`` itself otherwise."""
    from assistant.scenario import situation

    if qtype is not QType.YESNO or not part or not POINTS_BACK.search(part):
        return part
    told = " ".join(piece for piece in situation(question).split() if not POINTS_BACK.search(piece))
    return f"{told} {part}" if told else part


__all__ = ["POINTS_BACK", "with_story"]
