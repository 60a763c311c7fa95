"""A sentence in which another person does what the question asks a named person did.

"梁冠华在《相逢时节》中演的谁" asks whom 梁冠华 played; a page about the drama also says "严晓频扮演宁惠",
which shares the drama and the verb and holds a name, but it is 严晓频's part, not his. Likewise
"王海东在决赛中击败了谁" is not answered by "李明击败了张强". ``asked_action`` reads (the question's
people, the asked verb) off a "P…V(了/的)谁" question; ``another_agent`` tells whether a sentence that
never names those people has another person before that verb in its clause ("严晓频扮演", "李明在…中击败"). Generic
Chinese syntax and the composer's person tagger, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.question_types import QType, answer_spans
from assistant.terms import tagged

_ASKS_WHOM = re.compile(r"([\u4e00-\u9fff]+?)(?:了|的|的是|过)?(?:谁|哪位|什么人|何人)[？?。\s]*$")
MAX_CLAUSE = 12
"""Characters between the other person and the verb: the rest of the clause the person is the subject of
("严晓频扮演", "李明在半决赛中击败")."""
_SAME_CLAUSE = re.compile(r"[\u4e00-\u9fff《》“”]*")
_FUNCTION = frozenset("的了在是与和及对把被给中里")


@lru_cache(maxsize=1024)
def asked_action(question: str) -> tuple[tuple[str, ...], str] | None:
    """``(people, verb)`` of a question asking whom a named person acted on ("梁冠华…中演的谁":
    (梁冠华,), 演), or None. The verb is jieba's last word before the question word when it is a verb,
    else that word's last character (jieba cuts "中演")."""
    from assistant.entities import Kind, entity_spans  # local: jieba loads on first use

    text = question.strip()
    m = _ASKS_WHOM.search(text)
    if not m:
        return None
    before = text[: m.end(1)]
    people = tuple(dict.fromkeys(text[a:b] for a, b, kind in entity_spans(before) if kind is Kind.PERSON))
    if not people:
        return None
    tokens = [(w, f) for w, f in tagged(before) if w.strip()]
    if not tokens:
        return None
    word, flag = tokens[-1]
    verb = word if flag.startswith("v") and len(word) >= 2 else word[-1]
    if verb in _FUNCTION or any(verb in p for p in people):
        return None
    return people, verb


def another_agent(sentence: str, action: tuple[tuple[str, ...], str] | None) -> bool:
    """``sentence`` names none of the question's people and has another person before the asked verb, in the
    verb's clause (no pause between)."""
    if action is None:
        return False
    people, verb = action
    if verb not in sentence or any(p in sentence for p in people):
        return False
    starts = [m.start() for m in re.finditer(re.escape(verb), sentence)]
    ends = [b for _a, b in answer_spans(sentence, QType.PERSON)]
    return any(0 <= at - b <= MAX_CLAUSE and _SAME_CLAUSE.fullmatch(sentence[b:at]) for at in starts for b in ends)
