"""Chinese-aware text normalisation used by every metric (no tokenizer that drops Chinese)."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_KEEP = frozenset("%‰‱\x00")


def strip_ws(text: str) -> str:
    """NFKC (full width -> half width) and every whitespace character removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


def normalize(text: str) -> str:
    """Text for containment and overlap: NFKC, lowercase, no whitespace, no punctuation.

    Punctuation is every Unicode ``P*`` category (，。、「」《》 etc.) except ``%`` ``‰`` and a
    decimal point between digits; symbols such as ``¥`` are kept because they change meaning.
    Thousands separators go with the other punctuation, so ``1,000`` equals ``1000``.
    """
    text = _DECIMAL.sub("\x00", unicodedata.normalize("NFKC", text or "").lower())
    kept = "".join(ch for ch in text if not ch.isspace() and (ch in _KEEP or not unicodedata.category(ch).startswith("P")))
    return kept.replace("\x00", ".")


def contains(haystack: str, needle: str) -> bool:
    """True when the normalised ``needle`` is non-empty and occurs in the normalised ``haystack``."""
    n = normalize(needle)
    return bool(n) and n in normalize(haystack)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万]+")


def cn_to_int(text: str) -> int | None:
    """``"十二"`` -> 12, ``"三千五百"`` -> 3500, ``"二〇二六"`` -> 2026; ``None`` when not a number."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):  # digit by digit, e.g. years
        return int("".join(str(_CN_DIGITS[ch]) for ch in text)) if len(text) > 1 else _CN_DIGITS[text]
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "万":
            section = (section + (digit or 0)) or 1
            total += section * 10000
            section, digit = 0, None
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + section + (digit or 0)


_CITATION_MARK = re.compile(r"\[\d+(?:\s*[,，、]\s*\d+)*\]|【\d+】")
_LIST_MARK = re.compile(r"(?m)^\s*(?:\d+[.、)）]|[(（]\d+[)）])\s*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str, *, answer: bool = False) -> set[str]:
    """Arabic numbers in ``text`` (NFKC, thousands separators removed), as canonical strings.

    With ``answer=True`` citation markers ``[1]`` and list numbering ``1.`` are ignored first.
    """
    text = unicodedata.normalize("NFKC", text or "")
    if answer:
        text = _LIST_MARK.sub("", _CITATION_MARK.sub("", text))
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    out = set()
    for m in _NUMBER.finditer(text):
        value = m.group()
        out.add(str(float(value)).rstrip("0").rstrip(".") if "." in value else str(int(value)))
    return out


def numbers_supported_by(text: str) -> set[str]:
    """Every number a context states: Arabic numbers plus Chinese numerals (三个工作日 -> 3)."""
    found = numbers_in(text)
    for m in _CN_NUMBER.finditer(unicodedata.normalize("NFKC", text or "")):
        value = cn_to_int(m.group())
        if value is not None:
            found.add(str(value))
    return found
