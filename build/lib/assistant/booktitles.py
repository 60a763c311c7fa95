"""Spans inside a work's title marks: "《瞬息全宇宙》" names a film, not the person a 谁 question asks for."""

from __future__ import annotations

import re

_TITLE = re.compile(r"《[^《》]{1,40}》")


def in_book_title(text: str, start: int, end: int) -> bool:
    """The span ``text[start:end]`` lies within a 《…》 title (a tagger may read 全宇宙 in 《瞬息全宇宙》 as a name)."""
    return any(m.start() < start and end < m.end() for m in _TITLE.finditer(text))
