"""Authors stated by a writing verb: "是池波正太郎所作的时代小说", "是上月司所著的轻小说", "宋代姚铉（967～1020）编。".

A question asking for an author ("…的作者是谁", "由谁编著的", "哪个作家所著的…") is answered by the
name right before 所著/所作/编著/撰写 …, a word no name tagger knows as a person. Generic Chinese
syntax, no vocabulary of any corpus.
"""

from __future__ import annotations

import re

_ASKS_AUTHOR = re.compile(r"作者|作家|编者|著者|编著|编撰|编纂|撰写|编写|创作|所著|所作|所写|所编|^[著撰编写]$")
"""An asked word that asks for the author of a text."""
_AUTHOR_VERB = re.compile(r"(所)?(编著|编撰|编纂|撰写|编写|创作|著|撰|编|作|写)(?=的|而成|[。，；,;]|$)")
_ASIDE = re.compile(r"[（(][^（()）]{0,24}[）)]$")
_CUT = re.compile(r".*(?:由|是|为|[，,。；;：:、\s“”\"》」])")
_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z·\-]{2,10}")
_NOT_NAME = re.compile(r"^(?:的|了|在|是|很|一|这|那|其|该|本|由|从|被|将|已|也|都|不|他|她|它|我|你)")
_WINDOW = 30


def asks_author(word: str) -> bool:
    """True when the question's asked word asks who wrote something (作者, 作家, 编著 …)."""
    return bool(_ASKS_AUTHOR.search(word))


def _standalone(sentence: str, start: int, end: int) -> bool:
    """The verb at ``start:end`` is its own word (编 in "姚铉编。"), not part of one (作 in "工作。")."""
    from assistant.terms import words  # local: jieba loads on first use

    clause_start = max(sentence.rfind(p, 0, start) for p in "，,。；;：:") + 1
    at = clause_start
    for word in words(sentence[clause_start:end]):
        found = sentence.find(word, at)
        if found == start:
            return word == sentence[start:end]
        if found < 0 or found > start:
            return False
        at = found + len(word)
    return False


def author_spans(sentence: str) -> list[tuple[int, int]]:
    """The names stated as the author of something: before (所)著/作/编/写 or 编著/撰写/创作 …
    ("是上月司所著的轻小说" -> 上月司, "宋代姚铉（967～1020）编。" -> 宋代姚铉)."""
    spans: list[tuple[int, int]] = []
    for m in _AUTHOR_VERB.finditer(sentence):
        if len(m.group(2)) == 1 and not m.group(1) and not _standalone(sentence, m.start(2), m.end(2)):
            continue  # a bare 作/编 inside a word (工作, 合作): no author
        offset = max(0, m.start() - _WINDOW)
        head = sentence[offset:m.start()]
        aside = _ASIDE.search(head)
        if aside:  # "姚铉（967～1020）编": life years between the name and the verb
            head = head[:aside.start()]
        cut = _CUT.match(head)
        start = cut.end() if cut else 0
        name = head[start:]
        if _NAME.fullmatch(name) and not _NOT_NAME.match(name):
            spans.append((offset + start, offset + len(head)))
    return spans
