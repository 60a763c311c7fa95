"""Turn a follow-up question ("那具体怎么落地？") into a standalone one before retrieval.

The rule-based path needs no model: it detects a dependent question (short, starts with a
continuation word, or leans on a pronoun/demonstrative) and prefixes it with the key terms of
the previous user question and the topic of the previous answer. A chat model, when given,
may do the rewrite instead; any failure falls back to the rules.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from assistant.language import LATIN
from assistant.terms import words as jieba_words

log = logging.getLogger(__name__)

# A question that starts with one of these continues the conversation.
_LEADS_ZH = ("那么", "那如果", "那要是", "那", "还有", "另外", "此外", "然后", "所以", "如果", "要是", "具体",
             "再", "并且", "而且", "同时", "除此之外", "除了", "可是", "可我", "但是", "但我", "不过")
# ("可是 / 但是 / 不过…": a turn answering the last answer back, "可我那几天正好出差…这张单现在会怎么样？"; not 可 alone: 可以…)
_LEADS_EN = ("what about", "how about", "and ", "what if", "what else", "also ", "then ", "so ", "but ")
# Words that point back at something said earlier.
_POINTERS_ZH = frozenset(
    "这 那 这个 那个 这些 那些 这种 那种 这样 那样 这一 这条 该 该条 上述 上面 前面 刚才 刚刚 它 它们 其 其中 他们 她们 "
    "对方 具体 还有 例子 举例 举个 落地 怎么做 呢".split()
)  # matched against jieba tokens, so 其他/其它 do not count
_BACKREF_ZH = ("这样", "那样", "上述", "刚才", "刚刚", "前面说", "上面说", "你说的", "同样")  # point back at any length
_POINTERS_EN = {"it", "its", "that", "this", "those", "these", "they", "them", "there", "example", "examples", "else"}
_STOP_ZH = set(
    "的 了 是 在 和 与 及 或 吗 呢 吧 啊 呀 么 怎么 怎样 如何 什么 哪些 哪个 多少 多久 几 是否 有没有 能否 可以 应该 需要 "
    "我 我们 你 你们 他 他们 她 它 对方 这 那 这个 那个 这些 那些 这样 那样 其 其中 还有 另外 此外 然后 所以 如果 要是 "
    "主要 根据 按照 依据 建议 通常 一般 具体 一下 一些 有 没有 不 也 都 就 又 再 把 被 让 对 向 给 从 到 为 为了 请问 请 吧 一个 一种 时候 情况 问题 办 "
    "怎么办 别的 其他 其它 例子 举例 比如 吗 呢 好 能 会 要 做 说 讲 下 上 中 里 之 等 而 但 并 且 可能 落地 执行 "
    # a manager's fillers ("这种大变更，最后由哪个机构来审议？"): no document's subject (ys-tune, round 55)
    "这种 那种 这类 那类 最后 到底 大概 大约 左右 一直 已经 现在 这边 那边 直接 有个 "
    "行不行 能不能 可不可以 是不是 要不要 会不会 对不对 好不好 "
    # a rewrite's own frame word ("关于…：") and the copula and modals of the last answer it quotes (round 56)
    "关于 属于 必须 应当 "
    # the negative half of 能不能 as jieba cuts it in a sentence ("能不能安排在周二上线" -> 能 / 不能): a question form
    "不能".split()
)
_STOP_EN = set(
    "a an the and or but if then so what about how why when where which who whom is are was were be been do does did "
    "it its that this those these they them there here to of in on for with by at from as can could should would will "
    "i we you he she my our your their me us please tell more else also any some example examples".split()
)
_MAX_DEPENDENT_LEN = 16  # characters (Chinese) / 8 words (English) below which a pointer word means dependence
_PUNCT = re.compile(r"[\s，。？！、；：,.?!;:“”\"'‘’（）()《》【】\[\]…—-]+")

REWRITE_PROMPT = (
    "把用户的最后一个问题改写成一个不依赖上下文、可以单独检索的问题。只输出改写后的问题。\n"
    "Rewrite the user's last question as a standalone question. Output only the question.\n\n"
    "对话:\n{history}\n\n最后一个问题: {question}\n改写:"
)


def _compact(text: str) -> str:
    return _PUNCT.sub("", text)


def is_english(text: str) -> bool:
    """True when Latin letters are at least 60 % of the text's non-punctuation characters. Not the rule of
    ``assistant.language.is_english`` (which answers in English): the refusal and calibration limits were
    measured with this one, so it stays theirs."""
    letters = len(LATIN.findall(text))
    return letters > 0 and letters >= len(_compact(text)) * 0.6


def _tokens(text: str) -> list[str]:
    return list(jieba_words(text))


def key_terms(text: str, limit: int = 6) -> list[str]:
    """Content words of ``text`` in order of appearance (no stop words, no pronouns, no duplicates)."""
    terms: list[str] = []
    for tok in _tokens(text):
        low = tok.lower()
        if _PUNCT.fullmatch(tok) or low in _STOP_ZH or low in _STOP_EN:
            continue
        if len(tok) < 2 and not tok.isdigit():
            continue
        if low not in (t.lower() for t in terms):
            terms.append(tok)
        if len(terms) >= limit:
            break
    return terms


def topic_terms(answer: str, exclude: Sequence[str] = (), limit: int = 3) -> list[str]:
    """The answer's topic: its most frequent content words (earlier first on ties), skipping ``exclude``."""
    cleaned = re.sub(r"\[\d+\]", " ", answer)
    words = [t for t in key_terms(cleaned, limit=200) if not t.isdigit()]
    counts = Counter(t.lower() for t in _tokens(cleaned))
    skip = {e.lower() for e in exclude}
    ranked = sorted(words, key=lambda t: -counts[t.lower()])  # stable: ties keep reading order
    return [t for t in ranked if t.lower() not in skip and not any(t in e for e in exclude)][:limit]


def is_dependent(question: str) -> bool:
    """True when ``question`` leans on earlier turns (continuation word, pointer word, or very short)."""
    q = question.strip()
    if not q:
        return False
    if is_english(q):
        low = q.lower().lstrip()
        words = [w for w in re.split(r"[^a-z0-9']+", low) if w]
        if low.startswith(_LEADS_EN):
            return True
        content = [w for w in words if w not in _STOP_EN]
        return len(words) <= 8 and (bool(set(words) & _POINTERS_EN) or len(content) <= 1)
    compact = _compact(q)
    if compact.startswith(_LEADS_ZH):
        return True
    if len(compact) <= 6:
        return True
    if any(b in compact for b in _BACKREF_ZH):
        return True
    if len(compact) <= _MAX_DEPENDENT_LEN and _POINTERS_ZH.intersection(_tokens(q)):
        return len(key_terms(q)) <= 2
    return False


def _strip_lead(question: str) -> str:
    q = question.strip()
    if is_english(q):
        return q
    for lead in ("那么", "那"):
        if q.startswith(lead) and len(q) > len(lead) + 1:
            return q[len(lead):].lstrip("，, ")
    return q


def rewrite_rules(question: str, previous_question: str, previous_answer: str = "") -> str:
    """Prefix a dependent question with the previous question's key terms and the last answer's topic."""
    terms = key_terms(previous_question, limit=8)
    terms += [t for t in topic_terms(previous_answer, exclude=terms)]
    own = {t.lower() for t in key_terms(question)}
    terms = [t for t in terms if t.lower() not in own]
    if not terms:
        return question.strip()
    body = _strip_lead(question)
    if is_english(question):
        return f"{' '.join(terms)}: {body}"
    return f"关于{'、'.join(terms)}：{body}"


def _turns(history: Sequence[dict] | None) -> list[tuple[str, str]]:
    """(user question, following assistant answer) pairs from a chat history."""
    pairs: list[tuple[str, str]] = []
    for msg in history or []:
        role, content = msg.get("role"), msg.get("content")
        if not isinstance(content, str):
            continue
        if role == "user":
            pairs.append((content, ""))
        elif role == "assistant" and pairs:
            q, a = pairs[-1]
            pairs[-1] = (q, (a + "\n" + content).strip())
    return pairs


class FollowupRewriter:
    """Makes questions standalone; rules by default, a langchain chat model when one is given."""

    def __init__(self, llm: Any | None = None) -> None:
        self.llm = llm

    def rewrite(self, question: str, history: Sequence[dict] | None = None, force: bool = False) -> str:
        """The standalone form of ``question`` (unchanged when it needs no context).

        ``force`` rewrites even a question that does not look dependent (used when a question
        with history finds no evidence on its own).
        """
        pairs = _turns(history)
        if not pairs or not (force or is_dependent(question)):
            return question.strip()
        if self.llm is not None:
            try:
                return self._rewrite_llm(question, history or [])
            except Exception as exc:  # noqa: BLE001 - the rules are the fallback for any model failure
                log.warning("follow-up rewrite with the model failed (%s); using rules", exc)
        # Earlier follow-ups are themselves resolved first, so a chain of follow-ups keeps its topic.
        standalone_prev = ""
        prev_answer = ""
        for q, a in pairs:
            standalone_prev = rewrite_rules(q, standalone_prev, prev_answer) if standalone_prev and is_dependent(q) else q
            prev_answer = a
        return rewrite_rules(question, standalone_prev, prev_answer)

    def _rewrite_llm(self, question: str, history: Sequence[dict]) -> str:
        lines = [f"{m.get('role')}: {str(m.get('content', ''))[:300]}" for m in history[-6:]]
        reply = self.llm.invoke(REWRITE_PROMPT.format(history="\n".join(lines), question=question))
        text = str(getattr(reply, "content", reply)).strip().splitlines()[0].strip() if reply else ""
        if not text or len(text) > 200:
            raise ValueError("empty or overlong rewrite")
        return text


def _context_prefix(standalone: str) -> re.Match[str] | None:
    """The ``关于<terms>：`` (English: ``<terms>: ``) prefix ``rewrite_rules`` puts before a question, if any: terms
    joined by 、 (English: spaces), no other punctuation, so a story's own 关于…，…： is not taken for one."""
    return re.match(r"^关于([^：:，,。？?！!\s]+)：", standalone) or re.match(r"^([^：:，,。.？?！!]+): ", standalone)


def context_terms(query: str) -> list[str]:
    """The terms of a follow-up rewrite's Chinese context prefix (``关于A、B：…`` -> ["A", "B"]), [] for none."""
    m = _context_prefix(query.strip())
    return m.group(1).split("、") if m and query.strip().startswith("关于") else []


def without_context(query: str) -> str:
    """``query`` without a follow-up rewrite's context prefix: what the user asked in this turn."""
    m = _context_prefix(query.strip())
    return query.strip()[m.end():] if m else query.strip()


def remove_query_leak(text: str, question: str, standalone: str | None) -> str:
    """``text`` without the rewriter's internal query: the standalone question and its added key-term
    list ("关于研发部、协作、需求：…" or "研发部、协作、需求、按规定…") never reach the user.

    Replaces the standalone question where it appears verbatim by the user's question, removes
    its ``关于…：`` prefix, and removes any run of three or more of the added terms joined by 、
    (the rewriter's list, echoed by a model).
    """
    if not standalone or standalone.strip() == question.strip():
        return text
    standalone = standalone.strip()
    if standalone in text:
        text = text.replace(standalone, question.strip())
    m = _context_prefix(standalone)
    if not m:
        return text
    text = text.replace(m.group(0), "")
    added = sorted({t for t in re.split(r"[、\s]+", m.group(1)) if t}, key=len, reverse=True)
    if len(added) < 3:
        return text
    term = "(?:" + "|".join(re.escape(t) for t in added) + ")"
    return re.sub(rf"{term}(?:[、,，]\s*{term}){{2,}}", "", text)
