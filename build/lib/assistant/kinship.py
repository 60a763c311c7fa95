"""Kinship words in the written register: "谁的儿子" is answered by "…皇太极第五子" or "司马伷三子".

Biographies (encyclopedias, obituaries, company histories) rarely write the spoken kinship word the
question uses: 儿子 is written 子 (之子, 长子, 次子, 三子, 第五子), 女儿 女 (之女, 长女), 父亲 父 (其父, 父为),
母亲 母 (生母为, 其母). ``kin_places`` finds where a sentence states the question's kinship word in such
a form, so that the name next to it can be read as the answer (``statements``). Generic Chinese
usage, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache

_RANK = r"(?:第[一二三四五六七八九十\d]{1,3}|[长次幼独嫡庶养三四五六七八九十])"
_END = r"(?=[，,。；;、）)\s]|$)"
_FORMS: dict[str, str] = {
    "儿子": rf"(?:之|的)?{_RANK}?子{_END}",
    "女儿": rf"(?:之|的)?{_RANK}?女{_END}",
    "父亲": rf"(?:之父|其父|生父|父(?=为|是)|(?<=[，,、；;])父(?=[\u4e00-\u9fff]{{2,4}}[，,。；;、])|(?<=[\u4e00-\u9fff])(?:(?:之|的){_RANK}?|{_RANK})[子女]{_END})",
    "母亲": r"(?:之母|其母|生母|母(?=为|是)|(?<=[，,、；;])母(?=[\u4e00-\u9fff]{2,4}[，,。；;、]))",
}
"""Per spoken kinship word, the written forms that state it (父亲 also by the child's form after the father's name:
"邵雍之子" in the son's article, ``child_form``): a bare 子/女 only with a rank before it or
a clause end after it ("第五子，"), a bare 父/母 only before 为/是 or opening a clause with a short name
after it ("、母卢靖妃。"); never inside a word (子女, 女士, 父母)."""


def child_form(form: str) -> bool:
    """A place ``kin_places`` found for 父亲 is a child's form ("之子", "之女"): the father's name stands before it."""
    return form.endswith(("子", "女"))


def is_kin(word: str) -> bool:
    """``word`` is a kinship word with written forms (儿子, 女儿, 父亲, 母亲)."""
    return word in _FORMS


@lru_cache(maxsize=8)
def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(_FORMS[word])


def kin_places(sentence: str, word: str) -> list[tuple[int, int]]:
    """Where ``sentence`` states the kinship ``word`` (the word itself or a written form), as spans."""
    places = [(m.start(), m.end()) for m in re.finditer(re.escape(word), sentence)] if word else []
    if word in _FORMS:
        places += [(m.start(), m.end()) for m in _pattern(word).finditer(sentence)
                   if not any(a <= m.start() < b for a, b in places)]
    return sorted(places)


_NAME_BEFORE = re.compile(r"[\u4e00-\u9fff·]{2,8}$")
_CUT = re.compile(r".*[，,。；;：:、（(）)\s“”\"之的]")


def name_before(sentence: str, at: int) -> tuple[int, int] | None:
    """The name run right before position ``at`` ("琅邪王司马伷" before "三子"), cut at punctuation or 之/的."""
    head = sentence[max(0, at - 12):at]
    cut = _CUT.match(head)
    run = head[cut.end() if cut else 0:]
    m = _NAME_BEFORE.search(run)
    if not m:
        return None
    start = at - len(run) + m.start()
    return start, at


_NAME_AFTER = re.compile(r"(?:为|是)?([\u4e00-\u9fff·]{2,6})(?=[，,。；;、）)]|$)")
PARENTS = ("父亲", "母亲")
"""Kinship words whose answer follows the written form ("生母为叶赫那拉氏", "母卢靖妃")."""


def name_after(sentence: str, end: int) -> tuple[int, int] | None:
    """The short name standing alone right after position ``end`` ("卢靖妃" after "母"), or None."""
    m = _NAME_AFTER.match(sentence, end)
    return m.span(1) if m else None
