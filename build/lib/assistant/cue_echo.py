"""A predicate cue that only repeats the asked subject does not answer the question.

"大雷克雅维克位于什么地方" is answered by "该地区位于冰岛西南部…" (位于, then the place). The location cue's
"在…区" also matches "在组成大雷克雅维克地区的七个自治市当中": that says where something is *inside* the
asked place, not where the place is, and the cue bonus would let it win. A cue match that contains the
question's subject is such an echo and is skipped; every other match counts as before. Generic syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MIN_SUBJECT_CHARS = 2


class EchoFreeCue:
    """``cue`` (a ``question_types.predicate_cue`` pattern) without the matches that contain ``subject``.

    Offers the two pattern methods the composer uses, ``search`` and ``finditer``."""

    def __init__(self, cue: re.Pattern[str], subject: str) -> None:
        self.cue = cue
        self.subject = subject.lower()
        self.pattern = cue.pattern

    def _echoes(self, match: re.Match[str]) -> bool:
        return self.subject in match.group(0).lower()

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of the cue in ``text`` that do not contain the subject."""
        return (m for m in self.cue.finditer(text) if not self._echoes(m))

    def search(self, text: str) -> re.Match[str] | None:
        """The first match of the cue in ``text`` that does not contain the subject, or None."""
        return next(self.finditer(text), None)


def without_echo(cue: re.Pattern[str] | None, subject: str | None) -> re.Pattern[str] | EchoFreeCue | None:
    """``cue`` that skips matches naming ``subject`` (a location question's subject, ``definitions.question_subject``);
    ``cue`` itself when there is no cue or no subject."""
    if cue is None or not subject or len(subject) < MIN_SUBJECT_CHARS:
        return cue
    return EchoFreeCue(cue, subject)
