"""Named things in a sentence: people, organisations, places and titled works.

A 谁 question about an encyclopedia or news passage wants a person's or an organisation's name
("蔡元培", "光荣公司"), a 哪里 question a place, a 叫什么/哪部 question a name or a title; the role
and body patterns of ``question_types`` (部门负责人, 总经理办公室) only know company roles. This
module finds names without a model: jieba's part-of-speech tags (``nr`` person, ``nt``
organisation, ``ns`` place, ``nz`` other proper noun), book-title marks 《…》, short quoted names
“…” and Latin words/acronyms. jieba loads lazily (about 0.7 s once); results are cached per sentence.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache


class Kind(str, Enum):
    """What kind of name a span is."""

    PERSON = "person"
    ORG = "org"
    PLACE = "place"
    WORK = "work"  # a titled work or other proper noun (《…》, “…”, nz, Latin names)


_TAGS = {"nr": Kind.PERSON, "nrfg": Kind.PERSON, "nrt": Kind.PERSON, "nt": Kind.ORG, "ns": Kind.PLACE,
         "nz": Kind.WORK}
_TITLE = re.compile(r"《[^《》]{1,30}》")
_QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』]{1,16})[”\"」』]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.\-·']*(?:\s+[A-Z][A-Za-z0-9.\-·']*)*")
_ORG_SUFFIX = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(?:公司|集团|大学|学院|学校|银行|医院|政府|委员会|协会|学会|研究所|研究院|"
    r"电视台|出版社|俱乐部|乐队|(?<!团)队|组织|联盟|基金会|法院|检察院|议会|部队|(?<![冠亚季将])军|党)"
)
_STOP_NAMES = frozenset({"本作", "本片", "该片", "其中", "此外", "他们", "我们", "公司"})


_NOT_IN_NAME = ("v", "p", "c", "u", "r", "d", "m", "q", "y", "e", "x", "w", "t", "f", "z")
"""Parts of speech that never sit inside an organisation's name (verbs, prepositions, pronouns …)."""


_NAME_FLAGS = frozenset({"nt", "nz", "ns", "nr", "nrt", "nrfg", "j"})
_BYLINE = re.compile(r"(?:记者|通讯员|责任编辑|编辑|责编|摄影|撰文)[：:\s]*([^）)。\n]{0,30})")
_DATELINE = re.compile(r"^\W*[\u4e00-\u9fffA-Za-z]{1,8}?(?:社|网|报|台|电视)[\u4e00-\u9fff]{0,6}(?:\d{1,2}月\d{1,2}日)?(?:电|讯|消息)")
"""A news byline ("（记者赵雪彤、王春燕）") or dateline ("新华社北京1月25日电", "中工网讯"): who wrote the
story, not who is in it."""


def _tokens(sentence: str) -> list[tuple[int, int, str]]:
    """jieba's ``(start, end, flag)`` tokens of ``sentence``."""
    import jieba  # lazy: dictionary load on first use
    import jieba.posseg as posseg

    jieba.setLogLevel(60)
    tokens: list[tuple[int, int, str]] = []
    at = 0
    for word, flag in posseg.cut(sentence):
        start = sentence.find(word, at)
        if start < 0:
            continue
        at = start + len(word)
        tokens.append((start, at, flag))
    return tokens


def _jieba_spans(tokens: list[tuple[int, int, str]], sentence: str) -> list[tuple[int, int, Kind]]:
    spans: list[tuple[int, int, Kind]] = []
    for start, end, flag in tokens:
        word = sentence[start:end]
        kind = _TAGS.get(flag)
        if kind is not None and len(word) >= 2 and word not in _STOP_NAMES:
            spans.append((start, end, kind))
    return spans


def _org_spans(tokens: list[tuple[int, int, str]], sentence: str) -> list[tuple[int, int, Kind]]:
    """Organisation names by suffix (…公司, …大学, …队), starting and ending on jieba word boundaries,
    made of at most four name-like words ("辽宁队", "洛杉矶公羊队"; not "点票结果显示工党")."""
    spans: list[tuple[int, int, Kind]] = []
    for i, (start, _end, _flag) in enumerate(tokens):
        for j in range(i, min(i + 4, len(tokens))):
            a, b, flag = tokens[j]
            m = _ORG_SUFFIX.fullmatch(sentence, start, b)
            if j > i and flag.startswith(_NOT_IN_NAME) and not m:
                break
            if m and b - start >= 2 and not any(f.startswith(_NOT_IN_NAME) for _a, _b, f in tokens[i:j]) \
                    and (j > i or flag in _NAME_FLAGS or b - start >= 4):  # a bare 球队/团队 is no name
                spans.append((start, b, Kind.ORG))
                break
    return spans


@lru_cache(maxsize=4096)
def entity_spans(sentence: str) -> tuple[tuple[int, int, Kind], ...]:
    """``(start, end, kind)`` of every name found in ``sentence``, in order of position."""
    tokens = _tokens(sentence)
    spans = _jieba_spans(tokens, sentence)
    spans += [(m.start(), m.end(), Kind.WORK) for m in _TITLE.finditer(sentence)]
    spans += [(m.start(1), m.end(1), Kind.WORK) for m in _QUOTED.finditer(sentence)]
    spans += [(m.start(), m.end(), Kind.WORK) for m in _LATIN.finditer(sentence) if len(m.group(0)) >= 2]
    spans += _org_spans(tokens, sentence)
    bylines = [m.span(1) for m in _BYLINE.finditer(sentence)] + [m.span() for m in _DATELINE.finditer(sentence)]
    spans = [(a, b, k) for a, b, k in spans if not any(x <= a and b <= y for x, y in bylines)]
    return tuple(sorted(set(spans)))


def names(sentence: str, kinds: frozenset[Kind] | None = None) -> list[tuple[int, int]]:
    """Spans of the names of ``kinds`` (all kinds when None) in ``sentence``."""
    return [(a, b) for a, b, k in entity_spans(sentence) if kinds is None or k in kinds]
