"""Steps of a story's answer that state the facts of the clauses written for what happened.

A story ("项目两个月前就上线了，项目经理…结项报告一直没交…我该怎么推？") is answered by a 结论 and steps ranked by
their words' overlap with the whole story (``extractive.select``). A long story shares its setting's words with many
sentences — checklist items, symptoms on a guidance page, clauses written for another case — and the clause written
for its case ("项目经理应在项目结束后30个自然日内提交结项报告") can rank below half of the best score and be cut, so
the deadline, owner or body a manager needs is in a retrieved passage but nowhere in the answer. ``with_story_clauses``
gives such a clause a step: a policy rule (``scenario.is_rule``) whose case the story tells
(``scenario.situation_match`` at least ``CASE_SHARE``) and which states a fact (``states_fact``), at most
``STORY_CLAUSES`` of them, one per passage, in place of the lowest-ranked steps when the steps are full.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.question_types import NUMBER_PATTERN, PERSON_PATTERN, TIME_PATTERN
from assistant.types import Context

if TYPE_CHECKING:
    from assistant.extractive import Sentence

CASE_SHARE = 0.25
"""Least share of a clause's case (``scenario.situation_match``) the story must tell. Chosen on the tune stories
(bs1, bs2, bs3, sc-tune, fs; round 20, h9kb): 0.15 and 0.25 bring the same two facts into answers (0.25 changes fewer
answers), 0.34 one, 0.5 none; no value lost a fact."""
STORY_CLAUSES = 2
"""Clauses given a step at most (tune stories: 1 brings one fact, 2 both; none lost)."""


def states_fact(text: str) -> bool:
    """True when ``text`` states a deadline or time, an owner or deciding body, or a number."""
    return bool(TIME_PATTERN.search(text) or PERSON_PATTERN.search(text) or NUMBER_PATTERN.search(text))


def story_clauses(happened: str, contexts: Sequence[Context], ranked: Sequence[tuple[float, "Sentence"]],
                  adds: Callable[["Sentence"], bool], share: float = CASE_SHARE) -> list["Sentence"]:
    """The policy rule sentences of ``ranked`` whose case ``happened`` (the story's ``scenario.situation``) tells by at
    least ``share`` and that state a fact, the best one per passage, best told case first (then best score);
    ``adds(s)`` says whether ``s`` is not quoted yet."""
    from assistant.scenario import is_rule, situation_match

    if not happened:
        return []
    best: dict[int, tuple[float, float, "Sentence"]] = {}
    for score, s in ranked:
        if contexts[s.n - 1].doc_type != "policy" or not is_rule(s.text) or not states_fact(s.text):
            continue
        told = situation_match(happened, s.quote)
        if told >= share and adds(s) and (s.n not in best or (told, score) > best[s.n][:2]):
            best[s.n] = (told, score, s)
    return [s for _told, _score, s in sorted(best.values(), key=lambda item: (-item[0], -item[1]))]


def with_story_clauses(question: str, contexts: Sequence[Context], ranked: Sequence[tuple[float, "Sentence"]],
                       quoted: Sequence["Sentence"], steps: Sequence["Sentence"], max_steps: int,
                       distinct: Callable[[Sequence["Sentence"], "Sentence"], bool],
                       limit: int = STORY_CLAUSES) -> list["Sentence"]:
    """``steps`` (best first) with up to ``limit`` clauses written for the case the story ``question`` tells
    (``story_clauses``) added, each replacing the lowest-ranked of ``steps`` when ``max_steps`` are taken.
    ``quoted``: the 结论's sentences; ``distinct(chosen, s)``: ``s`` says something ``chosen`` does not."""
    from assistant.scenario import situation

    kept, added = list(steps), []

    def adds(s: "Sentence") -> bool:
        chosen = [*quoted, *kept, *added]
        return s not in chosen and not any(s.text in c.quote for c in chosen) and distinct(chosen, s)

    for clause in story_clauses(situation(question), contexts, ranked, adds)[:limit]:
        if not adds(clause):  # a clause added before says it already
            continue
        if len(kept) + len(added) >= max_steps:
            if not kept:
                break
            kept.pop()  # the lowest-ranked step gives way
        added.append(clause)
    return [*kept, *added]


__all__ = ["CASE_SHARE", "STORY_CLAUSES", "states_fact", "story_clauses", "with_story_clauses"]
