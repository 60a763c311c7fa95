"""What happened, searched for a story told without a quarrel word.

A scenario (``scenario.is_scenario``: a quarrel word, a plea and parties) gets a search on what happened
(``scenario.situation``, the parties' names left out) within the policies: the clause written for the case is
found by the case's words, not by the story's setting. A story told calmly ("我们组里一个专员直接…提了需求单，法务部说
没有经理确认不受理…到底谁对？", ``story.tells_story``) describes a case just as well, yet only the whole question was
searched, and its setting (协作平台, 合同模板, 法务部) outranks the clause ("…由需求方部门经理级以上人员确认后提交").

Only the best passage of the *keyword* search of what happened is added (``TOLD_KEEP``), and only when it is not among
the passages yet: of the formulations measured on the tune stories (round 16, h9ge), the keyword search of what
happened had the governing clause first most often, while the hybrid search's three best passages (what a scenario
keeps) added mostly passages nobody needed. The answer is still composed as for any question: this changes the
passages only.
"""

from __future__ import annotations

from assistant.language import is_english
from assistant.scenario import is_scenario, situation
from assistant.situation import ungraded, unnamed
from assistant.story import tells_story

TOLD_KEEP = 1
"""Passages of the keyword search of what happened added at most (chosen on the tune stories, sc tune + bs1)."""
TOLD_DOC_TYPE = "policy"
"""The clause written for a case is a policy's; guidance tells how to talk, not which rule applies."""


def told_query(question: str) -> str:
    """What a Chinese story told without a quarrel word says happened (``scenario.situation``, a disputed grade as the
    scale's name, the departments' names left out), the text its extra search runs on; "" when ``question`` is English,
    a scenario (which has its own situation search), tells no story or nothing is left."""
    if is_english(question) or is_scenario(question) or not tells_story(question):
        return ""
    happened = situation(question)
    return " ".join(unnamed(ungraded(happened)).split()) if happened else ""


__all__ = ["TOLD_DOC_TYPE", "TOLD_KEEP", "told_query"]
