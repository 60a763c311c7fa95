"""A policy's own housekeeping clauses: why it was made, what it applies to, who interprets it, when it takes effect.

"为规范……，制定本办法", "本办法适用于……", "本办法由运营管理部负责解释，自2025年1月1日起施行": they state no rule a manager acts
on, so they never answer a question about the rules (only one that names the document itself) and never govern a story.
"""

from __future__ import annotations

import re

from ingest.numbering import CLAUSE_NUMBER

BOILERPLATE = re.compile(
    rf"(制定本(办法|细则|规定|制度|规范|条例|准则))|(^({CLAUSE_NUMBER}\s*)?本(办法|细则|规定|制度|规范|条例|准则)"
    r"(适用于|自.{0,20}(起)?(施行|实施|生效)|由.{0,20}负责解释|未尽事宜))"
)
"""Purpose (为…，制定本办法), scope (本办法适用于…) and enactment/interpretation clauses of a policy."""


def is_boilerplate(text: str) -> bool:
    """``text`` (a sentence or a clause, its 第X条 number first or not) is a purpose, scope, interpretation or
    enactment clause."""
    return bool(BOILERPLATE.search(text))
