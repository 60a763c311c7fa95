"""The comma pieces of a clause: the piece that holds a position.

A clause reads as pieces between its commas and semicolons ("核心成员…投入不低于60%，支持成员不低于30%；…"): the piece
around a handler says who handles it (``english_answer``), the piece around a bound says what it bounds (``limits``).
A ；-piece is one rule with its own case (``english_verdict``, the who frame).
"""

from __future__ import annotations

import re

from ingest.numbering import CLAUSE_LEAD

PIECE = re.compile(r"[^，。；;,]+")
"""A comma piece: the text between two of ，。；;, (pattern)."""


SENTENCE_PIECE = re.compile(r"[^。；;]+")
"""A ；-piece: a sentence or one of its semicolon parts, each a rule with its own case ("预算在100万元以下的，由…审批")."""


def sentence_piece_at(text: str, at: int) -> str:
    """The ；-piece of ``text`` holding position ``at`` ("" when none)."""
    return next((p.group(0) for p in SENTENCE_PIECE.finditer(text) if p.start() <= at < p.end()), "")


def piece_at(text: str, at: int) -> str:
    """The comma piece of ``text`` holding position ``at``, article number left out ("" when none)."""
    for p in PIECE.finditer(text):
        if p.start() <= at < p.end():
            return CLAUSE_LEAD.sub("", p.group(0).strip())
    return ""
