"""English <-> Chinese for cross-language questions over Chinese documents, with no model.

``translate_query`` turns an English question into Chinese search terms with a bundled domain
glossary (``glossary_en_zh.tsv``: collaboration, policy and organisation vocabulary, longest match
first) so both dense and keyword retrieval see Chinese. ``english_facts`` renders the facts of a
quoted Chinese sentence (durations, amounts, times) in English for the answer's framing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from assistant.english_lexicon import EnglishLexicon
from assistant.limits import NUMERAL
from assistant.question_types import CLOCK_TIME, NUMBER_PATTERN, TIME_PATTERN, QType
from ingest.numbering import ordinal

GLOSSARY_FILE = "glossary_en_zh.tsv"


@lru_cache(maxsize=1)
def glossary() -> tuple[tuple[str, str], ...]:
    """``(english phrase, chinese terms)`` pairs, longest English phrase first."""
    text = resources.files("assistant").joinpath(GLOSSARY_FILE).read_text(encoding="utf-8")
    pairs = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        en, _, zh = line.partition("\t")
        if en.strip() and zh.strip():
            pairs.append((en.strip(), zh.strip()))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _phrase_re(en: str) -> re.Pattern[str]:
    """Whole words, any case and simple inflections; an all-capitals entry (IT, HR) matches only as written."""
    words = [re.escape(w) for w in en.split()]
    flags = 0 if en.isupper() else re.IGNORECASE
    return re.compile(r"\b" + r"\s+".join(words) + r"(?:s|es|ed|ing|d)?\b", flags)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_phrase_re(en), zh) for en, zh in glossary())


def _glossary_matches(question: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The Chinese terms for every glossary phrase in ``question`` (longest match wins, no overlaps) and the
    spans they matched."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for pattern, zh in _compiled():
        for m in pattern.finditer(question):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append(m.span())
            found.append((m.start(), zh))
    terms: list[str] = []
    for _pos, zh in sorted(found):
        for term in zh.split("|"):
            if term not in terms:
                terms.append(term)
    return terms, taken


def glossary_terms(question: str) -> list[str]:
    """The Chinese terms for every glossary phrase in ``question`` (longest match wins, no overlaps)."""
    return _glossary_matches(question)[0]


@lru_cache(maxsize=512)
def translate_query(question: str, lexicon: EnglishLexicon | None = None) -> str:
    """A Chinese search query for an English question ("" when no glossary phrase matches).

    Numbers and codes in the question (P1, 10:00, KPI) are kept, so "P1 ticket" finds ``P1级``. ``lexicon``: the
    store's dictionary terms (``english_lexicon``) for the words the bundled glossary does not translate.
    Remembered: one question is translated for its search and again for the answer's matching.
    """
    terms, spans = _glossary_matches(question)
    amounts = [yuan_in_chinese(_yuan_value(m)) for m in _YUAN.finditer(question)]
    rest = _YUAN.sub(" ", question)
    codes = [c for c in re.findall(r"\b(?:[A-Z]{2,}\d*|[A-Z]\d+|\d+(?:[.:]\d+)?%?)\b", rest) if c not in terms]
    counts = [c for c in english_counts(rest) if c not in terms]
    found = terms + amounts + counts + codes
    if lexicon is not None:  # after the glossary's: its terms stay first
        found += [t for t in lexicon.terms(question, spans) if t not in found]
    return " ".join(found)


_YUAN = re.compile(r"(?:(?:RMB|CNY|¥)\s*(?P<pre>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?P<pscale>million|thousand|mn|m|k)\b)?"
                   r"|(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:(?P<scale>million|thousand|mn|m|k)\s*)?"
                   r"(?:yuan|RMB|CNY)\b)", re.I)
_SCALES = {"million": 1_000_000, "mn": 1_000_000, "m": 1_000_000, "thousand": 1_000, "k": 1_000}
"""An amount of money in an English question: "80,000 yuan", "1.5 million yuan", "RMB 2 million", "200k RMB"."""


def _yuan_value(m: re.Match[str]) -> float:
    """The amount ``_YUAN`` matched, in yuan."""
    number = m.group("pre") or m.group("num")
    scale = (m.group("pscale") or m.group("scale") or "").lower()
    return float(number.replace(",", "")) * _SCALES.get(scale, 1)


_EN_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                          "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_EN_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "a hundred": 100})
_MEASURES_ZH = (  # an English measure after a count -> how the documents write it (the first that fits wins)
    (r"person[- ]days?|man[- ]days?", "人日"), (r"working days?|business days?|work days?", "个工作日"),
    (r"working hours?|business hours?|work hours?", "个工作小时"), (r"calendar days?", "个自然日"),
    (r"days?", "天"), (r"hours?", "小时"), (r"minutes?", "分钟"), (r"weeks?", "周"), (r"months?", "个月"),
    (r"quarters?", "个季度"), (r"years?", "年"), (r"times|escalations?", "次"), (r"percent|per cent|%", "%"),
    (r"points?", "分"), (r"people|persons|members|staff|employees", "人"), (r"pages?", "页"),
    (r"requests?", "单"), (r"tickets?", "张"), (r"items?|agenda items?|topics?", "项"),
)
_COUNT = re.compile(r"\b(?P<n>\d+(?:\.\d+)?|" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")"
                    r"(?:\s*|-)(?:(?:more|extra|full|straight|consecutive|core|other|urgent)\s+)?(?P<m>"
                    + "|".join(f"(?:{m})" for m, _zh in _MEASURES_ZH) + r")(?![\w-])", re.I)
_ONCE = {"once": "1次", "twice": "2次"}
_SCORE = re.compile(r"\b(?:score[ds]?|rating|rated|averag(?:e|ed))\b[^.?!,;\d]{0,24}?(\d+(?:\.\d+)?)(?!\s*(?:%|percent|per cent|\d|,\s*\d))",
                    re.I)
"""A score told without its measure ("our satisfaction score came in at 6.8", "rated 7.0"): points, 分; not a list of
scores ("scores were 82, 71, 68 and 74")."""


def english_counts(question: str) -> list[str]:
    """The counts an English question tells with their measure, as the documents write them: "about 15
    person-days" -> ``15人日``, "six escalations" -> ``6次``, "twice" -> ``2次``, "three weeks" -> ``3周``, "a score of 6.8" -> ``6.8分``: what a
    clause's case bound ("超过12人日的", "超过5次的") is compared with (by ``situation.told_counts``, which reads them
    as it reads a Chinese story's) and what keyword search finds."""
    out: list[str] = []
    for m in _COUNT.finditer(question):
        number = m.group("n").lower()
        zh = next(z for pattern, z in _MEASURES_ZH if re.fullmatch(pattern, m.group("m"), re.I))
        out.append(f"{_EN_NUMBERS.get(number, number)}{zh}")
    out += [zh for en, zh in _ONCE.items() if re.search(rf"\b{en}\b", question, re.I)]
    out += [f"{m.group(1)}分" for m in _SCORE.finditer(question)]
    return list(dict.fromkeys(out))


def yuan_in_chinese(value: float) -> str:
    """``80_000`` (yuan) -> ``"8万元"``, ``500`` -> ``"500元"``, ``1_500_000`` -> ``"150万元"``: amounts as the documents
    write them."""
    if value >= 10_000:
        return f"{value / 10_000:g}万元"
    return f"{value:g}元"


_UNITS_EN = (
    ("个工作日", "working day"), ("工作日", "working day"), ("个工作小时", "working hour"), ("工作小时", "working hour"),
    ("个自然日", "calendar day"), ("自然日", "calendar day"), ("个小时", "hour"), ("小时", "hour"), ("分钟", "minute"),
    ("个月", "month"), ("天", "day"), ("日", "day"), ("周", "week"), ("星期", "week"), ("年", "year"), ("季度", "quarter"),
    ("元", "yuan"), ("人日", "person-days"), ("%", "%"), ("％", "%"),
    ("分", "points"), ("次", "times"), ("单", "requests"), ("名", "people"), ("人", "people"), ("项", "items"), ("条", "records"),
)
_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0.5}
_SUFFIX_EN = (("以内", "within "), ("之内", "within "), ("内", "within "), ("之前", "before "), ("前", "before "),
              ("以上", "at least "), ("后", "after "))
_WEEKDAYS = {"一": "Monday", "二": "Tuesday", "三": "Wednesday", "四": "Thursday", "五": "Friday", "六": "Saturday", "日": "Sunday", "天": "Sunday"}


def _number(text: str) -> str:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return text
    if text in _CN_NUM:
        return str(_CN_NUM[text]).removesuffix(".0") if text != "半" else "half a"
    if len(text) == 2 and text[0] == "十" and text[1] in _CN_NUM:
        return str(10 + int(_CN_NUM[text[1]]))
    if len(text) == 2 and text[1] == "十" and text[0] in _CN_NUM:
        return str(int(_CN_NUM[text[0]]) * 10)
    return text


_CLOCK = re.compile(CLOCK_TIME)
"""A clock time ("10:00"): a moment, kept as written in English and never read as counts."""


def fact_in_english(fact: str) -> str:
    """``"1个工作日内"`` -> ``"within 1 working day"``, ``"每周二"`` -> ``"every Tuesday"``, ``"10:00"`` kept."""
    fact = fact.strip()
    if _CLOCK.fullmatch(fact):
        return re.sub(r"\s*[:：]\s*", ":", fact)
    m = re.fullmatch(r"每(?:个)?(周|月|季度|年|半年|天|日|工作日)([一二三四五六日天]?)", fact)
    if m:
        if m.group(2):
            return f"every {_WEEKDAYS[m.group(2)]}"
        return {"周": "weekly", "月": "monthly", "季度": "quarterly", "年": "yearly", "半年": "every six months",
                "天": "daily", "日": "daily", "工作日": "every working day"}[m.group(1)]
    prefix = ""
    for zh, en in _SUFFIX_EN:
        if fact.endswith(zh) and len(fact) > len(zh):
            prefix, fact = en, fact[: -len(zh)]
            break
    m = re.fullmatch(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)\s*(.*)", fact)
    if not m:
        return prefix + fact
    value, unit = _number(m.group(1)), m.group(2)
    if unit in ("万元", "亿元") and re.fullmatch(r"\d+(?:\.\d+)?", value):
        amount = float(value) * (10_000 if unit == "万元" else 100_000_000)
        return f"{prefix}{amount:,.0f} yuan"
    for zh, en in _UNITS_EN:
        if unit == zh:
            if en == "times" and value in ("1", "2"):
                return prefix + ("once" if value == "1" else "twice")
            plural = "" if value in ("1", "half a") or en in ("%", "yuan") else "s"
            if en.endswith("s") or en == "%":
                plural = ""
            sep = "" if en == "%" else " "
            return f"{prefix}{value}{sep}{en}{plural}"
    return prefix + fact if not unit else f"{prefix}{value} {unit}"


_NOT_A_FACT = re.compile(ordinal("条章节款项部分") + r"|[A-Za-z]+\d+级?|\d+[×xX*]\d+|《[^》]*》")
"""Article numbers, codes and grades (P2级), shift patterns (7×24) and titles: numbers that are names, not facts."""


_MINUTES = re.compile(rf"(?:{NUMERAL})\s*分钟(?:内|以内|之内)?")
"""A count of minutes: a duration, not a score in 分 ("不超过90分钟" is not "90 points")."""


def english_facts(text: str, qtype: QType) -> list[str]:
    """The time and number facts of a Chinese sentence in English (at most four, in order)."""
    patterns = [TIME_PATTERN] if qtype is QType.TIME else [_MINUTES, NUMBER_PATTERN] if qtype is QType.NUMBER \
        else [TIME_PATTERN, NUMBER_PATTERN]
    spans: list[tuple[int, int, str]] = []
    text = _NOT_A_FACT.sub(lambda m: "#" * len(m.group(0)), text)  # 第二十一条, P2级: names, not counts
    if qtype is QType.NUMBER:  # a clock time ("上午10:00") is a moment, not two counts
        text = _CLOCK.sub(lambda m: "#" * len(m.group(0)), text)
    for pattern in patterns:
        for m in pattern.finditer(text):
            fact = m.group(0)
            if not re.search(r"\d|[一二两三四五六七八九十半每]", fact) or any(a <= m.start() < b for a, b, _ in spans):
                continue
            spans.append((m.start(), m.end(), fact))
    out: list[str] = []
    for _a, _b, fact in sorted(spans):
        en = fact_in_english(fact)
        if en not in out and not re.fullmatch(r"\d", en):
            out.append(en)
    return out[:4]
