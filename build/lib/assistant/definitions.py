"""Sentences that define the question's subject: "准确度是每一次独立的测量之间…的差距" for "准确度的定义是什么".

Encyclopedias, glossaries and policies define a term by putting it first and a copula after it
("X是…", "X（英语：…）是指…", "X，即…"). Word overlap also rewards a sentence that starts with the term
and goes on about something else ("准确度与精密度是…的重要概念": a pair, not a definition).
``question_subject`` reads the subject off a definition or location question ("准确度的定义是什么",
"什么是SLA", "威克水槽在哪里"); ``defines`` tells whether a sentence opens with it and a copula. The
same opening answers "X在哪里" when a place follows ("威克水槽是美国得克萨斯州的一处公园"). Generic
Chinese syntax, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SUBJECT = (
    re.compile(r"^(?:请问)?(?!什么是|何谓|何为)[“\"《「]?(?P<s>[^？?，,。“”\"《》「」]{2,24}?)[”\"》」]?(?:(?:这个|这一)(?:名字|名称|称呼|词语|词|术语|说法)|一词)"),
    re.compile(r"^(?:请问)?(?:什么是|何谓|何为)(?P<s>[^？?，,。]{2,24}?)[？?。]?\s*$"),
    re.compile(r"(?:什么|哪些|哪种|哪类|哪一类|怎样的|什么样的)[^？?]*?(?:称为|称作|叫做|叫作)(?![^？?]*(?:什么|哪|谁))"
               r"[“\"《「]?(?P<s>[^？?，,“”\"《》「」]{2,12}?)[”\"》」]?[？?]?\s*$"),
    re.compile(r"^(?:请问)?(?P<s>[^？?，,。]{2,24}?)(?:的(?:定义|含义|意思|概念)(?:是什么)?|是什么(?:意思)?|是指什么|指什么|"
               r"在哪里|在哪儿|在哪|位于哪里|位于什么地方|位于何处|在什么地方)[？?。]?\s*$"),
)
"""A definition or location question; or a question about a term itself ("落山风这个名字有什么来由", "X一词源于…"),
which the sentence defining the term answers ("落山风是…的惯称")."""
_PARENTHESIS = r"(?:\s*[（(][^）)]{0,60}[）)])?"
_COPULA = r"\s*[，,]?\s*(?:是指|指的是|是|系指|系|即|意为|意指|乃|为)(?!否|不是)"


@lru_cache(maxsize=1024)
def question_subject(question: str) -> str | None:
    """The term a definition or location question is about ("准确度", "SLA", "威克水槽"), or None."""
    text = question.strip()
    for pattern in _SUBJECT:
        m = pattern.match(text)
        if m:
            subject = m.group("s").strip().strip("“”\"《》")
            return subject if len(subject) >= 2 else None
    return None


@lru_cache(maxsize=64)
def _opening(subject: str) -> re.Pattern[str]:
    return re.compile(rf"^[\s“\"《]*{re.escape(subject)}[”\"》]?{_PARENTHESIS}{_COPULA}", re.I)


@lru_cache(maxsize=64)
def _closing(subject: str) -> re.Pattern[str]:
    """A sentence that describes a thing and ends by naming it ("…含冤而身亡的，称为枉死。")."""
    return re.compile(rf"[，,]\s*(?:被)?(?:称为|称作|叫做|叫作|谓之)[“\"《「]?{re.escape(subject)}[”\"》」]?[。；;]?\s*$")


MIN_NAME_CHARS = 2
MAX_CLASS_CHARS = 3
"""A subject written as a name and its class noun ("启明K9" + 处理器): the class noun is at most this long."""


def defines(sentence: str, subject: str | None) -> bool:
    """``sentence`` opens with ``subject`` (an aside in brackets allowed) and a copula: it defines it.

    A subject that is a name plus its class noun ("启明K9处理器") is also defined by a sentence that opens
    with the name and says the class noun after the copula ("启明K9是星海公司研发的一款移动处理器")."""
    if not subject:
        return False
    if _opening(subject).match(sentence) or _closing(subject).search(sentence):
        return True
    for cut in range(max(MIN_NAME_CHARS, len(subject) - MAX_CLASS_CHARS), len(subject) - 1):
        name, noun = subject[:cut], subject[cut:]
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,}", noun):
            continue
        m = _opening(name).match(sentence)
        if m and noun in re.split(r"[，,。；;]", sentence[m.end():], maxsplit=1)[0]:
            return True
    return False
