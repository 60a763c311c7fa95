"""The content words of a question (jieba, function words and question words dropped).

Character bigrams miss one-character content words ("王沈的字是什么" asks about 字) and match
function-word pairs ("字是" inside "数字是"); the words of the question, matched as substrings,
complement them. jieba loads lazily; results are cached per question.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Parts of speech that carry content: nouns (incl. names), verbs, adjectives, Latin words, numerals, idioms.
_CONTENT_POS = re.compile(r"^(?:n|v|a|eng|m|i|l|j|t|s|f|b|z|vn|an)")
FUNCTION_POS = frozenset(("u", "p", "c", "r", "d", "y", "e", "o", "x", "w", "q"))
"""jieba's tags of function words: particles, prepositions, conjunctions, pronouns, adverbs, modal particles,
interjections, onomatopoeia, non-words, punctuation, measure words (subtags such as uj 的, rr 这位 extend them)."""
_STOP = frozenset(
    "什么 哪 哪个 哪些 哪里 哪儿 哪位 哪一 谁 多少 几 怎么 怎样 如何 为什么 是否 能否 可以 吗 呢 吧 请问 是 有 的 了 在 和 与 "
    "及 或 被 把 给 对 向 从 这 那 其 该 此 我 我们 你 你们 他 他们 她 它 又 也 都 就 还 会 要 能 应该 需要 一下 介绍 告诉 知道 "
    "定义 职业 意思 含义 身份 叫 称 为 做 多长时间 多久 多长 最晚 最迟 内 么 呀 啊 时候 哪国 国家 地方 名字 "
    "the a an of to is are was were do does did what which who whom when where how why".split()
)


def tagged(text: str) -> list[tuple[str, str]]:
    """jieba's part-of-speech cut of ``text``: ``(word, flag)`` pairs in order, blanks kept (jieba loads lazily,
    quiet). The package's one call of the tagger; callers that need it per question cache their own result."""
    import jieba  # lazy: dictionary load on first use
    import jieba.posseg as posseg

    jieba.setLogLevel(60)
    return [(pair.word, pair.flag) for pair in posseg.cut(text)]


@lru_cache(maxsize=2048)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of ``text``, in order, blanks dropped (jieba loads lazily, quiet)."""
    import jieba  # lazy: dictionary load on first use

    jieba.setLogLevel(60)
    return tuple(w.strip() for w in jieba.lcut(text) if w.strip())


@lru_cache(maxsize=2048)
def content_words(text: str) -> tuple[str, ...]:
    """The question's content words, in order, without duplicates ("王沈的字是什么" -> ("王沈", "字"))."""
    out: list[str] = []
    for word, flag in tagged(text):
        word = word.strip().lower()
        if not word or word in _STOP or word in out or not re.search(r"[\w\u4e00-\u9fff]", word):
            continue
        if flag[:1] in FUNCTION_POS and not _CONTENT_POS.match(flag):  # a function tag or any subtag
            continue
        out.append(word)
    return tuple(out)


@lru_cache(maxsize=2048)
def topic_word(text: str) -> str | None:
    """The question's first content noun when it leads the question (what the question is about), or None."""
    for word, flag in tagged(text):
        if word.strip() in ("", "请问", "那", "那么"):
            continue
        if flag.startswith(("n", "eng", "j")) and len(word) >= 2:
            return word
        return None
    return None
