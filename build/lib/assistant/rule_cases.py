"""The case a policy clause is written for: "…的，" before its rule, or "适用于…的事项".

A clause states its case first ("催办后仍未响应的，可发起一级升级", "第九条 对需求归属存在争议的，…"), sometimes
more than one ("…；迟到超过10分钟或无故缺席的，…"); a scope clause names it ("适用于核心业务中断…的事项").
``case_pattern`` writes that reading once; its callers choose where a case may start and how it may end.
"""

from __future__ import annotations

import re

from ingest.numbering import CLAUSE_NUMBER

SCOPE = r"适用于([^。；]{3,60}?)的(?:事项|情形|情况)"
"""A scope clause's case ("适用于…的事项/情形/情况"), pattern text; group 1 is the case."""


def case_pattern(after: str = "", *, stops: str = "，。；", opener: str = "", ends: str = "的",
                 longest: int = 40) -> re.Pattern[str]:
    """A rule's case: 3 to ``longest`` characters (none of ``stops``) followed by one of ``ends`` (``|``-separated)
    and "，", at the head of the clause (after its number, 第九条) or, with ``after``, right after one of those
    characters; ``opener`` (pattern text, e.g. "如|若") may lead it and is not part of it. Or a scope clause
    (``SCOPE``). The case is group 1 or group 2 (``case_text``)."""
    lead = rf"^(?:{CLAUSE_NUMBER}\s*)?"
    if after:
        lead = rf"(?:{lead}|(?<=[{after}]))"
    if opener:
        lead += rf"(?:{opener})?"
    end = ends if "|" not in ends else f"(?:{ends})"
    return re.compile(rf"{lead}([^{stops}]{{3,{longest}}}?){end}，|{SCOPE}")


def case_text(match: re.Match[str]) -> str:
    """The case a ``case_pattern`` match read ("" when it read none)."""
    return match.group(1) or match.group(2) or ""


__all__ = ["SCOPE", "case_pattern", "case_text"]
