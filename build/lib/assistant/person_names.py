"""Person names jieba's tagger splits or mislabels: a surname token then its given name, and the other
members of a list of people.

jieba tags a one-character surname as ``nr`` and then cuts the given name as ordinary words
("王/nr 亚平/ns", "陈/nr 芋汐/n", "隋/nr 文静/n"), and it tags some full names as places or nouns
("曾黎/ns", "吴京/ns", "全红婵/n"). A 谁 question answered from such a sentence finds no person in
it and the 结论 goes to a sentence with some other name. Two syntax rules, no vocabulary:

- ``surname_names``: a one-character ``nr`` token that is a common surname followed by a given name of
  one or two characters (one rare word or two one-character words that are no function words).
- ``listed_people``: in an enumeration "A、B、C" (、 or ／ between short members), when two or more
  members are already people, the other members of two to four Chinese characters are people too.
"""

from __future__ import annotations

import re

_NOT_GIVEN = ("p", "c", "u", "x", "m", "q", "f", "r", "y", "e", "w", "t", "v", "zg")
"""Tags no given-name word carries as its first or only word (prepositions, conjunctions, numbers, verbs …).
A one-character tail word may be any tag but these (鸰/zg is allowed as a second character)."""
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安"
    "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
"""Common Chinese one-character surnames (a standard list, written out): jieba tags many other single
characters ``nr`` too (町, 司, 皆)."""
_PLACE_END = frozenset("村市县镇省区州乡")
"""A place's last character: 杨箕村 is a village, not a person."""
COMMON_WORD = 500
"""A two-character word jieba's dictionary counts this often or more is a word (时代, 列车), not a given name (亚平 345)."""
_FUNCTION_CHARS = re.compile(r"[的了是在被和与及等者们该其此这那已将也都就又还说称向对从把给为以于]")
_LIST_RUN = re.compile(r"[\u4e00-\u9fff]+(?:[、／/][\u4e00-\u9fff]+){2,}")
"""Three or more Chinese members joined by 、 or ／: an enumeration (its first and last members trimmed to words)."""
MAX_MEMBER = 4


def _frequency(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 for a word it does not know)."""
    import jieba  # lazy: the dictionary is loaded by the tagger that produced the tokens

    return jieba.dt.FREQ.get(word, 0)


def surname_names(tokens: list[tuple[int, int, str]], sentence: str) -> list[tuple[int, int]]:
    """Spans of "surname + given name" where jieba cut them apart (王/nr 亚平/ns → 王亚平)."""
    spans: list[tuple[int, int]] = []
    for i, (a, b, flag) in enumerate(tokens):
        if flag != "nr" or b - a != 1 or sentence[a] not in SURNAMES or i + 1 >= len(tokens):
            continue
        c, d, first = tokens[i + 1]
        if c != b or first.startswith(_NOT_GIVEN) or _FUNCTION_CHARS.search(sentence, c, d) \
                or d - c == 2 and _frequency(sentence[c:d]) >= COMMON_WORD:
            continue
        end = d
        if d - c == 1 and i + 2 < len(tokens):  # a one-character word: the given name may have a second one
            e, f, second = tokens[i + 2]
            if e == d and f - e == 1 and not second.startswith(_NOT_GIVEN[:-1]) \
                    and not _FUNCTION_CHARS.search(sentence, e, f):
                end = f
        if 2 <= end - a <= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", sentence[a:end]) \
                and sentence[end - 1] not in _PLACE_END:
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


_NOT_IN_MEMBER = ("v", "u", "p", "c", "d", "m", "r")
"""A listed name holds no verb, particle, preposition, conjunction, adverb, number or pronoun ("由X", "合作过", "二十大")."""


def listed_people(tokens: list[tuple[int, int, str]], people: list[tuple[int, int]],
                  sentence: str) -> list[tuple[int, int]]:
    """The members of an enumeration, at least two of which are known ``people``, that are not yet known
    as names (the members of two to four characters on word boundaries)."""
    starts = {a for a, _b, f in tokens if not f.startswith(_NOT_IN_MEMBER)}
    ends = {b for _a, b, _f in tokens}
    plain = {(a, b) for a, b, f in tokens if f.startswith(_NOT_IN_MEMBER)}
    found: list[tuple[int, int]] = []
    for run in _LIST_RUN.finditer(sentence):
        members = _members(run, starts, ends)
        known = [m for m in members if any(a <= m[0] and m[1] <= b for a, b in people)]
        if len(known) >= 2 and 2 * len(known) >= len(members):
            found += [m for m in members if m not in known and not _FUNCTION_CHARS.search(sentence, *m)
                      and not any(m[0] <= a and b <= m[1] for a, b in plain)]
    return found
