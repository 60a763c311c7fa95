"""Words a question uses to say that a step did not work ("谈不拢", "超时", "还是没有结论"): one list, two readers.

- ``followon.asks_next_step``: a follow-up reports that what the last answer said failed ("…谈不拢呢？"), so the
  next clause answers (``FOLLOW_UP_FAILED``: the shared words and the other side's not acting, ``NOT_ACTING``).
- ``scenario``'s escalation ladder: the level the question has reached failed, so the next level governs
  (``STEP_FAILED``: the shared words and a level's ending without a decision, ``NO_DECISION``).

The two extra lists stay apart on purpose: "对方不同意" / "逾期" in a story is the dispute itself, not a failed
escalation level, and "也没 / 都没" in a follow-up does not say the last answer's step failed.
"""

from __future__ import annotations

import re

UNRESOLVED = ("谈不拢", "解决不了", "未能解决", "没解决", "没有解决", "超时")
"""The matter was tried and not settled, or its time ran out (both readers)."""
NOT_ACTING = (
    "不行", "没能解决", "还是不", "仍然不", "仍不", "依然不", "逾期", "不响应", "不回复", "不回应", "不回", "不处理",
    "不理", "不配合", "不服", "不认可", "不同意", "不接受", "没结果", "没有结果", "拖着", "通不过", "没通过", "未通过",
    "被驳回", "被退回",
)
"""The other side does not act, refuses or rejects (follow-ups only)."""
NO_DECISION = (
    "没有达成一致", "没达成一致", "达不成一致", "协调不下来", "协调不了", "没结论", "没有结论", "没给决定", "没有决定",
    "没作出", "没有作出", "不执行", "仍未", "还是没", "也没", "都没", "超过时限", "failed", "not resolved", "no decision",
)
"""An escalation level ended without a decision (the ladder only; English too)."""


def words_pattern(words: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    """A pattern that finds any of ``words`` (longest first)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), flags)


FOLLOW_UP_FAILED = words_pattern(UNRESOLVED + NOT_ACTING)
STEP_FAILED = words_pattern(UNRESOLVED + NO_DECISION, re.I)

__all__ = ["FOLLOW_UP_FAILED", "NOT_ACTING", "NO_DECISION", "STEP_FAILED", "UNRESOLVED", "words_pattern"]
