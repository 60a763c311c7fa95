"""The comma pieces of a clause: the piece that holds a position.

A clause reads as pieces between its commas and semicolons ("核心成员…投入不低于60%，支持成员不低于30%；…"): the piece
around a handler says who handles it (``english_answer``), the piece around a bound says what it bounds (``limits``).
"""

from __future__ import annotations

import re

from ingest.numbering import CLAUSE_LEAD

PIECE = re.compile(r"[^，。；;,]+")
"""A comma piece: the text between two of ，。；;, (pattern)."""


def piece_at(text: str, at: int) -> str:
    """The comma piece of ``text`` holding position ``at``, article number left out ("" when none)."""
    for p in PIECE.finditer(text):
        if p.start() <= at < p.end():
            return CLAUSE_LEAD.sub("", p.group(0).strip())
    return ""
