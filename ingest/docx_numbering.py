"""The numbers Word draws before a paragraph: automatic numbering (``w:numPr`` on the paragraph or its style) is not
part of the paragraph's text, so a policy whose 第X条 clauses or "1." / "（一）" items are numbered by Word would lose
them. ``Numbering`` renders each paragraph's label as Word shows it ("第三条", "2.", "（一）"), counting per list
and level the way Word does (a level restarts after a higher one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (Word's ``chineseCounting``)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                    (_CN_DIGITS[1] if rest < 20 else "") + chinese_number(rest))
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (``decimal``, ``chineseCounting``, ``upperLetter`` …); "" for a bullet."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional"):
        return chinese_number(n)
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n >= 1:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """Word's list numbering of one document, rendered paragraph by paragraph in reading order."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):  # no numbering part: nothing is numbered
            return
        abstract = {a.get(f"{_W}abstractNumId"): self._read_levels(a) for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{_W}val") if ref is not None else None, {}))
            for override in num.iter(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                lvl = override.find(f"{_W}lvl")
                start = override.find(f"{_W}startOverride")
                if lvl is not None:
                    levels.update(self._read_levels(override))
                elif start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = _Level(int(start.get(f"{_W}val", "1")), old.fmt, old.text)
            self._levels[num.get(f"{_W}numId")] = levels

    @staticmethod
    def _read_levels(parent: Any) -> dict[int, _Level]:
        out = {}
        for lvl in parent.findall(f"{_W}lvl"):
            def val(tag: str, default: str) -> str:
                el = lvl.find(f"{_W}{tag}")
                return el.get(f"{_W}val", default) if el is not None else default
            out[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(int(val("start", "1")), val("numFmt", "decimal"),
                                                         val("lvlText", ""))
        return out

    def _num_pr(self, paragraph: Any) -> tuple[str | None, int]:
        """The paragraph's list and level: its own ``numPr``, else its style's (or a base style's)."""
        ppr = paragraph._p.pPr
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        style = paragraph.style
        while num_pr is None and style is not None:
            sppr = style.element.find(f"{_W}pPr")
            num_pr = sppr.find(f"{_W}numPr") if sppr is not None else None
            style = style.base_style
        if num_pr is None:
            return None, 0
        num_id, ilvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        return (num_id.get(f"{_W}val") if num_id is not None else None,
                int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0)

    def label(self, paragraph: Any) -> str:
        """The number Word draws before ``paragraph`` ("第三条", "2.", "（一）"), or "" (not numbered, a bullet, or
        numbering switched off with numId 0). Call once per paragraph, in reading order: it counts."""
        num_id, ilvl = self._num_pr(paragraph)
        levels = self._levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a higher level's next number restarts the levels below it
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                n = counters.get(k, levels[k].start if k in levels else 1)
                fmt = levels[k].fmt if k in levels else "decimal"
                text = text.replace(f"%{k + 1}", format_number(n, fmt))
        return text.strip()
