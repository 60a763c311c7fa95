"""The language of a text by its script: the answer is written in the question's language."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
"""A Latin letter."""


def is_english(text: str) -> bool:
    """True when the text is mostly Latin script (answer in English), False for Chinese: Latin letters and no
    Chinese character, or more than three Latin letters per Chinese character."""
    cjk, latin = len(_CJK.findall(text)), len(LATIN.findall(text))
    return latin > 0 and cjk == 0 or latin > 3 * cjk
