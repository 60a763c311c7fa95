"""Person names jieba's tagger splits or mislabels: a surname token then its given name, and the other
members of a list of people.

jieba tags a one-character surname as ``nr`` and then cuts the given name as ordinary words
("王/nr 亚平/ns", "陈/nr 芋汐/n", "隋/nr 文静/n"), and it tags some full names as places or nouns
("曾黎/ns", "吴京/ns", "全红婵/n"). A 谁 question answered from such a sentence finds no person in
it and the 结论 goes to a sentence with some other name. Two syntax rules, no vocabulary:

- ``surname_names``: a one-character ``nr`` token followed by a given name of one or two characters
  (one word or two one-character words that are no function words), the whole name 2–3 characters.
- ``listed_people``: in an enumeration "A、B、C" (、 or ／ between short members), when two or more
  members are already people, the other members of two to four Chinese characters are people too.
"""

from __future__ import annotations

import re

_NOT_GIVEN = ("p", "c", "u", "x", "m", "q", "f", "r", "y", "e", "w", "t", "v", "zg")
"""Tags no given-name word carries as its first or only word (prepositions, conjunctions, numbers, verbs …).
A one-character tail word may be any tag but these (鸰/zg is allowed as a second character)."""
_FUNCTION_CHARS = re.compile(r"[的了是在被和与及等者们该其此这那已将也都就又还说称向对从把给为以于]")
_LIST_RUN = re.compile(r"[\u4e00-\u9fff]+(?:[、／/][\u4e00-\u9fff]+){2,}")
"""Three or more Chinese members joined by 、 or ／: an enumeration (its first and last members trimmed to words)."""
MAX_MEMBER = 4


def surname_names(tokens: list[tuple[int, int, str]], sentence: str) -> list[tuple[int, int]]:
    """Spans of "surname + given name" where jieba cut them apart (王/nr 亚平/ns → 王亚平)."""
    spans: list[tuple[int, int]] = []
    for i, (a, b, flag) in enumerate(tokens):
        if flag != "nr" or b - a != 1 or i + 1 >= len(tokens):
            continue
        c, d, first = tokens[i + 1]
        if c != b or first.startswith(_NOT_GIVEN) or _FUNCTION_CHARS.search(sentence, c, d):
            continue
        end = d
        if d - c == 1 and i + 2 < len(tokens):  # a one-character word: the given name may have a second one
            e, f, second = tokens[i + 2]
            if e == d and f - e == 1 and not second.startswith(_NOT_GIVEN[:-1]) \
                    and not _FUNCTION_CHARS.search(sentence, e, f):
                end = f
        if 2 <= end - a <= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", sentence[a:end]):
            spans.append((a, end))
    return spans


def _members(run: re.Match[str], starts: set[int], ends: set[int]) -> list[tuple[int, int]]:
    """The members of an enumeration run: the first one trimmed to its last words ("领衔主演陈晓" → 陈晓),
    the last one to its first words ("文淇领衔主演" → 文淇), each on jieba word boundaries."""
    spans, at = [], run.start()
    for piece in re.split(r"[、／/]", run.group(0)):
        spans.append((at, at + len(piece)))
        at += len(piece) + 1
    (a, b), (c, d) = spans[0], spans[-1]
    first = next((x for x in range(max(a, b - MAX_MEMBER), b - 1) if x in starts), None)
    last = next((y for y in range(min(d, c + MAX_MEMBER), c + 1, -1) if y in ends), None)
    spans[0] = (first, b) if first is not None else (b, b)
    spans[-1] = (c, last) if last is not None else (c, c)
    return [(x, y) for x, y in spans if 2 <= y - x <= MAX_MEMBER and x in starts and y in ends]


def listed_people(tokens: list[tuple[int, int, str]], people: list[tuple[int, int]],
                  sentence: str) -> list[tuple[int, int]]:
    """The members of an enumeration, at least two of which are known ``people``, that are not yet known
    as names (the members of two to four characters on word boundaries)."""
    starts = {a for a, _b, _f in tokens}
    ends = {b for _a, b, _f in tokens}
    found: list[tuple[int, int]] = []
    for run in _LIST_RUN.finditer(sentence):
        members = _members(run, starts, ends)
        known = [m for m in members if any(a <= m[0] and m[1] <= b for a, b in people)]
        if len(known) >= 2 and 2 * len(known) >= len(members):
            found += [m for m in members if m not in known and not _FUNCTION_CHARS.search(sentence, *m)]
    return found
