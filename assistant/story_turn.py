"""A story that turns: something went wrong, and the manager asks what to do about it.

"我们和财务部为费用分摊的事已经升到跨部门协调委员会了，可财务部负责人本身就是委员，我们担心裁决不公。这种情况怎么
处理？" tells a problem to act on as plainly as a quarrel word (推诿, 扯皮) does, but has none, so ``scenario.is_scenario``
misses it and the plain composer answers it: ranked by the whole question, the setting's words (协调委员会, 提交)
win and the 结论 leads with the clause on the setting (第二十五条 …提交跨部门协调委员会处理) or a description
(第十四条 委员会由7名委员组成), not with the rule written for what went wrong (第十六条 …委员本人所在部门为争议当事方的，
该委员应当回避). The scenario composer (``scenario.compose_scenario``) leads with a rule clause whose case the story
describes; ``turned_story`` sends such a story to it.

The storyteller marks the turn: a told piece (``story.told_pieces``) opening with a contrast or outcome word (可, 但,
却, 结果, 没想到…). Only a story asking what to do (``QType.HOWTO`` / ``QType.OTHER``: 怎么办, 怎么处理, 怎么说) is
sent: a yes/no ask is answered by the clause ruling on the act (``extractive.verdict_first``) and a who/when ask by
the clause stating that fact, which the plain composer does better (measured on the tune sets: sending them too lost
two answers). Chinese discourse words only, no word of one company's documents.
"""

from __future__ import annotations

import re

from assistant.question_types import QType

TURN = re.compile(r"^(?:但是?|可是?(?![以能否行])|却|然而|不过|结果|谁知|没想到|偏偏|反而)|(?<=[\u4e00-\u9fff])(?:却|反而)")
"""A told piece that turns the story: it opens with a contrast or outcome word ("可财务部负责人…", "但两周过去了…",
"结果对方…") or turns inside ("对方却说…")."""
ASKS_WHAT_TO_DO: frozenset[QType] = frozenset({QType.HOWTO, QType.OTHER})
"""Asked-part types of a story the scenario composer answers (what to do, an open request)."""
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"")
"""Quoted speech: what someone said ("有人说“我们只是协办，结果该主办的负责”"), not the storyteller's turn."""


def story_turn(question: str) -> str:
    """The told pieces of ``question`` (a story, ``story.tells_story``; quoted speech left out) from the last piece
    that turns it (``TURN``) on, joined by spaces; "" when the question tells no story or its story does not turn."""
    from assistant.story import tells_story, told_pieces

    if not tells_story(question):
        return ""
    told = told_pieces(_QUOTED.sub("", question))
    turns = [i for i, piece in enumerate(told) if TURN.search(piece)]
    return " ".join(told[turns[-1]:]) if turns else ""


def turned_story(question: str, qtype: QType) -> bool:
    """True when ``question`` (its first asked part of type ``qtype``) tells a story that turns (``story_turn``)
    and asks what to do about it (``ASKS_WHAT_TO_DO``): it gets the scenario answer."""
    return qtype in ASKS_WHAT_TO_DO and bool(story_turn(question))


__all__ = ["ASKS_WHAT_TO_DO", "TURN", "story_turn", "turned_story"]
