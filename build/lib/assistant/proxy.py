"""Yes/no questions about sending someone in one's place: "可以派副手替我参加吗" against "必须参会，不得委托
代会" or "应指定副职…代为参会". No word of the question is the documents' word: the question says it with a
phrase (派 X 替我 + the act), the documents with one word (委托, 代为, 代会, 代签). The verdict is the modal
that governs the documents' word, when the act (参加 → 参会) is named next to it.
"""

from __future__ import annotations

import re

_ASKS = re.compile(
    r"(?:派|让|请|叫|找|安排|委托|指定)[\u4e00-\u9fff]{1,8}?(?:替|代替|代|帮)(?:我们|我|他们|他|她|本人|自己)?"
    r"(?:去)?(?P<act>[\u4e00-\u9fff]{1,2})"
    r"|(?:替|代替|代)(?:我们|我|他们|他|她|本人)(?:去)?(?P<act2>[\u4e00-\u9fff]{1,2})"
)
_STATES = re.compile(r"委托[他别]?人?|代为|代[会签办理]")
NEAR = 12
"""Characters around the documents' word within which the act must be named, and before it the modal."""


def asked_act(question: str) -> str | None:
    """The act a question asks someone else to do in the asker's place ("派副手替我参加" -> "参加"), or None."""
    m = _ASKS.search(question)
    return (m.group("act") or m.group("act2")) if m else None


def proxy_verdict(question: str, sentence: str, modal: re.Pattern[str], negative: frozenset[str]) -> str | None:
    """``"no"``/``"yes"`` from the modal (``modal``; ``negative`` are its forbidding words) nearest before a
    word of ``sentence`` for acting in someone's place (委托, 代为, 代会), when the question asks about that and
    the act shares a character with the sentence near that word (or the word names what the question names:
    代会 for a question about a meeting, 专题会); None otherwise."""
    act = asked_act(question)
    if not act:
        return None
    for m in _STATES.finditer(sentence):
        around = sentence[max(0, m.start() - NEAR): m.end() + NEAR]
        what = m.group(0)[1:] if m.group(0).startswith("代") and len(m.group(0)) == 2 else ""  # 代会: a meeting
        if not any(c in around for c in act) and not (what and what in question):
            continue
        modals = [x for x in modal.finditer(sentence) if x.end() <= m.start() and m.start() - x.end() <= NEAR]
        if modals:
            return "no" if modals[-1].group(0) in negative else "yes"
    return None
