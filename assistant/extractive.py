"""Extractive answers: the best sentences of the retrieved passages, copied verbatim, in advisory shape.

No model is involved, so this backend is always available and fast (well under 50 ms). It is also
the fallback whenever an LLM fails. Sentences are chosen by character-bigram overlap with the
question (works for Chinese without a tokenizer), with a bonus for actionable verbs and policy
facts (numbers, deadlines, approvers). Policy facts are never paraphrased: every step is a
sentence of a passage, followed by its ``[n]`` citation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.prompts import is_english, is_injection
from assistant.types import Context

MAX_STEPS = 5
MAX_SENTENCE_CHARS = 160

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
_LIST_MARKER = re.compile(
    r"^\s*(?:[-*+•·]\s+|\d{1,2}[.、)）]\s*|[（(][一二三四五六七八九十\d]{1,3}[)）]\s*|[一二三四五六七八九十]{1,3}、\s*)"
)
_MD_NOISE = re.compile(r"\*\*|__|`")
_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(f"[{_CJK}]+")
_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万两]+(?:个)?(?:工作日|小时|天|日|周|个月|年|万元|元)")
_HEADING_LIKE = re.compile(r"^(?:#+\s|第[一二三四五六七八九十百零\d]+[章节条]\s*\S{0,20}$)")

ACTION_WORDS = (
    "应当", "必须", "须", "应", "需", "负责", "指定", "明确", "建立", "设立", "约定", "提交", "报送",
    "审批", "批准", "审核", "召开", "发出", "通知", "记录", "登记", "确认", "评估", "上报", "报告",
    "组织", "协调", "制定", "公布", "列出", "拆成", "签字", "备案", "反馈", "复盘", "跟踪", "建议",
)
ADVICE_HEADINGS = ("步骤", "做法", "建议", "措施", "对策", "可以做", "怎么做", "应对", "要求", "流程", "办法", "规定", "职责", "条")
SYMPTOM_HEADINGS = ("表现", "信号", "原因", "含义", "背景", "现象", "什么是")
QUESTION_NOISE = frozenset({"怎么", "么办", "如何", "什么", "应该", "该怎", "怎样", "哪些", "是否", "可以", "请问", "需要", "我们", "一下", "吗"})
FACT_WORDS = ("工作日", "小时", "日内", "天内", "以内", "以上", "不超过", "至少", "万元", "%", "负责人", "总经理", "分管")


@dataclass(frozen=True)
class Sentence:
    """One candidate sentence of a passage (1-based passage number ``n``, position ``pos``)."""

    text: str
    n: int
    pos: int
    is_step: bool  # came from a list item (likely an action step)
    heading: str = ""  # the nearest heading above it inside the passage


def bigrams(text: str) -> set[str]:
    """Character bigrams of the CJK runs plus lower-cased ASCII words: a tokenizer-free bag for overlap."""
    lowered = text.lower()
    grams: set[str] = set()
    for run in _CJK_RUN.findall(lowered):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    grams.update(w for w in _WORD.findall(lowered) if len(w) > 1 or w.isdigit())
    return grams


def overlap(query: set[str], text: str | set[str]) -> float:
    """Share of the query's bigrams found in ``text`` (0..1)."""
    if not query:
        return 0.0
    grams = text if isinstance(text, set) else bigrams(text)
    return len(query & grams) / len(query)


def query_bigrams(question: str) -> set[str]:
    """The question's bigrams without question-word noise (怎么办, 如何, 应该 …)."""
    return bigrams(question) - QUESTION_NOISE


def split_sentences(text: str) -> list[tuple[str, bool, str]]:
    """Split a passage into ``(sentence, is_list_item, heading)``; headings, injections and fragments are dropped.

    List markers and Markdown emphasis are removed; the words themselves are left untouched.
    """
    out: list[tuple[str, bool, str]] = []
    heading = ""
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("|") and line.count("|") > 1:
            continue
        if _HEADING_LIKE.match(line):
            heading = line.lstrip("#").strip()
            continue
        line = line.lstrip("> ").strip()
        is_item = bool(_LIST_MARKER.match(line))
        line = _MD_NOISE.sub("", _LIST_MARKER.sub("", line, count=1)).strip()
        if not is_item and len(line) < 20 and not re.search(r"[。！？!?；;，,]", line):
            heading = line  # a plain-text heading or label
            continue
        for part in _SENTENCE_END.split(line):
            sentence = part.strip()
            if len(sentence) < 6 or is_injection(sentence):
                continue
            out.append((_clip(sentence), is_item, heading))
    return out


def _clip(sentence: str) -> str:
    """Cut an over-long sentence at a clause boundary (the kept words stay verbatim)."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    cut = max(sentence.rfind(p, 0, MAX_SENTENCE_CHARS) for p in "，,；;：:")
    return sentence[: cut if cut > 40 else MAX_SENTENCE_CHARS].rstrip("，,；;：: ") + "…"


def candidate_sentences(contexts: Sequence[Context]) -> list[Sentence]:
    """Every usable sentence of the passages, in reading order."""
    found: list[Sentence] = []
    for n, ctx in enumerate(contexts, start=1):
        for pos, (text, is_item, heading) in enumerate(split_sentences(ctx.text)):
            found.append(Sentence(text=text, n=n, pos=pos, is_step=is_item, heading=heading or ctx.section))
    return found


class _Scorer:
    """Weighted bigram overlap: bigrams frequent across the candidates (部门, 协作) count less."""

    def __init__(self, question: str, sentences: Sequence[Sentence], contexts: Sequence[Context]) -> None:
        self.query = query_bigrams(question)
        grams = [bigrams(s.text) for s in sentences]
        total = max(len(sentences), 1)
        self.weight = {g: max(0.2, 1.0 + math.log(total / (1 + sum(g in sg for sg in grams)))) for g in self.query}
        self.norm = sum(self.weight.values()) or 1.0
        self.grams = dict(zip(sentences, grams, strict=True))
        passage = [self.share(bigrams(f"{c.title} {c.section} {c.text}")) for c in contexts]
        top = max(passage, default=0.0) or 1.0
        self.passage = [p / top for p in passage]

    def share(self, grams: set[str]) -> float:
        return sum(self.weight[g] for g in self.query & grams) / self.norm

    def __call__(self, s: Sentence) -> float:
        text = s.text
        score = 0.6 * self.share(self.grams[s]) + 0.25 * self.passage[s.n - 1]
        if any(w in text for w in ACTION_WORDS):
            score += 0.10
        if _NUMBER.search(text) or any(w in text for w in FACT_WORDS):
            score += 0.08
        if s.is_step:
            score += 0.04
        if any(w in s.heading for w in ADVICE_HEADINGS):
            score += 0.10
        elif any(w in s.heading for w in SYMPTOM_HEADINGS):
            score -= 0.15
        score -= 0.03 * (s.n - 1)  # prefer better-ranked passages
        return score


def rank_sentences(question: str, contexts: Sequence[Context]) -> list[tuple[float, Sentence]]:
    """Candidate sentences, best first."""
    sentences = candidate_sentences(contexts)
    scorer = _Scorer(question, sentences, contexts)
    scored = [(scorer(s), s) for s in sentences]
    scored.sort(key=lambda item: (-item[0], item[1].n, item[1].pos))
    return scored


def _similar(a: str, b: str) -> bool:
    ga, gb = bigrams(a), bigrams(b)
    if not ga or not gb:
        return a == b
    return len(ga & gb) / min(len(ga), len(gb)) > 0.7


def _distinct(chosen: Iterable[Sentence], candidate: Sentence) -> bool:
    return all(not _similar(c.text, candidate.text) for c in chosen)


def select(question: str, contexts: Sequence[Context], max_steps: int = MAX_STEPS) -> tuple[Sentence | None, list[Sentence]]:
    """Pick a conclusion sentence and up to ``max_steps`` distinct step sentences.

    The conclusion is the best-scoring sentence; steps are the next best distinct sentences, shown
    in document order (passage rank, then position) so that procedures keep their sequence.
    """
    ranked = rank_sentences(question, contexts)
    if not ranked:
        return None, []
    conclusion = ranked[0][1]
    best = ranked[0][0]
    steps: list[Sentence] = []
    for score, sentence in ranked:
        if len(steps) >= max_steps:
            break
        if sentence == conclusion or not _distinct([conclusion, *steps], sentence):
            continue
        if steps and score < best * 0.5:
            break
        steps.append(sentence)
    steps.sort(key=lambda s: (s.n, s.pos))
    return conclusion, steps


def key_sentences(question: str, context: Context, max_chars: int) -> str:
    """The passage's most relevant clean sentences, in their original order, within ``max_chars``.

    Used to build short prompt excerpts (headings, list markers and injection lines are already gone).
    """
    ranked = rank_sentences(question, [context])
    chosen: list[Sentence] = []
    used = 0
    best = ranked[0][0] if ranked else 0.0
    for score, sentence in ranked:
        if used + len(sentence.text) > max_chars and chosen or len(chosen) >= 2 and score < best * 0.5:
            continue
        chosen.append(sentence)
        used += len(sentence.text)
    chosen.sort(key=lambda s: s.pos)
    text = "".join(_ensure_period(s.text) for s in chosen)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def _ensure_period(text: str) -> str:
    if text.endswith(("；", ";")):
        return text[:-1] + "。"
    return text if text.endswith(("。", "！", "？", "…", ".", "!", "?", "；", ";")) else text + "。"


def compose_extractive(question: str, contexts: Sequence[Context], max_steps: int = MAX_STEPS) -> str:
    """The advisory answer: ``结论：…[n]`` then numbered steps, each ending with ``[n]``.

    Returns an explicit "nothing found" line when no passage has a usable sentence.
    """
    english = is_english(question)
    conclusion, steps = select(question, contexts, max_steps)
    if conclusion is None:
        return (
            "The retrieved material contains no usable passage for this question."
            if english
            else "结论：检索到的资料中没有可直接引用的内容，建议咨询相关制度的归口部门。"
        )
    label = "Conclusion (quoted from the material): " if english else "结论："
    lines = [f"{label}{_ensure_period(conclusion.text)} [{conclusion.n}]"]
    if steps:
        lines.append("Suggested steps (quoted):" if english else "建议步骤：")
        lines.extend(f"{i}. {_ensure_period(s.text)} [{s.n}]" for i, s in enumerate(steps, start=1))
    return "\n".join(lines)
