"""The specific question at the end of a story, searched on its own.

A manager tells a story and ends with one pointed question: "…被错扣了分。还能申诉吗？向谁申诉？",
"…几个部门都嫌麻烦。该谁来改密级？", "…两边吵起来了。要不要通知客户？". The plain search embeds the whole
question, and the story's many words (P1超时, 协作绩效, 秘密级) outweigh the one or two words of what is asked
(申诉, 密级, 通知客户), so the clause that answers may not be among the top k. ``asking_query`` returns those
words when the question ends in such a question after a story: a yes/no or wh-question (吗, 谁, 要不要, 能不能,
是否, 多久, 哪 …), not a plea for action (我该怎么办) or the quarrel itself (两边吵起来了). The advisor searches
it and keeps its best ``ASKING_KEEP`` passages (``Advisor._search``). Grammar only, no word list of one corpus.
"""

from __future__ import annotations

import re

from assistant.terms import content_words

_QUESTION_SENTENCE = re.compile(r"[^。！!？?]+[？?]")
_SPECIFIC = re.compile(r"吗|谁|要不要|能不能|算不算|行不行|可不可以|是否|多久|多长|哪|几|该不该|对不对")
"""A pointed question (yes/no or wh-), as opposed to a plea ("我该怎么办？") or an open request."""
_ROLE = re.compile(r"我(?:是|作为)[^，,？?]*?(?=该|应|要|能|可|[，,？?]|$)")
""""我作为运营经理" / "我是项目经理": who asks, not what is asked."""
_ASKING_WORDS = re.compile(
    r"到底|现在|还|又|再|这样|这种|行不行|要不要|能不能|算不算|可不可以|是不是|该不该|对不对|有没有|怎么办|怎么|如何|该|吗|呢"
)
"""Words that only make the question a question; what is left names what is asked."""
_META = frozenset(("办法", "情况", "说法", "事情", "问题", "意思", "规定", "道理"))
"""Nouns that stand for "a way" / "the situation" / "a rule" in general, not for what is asked."""
MIN_STORY_CHARS = 20
"""Characters of the question outside its question sentences: a story told before what is asked (a plain
two-part question, "多久开一次？由谁主持？", tells none; ``multipart`` searches its later parts)."""
ASKING_KEEP = 2
"""The best passages of the search on what is asked, kept with the other searches' passages."""


def asking_query(question: str) -> str:
    """The words of what the question's final pointed question asks ("…被错扣了分。还能申诉吗？向谁申诉？" ->
    "申诉"), or "" when no story comes before it, it is a plea or the quarrel, or it asks nothing but "is that right?"."""
    sentences = [s.strip() for s in _QUESTION_SENTENCE.findall(question) if s.strip()]
    if not sentences:
        return ""
    from assistant.scenario import quarrel_words  # the quarrel's words (吵, 推诿, 僵 …), one definition

    asked = re.split(r"[，,；;]", sentences[-1])[-1]
    story = _QUESTION_SENTENCE.sub("", question)
    if len(story.strip()) < MIN_STORY_CHARS or not _SPECIFIC.search(asked) or quarrel_words(asked):
        return ""
    text = _ASKING_WORDS.sub(" ", _ROLE.sub(" ", asked))
    words = [w for w in content_words(text) if len(w) >= 2 and w not in _META]
    return " ".join(words)


def asking_sentences(question: str) -> str:
    """The run of question sentences the question ends with ("还能申诉吗？向谁申诉？"), "" when it ends in none."""
    pieces = re.findall(r"[^。！!？?]+[。！!？?]*", question)
    trailing: list[str] = []
    for piece in reversed(pieces):
        if not piece.rstrip().endswith(("？", "?")):
            break
        trailing.insert(0, piece.strip())
    return "".join(trailing)


__all__ = ["ASKING_KEEP", "asking_query", "asking_sentences"]
