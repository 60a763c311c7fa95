"""The answer slot after the question's verb: "新角龙类生存于什么时期" is answered by "…生存于白垩纪早到末期".

When the question word stands right after a verb with its preposition (生存于, 位于, 毕业于, 来自,
出生在, 用于), a sentence that says the same verb states the answer in the words right after it,
whatever kind of words they are: a period no date pattern knows (白垩纪), a place, an organisation.
``slot_verb`` reads that verb off the question (jieba words), ``slot_spans`` the run after it in a
sentence. Generic Chinese syntax, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.terms import tagged


_WH = re.compile(r"^(?:什么|哪(?:个|家|位|些|所|里|儿|一|座|年|天|国)?|何[时地处]?|谁)")
_PREPOSITIONS = ("于", "自", "在", "到", "至", "往")
_LOCATIVE = "于在"
"""Prepositions a sentence uses for one another after a verb (分布于 = 分布在, 生活于 = 生活在)."""
_GENERIC = frozenset(("在", "于", "是", "为", "到", "自", "至", "往", "叫", "有", "属"))
"""Verbs too common to mark a slot on their own (在哪里 is every sentence's 在)."""
_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·\-]{2,12}")
_NOT_ANSWER = re.compile(r"^(?:了|的|着|过|此|这|那|其|该|本|一个|一种|不|没)")


@lru_cache(maxsize=1024)
def slot_verb(question: str) -> str | None:
    """The verb (with its preposition) right before the question word ("生存于" in "…生存于什么时期",
    "毕业于" in "…毕业于哪所大学"), or None when the question word follows no such verb."""
    text = question.strip().rstrip("？?。 ")
    cut = [(w, f) for w, f in tagged(text) if w.strip()]
    for i, (word, _flag) in enumerate(cut):
        if i == 0 or not _WH.match(word):
            continue
        before = cut[i - 1][0]
        if before in _PREPOSITIONS and i >= 2 and cut[i - 2][1].startswith("v") \
                and re.fullmatch(r"[\u4e00-\u9fff]{1,3}", cut[i - 2][0]) and cut[i - 2][0] not in _GENERIC:
            return cut[i - 2][0] + before  # "生存" + "于"
        if len(before) >= 2 and before.endswith(_PREPOSITIONS) and cut[i - 1][1].startswith(("v", "p")) \
                and re.fullmatch(r"[\u4e00-\u9fff]+", before):
            return before  # jieba keeps 位于, 属于, 来自, 毕业于 as one word
        return None
    return None


def slot_spans(sentence: str, verb: str | None) -> list[tuple[int, int]]:
    """The runs right after ``verb`` in ``sentence`` (up to punctuation, at most 12 characters); the
    verb may be said with the other locative preposition (``_said``)."""
    if not verb:
        return []
    spans = []
    for m in _said(verb).finditer(sentence):
        run = _RUN.match(sentence, m.end())
        if run and not _NOT_ANSWER.match(run.group(0)) and not _WH.match(run.group(0)):  # "来源于哪个宗教" asks, it does not say
            spans.append(run.span())
    return spans


@lru_cache(maxsize=256)
def _said(verb: str) -> re.Pattern[str]:
    """``verb`` as a sentence may say it: a locative 于 and 在 stand for each other ("分布在" / "分布于"),
    and a one-word verb may take a character before its 于 ("源于" / "源自于")."""
    if len(verb) >= 3 and verb[-1] in _LOCATIVE:
        return re.compile(re.escape(verb[:-1]) + f"[{_LOCATIVE}]")
    if len(verb) == 2 and verb[-1] in _LOCATIVE:  # one word (源于, 位于): "源自于" says it too
        return re.compile(re.escape(verb[0]) + rf"[\u4e00-\u9fff]?[{_LOCATIVE}]")
    return re.compile(re.escape(verb))
