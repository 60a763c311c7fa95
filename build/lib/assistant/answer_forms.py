"""The form a time or number question asks its answer in, and whether a sentence states a fact in that form.

A question typed TIME or NUMBER is answered by *some* duration, date or figure in most policy clauses; the
question's own words say which form answers it, and a clause of another form about the same matter often outscores
the right one on shared words (round-22 diagnosis of the everyday-words tune sets ``ew`` and ``bp3``):

* a weekday — "是星期几开？" is answered by "每周二上午10:00", not by "每月一次、不超过90分钟";
* a threshold — "拖多久就会被报给分管副总？", "多久没进展就会被叫停？" ask after how much the rule's consequence
  follows, which a clause states as its case: "逾期超过14个自然日的，…", "对停滞超过60个自然日的项目组…", not by
  the deadline of the next step ("5个工作日内作出协调决定");
* a limit — "奖金最多能拿多少？" by "不超过10万元", not by "上浮12%".

("哪一周" is typed a time by ``question_types``; a week-of-the-month form was tried and changed no tune answer.)
``asked_form`` reads the form from the question's words (question words and their grammar, no topic words);
``states_form`` tells whether a sentence states a fact in it. ``everyday`` turns a form into an answer slot.
"""

from __future__ import annotations

import re

WEEKDAY = "weekday"
THRESHOLD = "threshold"
LIMIT = "limit"

_NUMERAL = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"
_UNIT = r"(?:个)?(?:工作日|工作小时|自然日|小时|分钟|天|日|周|个月|月|年|次|回|单|分|项|人日|万元|元|%|％)"

_WEEKDAY_ASK = re.compile(r"(?:星期|周|礼拜)几")
_THRESHOLD_ASK = re.compile(
    r"(?:多久|多长时间|几天|多少天|几个?工作日|多少个?工作日|几个月|多少个月|几次|多少次|几回|几单|多少单|多少分|几分)"
    r"[^，,。？?]{0,10}?(?:就|才)(?:会|要|得|该|被|算|能|可以)"
)
"""How much (time, times, points) before something follows: "拖多久就会…", "几次就要…", "低于多少分才…"."""
_LIMIT_ASK = re.compile(r"最多|至多|最长|最高|上限|封顶|最少|至少|起码|最低|下限")
"""A bound asked: "最多能拿多少", "至少要提前几天" (最晚 / 最迟 ask a deadline, not a bound)."""

_WEEKDAY_SLOT = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天](?![^，,。；;]{0,8}?(?:之前|以前|前))")
"""A day something happens on ("每周二上午10:00"), not a deadline's day ("每周一12:00前提交")."""
_CONDITION_WORDS = r"(?:超过|超出|逾期|满|达到|达|连续|累计|高于|低于|不足|少于|多于)"
_THRESHOLD_SLOT = re.compile(rf"{_CONDITION_WORDS}[^，,。；;]{{0,8}}?{_NUMERAL}\s*{_UNIT}(?:以上|以下)?[^，,。；;]{{0,12}}?的")
"""A case stated by an amount: "逾期超过14个自然日的，", "对停滞超过60个自然日的项目组", "连续两次…未能解决的"."""
_LIMIT_SLOT = re.compile(
    rf"(?:不超过|不得超过|不高于|不多于|最多|至多|最长|最高|上限为?|封顶|不少于|不得少于|不低于|至少|最少|最低|下限为?)\s*{_NUMERAL}"
    rf"|{_NUMERAL}\s*{_UNIT}(?:以内|以下|为限)"
)


def asked_form(question: str, qtype_name: str) -> str | None:
    """The answer form ``question`` (one asked part, typed ``qtype_name``: "time" or "number") asks, or None."""
    if qtype_name == "time":
        if _WEEKDAY_ASK.search(question):
            return WEEKDAY
    if qtype_name in ("time", "number"):
        if _THRESHOLD_ASK.search(question):
            return THRESHOLD
        if _LIMIT_ASK.search(question):
            return LIMIT
    return None


def states_form(form: str, sentence: str) -> bool:
    """``sentence`` states a fact in the answer ``form``."""
    pattern = {WEEKDAY: _WEEKDAY_SLOT, THRESHOLD: _THRESHOLD_SLOT, LIMIT: _LIMIT_SLOT}.get(form)
    return bool(pattern and pattern.search(sentence))
