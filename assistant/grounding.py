"""Post-generation checks: citation markers must point at given passages, numbers must come from them.

``check_citations`` normalises ``【1】`` / ``[1,2]`` style markers to ``[1][2]``, repairs a marker
that points outside ``1..len(contexts)`` to the best-matching passage (or drops it), and when the
model cited nothing attaches the best-matching passage to each step. ``unsupported_numbers`` lists
numbers, amounts, durations and dates in the answer that appear in no passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.extractive import bigrams, overlap
from assistant.types import Context

_MARKER = re.compile(r"\[(\d{1,3})\]")
_LOOSE_MARKER = re.compile(r"[\[【［]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]】］]")
_PLACEHOLDER = re.compile(r"\s*[\[【](?:编号|出处|n|N|来源)[\]】]")
_LEADING_MARKER = re.compile(r"^(\s*\d{1,2}[.、)）]\s*)((?:\[\d{1,3}\])+)\s*(\S.*)$", re.MULTILINE)
_STEP_NUMBER = re.compile(r"^\s*\d{1,2}[.、)）]\s*", re.MULTILINE)
MIN_REPAIR_OVERLAP = 0.15

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "零〇一二两三四五六七八九十百千"
_UNITS = (
    r"个工作日|工作日|个自然日|自然日|个小时|小时|分钟|个月|个星期|星期|周|天|日|年|"
    r"万元|亿元|千元|元|%|％|人|次|名|项|份|级|倍|条|页"
)
_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日"
_ARABIC = rf"\d+(?:\.\d+)?\s*(?:{_UNITS})?"
_CN_UNITS_RE = r"个工作日|工作日|个自然日|自然日|个小时|小时|分钟|个月|个星期|星期|周|天|日|年|万元|亿元|千元|元"
_CHINESE = rf"第[{_CN_NUM}]+[条章款]|[{_CN_NUM}]+(?:{_CN_UNITS_RE})|百分之[{_CN_NUM}]+"
_FACT = re.compile(rf"{_DATE}|{_CHINESE}|{_ARABIC}")


@dataclass
class CitationCheck:
    """Result of ``check_citations``: the repaired text and what was changed."""

    text: str
    cited: list[int] = field(default_factory=list)  # surviving markers, in order of first use
    repaired: dict[int, int | None] = field(default_factory=dict)  # invalid marker -> replacement (None = dropped)
    attached: bool = False  # the model cited nothing, markers were attached


def _normalise_markers(text: str) -> str:
    """``【1】``/``[1,2]`` -> ``[1][2]``; placeholders like ``[编号]`` dropped; a step's leading marker moved to its end."""

    def expand(match: re.Match[str]) -> str:
        return "".join(f"[{int(n)}]" for n in re.split(r"\s*[,，、]\s*", match.group(1)))

    text = _LOOSE_MARKER.sub(expand, text)
    text = _PLACEHOLDER.sub("", text)
    return _LEADING_MARKER.sub(lambda m: f"{m.group(1)}{m.group(3).rstrip()} {m.group(2)}", text)


def best_passage(text: str, contexts: Sequence[Context], grams: Sequence[set[str]] | None = None) -> tuple[int | None, float]:
    """1-based number of the passage sharing most bigrams with ``text`` and that share."""
    query = bigrams(_STEP_NUMBER.sub("", _MARKER.sub("", text)))
    grams = grams or [bigrams(c.text) for c in contexts]
    best, best_share = None, 0.0
    for n, g in enumerate(grams, start=1):
        share = overlap(query, g)
        if share > best_share:
            best, best_share = n, share
    return best, best_share


def check_citations(text: str, contexts: Sequence[Context]) -> CitationCheck:
    """Keep valid ``[n]`` markers, repair or drop invalid ones, attach sources when none were given."""
    text = _normalise_markers(text)
    total = len(contexts)
    grams = [bigrams(c.text) for c in contexts]
    result = CitationCheck(text=text)
    lines = text.split("\n")
    had_markers = bool(_MARKER.search(text))

    for i, line in enumerate(lines):

        def fix(match: re.Match[str], line: str = line) -> str:
            n = int(match.group(1))
            if 1 <= n <= total:
                return match.group(0)
            if n in result.repaired:
                repl = result.repaired[n]
            else:
                cand, share = best_passage(line, contexts, grams)
                repl = cand if cand is not None and share >= MIN_REPAIR_OVERLAP else None
                result.repaired[n] = repl
            return f"[{repl}]" if repl else ""

        fixed = _MARKER.sub(fix, line)
        lines[i] = re.sub(r"(\[\d+\])(\s*\1)+", r"\1", fixed)  # [1][1] -> [1]

    if not had_markers and total:  # the model cited nothing: attach the best passage to each content line
        for i, line in enumerate(lines):
            if len(line.strip()) < 8 or line.rstrip().endswith(("：", ":")):
                continue  # blank, too short, or a header such as 建议步骤：
            cand, share = best_passage(line, contexts, grams)
            if cand is not None and share >= MIN_REPAIR_OVERLAP:
                lines[i] = f"{line.rstrip()} [{cand}]"
                result.attached = True

    result.text = "\n".join(lines)
    for m in _MARKER.finditer(result.text):
        n = int(m.group(1))
        if n not in result.cited:
            result.cited.append(n)
    return result


def cn_to_int(text: str) -> int | None:
    """Chinese numeral (up to 万) to int: 十五 -> 15, 二十四 -> 24, 三千 -> 3000; None if not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch != "万" for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def _canonical(fact: str) -> str:
    """A comparable form: no spaces, Chinese numerals as Arabic, full-width % folded, 个 dropped."""
    fact = re.sub(r"\s+", "", fact).replace("％", "%").replace("个工作日", "工作日").replace("个小时", "小时")
    fact = re.sub(r"百分之([" + _CN_NUM + r"]+)", lambda m: f"{cn_to_int(m.group(1))}%", fact)
    return re.sub(f"[{_CN_NUM}]+", lambda m: str(v) if (v := cn_to_int(m.group(0))) is not None else m.group(0), fact)


def extract_facts(text: str) -> list[str]:
    """Numbers with their units, Chinese-numeral amounts, clause numbers and dates, as written."""
    body = _MARKER.sub(" ", text)
    body = _STEP_NUMBER.sub(" ", body)  # step numbering is not a fact
    facts: list[str] = []
    for m in _FACT.finditer(body):
        fact = m.group(0).strip()
        if fact and fact not in facts:
            facts.append(fact)
    return facts


def _value_unit(canon: str) -> tuple[str, str]:
    m = re.match(r"(\d+(?:\.\d+)?)(.*)", canon)
    return (m.group(1), m.group(2)) if m else (canon, "")


def unsupported_numbers(text: str, contexts: Sequence[Context]) -> list[str]:
    """Facts in ``text`` (as written) that occur in no passage, compared in canonical form."""
    sources = "\n".join(c.text for c in contexts)
    canon_sources = _canonical(sources)
    source_numbers = set(re.findall(r"\d+(?:\.\d+)?", canon_sources))
    missing: list[str] = []
    for fact in extract_facts(text):
        canon = _canonical(fact)
        if canon in canon_sources:
            continue
        value, unit = _value_unit(canon)
        if not unit and value in source_numbers:
            continue  # a bare number that the passages contain
        if unit in ("条", "项", "名", "次", "人", "份", "页") and value in source_numbers:
            continue  # counting words vary freely around the same number
        missing.append(fact)
    return missing
