"""Short names the store's documents define for themselves: "项目管理办公室（以下简称“PMO”）".

Company rules name a body or a document once in full and then only by its short name ("交PMO统一归档"); a manager
asks with either ("项目文档什么时候交给项目管理办公室？"), and no bundled model knows that the two are one. The
definitions are in the documents, so the store's own text says which words are the same: ``aliases`` reads every
"<full>（以下简称/简称/下称“<short>”）" of it, and ``alias_expansions`` gives, for a question, the other name of
each defined name it says. ``wording.question_wording`` adds them to the question's documents' words (searched once
more and matched in sentences), like a synonyms.txt line the documents wrote themselves.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.terms import tagged

_DEFINITION = re.compile(
    r"(?P<before>[\u4e00-\u9fffA-Za-z0-9]{2,40})[（(](?:以下)?(?:简称|下称)[为:：]?\s*[“\"「『]?(?P<short>[^”\"」』）)，,。]{1,16}?)"
    r"[”\"」』]?[）)]")
_NAME_POS = ("n", "nz", "nt", "ns", "nr", "vn", "eng", "f", "b", "an", "j", "l")
"""Tags of the words a defined full name is made of (项目管理/n 办公室/n; 内部/f 服务水平/n 协议/n)."""
_INTRODUCED = re.compile(r".*(?:设立|成立|组建|设置|建立|所称|根据|按照|依据|委托|授权|指定|是指|包括|的)")
"""Words after which a definition's name starts ("公司设立…", "本办法所称…", "根据…"): the name is what follows the last."""
MIN_FULL = 4
"""Characters a full name needs: a shorter tail ("委员会" of "跨部门协调委员会", where 协调 is tagged a verb) is a
fragment, not the name."""
MIN_SHORT_CJK = 3
"""A short name of fewer Chinese characters and no Latin letter ("公司" for the company's full name) is a common
word a question says for other things: it is not read as the defined name."""


def full_name(before: str) -> str:
    """The name a definition defines: what follows the last introducing word of the text before its bracket ("产品部设立
    项目管理办公室" -> 项目管理办公室; "本规定所称内部服务水平协议" -> 内部服务水平协议), else its trailing run of name
    words ("星河智造科技有限公司")."""
    if (m := _INTRODUCED.match(before)) is not None and len(before) - m.end() >= MIN_FULL:
        return before[m.end():]
    words = tagged(before)
    tail: list[str] = []
    for word, flag in reversed(words):
        if not flag.startswith(_NAME_POS) or not word.strip():
            break
        tail.append(word)
    return "".join(reversed(tail))


def _usable(full: str, short: str) -> bool:
    if len(full) < MIN_FULL or len(short) >= len(full) or short in ("本办法", "本规定", "本制度", "本细则"):
        return False
    return bool(re.search(r"[A-Za-z]", short)) or len(re.findall(r"[\u4e00-\u9fff]", short)) >= MIN_SHORT_CJK


@lru_cache(maxsize=4)
def aliases(text: str) -> dict[str, tuple[str, ...]]:
    """Each defined name of ``text`` (a store's passages) -> its other names, both ways (项目管理办公室 -> PMO,
    PMO -> 项目管理办公室). Cached per text (one store generation's)."""
    pairs: dict[str, list[str]] = {}
    for m in _DEFINITION.finditer(text):
        short = m.group("short").strip()
        full = full_name(m.group("before"))
        if not _usable(full, short):
            continue
        for a, b in ((full, short), (short, full)):
            if b not in pairs.setdefault(a, []):
                pairs[a].append(b)
    return {name: tuple(others) for name, others in pairs.items()}


def alias_expansions(question: str, text: str) -> list[str]:
    """The other names of the defined names ``question`` says (case-insensitive for Latin short names), in the
    order the question says them; a name whose other name the question says too adds nothing."""
    low = question.lower()
    found = sorted((low.find(name.lower()), name) for name in aliases(text) if name.lower() in low)
    out: list[str] = []
    for _at, name in found:
        out += [o for o in aliases(text)[name] if o.lower() not in low and o not in out]
    return out


__all__ = ["alias_expansions", "aliases", "full_name"]
