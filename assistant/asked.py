"""What a question asks, as opposed to the story told before it, at the three grains the product reads it at.

- ``asked_questions``: the sub-questions that end in a question mark ("…扯皮，谁来裁定？超过了怎么办？" -> two),
  what ``question_types.asked_parts`` types and the composers answer one by one;
- ``asked_text``: the last ``ASKED_PIECES`` comma pieces (``last_pieces``) of each question sentence, where a
  scenario's ask (到底谁对 / 多久 / 在哪提) is looked for; ``trailing_questions``, the question sentences a story
  ends with, whose last pieces ``pointed`` reads;
- ``asked_clauses``: the last clause of each question sentence the question ends with, what the refusal's owner
  rule reads. It is the finest grain on purpose: "…发给了财务部核对，结果他们转给了采购部用，我该怎么处理？" is one
  sub-question (no question word after its commas), but its asked clause is only "我该怎么处理？": the owned
  topic (财务) is the story's setting, not what is asked.

Punctuation only: no model, no tokenizer.
"""

from __future__ import annotations

import re

from assistant.followup import is_english

_QUESTION_MARKS = ("？", "?")

_SUB_SPLIT = re.compile(r"(?<=[？?；;])|(?<=[。!！])\s*|(?<=\.)(?!\d)\s*|，(?=(?:那|如果|要是|超过|另外|还有|以及|并且|而且)?[^，。？?]{0,12}"
                        r"(?:怎么办|怎么做|如何|由谁|谁|多久|多少|几|是否|能不能|能否|吗))")
"""Where a question splits into sub-questions: after a sentence mark (not a decimal point: "6.8分", "1.5 million"), or
at a comma before a question word."""


def _asks(text: str) -> bool:
    return text.rstrip().endswith(_QUESTION_MARKS)


def sub_questions(question: str) -> list[str]:
    """The question split into its parts, statements among them ("最多多少？超过了怎么办？" -> two), at least one."""
    parts = [p.strip(" ，,") for p in _SUB_SPLIT.split(question.strip())]
    parts = [p for p in parts if len(re.sub(r"\W", "", p)) >= 2]
    return parts or [question.strip()]


def asked_questions(question: str) -> list[str]:
    """The sub-questions that end in a question mark (all of them when none does): a part followed by a question
    is a statement ("市场部和产品部为谁牵头吵起来了，我该怎么办？" asks 怎么办, not 谁)."""
    parts = sub_questions(question)
    return [p for p in parts if _asks(p)] or parts


_SENTENCE = re.compile(r"[^。！!？?]+[。！!？?]*")
_PIECE_CUT = re.compile(r"[，,；;]")
ASKED_PIECES = 2
"""The asking is in the last comma pieces of a question sentence ("…双方争执不下，怎么办？"): the story before them
("要按P3的时限处理") is what happened, not what is asked."""


def trailing_questions(question: str) -> list[str]:
    """The run of question sentences ``question`` ends with ("…被错扣了分。还能申诉吗？向谁申诉？" -> the last two),
    stripped; empty when it ends in a statement."""
    out: list[str] = []
    for sentence in reversed([m.group(0) for m in _SENTENCE.finditer(question) if m.group(0).strip()]):
        if not _asks(sentence):
            break
        out.insert(0, sentence.strip())
    return out


def last_pieces(sentence: str, count: int = ASKED_PIECES) -> list[str]:
    """The last ``count`` comma pieces of ``sentence`` (cut at ，,；; and not at a colon), where a question sentence
    asks."""
    return _PIECE_CUT.split(sentence)[-count:]


def asked_text(question: str) -> str:
    """The part of ``question`` that asks: the ``last_pieces`` of each sentence ending in ？/? (of the last sentence
    when none does), joined by spaces."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(question) if m.group(0).strip()]
    asking = [t for t in sentences if _asks(t)] or sentences[-1:]
    return " ".join(" ".join(last_pieces(t)) for t in asking)


_CLAUSE = re.compile(r"[^，,。；;！!？?：:\n]+[，,。；;！!？?：:\n]*")
_CLAUSE_EN = re.compile(r"[^,.;?!\n]+[,.;?!\n]*")
_SENTENCE_END = re.compile(r"[。；;！!？?.\n]\s*$")


def clauses(question: str) -> list[str]:
    """The clauses of ``question`` (split after commas and sentence marks), punctuation kept."""
    pattern = _CLAUSE_EN if is_english(question) else _CLAUSE
    return [c for c in pattern.findall(question) if c.strip()]


def asked_clauses(question: str) -> list[str]:
    """The clauses that say what ``question`` asks: the last clause of each question sentence it ends with
    ("…单子被系统关了。问题没解决，这单还能重新打开吗？" -> "这单还能重新打开吗？"), or its last clause when it ends
    in no question sentence."""
    parts = clauses(question)
    ends = [i for i, c in enumerate(parts) if _SENTENCE_END.search(c)] or [len(parts) - 1]
    asked: list[str] = []
    for i in reversed(ends):  # the question sentences the question ends with, last first
        if not _asks(parts[i]):
            break
        asked.insert(0, parts[i])
    return asked or parts[-1:]
