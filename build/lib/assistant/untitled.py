"""Clause evidence without the document's title: which clause of several documents a story is about.

A title is shared by every clause of its document, so the words a story shares with it say which *document* the
clause comes from, never which clause governs. In a dispute story the title's share is mostly everyday quarrel
vocabulary meeting the name of the escalation or dispute policy ("出了问题" and 《问题升级与争议解决办法》): every
clause of that policy is lifted a little for every quarrel story, and a thin lead goes to a generic escalation
clause. The scenario composer (``scenario.compose_scenario``) therefore ranks sentences on contexts without titles;
plain questions keep them (a question naming a policy, "《会议管理规定》里…", is about that document).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.types import Context


def without_titles(contexts: Sequence[Context]) -> list[Context]:
    """``contexts`` in the same order with their document titles blanked (text, section, source and type kept)."""
    return [replace(c, title="") for c in contexts]
