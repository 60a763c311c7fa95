"""Chinese ordinal numbering (第十二条, 第三章, 第2节): one pattern for the loader and the assistant."""

from __future__ import annotations

import re

CN_NUMERALS = "零〇一二三四五六七八九十百千万两"
"""Characters of a Chinese numeral (十二, 一百零五, 两千)."""
NUMBER = rf"[{CN_NUMERALS}\d]+"
"""A number written in Chinese numerals or Arabic digits (pattern text)."""


def ordinal(kinds: str) -> str:
    """Pattern text of 第 + a number + one character of ``kinds``: ``ordinal("章节条")`` reads 第三章, 第12条."""
    return rf"第{NUMBER}[{kinds}]"


CLAUSE_NUMBER = ordinal("条")
"""A clause number as written in a sentence: 第十二条, 第3条 (pattern text)."""
CLAUSE_LEAD = re.compile(rf"^{CLAUSE_NUMBER}\s*")
"""A clause number at the head of a sentence ("第八条 "), not part of what it says."""
CLAUSE_RE = re.compile(rf"^\s*(第\s*{NUMBER}\s*条)(?=$|[\s\u3000:：、.．]|[^{CN_NUMERALS}\d款项])")
"""A line that opens a clause, as a loader reads it (spaces allowed: "第 十二 条"); group 1 is the number."""
ITEM_NUMBER = re.compile(rf"^\s*[（(][{CN_NUMERALS}]+[）)]")
"""The number opening an item of a Chinese rule ("（一）", "(二)"): a heading when the line is short (``ingest.loaders``),
else an item of its own or of the clause above it, whose case it states (``assistant.case_clauses``)."""

